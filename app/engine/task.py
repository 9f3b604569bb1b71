"""One class's scores as tensors: the form the model, adapt() and the Laplace step read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from app.core.score_matrix import ScoreMatrix


@dataclass(frozen=True)
class TaskTensors:
    """Score fractions, observed mask, max scores and Q-matrix of one class on one device."""

    y: torch.Tensor  # (S, I) score fraction in [0, 1], 0 where missing
    mask: torch.Tensor  # (S, I) 1.0 where a score is observed
    max_scores: torch.Tensor  # (I,)
    q: torch.Tensor  # (I, K) 0/1

    @property
    def shape(self) -> tuple[int, int, int]:
        """(students, items, knowledge points)."""
        return self.y.shape[0], self.y.shape[1], self.q.shape[1]


def task_from_arrays(
    fractions: np.ndarray,
    observed: np.ndarray,
    max_scores: np.ndarray,
    q_matrix: np.ndarray,
    device: torch.device | str = "cpu",
) -> TaskTensors:
    """Build task tensors from numpy arrays; fractions outside `observed` are ignored."""
    obs = np.asarray(observed, dtype=bool)
    y = np.where(obs, np.clip(np.nan_to_num(fractions, nan=0.0), 0.0, 1.0), 0.0)

    def t(a: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(np.asarray(a, dtype=np.float32), device=device)

    return TaskTensors(y=t(y), mask=t(obs), max_scores=t(max_scores), q=t(q_matrix))


def task_from_matrix(matrix: ScoreMatrix, device: torch.device | str = "cpu") -> TaskTensors:
    """Task tensors of every observed score in `matrix`."""
    return task_from_arrays(matrix.fractions, matrix.observed, matrix.max_scores, matrix.q_matrix, device)
