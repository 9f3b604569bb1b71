"""Meta-learning the prior: MAML (second order) with Meta-SGD step sizes, many tasks per step.

An episode is one class (or a class within its grade) whose visible scores are the support and
whose hidden scores are the query. A meta-step adapts a whole batch of episodes at once: they
are sorted by size and cut into chunks, each chunk zero-padded to one shape with masks, adapted
in one batched inner loop and back-propagated into the prior. Used by the train command
(`app.engine.training`) and, at run time, by a school's own prior (`app.engine.local`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from app.core.progress import NullProgress, Progress, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.engine.adapt import adapt
from app.engine.evaluate import Split, hide_scores, keep_n
from app.engine.grade import grade_task
from app.engine.model import log_likelihood
from app.engine.prior import Prior
from app.engine.task import TaskTensors, pad_tasks

FEW_SHOT = (3, 5, 10)


@dataclass(frozen=True)
class MetaConfig:
    """Meta-training settings (recorded in the model card)."""

    steps: int = 300
    meta_batch: int = 64
    lr: float = 0.03
    hide_share: float = 0.5  # share of splits hiding 20 % per student; the rest keep 3, 5 or 10 scores
    seed: int = 0
    chunk_cells: int = 400_000  # padded students x questions adapted together in one batched inner loop


@dataclass(frozen=True)
class Episode:
    """Support (visible scores, peers included) and query (the target's hidden scores) of one task."""

    support: TaskTensors
    query: TaskTensors

    @property
    def cells(self) -> int:
        """Students x questions of the task."""
        s, i, _ = self.support.shape
        return s * i


def sample_split(matrix: ScoreMatrix, rng: np.random.Generator, hide_share: float = 0.5) -> Split:
    """A support/query split: hide 20 % per student, or keep n in (3, 5, 10) scores per student."""
    seed = int(rng.integers(2**31))
    if rng.random() < hide_share:
        return hide_scores(matrix, 0.2, seed)
    return keep_n(matrix, int(rng.choice(FEW_SHOT)), seed)


def episode(split: Split, peers: Sequence[ScoreMatrix] = ()) -> Episode:
    """The episode of a split class, adapted together with whole `peers` of its grade."""
    support = grade_task(split.train, peers)
    n = len(split.train.student_ids)
    hidden = torch.zeros_like(support.mask)
    hidden[:n] = torch.as_tensor(split.hidden, dtype=hidden.dtype)
    truth = support.y.clone()
    truth[:n] = torch.as_tensor(np.clip(np.nan_to_num(split.truth), 0.0, 1.0), dtype=truth.dtype)
    return Episode(support=support, query=TaskTensors(truth, hidden, support.max_scores, support.q, support.member))


def _chunks(episodes: Sequence[Episode], cells: int) -> list[list[Episode]]:
    """Episodes sorted by size, cut so that each chunk padded to its largest task stays near `cells`."""
    ordered = sorted(episodes, key=lambda e: (e.support.shape[1], e.support.shape[0]))
    chunks: list[list[Episode]] = [[]]
    for e in ordered:
        current = chunks[-1]
        s = max([e.support.shape[0], *(x.support.shape[0] for x in current)])
        i = max([e.support.shape[1], *(x.support.shape[1] for x in current)])
        if current and (len(current) + 1) * s * i > cells:
            chunks.append([e])
        else:
            current.append(e)
    return chunks


def batch_query_loss(prior: Prior, episodes: Sequence[Episode], device: torch.device | str = "cpu") -> torch.Tensor:
    """(B,) mean fractional cross-entropy on each episode's query after one batched, differentiable adaptation."""
    support = pad_tasks([e.support for e in episodes]).to(device)
    query = pad_tasks([e.query for e in episodes]).to(device)
    params = adapt(support, prior, differentiable=True)
    ll = log_likelihood(params, query).sum(dim=(-1, -2))
    return -ll / query.mask.sum(dim=(-1, -2)).clamp_min(1.0)


class Adam:
    """Adam (Kingma & Ba; torch.optim.Adam's defaults and update) on a model's parameters. Not torch.optim: its
    optimisers import torch._dynamo, which the packaged app leaves out, and a school trains its own prior there."""

    def __init__(self, params: Iterable[torch.Tensor], lr: float, betas: tuple[float, float] = (0.9, 0.999)) -> None:
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.betas, self.eps, self.t = lr, betas, 1e-8, 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self) -> None:
        """Forget the gradients of the last step."""
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        """Move every parameter with a gradient one Adam step."""
        self.t += 1
        b1, b2 = self.betas
        for p, m, v in zip(self.params, self.m, self.v):
            if p.grad is None:
                continue
            m.mul_(b1).add_(p.grad, alpha=1 - b1)
            v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
            denom = (v.sqrt() / math.sqrt(1 - b2**self.t)).add_(self.eps)
            p.addcdiv_(m, denom, value=-self.lr / (1 - b1**self.t))


def meta_step(
    prior: Prior,
    optimiser: Adam,
    episodes: Sequence[Episode],
    config: MetaConfig,
    device: torch.device | str = "cpu",
) -> float:
    """One meta-update on `episodes` (gradients accumulated chunk by chunk); returns their mean query loss."""
    optimiser.zero_grad()
    total = 0.0
    for chunk in _chunks(episodes, config.chunk_cells):
        loss = batch_query_loss(prior, chunk, device).sum() / len(episodes)
        loss.backward()
        total += float(loss.detach())
    torch.nn.utils.clip_grad_norm_(prior.parameters(), 1.0)
    optimiser.step()
    return total


def meta_train(
    prior: Prior,
    sample: Callable[[np.random.Generator], Episode],
    config: MetaConfig,
    *,
    device: torch.device | str = "cpu",
    log: Callable[[int, float], None] | None = None,
    progress: Progress | None = None,
) -> list[float]:
    """Update `prior` in place (on `device`) to minimise the query loss after adaptation; returns the loss
    per meta-step. `sample(rng)` draws one episode. Raises Cancelled when `progress` reports a cancellation."""
    progress = progress or NullProgress()
    rng = np.random.default_rng(config.seed)
    torch.manual_seed(config.seed)
    prior.to(device)
    optimiser = Adam(prior.parameters(), lr=config.lr)
    history = []
    for step in range(config.steps):
        checkpoint(progress, step / config.steps, "meta-train")
        history.append(meta_step(prior, optimiser, [sample(rng) for _ in range(config.meta_batch)], config, device))
        if log:
            log(step, history[-1])
    return history
