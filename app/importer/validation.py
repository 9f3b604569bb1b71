"""Checks every layout shares: student ids and classes, assessment dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from app.core.gradebook import GradebookAssessment, GradebookStudent
from app.core.problems import Severity
from app.importer import messages
from app.importer.headers import ColumnRole
from app.importer.layout import Layout
from app.importer.problem_log import ProblemLog
from app.importer.sheet_rows import with_first
from app.importer.tables import TextTable
from app.importer.values import parse_date


def students(rows: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> list[GradebookStudent]:
    """The students in order of first appearance with their first given name and class; logs scores without a
    student id and ids in two classes."""
    log.add_rows(
        messages.BLANK_STUDENT_ID,
        Severity.ERROR,
        rows[(rows.student_id == "") & rows.has_scores],
        lambda r: (messages.BLANK_STUDENT_ID, table.where(r.row, _identity_label(layout))),
    )
    named = rows[rows.student_id != ""]
    with_name = named[named.student_name != ""].drop_duplicates("student_id")
    names = dict(zip(with_name.student_id, with_name.student_name))
    classes = _classes(named, table, layout, log)
    return [
        GradebookStudent(student_id, names.get(student_id), classes.get(student_id))
        for student_id in named.student_id.unique()
    ]


def _identity_label(layout: Layout) -> str:
    column = layout.identity_column
    return column.label if column is not None else ""


def _classes(named: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> dict[str, str]:
    """Each student's class in a whole-grade sheet (its first); logs a student id found in two classes."""
    if layout.class_column is None:
        return {}
    classed = named[named.class_name != ""]
    differs = classed.class_name != classed.groupby("student_id").class_name.transform("first")
    if differs.any():
        label = layout.class_column.label
        log.add_rows(
            messages.CLASS_CONFLICT,
            Severity.ERROR,
            with_first(classed, ["student_id"], differs, "class_name"),
            lambda r: (
                messages.class_conflict(r.student_id, r.class_name, r.class_name_first, r.row_first),
                table.where(r.row, label),
            ),
        )
    firsts = classed.drop_duplicates("student_id")
    return dict(zip(firsts.student_id, firsts.class_name))


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


# A student with fewer questions than this all at 0 may simply have scored 0 (a short quiz); with more, it is almost
# always an absence the marking system exported as 0 (好分数 and others write 0 for every question of an absent student).
ALL_ZERO_MIN = 5


def all_zero(scores: pd.DataFrame, rows: pd.Series, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    """Log a warning for each student with 0 on every question (at least `ALL_ZERO_MIN`) of an exam that others
    scored on; `rows` is each score's Excel row."""
    scored = scores.assign(row=rows.to_numpy()).dropna(subset=["score"])
    if scored.empty:
        return
    exams = scored.groupby("assessment").score.max()
    per = scored.groupby(["student_id", "assessment"], sort=False).agg(
        n=("score", "size"), top=("score", "max"), row=("row", "min")
    )
    flagged = per[(per.n >= ALL_ZERO_MIN) & (per.top == 0)].reset_index()
    flagged = flagged[flagged.assessment.map(exams).to_numpy() > 0]
    log.add_rows(
        messages.ALL_ZERO,
        Severity.WARNING,
        flagged,
        lambda r: (
            messages.all_zero(r.student_id, r.assessment, int(r.n)),
            table.where(int(r.row), _identity_label(layout)),
        ),
    )
