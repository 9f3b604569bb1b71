"""Title rows above a header, as exam systems write them: the exam's name and date are often there.

【2026年11月八年级期中考试】所有班级学生小题得分明细  → 2026年11月八年级期中考试
2026-11-20 八年级数学单元测验 成绩单                 → 八年级数学单元测验, 2026-11-20
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.importer.limits import MAX_LABEL_CHARS
from app.importer.tables import TextTable
from app.importer.values import DATE_PATTERN

_LONGEST_TITLE = 300  # a longer single cell above the header is prose, not a title (and not worth the regexes)
_BRACKETED = re.compile(r"【([^】]+)】")
# What exporters add before or after the name (小题得分明细, 成绩单 …), longest first so 成绩单 goes before 成绩.
_WORDS = "test specification|所有班级|全部班级|双向细目表|细目表|成绩单|成绩表|统计表|明细表|小题分|小题|得分|明细|成绩|统计|学生"
_EDGES = r"[\s_\-—–·:：,，、|]"
_BOILERPLATE = re.compile(f"^(?:{_WORDS}|{_EDGES})+|(?:{_WORDS}|{_EDGES})+$")


@dataclass(frozen=True)
class Title:
    """The title row above a header and what it names."""

    row: int  # Excel row
    text: str  # as written
    name: str | None  # the exam (or paper) it names, if any
    rest: str  # what the title says besides the bracketed name, less boilerplate ("" when nothing)


def find_title(table: TextTable, header_row: int) -> Title | None:
    """The first row above the header holding a single text (a merged title cell), read as a title."""
    for row in range(1, header_row):
        cells = [cell for cell in table.row_texts(row) if cell]
        if len(cells) == 1 and not cells[0].replace(".", "").isdigit() and len(cells[0]) <= _LONGEST_TITLE:
            return read_title(row, cells[0])
    return None


def read_title(row: int, text: str) -> Title:
    """A title's name: the text inside 【】 if any, else the title less its date and boilerplate words; none
    longer than a name may be (a long title is prose, not a name)."""
    bracketed = _BRACKETED.search(text)
    if bracketed:
        name, rest = bracketed.group(1).strip(), _strip(_BRACKETED.sub(" ", text))
    else:
        name, rest = _strip(text), ""
    return Title(row, text, name if 0 < len(name) <= MAX_LABEL_CHARS else None, rest)


def name_from_stem(stem: str) -> str | None:
    """An exam or paper name from a file name less its boilerplate (八年级期中考试_双向细目表 → 八年级期中考试)."""
    return _strip(stem) or None


def _strip(text: str) -> str:
    return _BOILERPLATE.sub("", re.sub(r"\s+", " ", DATE_PATTERN.sub(" ", text)).strip())
