"""Meta-training a few steps on simulated classes improves the query loss over the untrained prior."""

import numpy as np
import pytest
import torch

from app.engine.prior import Prior
from app.engine.training.meta import MetaConfig, meta_train, query_loss, sample_split
from app.engine.training.simulate import GENERATORS, simulate_class


def _mean_query_loss(prior: Prior, splits) -> float:
    with torch.no_grad():
        return float(np.mean([float(query_loss(prior, split)) for split in splits]))


@pytest.mark.slow
def test_meta_training_improves_query_loss_on_simulated_classes() -> None:
    rng = np.random.default_rng(7)
    splits = [sample_split(simulate_class(rng).matrix, rng) for _ in range(12)]
    prior = Prior()
    before = _mean_query_loss(prior, splits)
    history = meta_train(prior, {}, MetaConfig(steps=15, meta_batch=4, lr=0.05, seed=1))
    assert len(history) == 15
    assert _mean_query_loss(prior, splits) < before


def test_simulator_spreads_and_truth() -> None:
    rng = np.random.default_rng(0)
    for generator in GENERATORS:
        sim = simulate_class(rng, generator)
        m = sim.matrix
        s, i = m.points.shape
        assert 15 <= s <= 60 and 8 <= i <= 60 and 3 <= len(m.knowledge_points) <= 20
        assert np.all((m.q_matrix.sum(axis=1) >= 1) & (m.q_matrix.sum(axis=1) <= 3))
        assert sim.mastery.shape == sim.weak.shape == (s, len(m.knowledge_points))
        assert np.all(m.fractions[m.observed] <= 1.0) and np.all(m.fractions[m.observed] >= 0.0)
