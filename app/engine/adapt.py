"""adapt(): the one inner loop, used by meta-training, evaluation, the baselines and the app."""

from __future__ import annotations

from typing import Literal

import torch

from app.core.progress import NullProgress, Progress, checkpoint
from app.engine.anchors import ItemAnchors, anchored, proximal, with_extra
from app.engine.gradient import objective_gradient
from app.engine.model import Params, evidence_counts, nll
from app.engine.prior import Prior, Pull
from app.engine.task import TaskTensors

Optimizer = Literal["metasgd", "adam"]


def objective(params: Params, task: TaskTensors, prior: Prior, pull: Pull | None = None) -> torch.Tensor:
    """Negative log posterior of a class's parameters: likelihood of its scores plus the prior."""
    return nll(params, task) + prior.penalty(params, prior.pull(task) if pull is None else pull)


def _gradient(params: Params, task: TaskTensors, prior: Prior, pull: Pull, differentiable: bool) -> Params:
    """Gradient of the objective w.r.t. the class's parameters.

    `differentiable` keeps the graph (autograd with create_graph), so the result can be differentiated
    w.r.t. the prior (meta-training, second order); otherwise the closed form of app.engine.gradient,
    which builds no graph, works under torch.no_grad() and never imports torch._dynamo.
    """
    if not differentiable:
        return objective_gradient(params, task, pull)
    names = list(params)
    grads = torch.autograd.grad(
        objective(params, task, prior, pull), [params[k] for k in names], create_graph=True, allow_unused=True
    )
    return {k: torch.zeros_like(params[k]) if g is None else g for k, g in zip(names, grads)}


def adapt(
    task: TaskTensors,
    prior: Prior,
    *,
    steps: int | None = None,
    optimizer: Optimizer = "metasgd",
    differentiable: bool = False,
    adam_lr: float = 0.05,
    tolerance: float = 1e-6,
    progress: Progress | None = None,
    anchors: ItemAnchors | None = None,
) -> Params:
    """Adapt a class's (or a grade's, or a padded batch's) student and question parameters to its scores.

    "metasgd" takes the prior's learned inner steps: each step moves a group by its learned step
    size times the gradient divided by the group's evidence count plus its prior precision (a
    diagonal Newton scale), so one step size serves classes of any size. At most the prior's learned
    number of steps (ValueError beyond: reusing the last step size diverges within 10 more). With
    `differentiable` the result is differentiable w.r.t. the prior (second-order MAML); without,
    the returned tensors carry no graph.
    "adam" runs plain Adam for up to `steps` steps, stopping once the objective changes by
    less than `tolerance` relative; it is not differentiable w.r.t. the prior.
    `anchors` (one task only) start the anchored questions at their stored parameters and pull them there.

    Example:
        >>> params = adapt(task_from_matrix(matrix), load_prior())
    """
    with torch.enable_grad() if differentiable else torch.no_grad():
        return _adapt(
            task, prior, steps, optimizer, differentiable, adam_lr, tolerance, progress or NullProgress(), anchors
        )


def _adapt(
    task: TaskTensors,
    prior: Prior,
    steps: int | None,
    optimizer: Optimizer,
    differentiable: bool,
    adam_lr: float,
    tolerance: float,
    progress: Progress,
    anchors: ItemAnchors | None,
) -> Params:
    params, pull = prior.start(task)
    extra: Params = {}
    if anchors is not None:
        params, pull, extra = anchored(params, pull, anchors)
    if optimizer == "metasgd":
        n = prior.steps if steps is None else steps
        if n > prior.steps:
            raise ValueError(
                f"the prior learned {prior.steps} inner steps, {n} asked: more would reuse its last step size, which "
                "diverges; fit further with optimizer='adam'"
            )
        scale = {k: c + pull.precision[k] for k, c in evidence_counts(task).items()}
        if differentiable:  # a group the prior does not set (w) still needs a graph to differentiate
            params = {k: p if p.requires_grad else p.detach().requires_grad_() for k, p in params.items()}
        for t in range(n):
            checkpoint(progress, t / n, "adapt")
            grads = _gradient(params, task, prior, pull, differentiable)
            params = {k: p - prior.step_size(t, k) * grads[k] / scale[k] for k, p in params.items()}
            if extra:
                params = proximal(params, pull, extra, {k: prior.step_size(t, k) / scale[k] for k in extra})
        return params
    return _adam(params, task, prior, with_extra(pull, extra), steps or 500, adam_lr, tolerance, progress)


def _adam(
    params: Params,
    task: TaskTensors,
    prior: Prior,
    pull: Pull,
    steps: int,
    lr: float,
    tolerance: float,
    progress: Progress,
) -> Params:
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    params = {k: p.detach() for k, p in params.items()}
    m = {k: torch.zeros_like(p) for k, p in params.items()}
    v = {k: torch.zeros_like(p) for k, p in params.items()}
    last = None
    with torch.no_grad():
        for t in range(1, steps + 1):
            grads = _gradient(params, task, prior, pull, differentiable=False)
            for k in params:
                m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
                v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
                step = lr * (m[k] / (1 - beta1**t)) / ((v[k] / (1 - beta2**t)).sqrt() + eps)
                params[k] = params[k] - step
            if t % 25 == 0:
                checkpoint(progress, t / steps, "fit")
                value = float(objective(params, task, prior, pull))
                if last is not None and abs(last - value) <= tolerance * max(abs(last), 1.0):
                    break
                last = value
    return params
