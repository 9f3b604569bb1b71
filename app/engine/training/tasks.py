"""Episodes for meta-training the shipped prior: simulated classes and grades, real training classes and grades."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.core.score_matrix import ScoreMatrix
from app.engine.meta import Episode, episode, sample_split
from app.engine.training.simulate import simulate_grade

MAX_PEERS = 7


@dataclass(frozen=True)
class TaskMix:
    """Where episodes come from (recorded in the model card)."""

    sim_share: float = 0.4  # share drawn from the simulator rather than real training classes
    grade_share: float = 0.3  # share of episodes whose class comes with 1-7 whole classes of its grade
    hide_share: float = 0.5  # share of splits hiding 20 % per student; the rest keep 3, 5 or 10 scores


def sample_episode(real: dict[str, list[ScoreMatrix]], rng: np.random.Generator, mix: TaskMix) -> Episode:
    """One episode of a simulated or real training class (data sets drawn evenly), with hidden scores;
    a grade episode brings whole peers that took the same questions (same simulated paper, same data set)."""
    while True:
        peers = int(rng.integers(1, MAX_PEERS + 1)) if rng.random() < mix.grade_share else 0
        if not real or rng.random() < mix.sim_share:
            classes = [sim.matrix for sim in simulate_grade(rng, peers + 1)]
        else:
            tasks = real[list(real)[int(rng.integers(len(real)))]]
            picks = rng.choice(len(tasks), size=min(peers + 1, len(tasks)), replace=False)
            classes = [tasks[int(j)] for j in picks]
        split = sample_split(classes[0], rng, mix.hide_share)
        if split.hidden.any():
            return episode(split, classes[1:])
