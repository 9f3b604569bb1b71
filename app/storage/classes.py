"""Managing classes and exams: rename a class, delete a class, delete one exam of a class, date an exam.

Deleting goes through the undo machinery, so what another class or import still uses (a
knowledge point, a student) is handed over first and nothing else is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.core.problems import Refused, Text
from app.storage.models import (
    Assessment,
    DiagnosisRun,
    DiagnosisRunAssessment,
    ImportBatch,
    Question,
    SchoolClass,
    Score,
)
from app.storage.papers import assessment_ids
from app.storage.queries import count_rows, find_class
from app.storage.undo import undo_import


@dataclass(frozen=True)
class Removed:
    """What a deletion took away."""

    class_name: str
    assessments: tuple[str, ...]
    students: int
    scores: int
    diagnosis_runs: int
    class_removed: bool


def rename_class(session: Session, old: str, new: str) -> None:
    """Give class `old` the name `new`; refused when `new` is blank or another class's name."""
    new = new.strip()
    school_class = find_class(session, old)
    if not new:
        raise Refused(Text("班级名称不能为空。", "A class needs a name."))
    if new != old and session.scalars(select(SchoolClass.id).where(SchoolClass.name == new)).first() is not None:
        raise Refused(Text(f"已有名为“{new}”的班级。", f"There is already a class named '{new}'."))
    school_class.name = new
    session.flush()


def delete_class(session: Session, class_name: str) -> Removed:
    """Remove the class with everything its imports brought (each undone, newest first)."""
    school_class = find_class(session, class_name)
    names = tuple(session.scalars(select(Assessment.name).where(Assessment.class_id == school_class.id)))
    batches = session.scalars(
        select(ImportBatch.id).where(ImportBatch.class_id == school_class.id).order_by(ImportBatch.id.desc())
    ).all()
    undone = [undo_import(session, batch) for batch in batches]
    if not undone:  # a class without imports (only possible after repairs): just the row
        session.execute(delete(SchoolClass).where(SchoolClass.id == school_class.id))
    return Removed(
        class_name,
        names,
        sum(u.students for u in undone),
        sum(u.scores for u in undone),
        sum(u.diagnosis_runs for u in undone),
        True,
    )


def delete_assessment(session: Session, class_name: str, assessment: str) -> Removed:
    """Remove one exam of a class with its scores and the diagnoses that used it; the class and its
    other exams stay (when the exam was its import's only one, the import is undone)."""
    (assessment_id,) = assessment_ids(session, assessment, class_name)
    row = session.get_one(Assessment, assessment_id)
    siblings = session.scalars(select(Assessment.id).where(Assessment.batch_id == row.batch_id)).all()
    if len(siblings) == 1:
        u = undo_import(session, row.batch_id)
        return Removed(class_name, (assessment,), u.students, u.scores, u.diagnosis_runs, u.class_removed)
    used_by = select(DiagnosisRunAssessment.run_id).where(DiagnosisRunAssessment.assessment_id == assessment_id)
    runs = count_rows(session, select(DiagnosisRun.id).where(DiagnosisRun.id.in_(used_by)))
    scores = count_rows(
        session,
        select(Score.points).join(Question).where(Question.assessment_id == assessment_id, Score.points.is_not(None)),
    )
    session.execute(delete(DiagnosisRun).where(DiagnosisRun.id.in_(used_by)))
    session.execute(delete(Assessment).where(Assessment.id == assessment_id))  # questions and scores cascade
    return Removed(class_name, (assessment,), 0, scores, runs, False)


def set_assessment_date(session: Session, class_name: str, assessment: str, date: dt.date | None) -> None:
    """Date one exam of a class (None: not known); the term's order changes, so its diagnoses are out of date."""
    (assessment_id,) = assessment_ids(session, assessment, class_name)
    row = session.get_one(Assessment, assessment_id)
    if row.date != date:
        row.date = date
        row.changed = dt.datetime.now()
        session.flush()
