"""Rasch and 2PL IRT on score fractions, MAP: the well-fitted rivals the engine is checked against.

Each is a Fitter (fit on a train matrix, return expected fractions for (student, item) index pairs), used by the
app's check of the model and by the benchmarks (`app.engine.training.baselines`).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from app.core.logits import sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.task import task_from_matrix


def irt_fit(
    train: ScoreMatrix, two_pl: bool = False, weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ability (S,), difficulty (I,), discrimination (I,)) of MAP Rasch / 2PL on score fractions (fractional
    Bernoulli): ability ~ N(0, 1), difficulty ~ N(0, 2^2), log-discrimination ~ N(0, 0.5^2) (1 for Rasch);
    `weight` (I,) scales each question's scores in the likelihood (default 1)."""
    task = task_from_matrix(train)
    mask = task.mask if weight is None else task.mask * torch.as_tensor(weight, dtype=task.mask.dtype)[None, :]
    if not two_pl:
        theta_r, b_r = _rasch_newton(task.y.double().numpy(), mask.double().numpy())
        return theta_r, b_r, np.ones_like(b_r)
    s, i, _ = task.shape
    theta = torch.zeros(s, requires_grad=True)
    b = torch.zeros(i, requires_grad=True)
    log_a = torch.zeros(i, requires_grad=two_pl)
    opt = torch.optim.LBFGS([theta, b, log_a] if two_pl else [theta, b], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        logits = torch.exp(log_a)[None, :] * (theta[:, None] - b[None, :])
        loss = (F.binary_cross_entropy_with_logits(logits, task.y, reduction="none") * mask).sum()
        loss = loss + 0.5 * (theta**2).sum() + 0.5 * (b**2).sum() / 4.0 + 0.5 * (log_a**2).sum() / 0.25
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return theta.numpy().astype(float), b.numpy().astype(float), torch.exp(log_a).numpy().astype(float)


def _rasch_newton(y: np.ndarray, mask: np.ndarray, steps: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """MAP Rasch by alternating Newton steps on the abilities and the difficulties (the objective is strictly
    convex, so the blocks converge to its one optimum). Not torch.optim: its optimisers import torch._dynamo,
    which the packaged app leaves out, and the app's check of the model fits this rival."""
    theta, b = np.zeros(y.shape[0]), np.zeros(y.shape[1])
    for _ in range(steps):
        p = sigmoid(theta[:, None] - b[None, :])
        step_theta = ((mask * (p - y)).sum(axis=1) + theta) / ((mask * p * (1 - p)).sum(axis=1) + 1.0)
        theta -= step_theta
        p = sigmoid(theta[:, None] - b[None, :])
        step_b = ((mask * (y - p)).sum(axis=0) + b / 4.0) / ((mask * p * (1 - p)).sum(axis=0) + 0.25)
        b -= step_b
        if max(np.abs(step_theta).max(initial=0.0), np.abs(step_b).max(initial=0.0)) < 1e-9:
            break
    return theta, b


def irt_expected(
    train: ScoreMatrix, students: np.ndarray, items: np.ndarray, two_pl: bool, weight: np.ndarray | None = None
) -> np.ndarray:
    """Expected fractions of the (student, item) pairs under `irt_fit`."""
    theta, b, a = irt_fit(train, two_pl, weight)
    logits = a[items] * (theta[students] - b[items])
    return sigmoid(logits)


def rasch(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Partial-credit Rasch model (fractional Bernoulli), MAP."""
    return irt_expected(train, students, items, two_pl=False)


def irt_2pl(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Partial-credit 2PL model (fractional Bernoulli), MAP with log-discrimination ~ N(0, 0.5^2)."""
    return irt_expected(train, students, items, two_pl=True)
