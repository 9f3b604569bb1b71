"""Class read-outs: knowledge-point summary, item analysis, score rates, prerequisite order."""

import numpy as np
import pytest

from app.core.diagnosis import Diagnosis
from app.core.score_matrix import ScoreMatrix
from app.insight.summaries import (
    item_analysis,
    knowledge_point_score_rates,
    knowledge_point_summary,
    student_score_rates,
)


def _matrix() -> ScoreMatrix:
    points = np.array(
        [
            [1, 2, 3, 1],
            [1, 2, 0, 0],
            [0, 0, np.nan, 1],
            [1, 1, 3, 0],
            [0, 0, 0, np.nan],
            [1, 2, 3, 1],
            [0, 1, 1, 0],
            [1, 2, 2, 1],
        ],
        dtype=float,
    )
    return ScoreMatrix(
        student_ids=tuple(f"s{i}" for i in range(8)),
        student_names=tuple(f"学生{i}" for i in range(8)),
        item_ids=("Q1", "Q2", "Q3", "Q4"),
        knowledge_points=("A", "B"),
        assessments=("exam1", "exam2"),
        item_assessment=np.array([0, 0, 1, 1]),
        points=points,
        max_scores=np.array([1.0, 2.0, 3.0, 1.0]),
        q_matrix=np.array([[1, 0], [1, 1], [0, 1], [0, 1]], dtype=bool),
    )


def _diagnosis() -> Diagnosis:
    mastery = np.array([[0.2, 0.9], [0.3, 0.5], [0.8, 0.1]])
    status = np.array([["weak", "mastered"], ["weak", "developing"], ["mastered", "insufficient"]])
    return Diagnosis(
        student_ids=("a", "b", "c"),
        knowledge_points=("A", "B"),
        item_ids=("Q1",),
        mastery=mastery,
        lower=mastery - 0.1,
        upper=mastery + 0.1,
        evidence=np.array([[3, 3], [3, 3], [3, 0]]),
        status=status,
        item_params={},
        model_version="test",
        device="cpu",
    )


def test_knowledge_point_summary_leaves_out_insufficient_evidence() -> None:
    a, b = knowledge_point_summary(_diagnosis())
    assert a.mean_mastery == pytest.approx((0.2 + 0.3 + 0.8) / 3)
    assert a.share_weak == pytest.approx(2 / 3)
    assert a.lower < a.mean_mastery < a.upper
    assert (b.students_assessed, b.students_insufficient) == (2, 1)
    assert b.mean_mastery == pytest.approx(0.7)
    assert b.share_weak == 0


def test_item_analysis_score_rate_and_discrimination() -> None:
    stats = {s.item_id: s for s in item_analysis(_matrix())}
    assert stats["Q1"].score_rate == pytest.approx(5 / 8)
    assert stats["Q3"].answered == 7
    assert stats["Q2"].knowledge_points == ("A", "B")
    # the top students on exam1 all got Q1 right, the bottom ones did not
    assert stats["Q1"].discrimination == pytest.approx(1.0)
    assert -1 <= stats["Q4"].discrimination <= 1


def test_score_rates_per_assessment_and_point() -> None:
    rates = knowledge_point_score_rates(_matrix())
    assert rates.shape == (2, 2)
    assert np.isnan(rates[1, 0])  # exam2 does not test A
    assert rates[0, 0] == pytest.approx((5 + 10) / (8 + 16))
    one = student_score_rates(_matrix(), 2)
    assert one[1, 1] == pytest.approx(1.0)  # only Q4 was scored
