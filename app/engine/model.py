"""The diagnosis model: Q-constrained, monotone, with partial credit as a fractional Bernoulli.

For student s, knowledge point k and question i:

    z_sk  = c_k + g_s + d_sk                     mastery logit (class level + ability + KP deviation)
    mastery_sk = sigmoid(z_sk)                   expected score fraction on an average question of k
    m_si  = sum_k w_ik z_sk                      w_ik = softmax of w_raw over the KPs that i tests
    p_si  = guess_i + (1 - guess_i - slip_i) * sigmoid(a_i * (m_si - b_i))

a_i = softplus(.) > 0, w_ik >= 0 and guess_i + slip_i < 1, so p never decreases when any
mastery rises. A question tagged with no knowledge point reads the student's ability g_s.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from app.engine.task import TaskTensors

Params = dict[str, torch.Tensor]

GROUPS = ("g", "d", "c", "b", "a", "w", "guess", "slip")
"""Parameter groups; each gets its own prior strength and Meta-SGD step size."""

FLOOR_MAX = 0.35
"""Upper bound of the guess floor and of the slip (1 - ceiling) of a question."""

EPS = 1e-6


def mastery_logits(params: Params) -> torch.Tensor:
    """(S, K) mastery logits z = c + g + d."""
    return params["c"][None, :] + params["g"][:, None] + params["d"]


def kp_weights(params: Params, q: torch.Tensor) -> torch.Tensor:
    """(I, K) non-negative weights of each question's knowledge points, rows summing to 1 (or 0 if untagged)."""
    w = torch.exp(params["w"] - params["w"].amax(dim=1, keepdim=True).detach()) * q
    return w / w.sum(dim=1, keepdim=True).clamp_min(1e-12)


def item_link(params: Params) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-question discrimination a > 0, guess floor and slip, each (I,)."""
    a = F.softplus(params["a"])
    guess = FLOOR_MAX * torch.sigmoid(params["guess"])
    slip = FLOOR_MAX * torch.sigmoid(params["slip"])
    return a, guess, slip


def link(z: torch.Tensor, g: torch.Tensor, w: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """(S, I) a_i * (m_si - b_i) from mastery logits z (S, K), abilities g (S,) and normalised weights w (I, K)."""
    untagged = 1.0 - w.sum(dim=1)
    m = z @ w.T + untagged[None, :] * g[:, None]
    return a[None, :] * (m - b[None, :])


def score_curve(eta: torch.Tensor, guess: torch.Tensor, slip: torch.Tensor) -> torch.Tensor:
    """(S, I) expected score fraction from the linear predictor, between the guess floor and 1 - slip."""
    return guess[None, :] + (1.0 - guess - slip)[None, :] * torch.sigmoid(eta)


def linear_predictor(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) a_i * (m_si - b_i), the logit before the guess floor and slip ceiling."""
    a, _, _ = item_link(params)
    return link(mastery_logits(params), params["g"], kp_weights(params, task.q), a, params["b"])


def expected_fraction(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) expected score fraction of every student on every question."""
    _, guess, slip = item_link(params)
    return score_curve(linear_predictor(params, task), guess, slip)


def nll(params: Params, task: TaskTensors, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Summed fractional-Bernoulli negative log likelihood of the scores where `mask` (default: observed) is 1.

    A score of 3/5 contributes -(0.6 log p + 0.4 log(1 - p)): partial credit is kept, not rounded,
    and each scored question is one unit of evidence whatever its max score.
    """
    m = task.mask if mask is None else mask
    p = expected_fraction(params, task).clamp(EPS, 1.0 - EPS)
    ll = task.y * torch.log(p) + (1.0 - task.y) * torch.log1p(-p)
    return -(ll * m).sum()


def evidence_counts(task: TaskTensors) -> dict[str, torch.Tensor]:
    """Observed scores that inform each parameter, shaped like the parameter (for step normalisation)."""
    per_student = task.mask.sum(dim=1)
    per_item = task.mask.sum(dim=0)
    per_cell = task.mask @ task.q
    _, i, k = task.shape
    return {
        "g": per_student,
        "d": per_cell,
        "c": per_cell.sum(dim=0),
        "b": per_item,
        "a": per_item,
        "w": per_item[:, None].expand(i, k),
        "guess": per_item,
        "slip": per_item,
    }


def eta_information(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) Fisher information of one score about the linear predictor: (dp/deta)^2 / (p (1 - p))."""
    _, guess, slip = item_link(params)
    s = torch.sigmoid(linear_predictor(params, task))
    p = (guess[None, :] + (1.0 - guess - slip)[None, :] * s).clamp(EPS, 1.0 - EPS)
    dp = (1.0 - guess - slip)[None, :] * s * (1.0 - s)
    return dp * dp / (p * (1.0 - p))
