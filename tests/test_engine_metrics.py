"""Metrics against hand-computed values, and the score-rate baseline on a hand example."""

import numpy as np
import pytest

from app.core.score_matrix import ScoreMatrix
from app.engine.metrics import auc, ece, log_loss, rmse
from app.engine.training.baselines import item_mean, kp_score_rate


def test_auc_hand_computed_with_ties_and_partial_credit() -> None:
    # positives (fraction >= 0.5): p = 0.8, 0.4, 0.6; negatives: p = 0.4, 0.2
    fraction = np.array([1.0, 0.5, 0.6, 0.4, 0.0])
    p = np.array([0.8, 0.4, 0.6, 0.4, 0.2])
    # pairs won: 0.8 beats both (2), 0.4 ties 0.4 (0.5) beats 0.2 (1), 0.6 beats both (2) -> 5.5 / 6
    assert auc(fraction, p) == pytest.approx(5.5 / 6)
    assert np.isnan(auc(np.ones(3), np.array([0.1, 0.2, 0.3])))


def test_ece_rmse_log_loss_hand_computed() -> None:
    fraction = np.array([1.0, 0.0, 1.0, 1.0])
    p = np.array([0.15, 0.15, 0.95, 0.75])
    # bins: [0.1,0.2): mean p .15 vs mean y .5 (share .5); [0.9,1]: .95 vs 1 (share .25); [0.7,0.8): .75 vs 1 (.25)
    assert ece(fraction, p) == pytest.approx(0.5 * 0.35 + 0.25 * 0.05 + 0.25 * 0.25)
    assert rmse(fraction, p) == pytest.approx(np.sqrt((0.85**2 + 0.15**2 + 0.05**2 + 0.25**2) / 4))
    expected = -(np.log(0.15) + np.log(0.85) + np.log(0.95) + np.log(0.75)) / 4
    assert log_loss(fraction, p) == pytest.approx(expected)
    assert ece(np.array([1.0]), np.array([1.0])) == 0.0


def test_kp_score_rate_and_item_mean_by_hand() -> None:
    points = np.array([[1.0, 2.0, np.nan], [0.0, np.nan, 3.0]])
    matrix = ScoreMatrix(
        student_ids=("a", "b"),
        student_names=(None, None),
        item_ids=("Q1", "Q2", "Q3"),
        knowledge_points=("K1", "K2"),
        assessments=("x",),
        item_assessment=np.zeros(3, dtype=int),
        points=points,
        max_scores=np.array([1.0, 4.0, 3.0]),
        q_matrix=np.array([[True, False], [True, True], [False, True]]),
    )
    # student a on Q3 (K2): K2 scores of a are Q2 = 0.5 -> 0.5; student b on Q2 (K1, K2): Q1 = 0 and Q3 = 1 -> 0.5
    assert kp_score_rate(matrix, np.array([0, 1]), np.array([2, 1])) == pytest.approx([0.5, 0.5])
    assert item_mean(matrix, np.array([0, 1]), np.array([0, 1])) == pytest.approx([0.5, 0.5])
