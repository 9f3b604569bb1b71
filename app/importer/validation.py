"""Checks every layout shares: student ids, assessment dates, and scores against their questions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.core.gradebook import GradebookAssessment, GradebookStudent, Item
from app.core.problems import Severity
from app.importer import messages
from app.importer.files import TextTable
from app.importer.headers import ColumnRole
from app.importer.layout import Layout
from app.importer.problem_log import ProblemLog
from app.importer.sheet_rows import with_first
from app.importer.values import format_number, is_missing, parse_date, to_numbers

_ITEM_KEYS = ["assessment", "item_id"]


def students(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> list[GradebookStudent]:
    """The students in order of first appearance with their first given name; logs scores without a student id."""
    log.add_rows(
        messages.BLANK_STUDENT_ID,
        Severity.ERROR,
        rows[(rows.student_id == "") & rows.has_scores],
        lambda r: (messages.BLANK_STUDENT_ID, table.where(r.row, layout.required(ColumnRole.STUDENT_ID).label)),
    )
    named = rows[rows.student_id != ""]
    with_name = named[named.student_name != ""].drop_duplicates("student_id")
    names = dict(zip(with_name.student_id, with_name.student_name))
    return [GradebookStudent(student_id, names.get(student_id)) for student_id in named.student_id.unique()]


def assessments(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> list[GradebookAssessment]:
    """The assessments in order of first appearance, dated by their date cells, else by the layout's date."""
    named = rows[rows.student_id != ""]
    dated = named[named.date != ""]
    iso = {text: (date.isoformat() if (date := parse_date(text)) else "") for text in dated.date.unique()}
    dated = dated.assign(iso=dated.date.map(iso))
    invalid = dated.iso == ""
    log.add_rows(
        messages.BAD_DATE,
        Severity.ERROR,
        dated[invalid],
        lambda r: (messages.bad_date(r.date), table.where(r.row, layout.required(ColumnRole.DATE).label)),
    )
    valid = dated[~invalid]
    differs = valid.iso != valid.groupby("assessment").iso.transform("first")
    if differs.any():
        log.add_rows(
            messages.DATE_CONFLICT,
            Severity.ERROR,
            with_first(valid, ["assessment"], differs, "iso"),
            lambda r: (
                messages.date_conflict(r.assessment, r.iso, r.iso_first, r.row_first),
                table.where(r.row, layout.required(ColumnRole.DATE).label),
            ),
        )
    firsts = valid.drop_duplicates("assessment")
    dates = dict(zip(firsts.assessment, firsts.iso))
    return [
        GradebookAssessment(name, dt.date.fromisoformat(dates[name]) if name in dates else layout.date)
        for name in named.assessment.unique()
    ]


def points(cells: pd.DataFrame, table: TextTable, log: ProblemLog) -> pd.Series:
    """The score cells as points, NaN where blank or marked absent; logs non-numeric and negative scores."""
    values = to_numbers(cells.score)
    non_numeric = values.isna() & ~is_missing(cells.score)
    log.add_rows(
        messages.NON_NUMERIC_SCORE,
        Severity.ERROR,
        cells[non_numeric],
        lambda r: (messages.non_numeric_score(r.score), table.where(r.row, r.column)),
    )
    log.add_rows(
        messages.NEGATIVE_SCORE,
        Severity.ERROR,
        cells[values < 0],
        lambda r: (messages.negative_score(r.score), table.where(r.row, r.column)),
    )
    return values


def observed(cells: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    """Per (assessment, item_id): the highest score (`top`) and whether every score is 0 or 1 (`binary`)."""
    frame = cells[_ITEM_KEYS].assign(top=values, binary=values.isna() | values.isin([0.0, 1.0]))
    return frame.groupby(_ITEM_KEYS, sort=False).agg(top=("top", "max"), binary=("binary", "all"))


def check_max(cells: pd.DataFrame, values: pd.Series, items: list[Item], table: TextTable, log: ProblemLog) -> None:
    """Log scores above their question's max score."""
    limits = pd.DataFrame(
        [(item.assessment, item.item_id, item.max_score) for item in items], columns=[*_ITEM_KEYS, "limit"]
    )
    limit = cells[_ITEM_KEYS].merge(limits, on=_ITEM_KEYS, how="left")["limit"].to_numpy()
    above = values.to_numpy() > limit
    log.add_rows(
        messages.ABOVE_MAX,
        Severity.ERROR,
        cells[above].assign(limit=limit[above]),
        lambda r: (messages.above_max(r.score, format_number(r.limit)), table.where(r.row, r.column)),
    )
