"""Title rows above a header, as exam systems write them: the exam's name and date are often there.

【2026年11月八年级期中考试】所有班级学生小题得分明细  → 2026年11月八年级期中考试
2026-11-20 八年级数学单元测验 成绩单                 → 八年级数学单元测验, 2026-11-20
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.importer.limits import MAX_LABEL_CHARS
from app.importer.tables import TextTable
from app.importer.values import DATE_PATTERN, find_date

_LONGEST_TITLE = 300  # a longer single cell above the header is prose, not a title (and not worth the regexes)
_BRACKETED = re.compile(r"【([^】]+)】")
# What exporters add before or after the name (小题得分明细, 成绩单 …), longest first so 成绩单 goes before 成绩.
_WORDS = (
    "test specification|所有班级|全部班级|双向细目表|细目表|成绩登记表|登分表|登分册|成绩册|成绩单|成绩表|统计表|明细表"
    "|小题分|小题|得分|明细|成绩|统计|学生|导出"
    "|[(（](?:全年级|全部班级|所有班级|全校)[)）]|全年级"  # the export's scope: 小题分（全年级）
)
# When the file was exported or printed: not the exam's name, nor its date.
EXPORT_TIME = re.compile(
    r"[(（]?\s*(?:导出|打印|生成|下载|制表|统计)(?:时间|日期)\s*[:：]?\s*[\d\s\-/.:：年月日时分秒]*[)）]?"
)
_EXAM_DATE_LABEL = re.compile(r"(?:考试|测试|测验)(?:时间|日期)|^日期")
_EDGES = r"[\s_\-—–·:：,，、|]"
_BOILERPLATE = re.compile(f"^(?:{_WORDS}|{_EDGES})+|(?:{_WORDS}|{_EDGES})+$")


@dataclass(frozen=True)
class Title:
    """The title row above a header and what it names."""

    row: int  # Excel row
    text: str  # as written
    name: str | None  # the exam (or paper) it names, if any
    rest: str  # what the title says besides the bracketed name, less boilerplate ("" when nothing)


def find_exam_date(table: TextTable, header_row: int, title: Title | None) -> dt.date | None:
    """The exam's date as the rows above the header give it: a 考试时间 / 考试日期 cell (the date in it or the
    next cell), else the title's date; never an export or print time."""
    for row in range(1, header_row):
        cells = table.row_texts(row)
        for j, cell in enumerate(cells):
            if _EXAM_DATE_LABEL.search(cell):
                date = find_date(EXPORT_TIME.sub(" ", cell)) or (
                    find_date(cells[j + 1]) if j + 1 < len(cells) else None
                )
                if date is not None:
                    return date
    return find_date(EXPORT_TIME.sub(" ", title.text)) if title is not None else None


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
    text = DATE_PATTERN.sub(" ", EXPORT_TIME.sub(" ", text))
    return _BOILERPLATE.sub("", re.sub(r"\s+", " ", text).strip())
