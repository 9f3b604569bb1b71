"""One class's scores as arrays: what the diagnosis engine reads (no torch, no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ScoreMatrix:
    """Students × items points with the Q-matrix; NaN marks a missing score.

    Items of several assessments sit side by side; `item_assessment[i]` indexes
    `assessments`, and `item_ids` are unique within the matrix. Choice questions carry their key
    and the letters chosen (for the wrong-option counts of item analysis); the engine ignores them.
    """

    student_ids: tuple[str, ...]
    student_names: tuple[str | None, ...]
    item_ids: tuple[str, ...]
    knowledge_points: tuple[str, ...]
    assessments: tuple[str, ...]
    item_assessment: np.ndarray  # (I,) int
    points: np.ndarray  # (S, I) float, NaN = missing
    max_scores: np.ndarray  # (I,) float > 0
    q_matrix: np.ndarray  # (I, K) bool
    answer_keys: tuple[str | None, ...] = ()  # (I,) choice questions' right letters; () when not loaded
    answers: np.ndarray | None = None  # (S, I) object: the letters each student chose, None elsewhere

    def __post_init__(self) -> None:
        s, i = self.points.shape
        k = len(self.knowledge_points)
        if len(self.student_ids) != s or len(self.student_names) != s:
            raise ValueError(f"{len(self.student_ids)} student ids for {s} score rows")
        if len(self.item_ids) != i or self.max_scores.shape != (i,) or self.item_assessment.shape != (i,):
            raise ValueError(f"item metadata does not match {i} score columns")
        if self.q_matrix.shape != (i, k):
            raise ValueError(f"Q-matrix shape {self.q_matrix.shape} is not ({i}, {k})")

    @property
    def fractions(self) -> np.ndarray:
        """Score as a fraction of the item's max score, in [0, 1], NaN = missing."""
        fractions: np.ndarray = self.points / self.max_scores[None, :]
        return fractions

    @property
    def observed(self) -> np.ndarray:
        """(S, I) bool: where a score exists."""
        observed: np.ndarray = ~np.isnan(self.points)
        return observed
