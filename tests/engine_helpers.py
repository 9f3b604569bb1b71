"""Small hand-made classes shared by the engine tests."""

from __future__ import annotations

import numpy as np

from app.core.score_matrix import ScoreMatrix


def small_matrix(seed: int = 0, students: int = 12, items: int = 10, kps: int = 3) -> ScoreMatrix:
    """A random class with partial credit and a few missing scores; every question tests 1-2 KPs."""
    rng = np.random.default_rng(seed)
    q = np.zeros((items, kps), dtype=bool)
    q[np.arange(items), np.arange(items) % kps] = True
    q[rng.random((items, kps)) < 0.2] = True
    max_scores = rng.choice([1.0, 2.0, 5.0], size=items)
    points = np.floor(rng.random((students, items)) * (max_scores + 1))
    points[rng.random((students, items)) < 0.1] = np.nan
    return ScoreMatrix(
        student_ids=tuple(f"s{j}" for j in range(students)),
        student_names=(None,) * students,
        item_ids=tuple(f"Q{j}" for j in range(items)),
        knowledge_points=tuple(f"K{j}" for j in range(kps)),
        assessments=("exam",),
        item_assessment=np.zeros(items, dtype=int),
        points=points,
        max_scores=max_scores,
        q_matrix=q,
    )
