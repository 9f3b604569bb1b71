"""The parametric bootstrap from the engine's own fit of a real class, and the error ratios of a diagnosis' 90 %
intervals: what `train.calibrate_intervals` sets the interval scale on and `benchmarks/intervals.py` judges with.

A class is diagnosed; each judged cell's true logit is drawn from that fit's Laplace posterior (its mastery logit
plus normal noise of the unscaled Laplace sd, cells independently), or is the fit's mastery itself without
`draw`; every observed score is simulated from the expected fractions under that truth (Bernoulli for 1-point
questions, binomial on the question's points otherwise; the real gaps kept); the simulated class is diagnosed
again and its intervals must cover the truth.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.logits import logit, sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose, expected_scores
from app.engine.prior import Prior

EPS = 1e-4
"""Truths and masteries are clipped to [EPS, 1 - EPS] before the logit."""


def bare_sd(d: Diagnosis) -> np.ndarray:
    """(S, K) the unscaled Laplace standard deviation of each cell's mastery logit, read back from its interval."""
    scale = float(d.settings["interval_scale"])  # type: ignore[arg-type]
    z_level = NormalDist().inv_cdf(0.5 + Thresholds().interval_level / 2)
    out: np.ndarray = (logit(d.upper, EPS) - logit(d.lower, EPS)) / (2 * z_level * scale)
    return out


def bootstrap_class(
    matrix: ScoreMatrix,
    rng: np.random.Generator,
    draw: bool = True,
    peers: Sequence[ScoreMatrix] = (),
    prior: Prior | None = None,
) -> tuple[ScoreMatrix, np.ndarray]:
    """A class simulated from the engine's fit of the real `matrix` (within its real `peers`) and the (S, K) true
    mastery it was simulated from: a draw from that fit's Laplace posterior, or with `draw=False` the fit's own
    (shrunk) mastery."""
    first = diagnose(matrix, device="cpu", peers=peers, prior=prior)
    if draw:
        z = logit(first.mastery, EPS) + rng.normal(0, 1, first.mastery.shape) * bare_sd(first)
        first = dataclasses.replace(first, mastery=sigmoid(z))
    p = expected_scores(first)
    assert p is not None  # a fresh diagnosis always carries its parameters
    full = matrix.max_scores.astype(int)
    drawn = rng.binomial(np.broadcast_to(full, p.shape), np.clip(p, 0, 1)).astype(float)
    points = np.where(matrix.observed, drawn, np.nan)
    return dataclasses.replace(matrix, points=points), np.asarray(first.mastery, float)


def judged_cells(d: Diagnosis) -> np.ndarray:
    """(S, K) bool: the cells whose intervals are judged, those with evidence (as the app shows them)."""
    out: np.ndarray = d.evidence >= Thresholds().min_evidence
    return out


def error_ratios(d: Diagnosis, truth: np.ndarray) -> np.ndarray:
    """(S, K) |logit truth - mastery logit| over the bare (unscaled) Laplace half-width of each cell: the cell is
    covered by the interval with scale c exactly when its ratio is at most c."""
    z_level = NormalDist().inv_cdf(0.5 + Thresholds().interval_level / 2)
    out: np.ndarray = np.abs(logit(truth, EPS) - logit(d.mastery, EPS)) / np.maximum(z_level * bare_sd(d), 1e-9)
    return out
