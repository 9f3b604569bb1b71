"""How cell and header text is read, once for every file the importer reads."""

from __future__ import annotations

import re
import unicodedata

_KP_SEPARATORS = re.compile(r"~~|[;,；，、|｜\n]")  # ~~: how PSLC DataShop (Statics, KDD Cup) joins a step's KCs
_HEADER_NOISE = re.compile(r"[\s_\-.:：]+")


def split_knowledge_points(text: str) -> tuple[str, ...]:
    """Knowledge points of a cell, split on ; , ； ， 、 | ｜ ~~ or a line break, stripped, without empties or repeats."""
    parts = (part.strip() for part in _KP_SEPARATORS.split(text))
    return tuple(dict.fromkeys(part for part in parts if part))


def normalize_header(text: str) -> str:
    """A header reduced for matching: full-width to half-width (NFKC), lower case, no spaces, _ - . or colons."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


_SUB_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_CIRCLED = str.maketrans({chr(0x2460 + n): f"({n + 1})" for n in range(20)})  # ①..⑳ -> (1)..(20)


# A section before the number (一、1, 三、17(1)) and full marks after it (1(3分), 17(1)(8分)) are not the question.
_SECTION_PREFIX = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(?=(?:q|第)?\s*\d)")
FULL_MARKS = re.compile(r"\(\s*(?:满分|共)?\s*(\d+(?:\.\d+)?)\s*分\s*\)$")


def question_key(label: str) -> str:
    """A question label reduced for matching across files: `第3题`, `3`, `3.`, `Q3`, `一、3` and `3(4分)` are one
    question; `17（1）`, `17(1)`, `17-1` and `三、17(1)(8分)` are one sub-question."""
    text = unicodedata.normalize("NFKC", label.translate(_CIRCLED)).translate(_SUB_BRACKETS).strip().casefold()
    text = FULL_MARKS.sub("", _SECTION_PREFIX.sub("", text)).strip()
    text = re.sub(r"^(q|question|item|第)\s*", "", text)
    text = re.sub(r"(题|小题)$", "", text)
    text = re.sub(r"^(\d+)\s*[-_.]\s*(\d+)$", r"\1(\2)", text)  # 17-1 -> 17(1)
    text = re.sub(r"题\s*(?=\()", "", text)  # 第17题(1) -> 17(1)
    return re.sub(r"\s+", "", text).rstrip(".．、:：")  # rstrip, not a regex anchored at $: linear on any label


_MAIN_QUESTION = re.compile(r"(\d+)(?:\(\d+\)|\(?[a-z]\)?)?")


def main_question(label: str) -> str | None:
    """The 大题 number a question label belongs to: `17(1)`, `17（2）`, `17.1`, `17-1`, `17①`, `第17题(2)`, `17a`,
    `17(b)` and `17` are all `17`; None for a label that is not a question number."""
    match = _MAIN_QUESTION.fullmatch(question_key(label))
    return match.group(1) if match else None


def command_word(text: str) -> str:
    """`text` as one word of a command the teacher copies (an exam named 期末考试 数学): in double quotes, which both
    cmd.exe and a POSIX shell read, where it holds a space."""
    return f'"{text}"' if any(ch.isspace() for ch in text) else text
