"""Plain, frozen results of store operations: what the CLI and the UI get instead of ORM rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.problems import Problem


@dataclass(frozen=True)
class ImportSummary:
    """What one import put into the store."""

    batch_id: int
    class_name: str
    students: int  # students in the file (new or matched by 学号)
    items: int
    scores: int  # observed (non-missing) cells
    missing: int  # blank or absent cells
    knowledge_points: int  # distinct knowledge points the file tags
    assessments: int
    warnings: tuple[Problem, ...]
    new_students: tuple[str, ...] = ()  # "姓名（学号）" new to a class that existed before (transfer-ins)
    absent_students: tuple[str, ...] = ()  # the class's students the file has no row for
    paper_id: int | None = None  # the paper the assessments were set from
    look_alikes: tuple[tuple[str, str], ...] = ()  # (new number, class number) of names that look like one student
    unscored: int = 0  # choice answers kept as letters until the paper's answer key scores them (not missing)


@dataclass(frozen=True)
class ImportRecord:
    """One import still in the store, as listed for undo."""

    batch_id: int
    class_name: str
    source: str
    content_hash: str
    imported_at: dt.datetime
    assessments: tuple[str, ...]
    students: int
    items: int
    scores: int
    missing: int
    knowledge_points: int
    warnings: int


@dataclass(frozen=True)
class UndoSummary:
    """What undoing one import removed."""

    batch_id: int
    class_name: str
    source: str
    students: int
    items: int
    scores: int  # observed cells removed
    assessments: int
    knowledge_points: int
    diagnosis_runs: int  # runs that used the removed assessments
    class_removed: bool


@dataclass(frozen=True)
class StoreSummary:
    """Totals over the whole store."""

    students: int
    items: int
    scores: int  # observed cells
    assessments: int
    knowledge_points: int
    classes: int


@dataclass(frozen=True)
class ClassRecord:
    """A class with its assessments in date order (an undated one by the day it was imported)."""

    name: str
    subject: str
    created: dt.datetime
    students: int
    assessments: tuple[str, ...]
    last_change: dt.datetime | None = None  # the newest import into it, or change to its tags or scores
    items: int = 0  # questions over all its assessments
    scores: int = 0  # observed (non-missing) scores
    assessment_dates: tuple[dt.date | None, ...] = ()  # the date of each of `assessments` (None: not known)


@dataclass(frozen=True)
class DiagnosisRunRecord:
    """A stored diagnosis run, as listed for choosing one to view."""

    run_id: int
    class_name: str
    created: dt.datetime
    model_version: str
    device: str
    seconds: float
    assessments: tuple[str, ...]
    students: int
    knowledge_points: int
    state_after: str | None = None  # a run of the term (carried through the exams in date order): after which exam


@dataclass(frozen=True)
class ExportedPlanRecord:
    """Practice plans exported for a class: when, what, from which run and after which exam, each student's points."""

    plan_id: int
    exported: dt.datetime
    kind: str  # "plans" or "handbook"
    run_id: int | None  # None once that run was deleted
    after: str  # the exam whose state the plans were made from
    points: dict[str, tuple[str, ...]]  # 学号 -> the plan's points, in its order
