"""The three regimes of the quality protocol, predictors fitted on the pooled grade, and check_model with peers."""

import numpy as np
import pytest
from engine_helpers import small_matrix

from app.engine.evaluate import (
    GRADE_SIZE,
    check_model,
    engine_predictor,
    grades,
    item_mean,
    pooled,
    pooled_metrics,
    regime_splits,
)


def test_grades_cut_classes_in_order_and_fold_a_small_remainder() -> None:
    assert grades(20) == [list(range(8)), list(range(8, 16)), list(range(16, 20))]
    assert grades(18) == [list(range(8)), list(range(8, 18))]
    assert grades(12) == [list(range(8)), list(range(8, 12))]
    assert grades(3) == [[0, 1, 2]] and GRADE_SIZE == 8


def test_the_grade_regime_keeps_five_scores_of_a_class_whose_grade_comes_whole() -> None:
    tasks = [small_matrix(seed=j, students=10, items=12) for j in range(5)]
    pairs = regime_splits(tasks, "grade", seed=3)
    assert len(pairs) == 5
    for j, (split, peers) in enumerate(pairs):
        assert len(peers) == 4 and all(p is not tasks[j] for p in peers)
        assert np.all(split.train.observed.sum(axis=1) <= 5)
    hide = regime_splits(tasks, "hide20")
    assert all(peers == [] for _, peers in hide)
    with pytest.raises(ValueError, match="regime"):
        regime_splits(tasks, "keep3")


def test_a_pooled_baseline_sees_the_peers_and_the_engine_predictor_runs_every_regime() -> None:
    target, peer = small_matrix(seed=1), small_matrix(seed=2)
    mean = pooled(item_mean)
    s, i = np.array([0, 1]), np.array([2, 3])
    alone, with_peer = mean(target, s, i, []), mean(target, s, i, [peer])
    assert not np.allclose(alone, with_peer)
    tasks = [small_matrix(seed=j, students=10, items=12) for j in range(4)]
    for regime in ("hide20", "keep5", "grade"):
        m = pooled_metrics(engine_predictor(), tasks, regime)
        assert m["n"] > 0 and 0 <= m["rmse"] <= 1


def test_check_model_takes_the_grade() -> None:
    result = check_model(
        small_matrix(seed=5, students=15, items=12), peers=[small_matrix(seed=6, students=15, items=12)]
    )
    assert result.hidden_scores > 0 and set(result.engine) == set(result.baseline)
