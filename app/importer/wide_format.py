"""Wide sheets: one row per student and one column per question, as Excel exports them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.core.problems import Severity
from app.importer import messages
from app.importer.files import TextTable
from app.importer.headers import ColumnRole
from app.importer.layout import ColumnInfo, ItemSource, Layout
from app.importer.problem_log import ProblemLog
from app.importer.sheet_rows import (
    ItemSpec,
    SheetRows,
    assessment_names,
    data_rows,
    stripped,
    with_first,
)
from app.importer.values import strip


def read(table: TextTable, layout: Layout, log: ProblemLog) -> SheetRows:
    """A wide sheet as one score cell per student × question; logs repeated students and question columns."""
    id_column = layout.column(ColumnRole.STUDENT_ID)
    if id_column is None:
        log.add(messages.NO_STUDENT_ID_COLUMN, Severity.ERROR, table.where(layout.header_row))
        return SheetRows.empty()
    questions = _questions(table, layout, log)
    if not questions:
        log.add(messages.NO_QUESTION_COLUMNS, Severity.ERROR, table.where(layout.header_row))
        return SheetRows.empty()
    rows = data_rows(table, layout, log)
    _warn_unnamed_columns(rows, table, layout, log)
    block = rows[[question.index for question in questions]].apply(strip)
    students = pd.DataFrame(
        {
            "row": rows.index.to_numpy() + 1,
            "student_id": stripped(rows, id_column),
            "student_name": stripped(rows, layout.column(ColumnRole.STUDENT_NAME)),
            "assessment": assessment_names(rows, layout),
            "date": stripped(rows, layout.column(ColumnRole.DATE)),
            "has_scores": (block != "").any(axis=1),
        },
        index=rows.index,
    )
    named = students.student_id != ""
    repeated = _repeats(students[named], table, id_column, log)
    named &= ~repeated.reindex(students.index, fill_value=False)  # a repeated student's scores are left out
    labels = np.array([question.header for question in questions], dtype=object)
    counts = block[named].shape
    scores = pd.DataFrame(
        {
            "row": np.repeat(students.row[named].to_numpy(), counts[1]),
            "column": np.tile(labels, counts[0]),
            "student_id": np.repeat(students.student_id[named].to_numpy(), counts[1]),
            "assessment": np.repeat(students.assessment[named].to_numpy(), counts[1]),
            "item_id": np.tile(labels, counts[0]),
            "score": block[named].to_numpy().ravel(),
        }
    )
    assessments = list(students.assessment[named].unique())
    return SheetRows(students, scores, _specs(table, layout, assessments, questions))


def _questions(table: TextTable, layout: Layout, log: ProblemLog) -> list[ColumnInfo]:
    """The question columns, without repeats of a header (logged)."""
    first: dict[str, ColumnInfo] = {}
    for question in layout.columns_with(ColumnRole.ITEM):
        if question.header in first:
            text = messages.duplicate_question(question.header, first[question.header].letter)
            log.add(messages.DUPLICATE_QUESTION, Severity.ERROR, table.where(layout.header_row, question.letter), text)
        else:
            first[question.header] = question
    return list(first.values())


def _warn_unnamed_columns(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    for column in layout.columns:
        if not column.header and (rows[column.index] != "").any():
            log.add(messages.UNNAMED_COLUMN, Severity.WARNING, table.where(layout.header_row, column.letter))


def _repeats(students: pd.DataFrame, table: TextTable, id_column: ColumnInfo, log: ProblemLog) -> pd.Series:
    """Rows repeating an earlier row's student (logged)."""
    keys = ["student_id", "assessment"]
    repeated = students.duplicated(keys)
    if repeated.any():
        log.add_rows(
            messages.DUPLICATE_STUDENT,
            Severity.ERROR,
            with_first(students, keys, repeated),
            lambda r: (messages.duplicate_student(r.student_id, r.row_first), table.where(r.row, id_column.label)),
        )
    return repeated


def _specs(table: TextTable, layout: Layout, assessments: list[str], questions: list[ColumnInfo]) -> list[ItemSpec]:
    """Each question of each assessment as its header and, when they are the source, its 满分/知识点 cells describe it."""
    in_rows = layout.item_source is ItemSource.HEADER_ROWS
    max_row = layout.max_score_row if in_rows else None
    kp_row = layout.knowledge_points_row if in_rows else None
    max_cells = table.row_texts(max_row) if max_row else None
    kp_cells = table.row_texts(kp_row) if kp_row else None
    specs = []
    for assessment in assessments:
        for question in questions:
            where = table.where(layout.header_row, question.header)
            specs.append(
                ItemSpec(
                    assessment,
                    question.header,
                    max_score=max_cells[question.index] if max_cells else "",
                    knowledge_points=kp_cells[question.index] if kp_cells else "",
                    where=where,
                    max_where=table.where(max_row, question.header) if max_row else where,
                    kp_where=table.where(kp_row, question.header) if kp_row else where,
                )
            )
    return specs
