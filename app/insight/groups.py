"""分层 groups: students grouped by their pattern of weak points, each group with one practice sheet.

Students are clustered (k-means, deterministic) on their mastery profile, where a point without
enough evidence counts as the class's mean for it; groups are named A, B, C… from the most
support needed to the least. The teacher can move a student to another group before printing;
a group's sheet is rebuilt from its members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.vocabulary import Status
from app.insight.plans import DiagnosedClass

LETTERS = "ABCDEFGH"
WEAK_SHARE = 0.5
"""A point goes on a group's sheet when at least this share of its judged members are weak on it."""


@dataclass(frozen=True)
class Group:
    """One group: its letter, its members, the points most of them are weak on, its mean mastery."""

    letter: str
    students: tuple[str, ...]
    weak_points: tuple[str, ...]  # most shared first
    mean_mastery: float


@dataclass(frozen=True)
class SheetQuestion:
    """A question on a group's sheet, with the group's mean predicted success on it."""

    item_id: str
    assessment: str
    knowledge_point: str
    max_score: float
    predicted_success: float


def group_students(diagnosis: Diagnosis, n_groups: int = 3, seed: int = 0) -> list[Group]:
    """The students in `n_groups` groups by weak-point pattern, A (most support) first."""
    n = len(diagnosis.student_ids)
    k = max(1, min(n_groups, n))
    profile = _profile(diagnosis)
    labels = _kmeans(profile, k, seed)
    order = sorted(range(k), key=lambda g: float(profile[labels == g].mean()) if (labels == g).any() else 1.0)
    groups = [
        regrouped(diagnosis, LETTERS[rank], [diagnosis.student_ids[s] for s in np.flatnonzero(labels == g)])
        for rank, g in enumerate(order)
    ]
    return [g for g in groups if g.students]


def regrouped(diagnosis: Diagnosis, letter: str, students: Sequence[str]) -> Group:
    """The group `letter` with these members (after the teacher moved someone): its weak points and mean."""
    rows = [diagnosis.student_ids.index(s) for s in students]
    status = np.asarray(diagnosis.status)[rows]
    judged = (status != Status.INSUFFICIENT).sum(axis=0)
    share = np.divide(
        (status == Status.WEAK).sum(axis=0), judged, out=np.zeros(len(diagnosis.knowledge_points)), where=judged > 0
    )
    points = [diagnosis.knowledge_points[k] for k in np.argsort(-share, kind="stable") if share[k] >= WEAK_SHARE]
    mean = float(np.asarray(diagnosis.mastery)[rows].mean()) if rows else float("nan")
    return Group(letter, tuple(students), tuple(points), mean)


def group_sheet(
    data: DiagnosedClass,
    group: Group,
    per_point: int = 3,
    target: tuple[float, float] = (0.6, 0.8),
    most_points: int = 4,
) -> list[SheetQuestion]:
    """Questions for the group's `most_points` most shared weak points (one sheet, not a workbook), those whose
    mean predicted success over the members is nearest `target`."""
    matrix, success = data.matrix, data.predicted_success
    rows = [matrix.student_ids.index(s) for s in group.students if s in matrix.student_ids]
    if success is None or not rows:
        return []
    mean = np.nanmean(np.asarray(success)[rows], axis=0)
    middle = (target[0] + target[1]) / 2
    sheet: list[SheetQuestion] = []
    used: set[int] = set()
    for point in [p for p in group.weak_points if p in matrix.knowledge_points][:most_points]:
        k = matrix.knowledge_points.index(point)
        candidates = [i for i in np.flatnonzero(matrix.q_matrix[:, k]) if i not in used]
        candidates.sort(key=lambda i: (abs(float(mean[i]) - middle), matrix.item_ids[i]))
        for i in candidates[:per_point]:
            used.add(int(i))
            sheet.append(
                SheetQuestion(
                    matrix.item_ids[i],
                    matrix.assessments[int(matrix.item_assessment[i])],
                    point,
                    float(matrix.max_scores[i]),
                    float(mean[i]),
                )
            )
    return sheet


def _profile(diagnosis: Diagnosis) -> np.ndarray:
    """(S, K) mastery, with a cell too thin to judge set to the point's judged mean (or 0.5)."""
    mastery = np.asarray(diagnosis.mastery, float).copy()
    judged = np.asarray(diagnosis.status) != Status.INSUFFICIENT
    for k in range(mastery.shape[1]):
        seen = judged[:, k]
        mastery[~seen, k] = float(mastery[seen, k].mean()) if seen.any() else 0.5
    return mastery


def _kmeans(x: np.ndarray, k: int, seed: int, rounds: int = 50) -> np.ndarray:
    """Cluster labels of the rows of `x` (k-means++ start from `seed`, at most `rounds` Lloyd steps)."""
    rng = np.random.default_rng(seed)
    centres = [x[int(rng.integers(len(x)))]]
    while len(centres) < k:
        d2 = np.min([((x - c) ** 2).sum(axis=1) for c in centres], axis=0)
        centres.append(x[int(rng.choice(len(x), p=d2 / d2.sum()))] if d2.sum() > 0 else x[len(centres)])
    c = np.array(centres)
    labels = np.zeros(len(x), dtype=int)
    for _ in range(rounds):
        new = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        if np.array_equal(new, labels) and _ > 0:
            break
        labels = new
        c = np.array([x[labels == g].mean(axis=0) if (labels == g).any() else c[g] for g in range(k)])
    return labels
