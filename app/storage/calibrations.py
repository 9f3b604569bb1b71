"""Papers' calibrations as the store keeps them: a grade's joint fit of a paper's questions, the newest per paper and
set of classes, found again by the paper's fingerprint when a class sits the same paper later."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.storage.models import PaperCalibration, PaperCalibrationItem, SchoolClass


@dataclass(frozen=True)
class QuestionCalibration:
    """One question as the fit calibrated it: difficulty relative to the paper's mean, discrimination, guess and slip
    (as `Diagnosis.item_params` names them), and how many students answered it in the fit."""

    label: str
    difficulty: float
    discrimination: float
    guess: float
    slip: float
    students: int


@dataclass(frozen=True)
class CalibrationRecord:
    """A paper's calibration: its fingerprint, the model that made it, when, how many students and which classes
    (by id) the fit held, and its questions in the paper's order."""

    fingerprint: str
    model_version: str
    created: dt.datetime
    students: int
    classes: tuple[int, ...]
    questions: tuple[QuestionCalibration, ...]


def paper_fingerprint(labels: Sequence[str], max_scores: Sequence[float], tags: Sequence[Collection[str]]) -> str:
    """A paper's key that survives a re-import (no database ids): its question labels in order, each one's full marks
    and its knowledge points (in any order), hashed."""
    key = [[label, float(top), sorted(points)] for label, top, points in zip(labels, max_scores, tags, strict=True)]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()


def save_calibration(session: Session, record: CalibrationRecord) -> None:
    """Keep `record` as the newest calibration of its paper, replacing the paper's earlier fits of any of the same
    classes (in the caller's write transaction)."""
    mine = set(record.classes)
    stale = [
        row.id
        for row in session.scalars(select(PaperCalibration).where(PaperCalibration.fingerprint == record.fingerprint))
        if mine & set(row.classes)
    ]
    if stale:
        session.execute(delete(PaperCalibration).where(PaperCalibration.id.in_(stale)))
    row = PaperCalibration(
        fingerprint=record.fingerprint,
        model_version=record.model_version,
        created=record.created,
        students=record.students,
        classes=list(record.classes),
    )
    session.add(row)
    session.flush()
    session.add_all(
        PaperCalibrationItem(
            calibration_id=row.id,
            position=n,
            label=q.label,
            difficulty=q.difficulty,
            discrimination=q.discrimination,
            guess=q.guess,
            slip=q.slip,
            students=q.students,
        )
        for n, q in enumerate(record.questions)
    )
    session.flush()


def find_calibration(
    session: Session, fingerprint: str, model_version: str, exclude: Collection[int]
) -> CalibrationRecord | None:
    """The newest calibration of the paper made by `model_version` from none of the classes `exclude` (a class is
    never anchored on its own fit); None when there is none."""
    rows = session.scalars(
        select(PaperCalibration)
        .where(PaperCalibration.fingerprint == fingerprint, PaperCalibration.model_version == model_version)
        .order_by(PaperCalibration.created.desc(), PaperCalibration.id.desc())
    )
    found = next((row for row in rows if not set(row.classes) & set(exclude)), None)
    if found is None:
        return None
    items = session.scalars(
        select(PaperCalibrationItem)
        .where(PaperCalibrationItem.calibration_id == found.id)
        .order_by(PaperCalibrationItem.position)
    )
    return CalibrationRecord(
        fingerprint=found.fingerprint,
        model_version=found.model_version,
        created=found.created,
        students=found.students,
        classes=tuple(found.classes),
        questions=tuple(
            QuestionCalibration(i.label, i.difficulty, i.discrimination, i.guess, i.slip, i.students) for i in items
        ),
    )


def newest_calibration(session: Session) -> int | None:
    """The id of the newest calibration kept, of any paper (None: none): it changes whenever a fit is kept, and with it
    the anchors a later fit of that paper starts from."""
    return session.scalar(select(func.max(PaperCalibration.id)))


def class_ids(session: Session, names: Collection[str]) -> dict[str, int]:
    """The id of each class named in `names` as the session sees it (on a server, through the grade views: a class
    the login does not teach as `peer-<id>`)."""
    from app.storage.server import grade_session

    with grade_session(session) as grade:
        return {
            str(name): int(id_)
            for name, id_ in grade.execute(select(SchoolClass.name, SchoolClass.id).where(SchoolClass.name.in_(names)))
        }
