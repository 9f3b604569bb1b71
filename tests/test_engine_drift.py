"""The drift's gradient through the term's filter: finite and equal to a central finite difference."""

import dataclasses
import math

import numpy as np
import torch
from test_engine_term import term_of

from app.engine.evaluate import Split
from app.engine.task import TaskTensors
from app.engine.training.drift import DriftTask, drift_loss, drift_task, learn_drift


def _class(seed: int, students: int = 6, exams: int = 3, items: int = 4, kps: int = 2) -> Split:
    """A class that sat `exams` exams (item ids "E<t>/Q<i>", shared by every class), its students improving from
    exam to exam, the second half of each student's latest-exam scores hidden."""
    rng = np.random.default_rng(seed)
    n = items * exams
    exam = np.repeat(np.arange(exams), items)
    ability = rng.normal(0, 1, students)[:, None] + 0.8 * exam[None, :]
    points = (rng.random((students, n)) < 1 / (1 + np.exp(-(ability - 0.5)))).astype(float)
    matrix = term_of(seed, points, exams, kps)
    hidden = np.zeros(points.shape, dtype=bool)
    hidden[:, n - items // 2 :] = True
    train = dataclasses.replace(matrix, points=np.where(hidden, np.nan, points))
    return Split(train=train, hidden=hidden, truth=matrix.fractions)


def _float64(task: DriftTask) -> DriftTask:
    """The task with the grade's parameters and scores in float64 (so the finite difference is exact enough)."""
    fit, s = task.fit, task.fit.task
    scores = TaskTensors(*(x.double() for x in (s.y, s.mask, s.max_scores, s.q, s.member)))
    params = {k: v.detach().double() for k, v in fit.params.items()}
    return dataclasses.replace(task, fit=dataclasses.replace(fit, params=params, task=scores))


def test_the_drift_gradient_is_finite_and_matches_a_central_difference() -> None:
    task = _float64(drift_task([_class(0), _class(1)]))
    at = torch.tensor([math.log(0.3), math.log(0.05)], dtype=torch.float64, requires_grad=True)
    drift_loss(task, at).backward()
    assert at.grad is not None and torch.isfinite(at.grad).all()
    assert at.grad.abs().min() > 1e-6  # both drifts move the loss: the check below is not 0 == 0
    h = 1e-5
    with torch.no_grad():
        for n in range(2):
            step = torch.zeros(2, dtype=torch.float64)
            step[n] = h
            difference = (drift_loss(task, at + step) - drift_loss(task, at - step)) / (2 * h)
            # float64 throughout: the central difference's error is O(h^2) plus rounding ~1e-16/h
            assert abs(float(at.grad[n]) - float(difference)) <= 1e-7 + 1e-5 * abs(float(difference))


def test_learning_lowers_the_training_loss() -> None:
    task = _float64(drift_task([_class(2), _class(3)]))
    _, history = learn_drift([task], steps=6, lr=0.3)
    assert history[-1] < history[0]
