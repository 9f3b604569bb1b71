"""A paper's questions calibrated once and kept for next year: what a grade's joint fit says about them is saved
per paper, and a class that sits the same paper later (next year's classes, or a class diagnosed alone) starts its
fit from it (no Qt). Both faces reach it through `services.diagnosing`.

Only a fit of at least `MIN_STUDENTS` students is kept: fewer place a question's difficulty no better than the
class's own scores do. A calibration is never used by a fit that holds any class it came from (a class anchored on
its own earlier fit would count its scores twice), and only by the model version that made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.engine.anchors import ItemAnchors
    from app.storage import CalibrationRecord

MIN_STUDENTS = 60
"""The fewest students in a joint fit (two classes of 30, or one large one) whose question parameters are kept."""


def paper_key(matrix: ScoreMatrix) -> str | None:
    """The fingerprint of the one paper `matrix` holds (its labels, full marks and tags in order); None when it spans
    several exams (a term is fitted as one, not paper by paper)."""
    from app.storage import paper_fingerprint

    if len(matrix.assessments) != 1:
        return None
    tags = [[kp for kp, tested in zip(matrix.knowledge_points, row) if tested] for row in matrix.q_matrix]
    return paper_fingerprint(matrix.item_ids, matrix.max_scores.tolist(), tags)


def calibration_of(
    diagnosis: Diagnosis, matrices: Sequence[ScoreMatrix], class_ids: Sequence[int]
) -> CalibrationRecord | None:
    """What to keep of a joint fit (`diagnosis`, read off it, and the fit's `matrices`: the classes diagnosed, then
    their peers) of the classes `class_ids`: each question's parameters, its difficulty relative to the paper's
    mean; None for a fit of several exams or of fewer than MIN_STUDENTS students."""
    from app.engine.grade import aligned_points
    from app.storage import CalibrationRecord, QuestionCalibration

    first = matrices[0]
    key = paper_key(first)
    students = sum(len(m.student_ids) for m in matrices)
    if key is None or students < MIN_STUDENTS:
        return None
    answered = sum(np.count_nonzero(~np.isnan(aligned_points(m, first)), axis=0) for m in matrices)
    p = diagnosis.item_params
    relative = p["difficulty"] - np.mean(p["difficulty"])
    questions = tuple(
        QuestionCalibration(
            label,
            float(relative[i]),
            float(p["discrimination"][i]),
            float(p["guess"][i]),
            float(p["slip"][i]),
            int(answered[i]),
        )
        for i, label in enumerate(first.item_ids)
    )
    return CalibrationRecord(
        key, diagnosis.model_version, dt.datetime.now(), students, tuple(sorted(set(class_ids))), questions
    )


def fit_class_ids(session: Session, names: Sequence[str]) -> tuple[int, ...]:
    """The ids of the classes of a fit, by name as the session sees them (on a server, peers as `peer-<id>`)."""
    from app.storage import class_ids

    return tuple(sorted(class_ids(session, names).values()))


def stored_anchors(session: Session, matrix: ScoreMatrix, fit_ids: Sequence[int]) -> ItemAnchors | None:
    """The anchors for a fit of `matrix` with the classes `fit_ids` (the class and its peers): the newest calibration
    of its paper from none of them, by this model; None when there is none."""
    from app.engine.prior import MODEL_VERSION
    from app.storage import find_calibration

    key = paper_key(matrix)
    if key is None:
        return None
    found = find_calibration(session, key, MODEL_VERSION, fit_ids)
    if found is None or len(found.questions) != len(matrix.item_ids):  # the key names the questions: never differs
        return None
    return anchors_of(found)


def anchors_of(record: CalibrationRecord) -> ItemAnchors:
    """A calibration as the engine's anchors, in the paper's question order (a question nobody answered is not
    anchored)."""
    from app.engine.anchors import ItemAnchors

    def column(field: str) -> np.ndarray:
        return np.array([getattr(q, field) for q in record.questions], dtype=float)

    students = column("students")
    return ItemAnchors(
        known=students > 0,
        difficulty=column("difficulty"),
        discrimination=column("discrimination"),
        guess=column("guess"),
        slip=column("slip"),
        students=students,
    )
