"""One finding per flag, judged from the posterior: weak on this point, behind overall, not sure yet, or none.

A cell's P(weak) is P(mastery < the weak threshold) under the logit-normal posterior its interval states (the
interval's logit midpoint and the sd its width gives at the diagnosis' interval level). A student whose overall
level is below the threshold with the teacher's confidence gets one finding, "behind overall", instead of a flag on
every point. A point is a "weak point" for that student specifically only where the class's profile is reliable
enough to tell points apart beyond each student's level, the point has enough evidence, and both P(weak) and
P(below the student's own level) reach the confidence. Anything else more likely weak than not, or with too little
evidence to rule weak out at the confidence, is "not sure yet"; the rest is "none".

    found = findings(diagnosis, 0.8, overall=..., p_behind=..., p_below_own=..., point_specific=False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.logits import logit
from app.core.vocabulary import Finding

DEFAULT_CONFIDENCE = 0.8
"""The confidence a flag needs unless the teacher set another (the settings' `confidence`)."""

_EPS = 1e-9  # interval ends are clipped to [_EPS, 1 - _EPS] before the logit
_CDF = np.vectorize(lambda x: 0.5 * (1.0 + math.erf(x / math.sqrt(2.0))), otypes=[float])


@dataclass(frozen=True)
class Findings:
    """What the evidence says per student × point, with the numbers it was judged by."""

    finding: np.ndarray  # (S, K) str, one of Finding's values
    p_weak: np.ndarray  # (S, K) P(mastery < the weak threshold)
    overall: np.ndarray | None  # (S,) the student's overall level (None for a run that does not keep it)
    behind: np.ndarray  # (S,) bool: behind overall with the confidence
    point_specific: bool  # whether the class's evidence supports flags for a student specifically
    reliability: float  # full-length reliability of the class's knowledge-point profile (NaN: too few scores)
    confidence: float

    def points(self, s: int, finding: Finding) -> list[int]:
        """The point indices of student `s` whose finding is `finding`."""
        return [int(k) for k in np.flatnonzero(self.finding[s] == finding.value)]


def p_weak(diagnosis: Diagnosis) -> np.ndarray:
    """(S, K) P(mastery < the diagnosis' weak threshold) under the logit-normal posterior its interval states."""
    thresholds = Thresholds.of(diagnosis)
    lo, hi = logit(diagnosis.lower, _EPS), logit(diagnosis.upper, _EPS)
    mean, sd = (lo + hi) / 2, (hi - lo) / (2 * NormalDist().inv_cdf(0.5 + thresholds.interval_level / 2))
    margin = logit(thresholds.weak_below, _EPS) - mean
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, margin / np.where(sd > 0, sd, 1.0), np.sign(margin) * np.inf)
    return np.asarray(_CDF(z)) if z.size else np.zeros(z.shape)


def findings(
    diagnosis: Diagnosis,
    confidence: float = DEFAULT_CONFIDENCE,
    *,
    overall: np.ndarray | None = None,
    p_behind: np.ndarray | None = None,
    p_below_own: np.ndarray | None = None,
    point_specific: bool = False,
    reliability: float = math.nan,
) -> Findings:
    """The finding of every cell of `diagnosis` at `confidence`, given the student's overall level and
    P(behind overall) (S,), P(below the student's own level) (S, K) and whether the class's profile supports
    point-specific flags; without them (a run that does not keep its parameters) no student is behind overall and
    no point is specific, so what may be weak is "not sure yet"."""
    thresholds = Thresholds.of(diagnosis)
    pw = p_weak(diagnosis)
    n_students = len(diagnosis.student_ids)
    enough = np.asarray(diagnosis.evidence) >= thresholds.min_evidence
    behind = np.asarray(p_behind) >= confidence if p_behind is not None else np.zeros(n_students, bool)
    specific = (
        point_specific & enough & (pw >= confidence) & (np.asarray(p_below_own) >= confidence)
        if p_below_own is not None
        else np.zeros(pw.shape, bool)
    )
    unsure = (pw >= 0.5) | (~enough & (pw > 1 - confidence))
    finding = np.where(
        specific,
        Finding.WEAK_POINT.value,
        np.where(
            behind[:, None], Finding.BEHIND_OVERALL.value, np.where(unsure, Finding.NOT_SURE.value, Finding.NONE.value)
        ),
    ).astype(object)
    return Findings(
        finding=finding,
        p_weak=pw,
        overall=overall,
        behind=behind,
        point_specific=bool(point_specific),
        reliability=float(reliability),
        confidence=confidence,
    )
