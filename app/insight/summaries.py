"""Class and student read-outs computed from a score matrix and a diagnosis (no Qt, no torch).

What the class and student views and the reports show besides the raw mastery table:
per-knowledge-point class summaries, item analysis as exam platforms define it, and how the
class moved between assessments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Status

Z95 = 1.959964


@dataclass(frozen=True)
class KnowledgePointSummary:
    """One knowledge point across the class."""

    knowledge_point: str
    mean_mastery: float  # mean over students with enough evidence; NaN if none
    lower: float  # 95 % interval of that class mean
    upper: float
    share_weak: float  # share of students with enough evidence whose status is "weak"
    students_assessed: int  # students with enough evidence
    students_insufficient: int


@dataclass(frozen=True)
class ItemStats:
    """Item analysis for one question, as 得分率 / 区分度 are usually defined."""

    item_id: str
    assessment: str
    max_score: float
    score_rate: float  # mean earned fraction of max score over students who sat it
    discrimination: float  # upper-lower 27 % index: rate(top group) - rate(bottom group); NaN if too few
    answered: int
    knowledge_points: tuple[str, ...]
    answer_key: str | None = None  # choice questions: the right letters
    options: tuple[tuple[str, int], ...] = ()  # choice questions: (letters chosen, how many), most chosen first


def option_counts(matrix: ScoreMatrix, item: int) -> tuple[tuple[str, int], ...]:
    """How many students chose each answer of choice question `item`, most chosen first (ties by letters)."""
    if matrix.answers is None:
        return ()
    chosen = Counter(a for a in matrix.answers[:, item] if a)
    return tuple(sorted(chosen.items(), key=lambda pair: (-pair[1], pair[0])))


def knowledge_point_summary(diagnosis: Diagnosis) -> list[KnowledgePointSummary]:
    """Per knowledge point: class mean mastery with a 95 % interval, and the share of weak students.

    Students whose status is "insufficient" are left out of the mean and the share (and counted
    apart). The interval of the mean combines the spread between students with each student's
    own uncertainty (interval width read as ±1.96 sd).
    """
    out = []
    for k, kp in enumerate(diagnosis.knowledge_points):
        status = diagnosis.status[:, k]
        ok = status != Status.INSUFFICIENT
        n = int(ok.sum())
        if n == 0:
            out.append(
                KnowledgePointSummary(kp, float("nan"), float("nan"), float("nan"), float("nan"), 0, len(status))
            )
            continue
        m = diagnosis.mastery[ok, k].astype(float)
        sd_own = (diagnosis.upper[ok, k] - diagnosis.lower[ok, k]) / (2 * Z95)
        between = m.var(ddof=1) if n > 1 else 0.0
        se = float(np.sqrt(between / n + np.mean(sd_own**2) / n))
        mean = float(m.mean())
        out.append(
            KnowledgePointSummary(
                knowledge_point=kp,
                mean_mastery=mean,
                lower=max(0.0, mean - Z95 * se),
                upper=min(1.0, mean + Z95 * se),
                share_weak=float(np.mean(status[ok] == Status.WEAK)),
                students_assessed=n,
                students_insufficient=int(len(status) - n),
            )
        )
    return out


def item_knowledge_points(matrix: ScoreMatrix, item: int) -> tuple[str, ...]:
    """The knowledge points question `item` tests, from the Q-matrix."""
    return tuple(kp for kp, on in zip(matrix.knowledge_points, matrix.q_matrix[item]) if on)


def item_analysis(matrix: ScoreMatrix, group_share: float = 0.27) -> list[ItemStats]:
    """Score rate and discrimination of every question.

    Discrimination is the classic upper-lower index: students who sat the question's assessment
    are ranked by their score rate on that assessment; the index is the question's score rate
    in the top `group_share` minus that in the bottom `group_share` (range -1 to 1; below 0.2
    the question separates strong from weak students poorly).
    """
    fractions = matrix.fractions
    observed = matrix.observed
    stats = []
    for a_index, assessment in enumerate(matrix.assessments):
        cols = np.flatnonzero(matrix.item_assessment == a_index)
        if cols.size == 0:
            continue
        sub_points = np.where(observed[:, cols], matrix.points[:, cols], 0.0)
        sub_max = np.where(observed[:, cols], matrix.max_scores[cols][None, :], 0.0)
        took = sub_max.sum(axis=1) > 0
        total_rate = np.divide(sub_points.sum(axis=1), sub_max.sum(axis=1), out=np.zeros(len(took)), where=took)
        for i in cols:
            seen = observed[:, i]
            answered = int(seen.sum())
            rate = float(np.nanmean(fractions[seen, i])) if answered else float("nan")
            disc = float("nan")
            candidates = np.flatnonzero(seen & took)
            g = round(len(candidates) * group_share)
            if g >= 2:
                order = candidates[np.argsort(total_rate[candidates], kind="stable")]
                low, high = order[:g], order[-g:]
                disc = float(fractions[high, i].mean() - fractions[low, i].mean())
            stats.append(
                ItemStats(
                    item_id=matrix.item_ids[i],
                    assessment=assessment,
                    max_score=float(matrix.max_scores[i]),
                    score_rate=rate,
                    discrimination=disc,
                    answered=answered,
                    knowledge_points=item_knowledge_points(matrix, int(i)),
                    answer_key=matrix.answer_keys[i] if matrix.answer_keys else None,
                    options=option_counts(matrix, int(i)),
                )
            )
    return stats


def knowledge_point_score_rates(matrix: ScoreMatrix) -> np.ndarray:
    """(assessments, knowledge points) class score rate; NaN where an assessment does not test a point.

    Each question counts for every point it tests, weighted by its max score.
    """
    out = np.full((len(matrix.assessments), len(matrix.knowledge_points)), np.nan)
    observed = matrix.observed
    for a in range(len(matrix.assessments)):
        cols = matrix.item_assessment == a
        for k in range(len(matrix.knowledge_points)):
            sel = cols & matrix.q_matrix[:, k]
            if not sel.any():
                continue
            earned = np.where(observed[:, sel], matrix.points[:, sel], 0.0).sum()
            possible = np.where(observed[:, sel], matrix.max_scores[sel][None, :], 0.0).sum()
            if possible > 0:
                out[a, k] = earned / possible
    return out


def student_score_rates(matrix: ScoreMatrix, student: int) -> np.ndarray:
    """(assessments, knowledge points) one student's score rate; NaN where nothing was scored."""
    single = ScoreMatrix(
        student_ids=matrix.student_ids[student : student + 1],
        student_names=matrix.student_names[student : student + 1],
        item_ids=matrix.item_ids,
        knowledge_points=matrix.knowledge_points,
        assessments=matrix.assessments,
        item_assessment=matrix.item_assessment,
        points=matrix.points[student : student + 1],
        max_scores=matrix.max_scores,
        q_matrix=matrix.q_matrix,
    )
    return knowledge_point_score_rates(single)
