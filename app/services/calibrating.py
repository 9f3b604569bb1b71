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
"""The fewest students of a joint fit who sat a paper (two classes of 30, or one large one) for its questions' parameters
to be kept."""


def papers(matrix: ScoreMatrix) -> list[tuple[np.ndarray, tuple[str, ...], str]]:
    """Each exam of `matrix` as a paper: (its columns, its question labels as the exam alone names them, its
    fingerprint: labels, full marks and tags in order)."""
    from app.storage import paper_fingerprint

    out = []
    for t, exam in enumerate(matrix.assessments):
        cols = np.flatnonzero(matrix.item_assessment == t)
        prefix = f"{exam}/" if len(matrix.assessments) > 1 else ""  # a term's ids are "exam/label"
        labels = tuple(matrix.item_ids[c].removeprefix(prefix) for c in cols)
        tags = [[kp for kp, tested in zip(matrix.knowledge_points, matrix.q_matrix[c]) if tested] for c in cols]
        out.append((cols, labels, paper_fingerprint(labels, matrix.max_scores[cols].tolist(), tags)))
    return out


def paper_key(matrix: ScoreMatrix) -> str | None:
    """The fingerprint of the one paper `matrix` holds; None when it spans several exams."""
    return papers(matrix)[0][2] if len(matrix.assessments) == 1 else None


def calibrations_of(
    diagnosis: Diagnosis, matrices: Sequence[ScoreMatrix], class_ids: Sequence[int]
) -> tuple[CalibrationRecord, ...]:
    """What to keep of a joint fit (`diagnosis`, read off it over all its questions, and the fit's `matrices`: the
    classes diagnosed, then their peers) of the classes `class_ids`: per paper (each exam of a term) sat by at least
    MIN_STUDENTS students, each question's parameters, its difficulty relative to the paper's mean."""
    from app.engine.grade import aligned_points
    from app.storage import CalibrationRecord, QuestionCalibration

    first = matrices[0]
    observed = np.vstack([~np.isnan(aligned_points(m, first)) for m in matrices])
    p = diagnosis.item_params
    now = dt.datetime.now()
    kept = []
    for cols, labels, key in papers(first):
        students = int(observed[:, cols].any(axis=1).sum())
        if students < MIN_STUDENTS:
            continue
        relative = p["difficulty"][cols] - np.mean(p["difficulty"][cols])
        questions = tuple(
            QuestionCalibration(
                label,
                float(relative[n]),
                float(p["discrimination"][c]),
                float(p["guess"][c]),
                float(p["slip"][c]),
                int(observed[:, c].sum()),
            )
            for n, (c, label) in enumerate(zip(cols, labels))
        )
        kept.append(
            CalibrationRecord(key, diagnosis.model_version, now, students, tuple(sorted(set(class_ids))), questions)
        )
    return tuple(kept)


def fit_class_ids(session: Session, names: Sequence[str]) -> tuple[int, ...]:
    """The ids of the classes of a fit, by name as the session sees them (on a server, peers as `peer-<id>`)."""
    from app.storage import class_ids

    return tuple(sorted(class_ids(session, names).values()))


def stored_anchors(session: Session, matrix: ScoreMatrix, fit_ids: Sequence[int]) -> ItemAnchors | None:
    """The anchors for a fit of `matrix` with the classes `fit_ids` (the class and its peers): for each of its
    papers, the newest calibration from none of them, by this model; None when no paper has one."""
    from app.engine.anchors import ItemAnchors
    from app.engine.prior import MODEL_VERSION
    from app.storage import find_calibration

    size = len(matrix.item_ids)
    fields = {k: np.zeros(size) for k in ("difficulty", "discrimination", "guess", "slip", "students")}
    paper = np.zeros(size, dtype=int)
    for number, (cols, _, key) in enumerate(papers(matrix)):
        paper[cols] = number
        found = find_calibration(session, key, MODEL_VERSION, fit_ids)
        if found is None or len(found.questions) != len(cols):  # the key names the questions: never differs
            continue
        for field, values in fields.items():
            values[cols] = [getattr(q, field) for q in found.questions]
    students = fields.pop("students")
    if not students.any():
        return None
    return ItemAnchors(known=students > 0, students=students, paper=paper, **fields)
