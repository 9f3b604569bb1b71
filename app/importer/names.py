"""Names guessed from a file name, e.g. `八年级3班_2026-10-12_第一次月考.xlsx`: the class and the exam."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path


def guess_class_name(path: str | Path) -> str:
    """A class name from a file name such as `八年级3班_2026-10-12_第一次月考.xlsx` (the part naming a 班)."""
    stem = Path(path).stem
    for part in stem.replace(" ", "_").split("_"):
        if "班" in part or part.lower().startswith("class"):
            return part
    return ""


# Words that name an exam in a file name: the part holding one is the exam's name.
_EXAM_WORDS = (
    "考试",
    "月考",
    "期中",
    "期末",
    "测验",
    "测试",
    "单元",
    "周测",
    "周练",
    "联考",
    "模拟",
    "练习",
    "作业",
    "检测",
)


def guess_assessment_name(path: str | Path) -> str | None:
    """The exam in a file name such as `八年级3班_2026-10-12_第一次月考.xlsx`: the part naming an exam (月考, 期中 …),
    else its last part, less export words (小题分, 登分表 …); None when no part names one."""
    from app.importer.titles import name_from_stem

    parts = [p for p in Path(path).stem.replace(" ", "_").split("_") if p]
    named = [p for p in parts if any(word in p for word in _EXAM_WORDS) and "班" not in p]
    if named:
        return name_from_stem(named[-1])
    if len(parts) < 2:
        return None
    last = name_from_stem(parts[-1]) or ""
    if not last or "班" in last or any(ch.isdigit() for ch in last[:4]):
        return None
    return last


_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_STAGES = {"初": 6, "高": 9}  # 初二 is grade 8, 高一 grade 10
_CLASS = re.compile(
    r"(?:(?P<stage>[初高])(?P<year>[一二三])|(?P<grade>[一二三四五六七八九]|1[0-2]|[1-9])\s*(?:年级)?)"
    r"\s*[(（]?\s*(?P<number>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]?\s*班"
)
_NUMBERED = re.compile(r"(?P<grade>[1-9])(?P<number>\d{2})班")  # 801班: grade 8, class 1
_BARE = re.compile(r"[(（]?(?P<number>\d{1,2}|[一二三四五六七八九十]{1,3})[)）]?班")  # 1班: the grade unsaid (0)


def class_key(name: str) -> tuple[int, int] | None:
    """(grade, class number) of a class name as exam systems write it, None where it names none: 八年级1班, 八(1)班,
    八年级（1）班, 初二1班, 8年级1班, 八年级一班 and 801班 are all (8, 1); 1班 is (0, 1), its grade unsaid."""
    text = unicodedata.normalize("NFKC", name).replace(" ", "")
    found = _CLASS.fullmatch(text)
    if found is not None:
        if found["stage"]:
            grade = _STAGES[found["stage"]] + _NUMERALS[found["year"]]
        else:
            grade = _number(found["grade"])
        return grade, _number(found["number"])
    numbered = _NUMBERED.fullmatch(text)
    if numbered is not None:
        return int(numbered["grade"]), int(numbered["number"])
    bare = _BARE.fullmatch(text)
    return (0, _number(bare["number"])) if bare is not None else None


def same_class_key(a: str, b: str) -> bool:
    """Whether class names `a` and `b` name the same grade and class (a grade unsaid in one agrees with any)."""
    key_a, key_b = class_key(a), class_key(b)
    if key_a is None or key_b is None or key_a[1] != key_b[1]:
        return False
    return key_a[0] == key_b[0] or 0 in (key_a[0], key_b[0])


def _number(text: str) -> int:
    """1–99 written in digits or in Chinese numerals (一, 十, 十二, 二十三)."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _NUMERALS[text]
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)
