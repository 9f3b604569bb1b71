"""A diagnosis as plain arrays: what the engine returns and the store keeps (no torch, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Diagnosis:
    """Mastery per student × knowledge point with its uncertainty and evidence, plus item parameters.

    `status` holds one of STATUSES per cell: a knowledge point with too little evidence for a
    student is "insufficient", never "weak" or "strong".
    """

    student_ids: tuple[str, ...]
    knowledge_points: tuple[str, ...]
    item_ids: tuple[str, ...]
    mastery: np.ndarray  # (S, K) in (0, 1)
    lower: np.ndarray  # (S, K) lower end of the interval
    upper: np.ndarray  # (S, K) upper end of the interval
    evidence: np.ndarray  # (S, K) number of scored questions that test the point
    status: np.ndarray  # (S, K) str, one of STATUSES
    item_params: dict[str, np.ndarray]  # name -> (I,), e.g. "difficulty", "discrimination"
    model_version: str
    device: str
    settings: dict[str, object] = field(default_factory=dict)
    fit: dict[str, float] = field(default_factory=dict)  # e.g. support log loss, RMSE
    seconds: float = 0.0


STATUSES = ("weak", "developing", "mastered", "insufficient")
