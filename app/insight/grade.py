"""A class against its grade: per knowledge point, the class's mean mastery next to the grade's.

When other classes of the grade (the ones that took the same exams) are in the store, "36–64 %
weak everywhere" reads differently: the points where the class is behind its grade come first.
Per student, the points weak relative to the class: the student's whole interval lies below the
class's mean for the point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.vocabulary import Status
from app.insight.summaries import Z95


@dataclass(frozen=True)
class PointAgainstGrade:
    """One knowledge point: the class's mean mastery and the grade's, each with a 95 % interval."""

    knowledge_point: str
    class_mean: float
    class_lower: float
    class_upper: float
    grade_mean: float
    grade_lower: float
    grade_upper: float
    gap: float  # class − grade; below 0: the class is behind

    @property
    def behind(self) -> bool:
        """True when the class's interval lies wholly below the grade's mean."""
        return self.class_upper < self.grade_mean


def _mean(diagnoses: Sequence[Diagnosis], point: str) -> tuple[float, float, float]:
    """Mean mastery over every judged student of `diagnoses` on `point`, with a 95 % interval."""
    values, spreads = [], []
    for d in diagnoses:
        if point not in d.knowledge_points:
            continue
        k = d.knowledge_points.index(point)
        ok = np.asarray(d.status)[:, k] != Status.INSUFFICIENT
        values.append(np.asarray(d.mastery, float)[ok, k])
        spreads.append((np.asarray(d.upper, float)[ok, k] - np.asarray(d.lower, float)[ok, k]) / (2 * Z95))
    m = np.concatenate(values) if values else np.array([])
    if m.size == 0:
        return math.nan, math.nan, math.nan
    own = np.concatenate(spreads)
    se = float(np.sqrt((m.var(ddof=1) if m.size > 1 else 0.0) / m.size + np.mean(own**2) / m.size))
    mean = float(m.mean())
    return mean, max(0.0, mean - Z95 * se), min(1.0, mean + Z95 * se)


def against_grade(own: Diagnosis, grade: Sequence[Diagnosis]) -> list[PointAgainstGrade]:
    """Per point of the class, its mean against the grade's (`grade`: every class's diagnosis, its own included),
    the points where the class is furthest behind first; points the grade cannot judge are left out."""
    rows = []
    for point in own.knowledge_points:
        c, c_lo, c_hi = _mean([own], point)
        g, g_lo, g_hi = _mean(grade, point)
        if not (math.isnan(c) or math.isnan(g)):
            rows.append(PointAgainstGrade(point, c, c_lo, c_hi, g, g_lo, g_hi, c - g))
    return sorted(rows, key=lambda r: (r.gap, r.knowledge_point))


def weak_relative_to_class(diagnosis: Diagnosis, student_index: int) -> tuple[str, ...]:
    """The points where this student's interval lies wholly below the class's mean for the point."""
    judged = np.asarray(diagnosis.status) != Status.INSUFFICIENT
    mastery = np.asarray(diagnosis.mastery, float)
    out = []
    for k, point in enumerate(diagnosis.knowledge_points):
        ok = judged[:, k]
        if ok[student_index] and ok.sum() > 1 and diagnosis.upper[student_index, k] < float(mastery[ok, k].mean()):
            out.append(point)
    return tuple(out)
