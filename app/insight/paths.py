"""A student's learning path: their weak knowledge points in the order to work on them (no torch, no Qt).

The path is the weak points (mastery below the threshold, judged only where the evidence
suffices), each placed after the weak points it depends on; among points free to go next, the
larger expected gain goes first.

**Expected gain** of point *k* for student *s* is the share of the class's exam points that rest
on *k* and that *s* does not have yet:

    gain[s, k] = (1 − mastery[s, k]) × Σ_{questions i testing k} max_score[i] / n_points[i] / Σ_i max_score[i]

(a question testing two points counts half for each). It reads "mastering *k* may win about
gain × 100 % of the total score" and is what the chart and the exports show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis, shown
from app.core.links import LinkLike, as_links
from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Status
from app.insight.graph import prerequisite_closure, topological_order


@dataclass(frozen=True)
class PathStep:
    """One weak knowledge point on a student's learning path."""

    knowledge_point: str
    mastery: float
    lower: float
    upper: float
    evidence: int  # scored questions that test the point
    status: str  # the diagnosis' status for the cell
    expected_gain: float  # share of total points (see module doc); room to grow (1 − mastery) if unknown
    weak_prerequisites: tuple[str, ...]  # weak points on the path that come before it and that it needs
    unlocks: tuple[str, ...]  # points later on the path that need it
    unchecked_prerequisites: tuple[str, ...]  # its prerequisites whose mastery cannot be judged yet
    reason: Text  # why it is on the path, for the teacher


def expected_gains(diagnosis: Diagnosis, matrix: ScoreMatrix) -> np.ndarray:
    """(S, K) expected gain per student × knowledge point, in the diagnosis' order (see module doc)."""
    q = matrix.q_matrix.astype(float)
    per_item = matrix.max_scores / np.maximum(q.sum(axis=1), 1.0)
    total = float(matrix.max_scores.sum()) or 1.0
    weight_by_name = dict(zip(matrix.knowledge_points, (q * per_item[:, None]).sum(axis=0) / total))
    weight = np.array([weight_by_name.get(k, 0.0) for k in diagnosis.knowledge_points])
    return (1.0 - np.asarray(diagnosis.mastery, float)) * weight[None, :]


def _gain_row(diagnosis: Diagnosis, student_index: int, expected_gain: np.ndarray | None) -> tuple[np.ndarray, bool]:
    if expected_gain is None:
        return 1.0 - np.asarray(diagnosis.mastery[student_index], float), False
    gain = np.asarray(expected_gain, float)
    return (gain[student_index] if gain.ndim == 2 else gain), True


def resolve_threshold(diagnosis: Diagnosis, threshold: float | None) -> float:
    """The teacher's threshold, else the one the diagnosis was made with."""
    return float(threshold) if threshold is not None else diagnosis.thresholds.weak_below


def judged(diagnosis: Diagnosis, student_index: int, *, min_evidence: int = 0) -> np.ndarray:
    """(K,) bool: where the evidence suffices to call the point weak or strong."""
    return (np.asarray(diagnosis.status[student_index]) != Status.INSUFFICIENT) & (
        np.asarray(diagnosis.evidence[student_index]) >= min_evidence
    )


def learning_path(
    diagnosis: Diagnosis,
    student_index: int,
    prerequisites: Iterable[LinkLike] = (),
    *,
    threshold: float | None = None,
    expected_gain: np.ndarray | None = None,
    min_evidence: int = 0,
) -> list[PathStep]:
    """The student's weak points in learning order (weak prerequisites first, then larger gain first).

    `threshold` defaults to the diagnosis' own ("weak_below" in its settings).

    `expected_gain` is `expected_gains(diagnosis, matrix)` (S, K) or one student's row (K,); without
    it ties go to the larger room to grow (1 − mastery). Raises `GraphCycleError` on a cycle.
    """
    threshold = resolve_threshold(diagnosis, threshold)
    links = as_links(prerequisites)
    kps = list(diagnosis.knowledge_points)
    mastery = np.asarray(diagnosis.mastery[student_index], float)
    ok = judged(diagnosis, student_index, min_evidence=min_evidence)
    gain, gain_known = _gain_row(diagnosis, student_index, expected_gain)
    col = {k: j for j, k in enumerate(kps)}
    weak = [k for k in kps if ok[col[k]] and mastery[col[k]] < threshold]
    order = topological_order(weak, links, key=lambda k: (-round(float(gain[col[k]]), 12), mastery[col[k]]))
    closure = prerequisite_closure(links)
    weak_set = set(weak)
    steps = []
    for k in order:
        j = col[k]
        before = closure.get(k, set())
        weak_pre = tuple(p for p in order if p in before)
        unlocks = tuple(p for p in order if k in closure.get(p, set()))
        unchecked = tuple(p for p in kps if p in before and p not in weak_set and not ok[col[p]])
        unchecked += tuple(sorted(p for p in before if p not in col))
        step = PathStep(
            knowledge_point=k,
            mastery=float(mastery[j]),
            lower=float(diagnosis.lower[student_index, j]),
            upper=float(diagnosis.upper[student_index, j]),
            evidence=int(diagnosis.evidence[student_index, j]),
            status=str(diagnosis.status[student_index, j]),
            expected_gain=float(gain[j]),
            weak_prerequisites=weak_pre,
            unlocks=unlocks,
            unchecked_prerequisites=unchecked,
            reason=Text("", ""),
        )
        steps.append(_with_reason(step, threshold, gain_known))
    return steps


def _names(points: Sequence[str], lang: str, most: int = 3) -> str:
    shown, rest = points[:most], len(points) - most
    if lang == "zh":
        return "、".join(f"“{p}”" for p in shown) + (f"等 {len(points)} 个知识点" if rest > 0 else "")
    return ", ".join(f"'{p}'" for p in shown) + (f" and {rest} more" if rest > 0 else "")


def _with_reason(step: PathStep, threshold: float, gain_known: bool) -> PathStep:
    zh = [
        f"掌握度 {shown(step.mastery, threshold)}（可能在 {step.lower:.2f}–{step.upper:.2f} 之间，依据 {step.evidence} 道题），"
        f"低于阈值 {threshold:.2f}。"
    ]
    en = [
        f"Mastery {shown(step.mastery, threshold)} (likely {step.lower:.2f}–{step.upper:.2f}, from {step.evidence} "
        f"question{'s' if step.evidence != 1 else ''}), below the threshold {threshold:.2f}."
    ]
    if step.weak_prerequisites:
        zh.append(f"它依赖的{_names(step.weak_prerequisites, 'zh')}也薄弱，已排在前面。")
        en.append(f"It builds on {_names(step.weak_prerequisites, 'en')}, also weak, so those come first.")
    if step.unlocks:
        zh.append(f"它是{_names(step.unlocks, 'zh')}的前置知识，先练它。")
        en.append(f"It is a prerequisite of {_names(step.unlocks, 'en')}, so it comes earlier.")
    if step.unchecked_prerequisites:
        zh.append(f"前置知识{_names(step.unchecked_prerequisites, 'zh')}证据不足或未考查，请留意。")
        en.append(
            f"Prerequisite {_names(step.unchecked_prerequisites, 'en')} has too little evidence "
            "or was not tested; keep an eye on it."
        )
    if gain_known and step.expected_gain > 0:
        zh.append(f"练好它预计可多得约 {step.expected_gain:.0%} 的总分。")
        en.append(f"Mastering it may win about {step.expected_gain:.0%} of the total score.")
    return PathStep(**{**step.__dict__, "reason": Text("".join(zh), " ".join(en))})
