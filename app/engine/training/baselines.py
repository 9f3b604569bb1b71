"""Baselines sharing the evaluation code: score rates, the model from scratch, Rasch and 2PL IRT.

Each is a Fitter (fit on a train matrix, return expected fractions for index pairs); BASELINES
holds them as Predictors fitted on the class stacked over the other classes of its grade.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import Adaptation, predict
from app.engine.evaluate import Predictor, item_mean, kp_score_rate, pooled
from app.engine.prior import Prior
from app.engine.task import task_from_matrix


def scratch(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """The same model fitted from scratch: untrained prior (weak regulariser), Adam until converged (at most 500 steps)."""
    return predict(train, students, items, device="cpu", prior=Prior.default(), adaptation=Adaptation("adam", 500))


def _irt(
    train: ScoreMatrix, students: np.ndarray, items: np.ndarray, two_pl: bool, weight: np.ndarray | None = None
) -> np.ndarray:
    """MAP Rasch / 2PL on score fractions (fractional Bernoulli): ability ~ N(0, 1), difficulty ~ N(0, 2^2);
    `weight` (I,) scales each question's scores in the likelihood (default 1)."""
    task = task_from_matrix(train)
    mask = task.mask if weight is None else task.mask * torch.as_tensor(weight, dtype=task.mask.dtype)[None, :]
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
        p = torch.sigmoid(torch.exp(log_a)[items] * (theta[students] - b[items]))
    return p.numpy().astype(float)


def rasch(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Partial-credit Rasch model (fractional Bernoulli), MAP."""
    return _irt(train, students, items, two_pl=False)


RECENCY_HALF_LIFE = 1.0
"""Exams after which a score of the term weighs half as much in the recency-weighted Rasch baseline."""


def rasch_recency(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Rasch (MAP) with each exam's scores weighted 2^-(exams after it until the latest)/RECENCY_HALF_LIFE."""
    behind = train.item_assessment.max(initial=0) - train.item_assessment
    return _irt(train, students, items, two_pl=False, weight=0.5 ** (behind / RECENCY_HALF_LIFE))


def irt_2pl(train: ScoreMatrix, students: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Partial-credit 2PL model (fractional Bernoulli), MAP with log-discrimination ~ N(0, 0.5^2)."""
    return _irt(train, students, items, two_pl=True)


BASELINES: dict[str, Predictor] = {
    "scratch": pooled(scratch),
    "kp_score_rate": pooled(kp_score_rate),
    "item_mean": pooled(item_mean),
    "rasch": pooled(rasch),
    "2pl": pooled(irt_2pl),
}
"""Baselines by name, in the order the benchmark reports them, each fitted on the pooled grade."""
