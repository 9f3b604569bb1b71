"""When two spellings of a name look like one student: variant characters (呂/吕), full or half width, spaces, or
one character apart. A hint for the teacher to confirm, never a match made silently — except spaces alone
(`spaceless`): Chinese rosters pad a two-character name with a full-width space to line it up (王　敏), so a match by
name ignores them. And when a student number is another but for the leading zeros a spreadsheet dropped
(`lost_zeros`: the import and predict's query).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum

# Traditional and variant forms of characters common in names, and the form a mainland school writes.
_VARIANTS = str.maketrans(
    "呂張陳劉楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣餘葉蘇盧鍾譚陸範賈韋鄒閻龍賀顧龔萬錢嚴湯華偉國傑濤鵬誠強軍"
    "東衛慶熱藝穎靜麗紅綠嬌婷燕鳳蘭雲龍鑫磊淼喆堃昇峯羣綫頤瑩瀟灝齊暉銘軒語詩夢藍萊樂歡寧馨聰勳鈞",
    "吕张陈刘杨黄赵吴孙马罗郑谢许韩冯邓萧蒋余叶苏卢钟谭陆范贾韦邹阎龙贺顾龚万钱严汤华伟国杰涛鹏诚强军"
    "东卫庆热艺颖静丽红绿娇婷燕凤兰云龙鑫磊淼哲坤升峰群线颐莹潇灏齐晖铭轩语诗梦蓝莱乐欢宁馨聪勋钧",
)
_SPACES = frozenset(" \u3000·•.")


class Likeness(StrEnum):
    """Why two names look like one student's."""

    VARIANT = "variant"  # the same after folding variant characters (呂子墨, 吕子墨)
    WIDTH = "width"  # the same after folding full and half width, case and spaces (Ｌｉ Ｌｅｉ, Li Lei)
    ONE_APART = "one_apart"  # as long, one character different (王思远, 王思源)


def _plain(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch not in _SPACES)


def spaceless(name: str) -> str:
    """A name as a match by name compares it: without spaces of either width (王　敏 and 王敏 are one name)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def likeness(a: str, b: str) -> Likeness | None:
    """How `a` and `b` look like one student's name (None: not alike, or simply equal)."""
    if a == b:
        return None
    plain_a, plain_b = _plain(a), _plain(b)
    if plain_a == plain_b:
        return Likeness.WIDTH
    if plain_a.translate(_VARIANTS) == plain_b.translate(_VARIANTS):
        return Likeness.VARIANT
    if len(plain_a) == len(plain_b) >= 2 and sum(x != y for x, y in zip(plain_a, plain_b)) == 1:
        return Likeness.ONE_APART
    return None


def lost_zeros(existing: Mapping[str, str | None], numbers: list[str], taken: Mapping[str, str]) -> dict[str, str]:
    """File number -> class number where a numeric number the class lacks equals exactly one class number but for
    leading zeros (803001 and 0803001), and no other number of the file is that class number."""
    by_digits: dict[str, list[str]] = {}
    for number in existing:
        if number.isascii() and number.isdigit():
            by_digits.setdefault(number.lstrip("0"), []).append(number)
    in_file = set(numbers) | set(taken.values())
    found: dict[str, str] = {}
    for number in numbers:
        if number in existing or number in taken or not (number.isascii() and number.isdigit()):
            continue
        candidates = [c for c in by_digits.get(number.lstrip("0"), []) if c not in in_file]
        if len(candidates) == 1 and candidates[0] not in found.values():
            found[number] = candidates[0]
    return found
