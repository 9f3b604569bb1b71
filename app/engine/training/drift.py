"""The term's drift learned by gradient: maximise the likelihood of each training grade's hidden latest-exam scores
w.r.t. log drift.g and log drift.d, through the term's filter.

    task = drift_task(splits)                  # one grade, its classes' latest exams cut (e.g. to 5 scores a student)
    drift, history = learn_drift([task, ...])  # Adam (app.engine.meta.Adam) on (log g, log d)

Each grade is fitted once (`fit_grade`: the question, class and point parameters are then held fixed, as in
`fit_term`); only the filter of the students' (g, d) through the exams in date order depends on the drift. The
filter's Fisher-scoring loop (`app.engine.term._update`, SCORING_STEPS steps) is differentiated by unrolling it with
autograd: every step, the final curvature and the Cholesky solves are torch ops, so the gradient is that of the
filter the app runs, not of an idealised fixed point. The loss is the mean fractional-Bernoulli negative log
likelihood of the hidden scores at the posterior mean after the latest exam (what `TermFit.predict` returns).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from app.core.progress import NullProgress
from app.engine.diagnose import ENGINE_ADAPTATION, GradeFit, fit_grade
from app.engine.evaluate import Split
from app.engine.grade import on_common_items
from app.engine.meta import Adam
from app.engine.model import EPS, pair_fraction
from app.engine.term import DRIFT, Drift, _exam_of_items, _students, carry

START = Drift(0.1, 0.02)
"""Where learning starts: away from the grid's answer (0.4, 0), so that agreeing with it is a finding."""


@dataclass(frozen=True)
class DriftTask:
    """One training grade fitted once: its exams' columns in date order and its hidden latest-exam scores."""

    fit: GradeFit
    exams: tuple[torch.Tensor, ...]  # columns of the joint fit of each exam, in date order (a step apart)
    students: torch.Tensor  # (N,) row in the stacked grade of each hidden score
    items: torch.Tensor  # (N,) column of the joint fit
    y: torch.Tensor  # (N,) true score fractions


def drift_task(splits: Sequence[Split], device: str = "cpu") -> DriftTask:
    """A grade's task from its classes' splits (each class's hidden scores on its latest exam). The classes sat the
    same exams, in the order of their `assessments`, DAYS_PER_STEP days apart (the term sets have no dates)."""
    trains = [sp.train for sp in splits]
    if len({m.assessments for m in trains}) != 1:
        raise ValueError("the classes of a drift task must have sat the same exams")
    aligned, columns = on_common_items(trains)
    fit = fit_grade(aligned[0], aligned[1:], device, None, ENGINE_ADAPTATION, NullProgress())
    exam_of = _exam_of_items(trains)
    item_exam = [exam_of[i] for i in aligned[0].item_ids]
    at = fit.task.y.device
    exams = tuple(
        torch.as_tensor([c for c, e in enumerate(item_exam) if e == exam], device=at) for exam in trains[0].assessments
    )
    offsets = np.cumsum([0] + [len(m.student_ids) for m in trains])
    rows, cols, truth = [], [], []
    for j, sp in enumerate(splits):
        s, i, y = sp.pairs()
        rows.append(offsets[j] + s)
        cols.append(columns[j][i])
        truth.append(y)
    return DriftTask(
        fit,
        exams,
        torch.as_tensor(np.concatenate(rows), device=at),
        torch.as_tensor(np.concatenate(cols), device=at),
        torch.as_tensor(np.concatenate(truth), device=at, dtype=torch.float64),
    )


def drift_loss(task: DriftTask, log_drift: torch.Tensor) -> torch.Tensor:
    """Mean negative log likelihood of the task's hidden scores after filtering every student through the exams
    with drift (g, d) = exp(log_drift) per step; differentiable w.r.t. `log_drift` (2,)."""
    fit = task.fit
    params, scores = _students(fit, torch.arange(fit.task.y.shape[0], device=fit.task.y.device))
    k = scores.q.shape[-1]
    dtype, device = torch.float64, scores.y.device
    drift = log_drift.to(device, dtype).exp()
    steps = torch.ones(scores.y.shape[0], max(len(task.exams) - 1, 0), dtype=dtype, device=device)  # one a gap
    means, _, _ = carry(fit, params, scores, task.exams, steps, torch.cat([drift[:1], drift[1:].expand(k)]), DRIFT.pull)
    mean = means[-1]
    now = {**params, "g": mean[:, 0].to(params["g"].dtype), "d": mean[:, 1:].to(params["d"].dtype)}
    p = pair_fraction(now, scores, task.students, task.items).to(dtype).clamp(EPS, 1.0 - EPS)
    return -(task.y * p.log() + (1.0 - task.y) * (-p).log1p()).mean()


def learn_drift(
    tasks: Sequence[DriftTask],
    start: Drift = START,
    *,
    steps: int = 30,
    lr: float = 0.2,
    log: Callable[[int, float, Drift], None] | None = None,
) -> tuple[Drift, list[float]]:
    """The drift minimising the tasks' mean loss (each task weighs by its hidden scores), by `steps` Adam steps on
    (log g, log d) from `start`, the step size falling linearly from `lr` to 0 (at a constant one Adam circles the
    flat optimum); returns it and the loss before each step."""
    log_drift = torch.tensor([math.log(start.g), math.log(start.d)], dtype=torch.float64, requires_grad=True)
    optimiser = Adam([log_drift], lr=lr)
    weights = [len(t.y) / sum(len(u.y) for u in tasks) for t in tasks]
    history = []
    for step in range(steps):
        optimiser.zero_grad()
        optimiser.lr = lr * (1.0 - step / steps)
        total = 0.0
        for task, weight in zip(tasks, weights):
            loss = weight * drift_loss(task, log_drift)
            loss.backward()
            total += float(loss.detach())
        history.append(total)
        if log:
            log(step, total, _drift(log_drift))
        optimiser.step()
    return _drift(log_drift), history


def _drift(log_drift: torch.Tensor) -> Drift:
    g, d = log_drift.detach().exp().tolist()
    return Drift(g, d)
