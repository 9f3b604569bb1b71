"""Meta-training: a few batched steps improve the query loss; chunks and padding do not change the loss."""

import numpy as np
import pytest
import torch

from app.engine.meta import MetaConfig, batch_query_loss, episode, meta_train, sample_split
from app.engine.prior import Prior
from app.engine.training.simulate import GENERATORS, simulate_class, simulate_grade
from app.engine.training.tasks import TaskMix, sample_episode


def _episodes(seed: int, n: int):
    rng = np.random.default_rng(seed)
    return [sample_episode({}, rng, TaskMix(sim_share=1.0)) for _ in range(n)]


def test_one_padded_batch_gives_each_episode_its_own_loss() -> None:
    episodes = _episodes(3, 4)
    prior = Prior()
    together = batch_query_loss(prior, episodes)
    alone = torch.cat([batch_query_loss(prior, [e]) for e in episodes])
    torch.testing.assert_close(together, alone, rtol=1e-4, atol=1e-5)


@pytest.mark.slow
def test_meta_training_improves_query_loss_on_simulated_classes() -> None:
    held_out = _episodes(7, 12)
    prior = Prior()
    with torch.no_grad():
        before = float(batch_query_loss(prior, held_out).mean())
    history = meta_train(
        prior, lambda rng: sample_episode({}, rng, TaskMix(sim_share=1.0)), MetaConfig(steps=15, meta_batch=8, lr=0.05)
    )
    assert len(history) == 15
    with torch.no_grad():
        assert float(batch_query_loss(prior, held_out).mean()) < before


def test_a_grade_episode_hides_scores_of_its_target_class_only() -> None:
    rng = np.random.default_rng(1)
    classes = [sim.matrix for sim in simulate_grade(rng, 3)]
    split = sample_split(classes[0], rng)
    e = episode(split, classes[1:])
    n = len(classes[0].student_ids)
    assert e.support.shape[0] == sum(len(m.student_ids) for m in classes)
    assert e.query.mask[n:].sum() == 0 and e.query.mask[:n].sum() == split.hidden.sum()
    assert e.support.member.shape[1] == 3


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
    grade = simulate_grade(rng, 4)
    assert len({g.matrix.item_ids for g in grade}) == 1 and len({g.matrix.student_ids for g in grade}) == 4
