"""The shipped prior (plain tensors, weights_only) and the real-data loaders (skipped without ../shared/data)."""

import json

import numpy as np
import pytest
import torch

from app.core.resources import resource_path
from app.engine.prior import CARD_FILE, MODEL_VERSION, PRIOR_FILE, Prior, load_prior
from app.engine.training.datasets import LOADERS, load_dataset, split_tasks


def test_shipped_prior_loads_with_weights_only() -> None:
    path = resource_path("models", PRIOR_FILE)
    state = torch.load(path, map_location="cpu", weights_only=True)
    assert all(isinstance(v, torch.Tensor) for v in state.values())
    assert path.stat().st_size < 20 * 2**20
    prior = load_prior()
    assert isinstance(prior, Prior) and prior.steps == state["log_lr"].shape[0]
    card = json.loads(resource_path("models", CARD_FILE).read_text(encoding="utf-8"))
    assert card["model_version"] == MODEL_VERSION
    assert "held_out_metrics" in card


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_real_data_becomes_class_sized_tasks(shared_data, name) -> None:
    tasks = LOADERS[name](shared_data)
    assert len(tasks) >= 10
    for task in tasks:
        s, i = task.points.shape
        assert 10 <= s <= 80 and i >= 5
        assert task.q_matrix.shape == (i, len(task.knowledge_points))
        assert np.all(task.max_scores > 0)
        f = task.fractions[task.observed]
        assert np.all((f >= 0) & (f <= 1))
        assert task.observed.any(axis=0).all() and task.observed.any(axis=1).all()


def test_timss_tasks_are_real_classes(shared_data) -> None:
    for task in LOADERS["timss"](shared_data)[:20]:
        classes = {int(sid.split("-")[1]) // 100 for sid in task.student_ids}
        assert len(classes) == 1
        assert task.assessments == (f"timss-{classes.pop()}",)


def test_math1_keeps_partial_credit(shared_data) -> None:
    task = LOADERS["math1"](shared_data)[0]
    assert set(task.max_scores) == {4.0, 6.0, 8.0, 9.0}
    f = task.fractions[task.observed]
    assert np.any((f > 0) & (f < 1))


def test_split_is_by_task_fixed_and_disjoint(shared_data) -> None:
    d1, d2 = load_dataset("ecpe", shared_data), load_dataset("ecpe", shared_data)
    assert [t.student_ids for t in d1.held_out] == [t.student_ids for t in d2.held_out]
    train_ids = {s for t in d1.train for s in t.student_ids}
    held_ids = {s for t in d1.held_out for s in t.student_ids}
    assert not train_ids & held_ids
    train, held = split_tasks(list(range(20)))
    assert len(held) == 6 and not set(train) & set(held)
