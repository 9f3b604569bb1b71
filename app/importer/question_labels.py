"""Question labels in headers: 小题 rows under merged 大题 cells, and sub-questions beside their parent.

Exam systems write a two-row header with the 大题 merged over its 小题, e.g. `一、选择题` over
`1 … 8`, or `17` over `(1) (2)`; only the top-left cell of a merge holds the text. They also
export a parent column `17` (the sum) beside `17(1)`, `17(2)`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from app.core.text import question_key
from app.importer.limits import MAX_LABEL_CHARS

_FULL_MARKS = re.compile(r"\s*[(（]\s*(?:满分|共)?\s*([\d０-９]+(?:[.．][\d０-９]+)?)\s*分\s*[)）]\s*$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(?=(?:第)?\s*\d)")  # 一、1: the section of question 1
_SUB = re.compile(r"[(（]\s*(\d+)\s*[)）]|(\d+)\s*[)）]|([\u2460-\u2473])")  # (1) （2） 1) ①
_PLAIN_KEY = re.compile(r"\d+(\(\d+\))?")  # what question_key makes of 1, 第1题, Q1, 17(1), 第18题①
_CHILD_KEY = re.compile(r"(.+)\((\d+)\)")


def label_key(label: str) -> str:
    """`question_key` of a label of a sensible length; a longer one (an error of its own) is its own key."""
    return question_key(label) if len(label) <= MAX_LABEL_CHARS else label


def split_full_marks(header: str) -> tuple[str, float | None]:
    """A question header less the section before its number and the full marks after it, and those marks:
    `1(3分)` → (`1`, 3.0), `第1题（3分）` → (`第1题`, 3.0), `三、17(1)(8分)` → (`17(1)`, 8.0), `二、9` → (`9`, None)."""
    label = _SECTION.sub("", header)
    match = _FULL_MARKS.search(label)
    if match is None or match.start() == 0:
        return label, None
    return label[: match.start()], float(unicodedata.normalize("NFKC", match.group(1)))


def sub_index(label: str) -> int | None:
    """The number of a sub-question label written alone: `(1)`, `（2）`, `1)`, `①`; None otherwise."""
    match = _SUB.fullmatch(label.strip())
    if match is None:
        return None
    number, closing, circled = match.groups()
    return int(number or closing or unicodedata.numeric(circled))


def is_question_label(label: str) -> bool:
    """Whether a header names a question by number: `1`, `第1题`, `Q1`, `17(1)`, `第18题①`."""
    return bool(label) and _PLAIN_KEY.fullmatch(label_key(label)) is not None


def looks_like_sub_header(cells: Sequence[str]) -> bool:
    """Whether a row under the header holds 小题 labels only (at least two)."""
    filled = [cell for cell in cells if cell]
    return len(filled) >= 2 and all(sub_index(cell) is not None or is_question_label(cell) for cell in filled)


def combine_header_rows(top: Sequence[str], below: Sequence[str]) -> list[str]:
    """One label per column from a header and the 小题 row under it.

    A column with nothing below keeps its header. A sub label `(1)` joins its 大题 number: the (merged)
    header above it when that is a question number, else the last question number on the 小题 row,
    giving `17(1)`. Any other label below stands alone; section names (一、选择题) are not kept.
    """
    labels = []
    above = ""  # the header cell over this column, carried across a merge
    last_plain = ""
    for cell, sub in zip(top, below):
        above = cell or above
        if not sub:
            labels.append(cell)
            continue
        number = sub_index(sub)
        if number is None:
            labels.append(sub)
            last_plain = sub if is_question_label(sub) else last_plain
            continue
        parent = above if is_question_label(above) else last_plain
        labels.append(f"{parent}({number})" if parent else sub)
    return labels


def parents_and_children(labels: Sequence[str]) -> dict[int, list[int]]:
    """Positions of parent questions (`17`, `第18题`) with the positions of their sub-questions (`17(1)`, `第18题①`)."""
    keys = [label_key(label) for label in labels]
    children: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        match = _CHILD_KEY.fullmatch(key)
        if match:
            children.setdefault(match.group(1), []).append(i)
    return {i: children[key] for i, key in enumerate(keys) if key in children}
