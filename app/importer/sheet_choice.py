"""Which sheet of a workbook is the gradebook, and which of its rows is its header.

A header names the student: 学号, 考号 … or, in a teacher's own 登分表 without numbers, 姓名 beside
question numbers (a title row above it is one merged cell, never the header). A workbook with
several sheets shaped like gradebooks (语文, 数学, 英语) is not guessed: the teacher chooses one.
"""

from __future__ import annotations

import math

from app.core.choices import normalize_answer
from app.core.problems import GradebookError, Problem, Severity
from app.importer import messages
from app.importer.headers import ColumnRole, role_of
from app.importer.keyed_tables import HEADER_SEARCH_ROWS
from app.importer.limits import MAX_POINTS
from app.importer.question_labels import is_question_label, looks_like_sub_header, split_full_marks
from app.importer.tables import SourceFile, TextTable
from app.importer.values import is_missing_mark, to_number

_LONG_ROLES = frozenset({ColumnRole.ITEM, ColumnRole.SCORE})
_SAMPLED_ROWS = 20  # rows under a header looked at to tell score columns


class SheetChoiceNeeded(GradebookError):
    """Several sheets look like gradebooks and none was chosen: `sheets` names them."""

    def __init__(self, file: str, sheets: list[str]) -> None:
        super().__init__([Problem(Severity.ERROR, messages.several_gradebook_sheets(sheets), file)])
        self.sheets = sheets


def _question_labels(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell and role_of(cell) is None and is_question_label(split_full_marks(cell)[0]))


def looks_like_header(cells: list[str]) -> bool:
    """Whether a row is a gradebook's header: it names a student id, or a name beside two question numbers."""
    roles = {role_of(cell) for cell in cells if cell}
    if ColumnRole.STUDENT_ID in roles:
        return True
    return ColumnRole.STUDENT_NAME in roles and _question_labels(cells) >= 2


def find_header(table: TextTable) -> int | None:
    """The first row (among the first rows: titles may come first) that looks like a gradebook's header."""
    for row in range(1, min(len(table.cells), HEADER_SEARCH_ROWS) + 1):
        if looks_like_header(table.row_texts(row)):
            return row
    return None


def looks_like_gradebook(table: TextTable) -> bool:
    """A header, with question columns (numbered in it or in the 小题 row under it, or unknown columns holding
    scores) or a long sheet's columns."""
    row = find_header(table)
    if row is None:
        return False
    header = table.row_texts(row)
    if {role_of(cell) for cell in header if cell} >= _LONG_ROLES:
        return True
    below = table.row_texts(row + 1) if row < len(table.cells) else []
    numbered = _question_labels(header) + (_question_labels(below) if looks_like_sub_header(below) else 0)
    return numbered >= 2 or _score_columns(table, row, header) >= 2


def _score_columns(table: TextTable, row: int, header: list[str]) -> int:
    """Columns of unknown header (选择1, T1 …) whose first cells under the header are all scores or letters."""
    rows = [table.row_texts(r) for r in range(row + 1, min(len(table.cells), row + _SAMPLED_ROWS) + 1)]
    found = 0
    for j, cell in enumerate(header):
        if not cell or role_of(cell) is not None:
            continue
        values = [r[j] for r in rows if j < len(r) and r[j] and not is_missing_mark(r[j])]
        if values and all(_score_like(value) for value in values):
            found += 1
    return found


def _score_like(text: str) -> bool:
    number = to_number(text)
    return 0 <= number <= MAX_POINTS if not math.isnan(number) else normalize_answer(text) is not None


def gradebook_sheets(source: SourceFile) -> list[str]:
    """The visible sheets shaped like gradebooks, in workbook order; the hidden ones only when no visible sheet has
    a gradebook's header (a visible sheet of one question beats a hidden one of many)."""
    filled = [t for t in source.tables if t.sheet is not None and not t.cells.empty]
    shaped = [t for t in filled if looks_like_gradebook(t)]
    visible = [t.sheet for t in shaped if not t.hidden and t.sheet is not None]
    if visible or any(find_header(t) for t in filled if not t.hidden):
        return visible
    return [t.sheet for t in shaped if t.sheet is not None]


def choose_table(source: SourceFile, sheet: str | None, shaped: list[str]) -> TextTable:
    """The named sheet, else the first of the sheets `shaped` like gradebooks, else the first sheet with a header,
    else the first non-empty one (visible sheets before hidden ones)."""
    if sheet is not None:
        return source.table(sheet)
    if shaped:
        return source.table(shaped[0])
    filled = [table for table in source.searched if not table.cells.empty]
    return next((table for table in filled if find_header(table)), filled[0])
