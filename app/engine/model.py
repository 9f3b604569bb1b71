"""The diagnosis model: Q-constrained, monotone, with partial credit as a fractional Bernoulli.

For student s of class c(s), knowledge point k and question i:

    l_s   = u_c(s) + g_s                         overall ability logit (class level + own deviation)
    z_sk  = l_s + c_k + d_sk                     mastery logit (+ the point's level + the student's KP deviation)
    mastery_sk = sigmoid(z_sk)                   expected score fraction on an average question of k
    m_si  = sum_k w_ik z_sk                      w_ik = softmax of w_raw over the KPs that i tests
    p_si  = guess_i + (1 - guess_i - slip_i) * sigmoid(a_i * (m_si - b_i))

a_i = softplus(.) > 0, w_ik >= 0 and guess_i + slip_i < 1, so p never decreases when any
mastery rises. A question tagged with no knowledge point reads the student's overall logit l_s.
A task is one class (one class level u) or a grade of classes stacked (one u per class, the
question and knowledge-point parameters shared). Every function also takes a batch of padded
tasks with a leading dimension: padded students, questions and points carry no mask, no class
membership and no Q-matrix entry.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from app.engine.task import TaskTensors

Params = dict[str, torch.Tensor]

GROUPS = ("g", "d", "u", "c", "b", "a", "w", "guess", "slip")
"""Parameter groups; each gets its own prior strength and Meta-SGD step size."""

FLOOR_MAX = 0.35
"""Upper bound of the guess floor and of the slip (1 - ceiling) of a question."""

EPS = 1e-6


def _col(x: torch.Tensor) -> torch.Tensor:
    return x.unsqueeze(-1)


def _row(x: torch.Tensor) -> torch.Tensor:
    return x.unsqueeze(-2)


def student_level(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S,) overall ability logit l = u_class + g of every student."""
    return (task.member @ _col(params["u"])).squeeze(-1) + params["g"]


def mastery_logits(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, K) mastery logits z = l + c + d."""
    return _col(student_level(params, task)) + _row(params["c"]) + params["d"]


def kp_weights(params: Params, q: torch.Tensor) -> torch.Tensor:
    """(I, K) non-negative weights of each question's knowledge points, rows summing to 1 (or 0 if untagged).

    A softmax over the tested points only: the maximum is taken over them (no underflow from a large
    weight on a point the question does not test) and untested points get exactly 0.
    """
    tested = q > 0
    w = params["w"]
    top = w.detach().masked_fill(~tested, float("-inf")).amax(dim=-1, keepdim=True)
    top = torch.where(torch.isfinite(top), top, torch.zeros_like(top))
    zero = torch.zeros_like(w)
    e = torch.where(tested, torch.exp(torch.where(tested, w - top, zero)), zero)
    return e / e.sum(dim=-1, keepdim=True).clamp_min(1e-12)


def item_link(params: Params) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-question discrimination a > 0, guess floor and slip, each (I,)."""
    a = F.softplus(params["a"])
    guess = FLOOR_MAX * torch.sigmoid(params["guess"])
    slip = FLOOR_MAX * torch.sigmoid(params["slip"])
    return a, guess, slip


def link_factors(
    z: torch.Tensor, level: torch.Tensor, w: torch.Tensor, a: torch.Tensor, b: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """(left (S, K+2), right (I, K+2)) whose product is the linear predictor a_i * (m_si - b_i):
    [z, l, 1] against [a w, a (1 - sum_k w), -a b]."""
    untagged = 1.0 - w.sum(dim=-1)
    left = torch.cat([z, _col(level), torch.ones_like(_col(level))], dim=-1)
    right = torch.cat([w * _col(a), _col(untagged * a), _col(-a * b)], dim=-1)
    return left, right


def link(z: torch.Tensor, level: torch.Tensor, w: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """(S, I) a_i * (m_si - b_i) from mastery logits z (S, K), overall logits l (S,) and weights w (I, K)."""
    left, right = link_factors(z, level, w, a, b)
    return left @ right.transpose(-1, -2)


def score_curve(eta: torch.Tensor, guess: torch.Tensor, slip: torch.Tensor) -> torch.Tensor:
    """(S, I) expected score fraction from the linear predictor, between the guess floor and 1 - slip."""
    return torch.addcmul(_row(guess), _row(1.0 - guess - slip), torch.sigmoid(eta))


def factors(params: Params, task: TaskTensors) -> tuple[torch.Tensor, torch.Tensor]:
    """The link factors (left (S, K+2), right (I, K+2)) of a task's parameters."""
    a, _, _ = item_link(params)
    level = student_level(params, task)
    z = _col(level) + _row(params["c"]) + params["d"]
    return link_factors(z, level, kp_weights(params, task.q), a, params["b"])


def linear_predictor(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) a_i * (m_si - b_i), the logit before the guess floor and slip ceiling."""
    left, right = factors(params, task)
    return left @ right.transpose(-1, -2)


def pair_fraction(params: Params, task: TaskTensors, students: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
    """(N,) expected score fractions of the (student, item) pairs only, of one (unbatched) task."""
    left, right = factors(params, task)
    _, guess, slip = item_link(params)
    eta = (left[students] * right[items]).sum(dim=-1)
    return guess[items] + (1.0 - guess - slip)[items] * torch.sigmoid(eta)


def expected_fraction(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) expected score fraction of every student on every question."""
    _, guess, slip = item_link(params)
    return score_curve(linear_predictor(params, task), guess, slip)


def log_likelihood(params: Params, task: TaskTensors, mask: torch.Tensor | None = None) -> torch.Tensor:
    """(S, I) fractional-Bernoulli log likelihood of every score where `mask` (default: observed) is 1, else 0.

    A score of 3/5 contributes 0.6 log p + 0.4 log(1 - p): partial credit is kept, not rounded,
    and each scored question is one unit of evidence whatever its max score.
    """
    p = expected_fraction(params, task).clamp(EPS, 1.0 - EPS)
    miss = torch.log1p(-p)
    return torch.addcmul(miss, task.y, torch.log(p) - miss) * (task.mask if mask is None else mask)


def nll(params: Params, task: TaskTensors, mask: torch.Tensor | None = None) -> torch.Tensor:
    """Summed negative log likelihood of the scores where `mask` (default: observed) is 1."""
    return -log_likelihood(params, task, mask).sum()


def evidence_counts(task: TaskTensors) -> dict[str, torch.Tensor]:
    """Observed scores that inform each parameter, shaped like the parameter (for step normalisation)."""
    per_student = task.mask.sum(dim=-1)
    per_item = task.mask.sum(dim=-2)
    per_cell = task.mask @ task.q
    return {
        "g": per_student,
        "d": per_cell,
        "u": (task.member.transpose(-1, -2) @ _col(per_student)).squeeze(-1),
        "c": per_cell.sum(dim=-2),
        "b": per_item,
        "a": per_item,
        "w": _col(per_item).expand(task.q.shape),
        "guess": per_item,
        "slip": per_item,
    }


def information(eta: torch.Tensor, guess: torch.Tensor, slip: torch.Tensor) -> torch.Tensor:
    """(S, I) Fisher information of one score about the linear predictor: (dp/deta)^2 / (p (1 - p))."""
    s = torch.sigmoid(eta)
    p = (_row(guess) + _row(1.0 - guess - slip) * s).clamp(EPS, 1.0 - EPS)
    dp = _row(1.0 - guess - slip) * s * (1.0 - s)
    return dp * dp / (p * (1.0 - p))


def eta_information(params: Params, task: TaskTensors) -> torch.Tensor:
    """(S, I) Fisher information of one score about the linear predictor at the task's parameters."""
    _, guess, slip = item_link(params)
    return information(linear_predictor(params, task), guess, slip)
