"""Builders of ParsedGradebook objects shared by the storage tests (this module holds no tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.gradebook import SCORE_COLUMNS, GradebookAssessment, GradebookStudent, Item, ParsedGradebook
from app.core.problems import Problem
from app.storage import Database, StoreSummary, open_database, store_summary

STUDENTS = (("001", "张三"), ("002", "李四"), ("003", None))
ITEMS = (("Q1", 1.0, ("加法",)), ("Q2", 2.0, ("加法", "减法")), ("Q3", 5.0, ("乘法",)))


def gradebook(
    assessment: str = "Exam 1",
    students: tuple[tuple[str, str | None], ...] = STUDENTS,
    items: tuple[tuple[str, float, tuple[str, ...]], ...] = ITEMS,
    missing: tuple[tuple[str, str], ...] = (("003", "Q3"),),
    problems: tuple[Problem, ...] = (),
    source: str | None = None,
) -> ParsedGradebook:
    """A one-assessment gradebook: student i scores (i + j) mod (max + 1) on item j, NaN where `missing`."""
    rows = [
        (number, assessment, label, np.nan if (number, label) in missing else float((i + j) % (int(top) + 1)), None)
        for i, (number, _) in enumerate(students)
        for j, (label, top, _) in enumerate(items)
    ]
    scores = pd.DataFrame(rows, columns=list(SCORE_COLUMNS))
    return ParsedGradebook(
        source=source or f"{assessment}.csv",
        content_hash=hashlib.sha256(repr((assessment, students, items, missing)).encode()).hexdigest(),
        assessments=[GradebookAssessment(assessment)],
        students=[GradebookStudent(number, name) for number, name in students],
        items=[Item(assessment, label, top, kps) for label, top, kps in items],
        scores=scores,
        problems=list(problems),
    )


def fresh_store(location: Path | str) -> Database:
    """A new, empty store: at `location` (a `store_location`: a file path or a server URL), or in the folder."""
    return open_database(location / "zhidian.db" if isinstance(location, Path) and location.is_dir() else location)


def totals(db: Database) -> StoreSummary:
    """The store's totals, read in a session of their own."""
    with db.session() as session:
        return store_summary(session)
