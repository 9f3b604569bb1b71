"""Wide sheets: one row per student and one column per question, as Excel exports them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.core.problems import Severity
from app.importer import messages
from app.importer.headers import ColumnRole, is_subject, role_of
from app.importer.layout import LONG_SHEET_ROLES, ColumnInfo, Layout
from app.importer.limits import MAX_LABEL_CHARS
from app.importer.problem_log import ProblemLog
from app.importer.question_cells import file_question
from app.importer.question_labels import label_key, split_full_marks
from app.importer.sheet_rows import (
    ItemSpec,
    SheetRows,
    data_rows,
    people,
    with_first,
)
from app.importer.tables import TextTable
from app.importer.values import format_number, strip, to_numbers

SUM_TOLERANCE = 1e-6
_SHOWN_ROWS = 5  # rows named when a parent question is not the sum of its sub-questions


@dataclass(frozen=True)
class _Question:
    """A question column: the column, the question's label (its header less stated full marks) and those marks."""

    column: ColumnInfo
    label: str
    marks: float | None

    @property
    def index(self) -> int:
        """The column's 0-based index."""
        return self.column.index

    @property
    def header(self) -> str:
        """The header as written (problems about the column name it)."""
        return self.column.header


def read(table: TextTable, layout: Layout, log: ProblemLog) -> SheetRows:
    """A wide sheet as one score cell per student × question; logs repeated students and question columns."""
    id_column = layout.identity_column
    if id_column is None:
        log.add(messages.NO_STUDENT_ID_COLUMN, Severity.ERROR, table.where(layout.header_row))
        return SheetRows.empty()
    questions = _questions(table, layout, log)
    if not questions:
        log.add(messages.NO_QUESTION_COLUMNS, Severity.ERROR, table.where(layout.header_row))
        return SheetRows.empty()
    subjects = [question.label for question in questions if is_subject(question.label)]
    if len(subjects) >= 2 and 2 * len(subjects) >= len(questions):  # 语文, 数学 … : a file of subject totals
        log.add(
            messages.SUBJECT_TOTALS, Severity.ERROR, table.where(layout.header_row), messages.subject_totals(subjects)
        )
        return SheetRows.empty()
    rows = data_rows(table, layout, log)
    _warn_unnamed_columns(rows, table, layout, log)
    _warn_long_sheet_columns(rows, table, layout, log)
    block = rows[[question.index for question in questions]].apply(strip)
    students = pd.DataFrame(
        {
            "row": rows.index.to_numpy() + 1,
            **people(rows, table, layout, log),
            "has_scores": (block != "").any(axis=1),
        },
        index=rows.index,
    )
    named = students.student_id != ""
    repeated = _repeats(students[named], table, id_column, log)
    named &= ~repeated.reindex(students.index, fill_value=False)  # a repeated student's scores are left out
    headers = np.array([question.header for question in questions], dtype=object)
    labels = np.array([question.label for question in questions], dtype=object)
    counts = block[named].shape
    scores = pd.DataFrame(
        {
            "row": np.repeat(students.row[named].to_numpy(), counts[1]),
            "column": np.tile(headers, counts[0]),
            "student_id": np.repeat(students.student_id[named].to_numpy(), counts[1]),
            "assessment": np.repeat(students.assessment[named].to_numpy(), counts[1]),
            "item_id": np.tile(labels, counts[0]),
            "score": block[named].to_numpy().ravel(),
        }
    )
    _check_parents(rows[named], table, layout, questions, log)
    assessments = list(students.assessment[named].unique())
    return SheetRows(students, scores, _specs(table, layout, assessments, questions, log))


def _questions(table: TextTable, layout: Layout, log: ProblemLog) -> list[_Question]:
    """The question columns with their labels and stated full marks, without repeats of a label (logged)."""
    first: dict[str, _Question] = {}
    for column in layout.columns_with(ColumnRole.ITEM):
        question = _Question(column, *split_full_marks(column.header))
        if question.label in first:
            text = messages.duplicate_question(question.header, first[question.label].column.letter)
            log.add(messages.DUPLICATE_QUESTION, Severity.ERROR, table.where(layout.header_row, column.letter), text)
        else:
            first[question.label] = question
    return list(first.values())


def _warn_unnamed_columns(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    for column in layout.columns:
        if not column.header and (rows[column.index] != "").any():
            log.add(messages.UNNAMED_COLUMN, Severity.WARNING, table.where(layout.header_row, column.letter))


def _warn_long_sheet_columns(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    """Columns with values headed like a long sheet's field (分, 得分, 题号 …) are left out: say so, at the header."""
    for column in layout.columns:
        named = role_of(column.header) if column.header else None
        if named in LONG_SHEET_ROLES and column.role is not ColumnRole.ITEM and (rows[column.index] != "").any():
            text = messages.not_a_question(column.header)
            log.add(messages.NOT_A_QUESTION, Severity.WARNING, table.where(layout.header_row, column.label), text)


def _repeats(students: pd.DataFrame, table: TextTable, id_column: ColumnInfo, log: ProblemLog) -> pd.Series:
    """Rows repeating an earlier row's student (logged here within a class; across classes by `validation`)."""
    keys = ["student_id", "assessment"]
    repeated = students.duplicated(keys)
    if repeated.any():
        again = with_first(students, keys, repeated, "class_name")
        log.add_rows(
            messages.DUPLICATE_STUDENT,
            Severity.ERROR,
            again[again.class_name == again.class_name_first],
            lambda r: (messages.duplicate_student(r.student_id, r.row_first), table.where(r.row, id_column.label)),
        )
    return repeated


def _specs(
    table: TextTable, layout: Layout, assessments: list[str], questions: list[_Question], log: ProblemLog
) -> list[ItemSpec]:
    """Each question of each assessment as its header and its 满分 / 知识点 / 答案 cells describe it (a 满分 cell
    before the full marks its header states)."""
    rows = {"max": layout.max_score_row, "kp": layout.knowledge_points_row, "key": layout.answer_row}
    cells = {field: _spread_merges(table, row, questions, log) if row else None for field, row in rows.items()}
    described = []
    for question in questions:
        where = table.where(layout.header_row, question.header)
        if len(question.label) > MAX_LABEL_CHARS:
            too_long = messages.too_long(messages.QUESTION_LABEL, len(question.label), MAX_LABEL_CHARS)
            log.add(messages.TOO_LONG, Severity.ERROR, where, too_long)
        max_where, kp_where = (table.where(rows[f], question.header) if rows[f] else where for f in ("max", "kp"))
        text = {field: row[question.index] if row else "" for field, row in cells.items()}
        if not text["max"] and question.marks is not None:
            text["max"] = format_number(question.marks)
        own = file_question(question.label, text["max"], text["kp"], text["key"], (max_where, kp_where), log)
        described.append((question.label, own, where, max_where, kp_where))
    return [ItemSpec(assessment, *question) for assessment in assessments for question in described]


def _spread_merges(table: TextTable, row: int, questions: list[_Question], log: ProblemLog) -> list[str]:
    """A 满分 / 知识点 / 答案 row's cells, a merged cell's text under each question it spans (logged)."""
    cells = table.row_texts(row)
    columns = [question.index + 1 for question in questions]  # ascending
    for merge in table.merges:
        if not merge.first_row <= row <= merge.last_row or merge.first_row > len(table.cells):
            continue
        spanned = questions[bisect_left(columns, merge.first_column) : bisect_right(columns, merge.last_column)]
        if len(spanned) < 2 or spanned[0].index + 1 != merge.first_column:  # anchored on a question, over others
            continue
        anchor = table.row_texts(merge.first_row)[spanned[0].index]
        if not anchor:
            continue
        for question in spanned:
            cells[question.index] = cells[question.index] or anchor
        text = messages.merged_cell_spread(merge.ref, anchor, [question.header for question in spanned])
        log.add(messages.MERGED_CELL_SPREAD, Severity.WARNING, table.where(merge.first_row, spanned[0].header), text)
    return cells


def _check_parents(
    rows: pd.DataFrame, table: TextTable, layout: Layout, questions: list[_Question], log: ProblemLog
) -> None:
    """Warn about each parent question left out: as the sum of its sub-questions, or naming rows where it is not."""
    keys = {label_key(q.header): q for q in questions}
    for parent in layout.dropped_parents:
        prefix = label_key(parent.header) + "("
        children = [q for key, q in keys.items() if key.startswith(prefix)]
        total = to_numbers(rows[parent.index])
        parts = pd.concat([to_numbers(rows[child.index]) for child in children], axis=1)
        compared = total.notna() & parts.notna().all(axis=1)
        differs = compared & ((total - parts.sum(axis=1)).abs() > SUM_TOLERANCE)
        labels = [child.header for child in children]
        if differs.any():
            bad = (rows.index[differs] + 1).tolist()[:_SHOWN_ROWS]
            text = messages.parent_not_sum(parent.header, labels, bad)
            log.add(messages.PARENT_NOT_SUM, Severity.WARNING, table.where(bad[0], parent.label), text)
        else:
            text = messages.parent_is_sum(parent.header, labels)
            log.add(messages.PARENT_IS_SUM, Severity.WARNING, table.where(layout.header_row, parent.label), text)
