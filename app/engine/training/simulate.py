"""A simulator of classes with known mastery: DINA, G-DINA-like and multidimensional IRT generators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Thresholds
from app.core.score_matrix import ScoreMatrix

GENERATORS = ("dina", "gdina", "mirt")
_MAX_SCORES = np.array([2, 3, 4, 5, 6, 8, 10])


@dataclass(frozen=True)
class SimulatedClass:
    """A simulated gradebook with the true mastery it was generated from."""

    matrix: ScoreMatrix
    mastery: np.ndarray  # (S, K) true mastery: 0/1 for DINA-type generators, sigmoid(z) for MIRT
    weak: np.ndarray  # (S, K) bool, truly weak
    generator: str


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _q_matrix(rng: np.random.Generator, items: int, kps: int) -> np.ndarray:
    q = np.zeros((items, kps), dtype=bool)
    for i in range(items):
        width = min(kps, rng.choice([1, 2, 3], p=[0.55, 0.3, 0.15]))
        q[i, rng.choice(kps, size=width, replace=False)] = True
    single = rng.permutation(items)[:kps]  # every KP gets at least one single-KP question
    q[single, :] = False
    q[single, np.arange(kps)] = True
    return q


def _missing(rng: np.random.Generator, students: int, items: int) -> tuple[np.ndarray, np.ndarray]:
    """Observed mask and item → assessment index: absences per assessment, booklets, stray blanks."""
    n_assess = 1 if rng.random() < 0.5 else int(rng.integers(2, 4))
    item_assessment = np.sort(rng.integers(0, n_assess, size=items))
    observed = np.ones((students, items), dtype=bool)
    absent = rng.random((students, n_assess)) < rng.uniform(0.0, 0.08)
    observed &= ~absent[:, item_assessment]
    if rng.random() < 0.2 and items >= 16:
        anchor = rng.random(items) < 0.2
        blocks = rng.integers(0, int(rng.integers(2, 5)), size=items)
        booklet = rng.integers(0, blocks.max() + 1, size=students)
        observed &= anchor[None, :] | (blocks[None, :] == booklet[:, None])
    observed &= rng.random((students, items)) >= rng.uniform(0.0, 0.05)
    return observed, item_assessment


def simulate_class(rng: np.random.Generator, generator: str | None = None) -> SimulatedClass:
    """One class: 15-60 students, 8-60 questions, 3-20 KPs, 1-3 KPs per question, partial credit, gaps."""
    generator = generator or str(rng.choice(GENERATORS))
    s = int(rng.integers(15, 61))
    i = int(rng.integers(8, 61))
    k = min(int(rng.integers(3, 21)), i)
    q = _q_matrix(rng, i, k)
    z = (
        rng.normal(rng.normal(0.4, 0.5), 0.5, size=k)[None, :]
        + rng.normal(0.0, rng.uniform(0.5, 1.5), size=s)[:, None]
        + rng.normal(0.0, rng.uniform(0.2, 1.0), size=(s, k))
    )
    max_scores = np.where(rng.random(i) < 0.6, 1, rng.choice(_MAX_SCORES, size=i)).astype(float)
    if generator == "mirt":
        w = rng.dirichlet(np.full(k, 2.0), size=i) * q
        w /= w.sum(axis=1, keepdims=True)
        a = rng.lognormal(0.0, 0.3, size=i)
        b = rng.normal(0.0, 0.8, size=i)
        guess = np.where(max_scores == 1, rng.uniform(0.0, 0.2, size=i), rng.uniform(0.0, 0.05, size=i))
        slip = rng.uniform(0.0, 0.1, size=i)
        p = guess + (1 - guess - slip) * _sigmoid(a * (z @ w.T - b))
        mastery = _sigmoid(z)
        weak = mastery < Thresholds().weak_below
    else:
        alpha = (z + rng.normal(0.0, 0.3, size=z.shape)) > 0.0
        guess = rng.uniform(0.05, 0.3, size=i)
        slip = rng.uniform(0.05, 0.25, size=i)
        share = (alpha.astype(float) @ q.T) / q.sum(axis=1)
        if generator == "dina":
            p = np.where(share >= 1.0, 1 - slip, guess)
        else:
            p = guess + (1 - guess - slip) * share ** rng.uniform(0.5, 3.0, size=i)
        mastery = alpha.astype(float)
        weak = ~alpha
    all_or_nothing = rng.random(i) < 0.3
    per_point = rng.beta(p * 5 + 1e-3, (1 - p) * 5 + 1e-3)
    points = np.where(
        all_or_nothing[None, :] | (max_scores[None, :] == 1),
        max_scores[None, :] * (rng.random((s, i)) < p),
        rng.binomial(max_scores.astype(int)[None, :], per_point),
    ).astype(float)
    observed, item_assessment = _missing(rng, s, i)
    points[~observed] = np.nan
    n_assess = int(item_assessment.max()) + 1
    matrix = ScoreMatrix(
        student_ids=tuple(f"S{j + 1:02d}" for j in range(s)),
        student_names=(None,) * s,
        item_ids=tuple(f"Q{j + 1}" for j in range(i)),
        knowledge_points=tuple(f"K{j + 1}" for j in range(k)),
        assessments=tuple(f"A{j + 1}" for j in range(n_assess)),
        item_assessment=item_assessment,
        points=points,
        max_scores=max_scores,
        q_matrix=q,
    )
    return SimulatedClass(matrix=matrix, mastery=mastery, weak=weak, generator=generator)
