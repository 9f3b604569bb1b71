"""One class's (or grade's) scores as tensors: the form the model, adapt() and the Laplace step read.

A grade is several classes of the same questions stacked: `member` says which class each student
is in. `pad_tasks` stacks tasks of different sizes into one batch for meta-training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from app.core.score_matrix import ScoreMatrix


@dataclass(frozen=True)
class TaskTensors:
    """Score fractions, observed mask, max scores, Q-matrix and class membership on one device.

    Shapes are those of one task; a batch of padded tasks adds a leading dimension to each.
    """

    y: torch.Tensor  # (S, I) score fraction in [0, 1], 0 where missing
    mask: torch.Tensor  # (S, I) 1.0 where a score is observed
    max_scores: torch.Tensor  # (I,)
    q: torch.Tensor  # (I, K) 0/1
    member: torch.Tensor  # (S, C) 1.0 where student s is in class c (one class: a column of ones)

    @property
    def shape(self) -> tuple[int, int, int]:
        """(students, items, knowledge points)."""
        return self.y.shape[-2], self.y.shape[-1], self.q.shape[-1]

    def to(self, device: torch.device | str) -> TaskTensors:
        """The same task on `device`."""
        return TaskTensors(*(t.to(device) for t in (self.y, self.mask, self.max_scores, self.q, self.member)))


def task_from_arrays(
    fractions: np.ndarray,
    observed: np.ndarray,
    max_scores: np.ndarray,
    q_matrix: np.ndarray,
    device: torch.device | str = "cpu",
    classes: np.ndarray | None = None,
) -> TaskTensors:
    """Build task tensors from numpy arrays; fractions outside `observed` are ignored.

    `classes` (S,) numbers each student's class 0..C-1 (default: all in one class).
    """
    obs = np.asarray(observed, dtype=bool)
    y = np.where(obs, np.clip(np.nan_to_num(fractions, nan=0.0), 0.0, 1.0), 0.0)
    labels = np.zeros(obs.shape[0], dtype=int) if classes is None else np.asarray(classes, dtype=int)
    member = np.zeros((obs.shape[0], int(labels.max(initial=0)) + 1))
    member[np.arange(obs.shape[0]), labels] = 1.0

    def t(a: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(a, dtype=np.float32), device=device)

    return TaskTensors(y=t(y), mask=t(obs), max_scores=t(max_scores), q=t(q_matrix), member=t(member))


def task_from_matrix(matrix: ScoreMatrix, device: torch.device | str = "cpu") -> TaskTensors:
    """Task tensors of every observed score in `matrix`."""
    return task_from_arrays(matrix.fractions, matrix.observed, matrix.max_scores, matrix.q_matrix, device)


def pad_tasks(tasks: Sequence[TaskTensors]) -> TaskTensors:
    """A batch (leading dimension) of tasks zero-padded to the largest students, items, points and classes."""
    s = max(t.shape[0] for t in tasks)
    i = max(t.shape[1] for t in tasks)
    k = max(t.shape[2] for t in tasks)
    c = max(t.member.shape[-1] for t in tasks)

    def pad(name: str, shape: tuple[int, ...]) -> torch.Tensor:
        first: torch.Tensor = getattr(tasks[0], name)
        out = first.new_zeros((len(tasks), *shape))
        for j, task in enumerate(tasks):
            value = getattr(task, name)
            index: tuple[int | slice, ...] = (j, *(slice(0, n) for n in value.shape))
            out[index] = value
        return out

    return TaskTensors(
        y=pad("y", (s, i)),
        mask=pad("mask", (s, i)),
        max_scores=pad("max_scores", (i,)),
        q=pad("q", (i, k)),
        member=pad("member", (s, c)),
    )
