"""The classic two-way layout of a 双向细目表: rows are knowledge (知识内容), columns are ability levels
(了解 / 理解 / 掌握 / 运用 …), and each cell lists the questions that test that knowledge at that level
(`1、3`, `17(2)`). Each question listed in a row is tagged with the row's knowledge point and the level.

    知识内容        了解    理解     掌握      运用
    有理数运算      1、2    11
    一次函数                7       13、17(1)  17(2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.paper import PaperQuestion
from app.core.text import normalize_header, question_key
from app.importer.headers import ColumnRole, role_of
from app.importer.keyed_tables import HEADER_SEARCH_ROWS
from app.importer.problem_log import Location
from app.importer.question_labels import is_question_label, split_full_marks
from app.importer.tables import SourceFile, TextTable

LEVELS = ("了解", "理解", "掌握", "运用", "应用", "识记", "记忆", "分析", "综合", "评价", "探究", "灵活运用", "创新")
_LEVEL_KEYS = {normalize_header(level): level for level in LEVELS}
_KNOWLEDGE = frozenset(normalize_header(h) for h in ("知识内容", "知识点", "考查内容", "考点", "知识模块", "内容"))
_LIST = re.compile(r"[、，,;；/\s]+")
_NUMBER = re.compile(r"^(\d+)")


@dataclass(frozen=True)
class TwoWay:
    """A two-way table read: its questions (in question order) and where each is first listed."""

    table: TextTable
    header_row: int
    questions: tuple[PaperQuestion, ...]
    rows: tuple[Location, ...]


def _levels(cells: list[str]) -> dict[int, str]:
    return {j: _LEVEL_KEYS[key] for j, cell in enumerate(cells) if (key := normalize_header(cell)) in _LEVEL_KEYS}


def _labels(cell: str) -> list[str]:
    """The question numbers a cell lists: `1、3`, `17(2)`, `第5题`; words and blanks list none."""
    found = []
    for token in _LIST.split(cell):
        label = split_full_marks(token.strip())[0]
        if label and is_question_label(label):
            found.append(label)
    return found


def _knowledge_column(table: TextTable, header_row: int, levels: dict[int, str]) -> int | None:
    """The column naming the knowledge: headed 知识内容 (in the header or the rows above), else the last text
    column left of the levels."""
    first_level = min(levels)
    for row in range(max(1, header_row - 2), header_row + 1):
        for j, cell in enumerate(table.row_texts(row)[:first_level]):
            if normalize_header(cell) in _KNOWLEDGE:
                return j
    return first_level - 1 if first_level > 0 else None


def find_two_way(source: SourceFile, sheet: str | None = None) -> TwoWay | None:
    """The first table (of `sheet`, if given) laid out two ways, with at least one question listed."""
    tables = [source.table(sheet)] if sheet is not None else source.searched
    for table in tables:
        for header_row in range(1, min(len(table.cells), HEADER_SEARCH_ROWS) + 1):
            levels = _levels(table.row_texts(header_row))
            if len(levels) < 2:
                continue
            column = _knowledge_column(table, header_row, levels)
            found = _read(table, header_row, levels, column) if column is not None else None
            if found is not None:
                return found
    return None


def _read(table: TextTable, header_row: int, levels: dict[int, str], column: int) -> TwoWay | None:
    points: dict[str, list[str]] = {}
    ability: dict[str, str] = {}
    labels: dict[str, str] = {}
    where: dict[str, Location] = {}
    knowledge = ""
    for row in range(header_row + 1, len(table.cells) + 1):
        cells = table.row_texts(row)
        knowledge = cells[column] or knowledge  # a merged 知识内容 cell spans the rows under it
        if not knowledge or role_of(knowledge) in (ColumnRole.TOTAL, ColumnRole.MAX_SCORE):
            continue  # the 合计 row
        for j, level in levels.items():
            for label in _labels(cells[j]) if j < len(cells) else []:
                key = question_key(label)
                labels.setdefault(key, label)
                where.setdefault(key, table.where(row, table.row_texts(header_row)[j]))
                ability.setdefault(key, level)
                if knowledge not in points.setdefault(key, []):
                    points[key].append(knowledge)
    if not labels:
        return None
    order = sorted(labels, key=_question_order)
    questions = tuple(PaperQuestion(labels[k], None, tuple(points[k]), ability=ability[k]) for k in order)
    return TwoWay(table, header_row, questions, tuple(where[k] for k in order))


def _question_order(key: str) -> tuple[int, str]:
    number = _NUMBER.match(key)
    return (int(number.group(1)) if number else 0, key)
