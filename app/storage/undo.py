"""Listing the imports still in the store, and undoing one: exactly what it created goes, nothing else.

Rows another import still uses (a student it scored, a knowledge point it tags, the class) are
first handed over to the newest such import; then the batch row goes and the cascade removes
the rest.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from app.core.problems import Text
from app.storage.errors import NotFound
from app.storage.models import (
    Assessment,
    DiagnosisRun,
    DiagnosisRunAssessment,
    ImportBatch,
    KnowledgePoint,
    Prerequisite,
    Question,
    QuestionKnowledgePoint,
    SchoolClass,
    Score,
    Student,
)
from app.storage.queries import count_rows
from app.storage.records import ImportRecord, UndoSummary


def list_imports(session: Session, class_name: str | None = None) -> list[ImportRecord]:
    """Imports still in the store, newest first, optionally of one class only."""
    query = select(ImportBatch, SchoolClass.name).join(SchoolClass).order_by(ImportBatch.id.desc())
    if class_name is not None:
        query = query.where(SchoolClass.name == class_name)
    names: dict[int, list[str]] = {}
    for batch_id, name in session.execute(select(Assessment.batch_id, Assessment.name).order_by(Assessment.id)):
        names.setdefault(batch_id, []).append(name)
    return [
        ImportRecord(
            batch_id=batch.id,
            class_name=name,
            source=batch.source,
            content_hash=batch.content_hash,
            imported_at=batch.imported_at,
            assessments=tuple(names.get(batch.id, ())),
            students=batch.students,
            items=batch.items,
            scores=batch.scores,
            missing=batch.missing,
            knowledge_points=batch.knowledge_points,
            warnings=batch.warnings,
        )
        for batch, name in session.execute(query).all()
    ]


def file_batches(session: Session, batch_id: int | None = None) -> list[int]:
    """The imports of one file (a whole grade's export is one per class), newest first: the file of batch
    `batch_id`, or of the newest import when None. NotFound when there is none."""
    batch = _find_batch(session, batch_id)
    key = batch.file_hash or batch.content_hash
    same = session.scalars(
        select(ImportBatch.id)
        .where((ImportBatch.file_hash == key) | (ImportBatch.content_hash == key))
        .order_by(ImportBatch.id.desc())
    ).all()
    return list(same) or [batch.id]


def undo_import(session: Session, batch_id: int | None = None) -> UndoSummary:
    """Remove exactly what one import created (the most recent when `batch_id` is None)."""
    batch = _find_batch(session, batch_id)
    class_name = session.get_one(SchoolClass, batch.class_id).name
    with session.begin_nested():
        runs = cast(
            CursorResult[Any],
            session.execute(
                delete(DiagnosisRun).where(
                    DiagnosisRun.id.in_(
                        select(DiagnosisRunAssessment.run_id).join(Assessment).where(Assessment.batch_id == batch.id)
                    )
                )
            ),
        ).rowcount
        _hand_over_students(session, batch.id)
        _hand_over_knowledge_points(session, batch.id)
        class_removed = _hand_over_class(session, batch)
        own_assessment = Assessment.batch_id == batch.id
        summary = UndoSummary(
            batch_id=batch.id,
            class_name=class_name,
            source=batch.source,
            students=count_rows(session, select(Student.id).where(Student.batch_id == batch.id)),
            items=count_rows(session, select(Question.id).join(Assessment).where(own_assessment)),
            scores=count_rows(
                session,
                select(Score.points).join(Question).join(Assessment).where(own_assessment, Score.points.is_not(None)),
            ),
            assessments=count_rows(session, select(Assessment.id).where(own_assessment)),
            knowledge_points=count_rows(session, select(KnowledgePoint.id).where(KnowledgePoint.batch_id == batch.id)),
            diagnosis_runs=runs,
            class_removed=class_removed,
        )
        # The cascade removes every row the batch still owns, and their scores and Q-matrix rows.
        session.execute(delete(ImportBatch).where(ImportBatch.id == batch.id))
        if class_removed:
            session.execute(delete(SchoolClass).where(SchoolClass.id == batch.class_id))
    return summary


def _find_batch(session: Session, batch_id: int | None) -> ImportBatch:
    """The batch `batch_id`, or the newest one when None."""
    if batch_id is None:
        batch = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(1)).first()
        if batch is None:
            raise NotFound(Text("没有可撤销的导入。", "There is no import to undo."))
        return batch
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(Text(f"没有编号为 {batch_id} 的导入。", f"There is no import {batch_id}."))
    return batch


def _hand_over(session: Session, model: Any, owners: Any) -> None:
    """Give each row of `model` in `owners` (rows of id, new owner) to its new owner."""
    rows = [{"id": row_id, "batch_id": owner} for row_id, owner in owners]
    if rows:
        session.execute(update(model), rows)


def _hand_over_students(session: Session, batch_id: int) -> None:
    """Students of `batch_id` that other imports scored go to the newest of those imports."""
    _hand_over(
        session,
        Student,
        session.execute(
            select(Student.id, func.max(Assessment.batch_id))
            .join(Score, Score.student_id == Student.id)
            .join(Question, Question.id == Score.question_id)
            .join(Assessment, Assessment.id == Question.assessment_id)
            .where(Student.batch_id == batch_id, Assessment.batch_id != batch_id)
            .group_by(Student.id)
        ).all(),
    )


def _hand_over_knowledge_points(session: Session, batch_id: int) -> None:
    """Knowledge points of `batch_id` still in use go to the newest import tagging them.

    Those only the knowledge graph still uses are kept by the graph (no owner). A parent link is
    no reason to keep a point: it is ON DELETE SET NULL.
    """
    tagged = dict(
        session.execute(
            select(KnowledgePoint.id, func.max(Assessment.batch_id))
            .join(QuestionKnowledgePoint, QuestionKnowledgePoint.knowledge_point_id == KnowledgePoint.id)
            .join(Question, Question.id == QuestionKnowledgePoint.question_id)
            .join(Assessment, Assessment.id == Question.assessment_id)
            .where(KnowledgePoint.batch_id == batch_id, Assessment.batch_id != batch_id)
            .group_by(KnowledgePoint.id)
        ).all()
    )
    in_graph = session.scalars(
        select(KnowledgePoint.id).where(
            KnowledgePoint.batch_id == batch_id,
            select(Prerequisite)
            .where(
                (Prerequisite.knowledge_point_id == KnowledgePoint.id)
                | (Prerequisite.prerequisite_id == KnowledgePoint.id)
            )
            .exists(),
        )
    ).all()
    _hand_over(session, KnowledgePoint, [*((kp, None) for kp in in_graph if kp not in tagged), *tagged.items()])


def _hand_over_class(session: Session, batch: ImportBatch) -> bool:
    """Pass class ownership to the newest other import of the class; True if the class must go."""
    if not batch.owns_class:
        return False
    heir = session.scalar(
        select(func.max(ImportBatch.id)).where(ImportBatch.class_id == batch.class_id, ImportBatch.id != batch.id)
    )
    if heir is None:
        return True
    session.execute(update(ImportBatch).where(ImportBatch.id == heir).values(owns_class=True))
    return False
