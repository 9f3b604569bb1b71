"""adapt(): the one inner loop, used by meta-training, evaluation, the baselines and the app."""

from __future__ import annotations

from typing import Literal

import torch
from torch.func import grad

from app.core.progress import NullProgress, Progress, checkpoint
from app.engine.model import Params, evidence_counts, nll
from app.engine.prior import Prior
from app.engine.task import TaskTensors

Optimizer = Literal["metasgd", "adam"]


def objective(params: Params, task: TaskTensors, prior: Prior) -> torch.Tensor:
    """Negative log posterior of a class's parameters: likelihood of its scores plus the prior."""
    return nll(params, task) + prior.penalty(params)


def _gradient(params: Params, task: TaskTensors, prior: Prior) -> Params:
    """Gradient of the objective w.r.t. the class's parameters.

    With autograd on (meta-training) it is torch.func.grad, differentiable w.r.t. the prior;
    otherwise plain autograd on detached copies gives the same numbers without importing
    torch._dynamo, which torch.func.grad does on first use (1-2 s of every CLI and app start).
    """
    if torch.is_grad_enabled():
        return grad(objective)(params, task, prior)
    leaves = {k: p.detach().requires_grad_() for k, p in params.items()}
    with torch.enable_grad():
        grads = torch.autograd.grad(objective(leaves, task, prior), list(leaves.values()), allow_unused=True)
    return {k: torch.zeros_like(p) if g is None else g for (k, p), g in zip(leaves.items(), grads)}


def adapt(
    task: TaskTensors,
    prior: Prior,
    *,
    steps: int | None = None,
    optimizer: Optimizer = "metasgd",
    adam_lr: float = 0.05,
    tolerance: float = 1e-6,
    progress: Progress | None = None,
) -> Params:
    """Adapt a class's student and question parameters to its observed scores.

    "metasgd" takes the prior's learned inner steps (differentiable w.r.t. the prior, for
    meta-training): each step moves a group by its learned step size times the gradient
    divided by the group's evidence count, so one step size serves classes of any size
    (steps beyond the learned ones reuse the last learned step sizes).
    "adam" runs plain Adam for up to `steps` steps, stopping once the objective changes by
    less than `tolerance` relative; it is not differentiable w.r.t. the prior.

    Example:
        >>> params = adapt(task_from_matrix(matrix), load_prior())
    """
    progress = progress or NullProgress()
    params = prior.initial_params(task)
    if optimizer == "metasgd":
        n = prior.steps if steps is None else steps
        counts = {k: c + 1.0 for k, c in evidence_counts(task).items()}
        for t in range(n):
            checkpoint(progress, t / n, "adapt")
            grads = _gradient(params, task, prior)
            lr_t = min(t, prior.steps - 1)
            params = {k: p - prior.step_size(lr_t, k) * grads[k] / counts[k] for k, p in params.items()}
        return params
    return _adam(params, task, prior, steps or 500, adam_lr, tolerance, progress)


def _adam(
    params: Params, task: TaskTensors, prior: Prior, steps: int, lr: float, tolerance: float, progress: Progress
) -> Params:
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    params = {k: p.detach() for k, p in params.items()}
    m = {k: torch.zeros_like(p) for k, p in params.items()}
    v = {k: torch.zeros_like(p) for k, p in params.items()}
    last = None
    with torch.no_grad():
        for t in range(1, steps + 1):
            grads = _gradient(params, task, prior)
            for k in params:
                m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
                v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
                step = lr * (m[k] / (1 - beta1**t)) / ((v[k] / (1 - beta2**t)).sqrt() + eps)
                params[k] = params[k] - step
            if t % 25 == 0:
                checkpoint(progress, t / steps, "fit")
                value = float(objective(params, task, prior))
                if last is not None and abs(last - value) <= tolerance * max(abs(last), 1.0):
                    break
                last = value
    return params
