"""Meta-training of the prior (MAML with Meta-SGD step sizes, second order through torch.func.grad)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from app.core.progress import NullProgress, Progress, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.adapt import adapt
from app.engine.evaluate import Split, hide_scores, keep_n
from app.engine.model import nll
from app.engine.prior import Prior
from app.engine.task import task_from_arrays, task_from_matrix
from app.engine.training.simulate import simulate_class

FEW_SHOT = (3, 5, 10)


@dataclass(frozen=True)
class MetaConfig:
    """Meta-training settings (recorded in the model card)."""

    steps: int = 900
    meta_batch: int = 8
    lr: float = 0.03
    sim_share: float = 0.4  # share of tasks drawn from the simulator rather than real training classes
    hide_share: float = 0.5  # share of splits hiding 20 % per student; the rest keep 3, 5 or 10 scores
    seed: int = 0


def sample_split(matrix: ScoreMatrix, rng: np.random.Generator, hide_share: float = 0.5) -> Split:
    """A support/query split: hide 20 % per student, or keep n in (3, 5, 10) scores per student."""
    seed = int(rng.integers(2**31))
    if rng.random() < hide_share:
        return hide_scores(matrix, 0.2, seed)
    return keep_n(matrix, int(rng.choice(FEW_SHOT)), seed)


def query_loss(prior: Prior, split: Split) -> torch.Tensor:
    """Mean fractional cross-entropy on the hidden scores after adapting on the rest (differentiable in the prior)."""
    support = task_from_matrix(split.train)
    train = split.train
    query = task_from_arrays(split.truth, split.hidden, train.max_scores, train.q_matrix)
    params = adapt(support, prior)
    return nll(params, query) / query.mask.sum()


def sample_task(real: dict[str, list[ScoreMatrix]], rng: np.random.Generator, config: MetaConfig) -> Split:
    """One split of a simulated class or of a real training class (data sets drawn evenly), with hidden scores."""
    while True:
        if not real or rng.random() < config.sim_share:
            matrix = simulate_class(rng).matrix
        else:
            tasks = real[list(real)[int(rng.integers(len(real)))]]
            matrix = tasks[int(rng.integers(len(tasks)))]
        split = sample_split(matrix, rng, config.hide_share)
        if split.hidden.any():
            return split


def meta_train(
    prior: Prior,
    real: dict[str, list[ScoreMatrix]],
    config: MetaConfig,
    *,
    log: Callable[[int, float], None] | None = None,
    progress: Progress | None = None,
) -> list[float]:
    """Update `prior` in place to minimise the query loss after adaptation; returns the loss per meta-step."""
    progress = progress or NullProgress()
    rng = np.random.default_rng(config.seed)
    torch.manual_seed(config.seed)
    optimiser = torch.optim.Adam(prior.parameters(), lr=config.lr)
    history = []
    for step in range(config.steps):
        checkpoint(progress, step / config.steps, "meta-train")
        optimiser.zero_grad()
        loss = (
            sum(query_loss(prior, sample_task(real, rng, config)) for _ in range(config.meta_batch)) / config.meta_batch
        )
        assert isinstance(loss, torch.Tensor)  # a sum of at least one task's loss, never the empty sum 0
        loss.backward()
        torch.nn.utils.clip_grad_norm_(prior.parameters(), 1.0)
        optimiser.step()
        history.append(float(loss.detach()))
        if log:
            log(step, history[-1])
    return history
