"""The 讲评 list: the questions to go over in class first, with the wrong options chosen and by whom.

A question comes first when many lost its marks, when it separates students well (so the lost
marks say something) and when it tests points many students are weak on:

    priority = (1 − score rate) × (1 + max(discrimination, 0)) × (1 + share of students weak on its points)

Choice questions list each wrong answer with the students who gave it, most chosen first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Status
from app.insight.summaries import item_analysis


@dataclass(frozen=True)
class WrongOption:
    """One wrong answer of a choice question and who gave it."""

    answer: str
    students: tuple[str, ...]  # student ids, in class order


@dataclass(frozen=True)
class ReviewItem:
    """A question on the 讲评 list."""

    item_id: str
    assessment: str
    knowledge_points: tuple[str, ...]
    score_rate: float
    discrimination: float
    weak_share: float  # share of judged students weak on at least one of its points
    priority: float
    answer_key: str | None
    wrong_options: tuple[WrongOption, ...]
    lost_marks: tuple[str, ...]  # students who did not score full marks on it (non-choice questions)


def review_list(matrix: ScoreMatrix, diagnosis: Diagnosis, top: int = 10) -> list[ReviewItem]:
    """The `top` questions to go over first, highest priority first (questions nobody sat are left out)."""
    weak = np.asarray(diagnosis.status) == Status.WEAK
    judged = np.asarray(diagnosis.status) != Status.INSUFFICIENT
    kp_col = {kp: k for k, kp in enumerate(diagnosis.knowledge_points)}
    row = {sid: s for s, sid in enumerate(diagnosis.student_ids)}
    items = []
    for i, stats in enumerate(item_analysis(matrix)):
        if stats.answered == 0 or math.isnan(stats.score_rate):
            continue
        cols = [kp_col[k] for k in stats.knowledge_points if k in kp_col]
        rows = [row[s] for s in matrix.student_ids if s in row]
        weak_share = 0.0
        if cols and rows:
            seen = judged[np.ix_(rows, cols)].any(axis=1)
            weak_share = float(weak[np.ix_(rows, cols)].any(axis=1)[seen].mean()) if seen.any() else 0.0
        disc = 0.0 if math.isnan(stats.discrimination) else max(stats.discrimination, 0.0)
        priority = (1.0 - stats.score_rate) * (1.0 + disc) * (1.0 + weak_share)
        items.append(
            ReviewItem(
                stats.item_id,
                stats.assessment,
                stats.knowledge_points,
                stats.score_rate,
                stats.discrimination,
                weak_share,
                priority,
                stats.answer_key,
                _wrong_options(matrix, i, stats.answer_key),
                () if stats.answer_key else _lost_marks(matrix, i),
            )
        )
    return sorted(items, key=lambda r: (-r.priority, r.item_id))[:top]


def _wrong_options(matrix: ScoreMatrix, item: int, key: str | None) -> tuple[WrongOption, ...]:
    if not key or matrix.answers is None:
        return ()
    by_answer: dict[str, list[str]] = {}
    for sid, answer in zip(matrix.student_ids, matrix.answers[:, item]):
        if answer and answer != key:
            by_answer.setdefault(str(answer), []).append(sid)
    ordered = sorted(by_answer.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    return tuple(WrongOption(answer, tuple(students)) for answer, students in ordered)


def _lost_marks(matrix: ScoreMatrix, item: int) -> tuple[str, ...]:
    points = matrix.points[:, item]
    lost = ~np.isnan(points) & (points < matrix.max_scores[item] - 1e-9)
    return tuple(sid for sid, flag in zip(matrix.student_ids, lost) if flag)
