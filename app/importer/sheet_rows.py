"""What a gradebook sheet yields whatever its layout: text rows, score cells and questions, still to be checked."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app.core.paper import PaperQuestion
from app.core.problems import Severity
from app.importer import messages
from app.importer.files import TextTable
from app.importer.headers import ColumnRole
from app.importer.layout import ColumnInfo, Layout
from app.importer.problem_log import Location, ProblemLog
from app.importer.values import strip

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
    """The non-blank rows under the header (both rows of a two-row one), less the 满分/知识点/答案 rows;
    the index is the Excel row - 1."""
    below = table.cells.iloc[layout.last_header_row :]
    meta = [row - 1 for row in layout.meta_rows]
    below = below.drop(index=meta)
    below = below[(below.to_numpy() != "").any(axis=1)]
    if below.empty:
        log.add(messages.NO_STUDENT_ROWS, Severity.ERROR, table.where(layout.header_row))
    return below


def stripped(rows: pd.DataFrame, column: ColumnInfo | None) -> pd.Series:
    """The stripped text of `column` in `rows`; "" throughout when the sheet has no such column."""
    if column is None:
        return pd.Series("", index=rows.index, dtype=str)
    return strip(rows[column.index])


def assessment_names(rows: pd.DataFrame, layout: Layout) -> pd.Series:
    """Each row's assessment: its assessment cell, else the layout's assessment (from the options or the file name)."""
    names = stripped(rows, layout.column(ColumnRole.ASSESSMENT))
    return names.mask(names == "", layout.assessment)


def with_first(frame: pd.DataFrame, keys: list[str], bad: pd.Series, *values: str) -> pd.DataFrame:
    """The `bad` rows of `frame` with `row_first` and `<value>_first` of the first row sharing their `keys`."""
    firsts = frame.drop_duplicates(keys)[[*keys, "row", *values]]
    return frame[bad].merge(firsts, on=keys, how="left", suffixes=("", "_first"))
