"""What a gradebook sheet yields whatever its layout: text rows, score cells and questions, still to be checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from app.core.gradebook import name_id
from app.core.paper import PaperQuestion
from app.core.problems import Severity, Text
from app.core.text import normalize_header
from app.importer import messages
from app.importer.headers import ColumnRole
from app.importer.identity import Where, check_lengths, read_ids, read_names
from app.importer.layout import ColumnInfo, Layout
from app.importer.limits import MAX_LABEL_CHARS, MAX_NAME_CHARS
from app.importer.problem_log import Location, ProblemLog
from app.importer.tables import TextTable
from app.importer.values import per_distinct, strip

_SHOWN_MISSING = 5  # columns named when a row is short
# Rows a teacher's 登分表 adds under the students: named in the name (or id) cell, they are no student.
SUMMARY_ROWS = frozenset(
    normalize_header(label)
    for label in (
        "平均分",
        "平均",
        "合计",
        "总计",
        "最高分",
        "最低分",
        "及格率",
        "优秀率",
        "得分率",
        "标准差",
        "average",
    )
)
STUDENT_COLUMNS = ("row", "student_id", "student_name", "class_name", "assessment", "date", "has_scores")
SCORE_CELL_COLUMNS = ("row", "column", "student_id", "assessment", "item_id", "score")


@dataclass(frozen=True)
class ItemSpec:
    """What the files say about one question of one assessment, and where they say it."""

    assessment: str
    item_id: str
    question: PaperQuestion  # its max score, knowledge points, kind and key as given (None / empty: not given)
    where: Location  # the question itself: its header cell or first row
    max_where: Location  # where its max score is (or would be) written
    kp_where: Location  # where its knowledge points are (or would be) written


@dataclass(frozen=True)
class SheetRows:
    """A sheet's content as stripped text; `row` is the Excel row, `column` the score cell's column label."""

    students: pd.DataFrame  # one per sheet row: STUDENT_COLUMNS
    scores: pd.DataFrame  # one per score cell: SCORE_CELL_COLUMNS
    items: list[ItemSpec]  # one per question of each assessment, in order of appearance

    @classmethod
    def empty(cls) -> SheetRows:
        """Nothing readable (the sheet lacks a required column)."""
        return cls(pd.DataFrame(columns=list(STUDENT_COLUMNS)), pd.DataFrame(columns=list(SCORE_CELL_COLUMNS)), [])


def data_rows(table: TextTable, layout: Layout, log: ProblemLog) -> pd.DataFrame:
    """The non-blank rows under the header (both rows of a two-row one), less the 满分/知识点/答案 rows and the
    平均分 / 合计 rows under the students; the index is the Excel row - 1."""
    below: pd.DataFrame = table.cells.iloc[layout.last_header_row :]
    meta = [row - 1 for row in layout.meta_rows]
    below = below.drop(index=meta)
    below = below[np.logical_or.reduce([(below[j] != "").to_numpy(dtype=bool) for j in below.columns])]
    for column in (layout.id_column, layout.column(ColumnRole.STUDENT_NAME)):
        if column is not None and not below.empty:
            below = below[~per_distinct(below[column.index], _summary_labels)]
    if below.empty:
        log.add(messages.NO_STUDENT_ROWS, Severity.ERROR, table.where(layout.header_row))
    elif table.widths is not None:
        _warn_short_rows(table.widths, below.index, table, layout, log)
    return below


def _summary_labels(texts: pd.Series) -> pd.Series:
    return texts.map(lambda text: normalize_header(text) in SUMMARY_ROWS)


def _warn_short_rows(widths: np.ndarray, index: pd.Index, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    """A text file's rows with fewer cells than the header: the cells missing are blank, and the teacher told."""
    header = int(widths[layout.header_row - 1])
    headers = [column.header for column in layout.columns[:header]]
    needed = max((j + 1 for j, text in enumerate(headers) if text), default=0)  # through the last named column
    cells = widths[index.to_numpy()]
    short = cells < needed
    if not short.any():
        return

    def describe(r: Any) -> tuple[Text, Location]:
        missing = [text for text in headers[r.cells :] if text][:_SHOWN_MISSING]
        return messages.short_row(r.cells, header, missing), table.where(r.row)

    rows = pd.DataFrame({"row": index.to_numpy()[short] + 1, "cells": cells[short]})
    log.add_rows(messages.SHORT_ROW, Severity.WARNING, rows, describe)


def stripped(rows: pd.DataFrame, column: ColumnInfo | None) -> pd.Series:
    """The stripped text of `column` in `rows`; "" throughout when the sheet has no such column."""
    if column is None:
        return pd.Series("", index=rows.index, dtype=str)
    return strip(rows[column.index])


def people(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> dict[str, pd.Series]:
    """Each row's student id, name and class, read as identities (see `identity`), with its assessment (its cell,
    else the layout's) and date; ids, names and labels too long are logged."""
    blank = pd.Series("", index=rows.index, dtype=object)

    def read(role: ColumnRole, reader: Callable[[pd.Series, Where], pd.Series], absent: pd.Series = blank) -> pd.Series:
        column = layout.column(role)
        if column is None:
            return absent
        return reader(rows[column.index], lambda index: table.where(index + 1, column.label))

    def assessments(texts: pd.Series, where: Where) -> pd.Series:
        names = strip(texts)
        check_lengths(names, MAX_LABEL_CHARS, messages.ASSESSMENT_NAME, where, log)
        return names.mask(names == "", layout.assessment)

    def names() -> pd.Series:
        return read(
            ColumnRole.STUDENT_NAME,
            lambda texts, where: read_names(texts, MAX_NAME_CHARS, messages.STUDENT_NAME, where, log, fold=True),
        )

    if layout.ids_from_names:
        named = names()
        ids = per_distinct(named, lambda distinct: distinct.map(name_id))
    else:
        ids = read(ColumnRole.STUDENT_ID, lambda texts, where: read_ids(texts, where, log))
        named = names()
    return {
        "student_id": ids,
        "student_name": named,
        "class_name": read(
            ColumnRole.CLASS,
            lambda texts, where: read_names(texts, MAX_NAME_CHARS, messages.CLASS_NAME, where, log, fold=False),
        ),
        "assessment": read(
            ColumnRole.ASSESSMENT, assessments, pd.Series(layout.assessment, index=rows.index, dtype=object)
        ),
        "date": read(ColumnRole.DATE, lambda texts, _: strip(texts)),
    }


def with_first(frame: pd.DataFrame, keys: list[str], bad: pd.Series, *values: str) -> pd.DataFrame:
    """The `bad` rows of `frame` with `row_first` and `<value>_first` of the first row sharing their `keys`."""
    firsts = frame.drop_duplicates(keys)[[*keys, "row", *values]]
    return frame[bad].merge(firsts, on=keys, how="left", suffixes=("", "_first"))
