"""The one rule both faces flag by (no Qt): the finding of every student × point of a run, from its posterior and
the class's profile reliability (`app.insight.findings`, `app.engine.profile.weak_kinds`), at the teacher's
confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.insight.findings import Findings, findings

if TYPE_CHECKING:
    from app.engine.profile import WeakKinds


def weak_kinds_of(diagnosis: Diagnosis | None, matrix: ScoreMatrix) -> WeakKinds | None:
    """Weak overall vs weak relative to the student's own level, for a run that kept what this needs (model 2.0
    on) and still matches the class's scores; None otherwise (an older or stale run)."""
    if diagnosis is None or "precision_d" not in diagnosis.settings:
        return None
    if (diagnosis.student_ids, diagnosis.item_ids) != (matrix.student_ids, matrix.item_ids):
        return None
    from app.engine.profile import weak_kinds

    return weak_kinds(diagnosis, matrix)


def findings_of(diagnosis: Diagnosis, matrix: ScoreMatrix, confidence: float | None = None) -> Findings:
    """The one rule both faces flag by: the finding of every student × point of `diagnosis` (of the class `matrix`)
    at `confidence` (default: the teacher's setting), from the posterior and the class's profile reliability."""
    return findings_given(diagnosis, weak_kinds_of(diagnosis, matrix), confidence)


def findings_given(diagnosis: Diagnosis, kinds: WeakKinds | None, confidence: float | None) -> Findings:
    """`findings_of` given the run's weak kinds (`weak_kinds_of`; None: a run that does not keep what they need)."""
    if confidence is None:
        from app.core.settings import load_settings

        confidence = load_settings().confidence
    if kinds is None:
        return findings(diagnosis, confidence)
    return findings(
        diagnosis,
        confidence,
        overall=kinds.overall,
        p_behind=kinds.p_behind,
        p_below_own=kinds.p_below_own,
        point_specific=kinds.reliability.supports_relative,
        reliability=kinds.reliability.full_length,
    )
