"""A whole CLI-like process for the speed benchmark: import, build a class, diagnose it once.

.venv/bin/python benchmarks/diagnose_once.py STUDENTS ITEMS
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.logits import sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose


def random_class(students: int, items: int, seed: int = 0, kps: int | None = None) -> ScoreMatrix:
    """A class of random partial-credit scores, 1-2 KPs per question (`kps` points, default items / 6
    between 3 and 20), 5 % missing."""
    rng = np.random.default_rng(seed)
    kps = kps or max(3, min(20, items // 6))
    q = np.zeros((items, kps), dtype=bool)
    q[np.arange(items), rng.integers(0, kps, items)] = True
    q[np.arange(items), rng.integers(0, kps, items)] |= rng.random(items) < 0.3
    max_scores = rng.choice([1.0, 2.0, 4.0, 6.0], size=items)
    ability = rng.normal(size=(students, 1)) - rng.normal(size=(1, items))
    points = rng.binomial(max_scores.astype(int)[None, :], sigmoid(ability)).astype(float)
    points[rng.random(points.shape) < 0.05] = np.nan
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


if __name__ == "__main__":
    diagnosis = diagnose(random_class(int(sys.argv[1]), int(sys.argv[2])), device="cpu")
    print(f"{diagnosis.mastery.shape} in {diagnosis.seconds:.3f} s on {diagnosis.device}")
