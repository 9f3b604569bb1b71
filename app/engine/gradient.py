"""The objective's gradient in closed form, for adapting without a graph (the app's diagnoses and predictions).

The same numbers as autograd (tests/test_engine_model.py checks it) in a handful of passes over
the (S, I) scores instead of autograd's many: the linear predictor is one product of link factors,
so its gradient is two more products. Meta-training, which needs second derivatives, keeps autograd.
"""

from __future__ import annotations

import torch

from app.engine.model import (
    EPS,
    FLOOR_MAX,
    Params,
    item_link,
    kp_weights,
    link_factors,
    student_level,
)
from app.engine.prior import Pull
from app.engine.task import TaskTensors

CHUNK_CELLS = 1 << 19
"""Students x questions handled per pass: a chunk's temporaries stay in the CPU's cache."""


def objective_gradient(params: Params, task: TaskTensors, pull: Pull) -> Params:
    """Gradient of the negative log posterior (fractional-Bernoulli likelihood plus prior) w.r.t. every group."""
    a, guess, slip = item_link(params)
    level = student_level(params, task)
    z = level.unsqueeze(-1) + params["c"].unsqueeze(-2) + params["d"]
    w = kp_weights(params, task.q)
    left, right = link_factors(z, level, w, a, params["b"])
    span = (1.0 - guess - slip).unsqueeze(-2)
    floor, right_t = guess.unsqueeze(-2), right.transpose(-1, -2)
    d_left = torch.empty_like(left)
    d_right = torch.zeros_like(right)
    d_p_sum, d_p_s = torch.zeros_like(guess), torch.zeros_like(guess)
    students, items = task.y.shape[-2], task.y.shape[-1]
    rows = max(1, CHUNK_CELLS // max(items, 1))
    for start in range(0, students, rows):
        part = slice(start, start + rows)
        chunk = left[..., part, :]
        s = (chunk @ right_t).sigmoid_()
        p = torch.addcmul(floor, span, s).clamp_(EPS, 1.0 - EPS)
        d_p = (p - task.y[..., part, :]).mul_(task.mask[..., part, :]).div_(p * (1.0 - p))  # d nll / d p
        d_p_sum += d_p.sum(dim=-2)
        d_p_s += (d_p * s).sum(dim=-2)
        d_eta = d_p.mul_(span).mul_(s).mul_(1.0 - s)
        d_left[..., part, :] = d_eta @ right
        d_right += d_eta.transpose(-1, -2) @ chunk
    k = z.shape[-1]
    d_z = d_left[..., :k]
    d_level = d_left[..., k] + d_z.sum(dim=-1)
    d_w = d_right[..., :k] * a.unsqueeze(-1)  # w.r.t. the normalised weights; softmax backward below
    untagged = 1.0 - w.sum(dim=-1)
    d_a = (d_right[..., :k] * w).sum(dim=-1) + d_right[..., k] * untagged - d_right[..., k + 1] * params["b"]
    grads = {
        "g": d_level,
        "u": (task.member.transpose(-1, -2) @ d_level.unsqueeze(-1)).squeeze(-1),
        "d": d_z,
        "c": d_z.sum(dim=-2),
        "w": w * (d_w - (w * d_w).sum(dim=-1, keepdim=True)),
        "a": d_a * torch.sigmoid(params["a"]),
        "b": -d_right[..., k + 1] * a,
        "guess": (d_p_sum - d_p_s) * guess * (1.0 - guess / FLOOR_MAX),
        "slip": -d_p_s * slip * (1.0 - slip / FLOOR_MAX),
    }
    return {k: g + pull.precision[k] * (params[k] - pull.mean[k]) for k, g in grads.items()}
