"""One finding per flag, from the posterior: exact findings on a small constructed class."""

from statistics import NormalDist

import numpy as np
import pytest

from app.core.diagnosis import Diagnosis
from app.core.vocabulary import Finding
from app.insight.findings import findings, p_weak

W, B, U, N = (f.value for f in (Finding.WEAK_POINT, Finding.BEHIND_OVERALL, Finding.NOT_SURE, Finding.NONE))
Z90 = NormalDist().inv_cdf(0.95)


def _class() -> Diagnosis:
    """3 students x 3 points whose mastery logits have sd 1: P(weak) at 0.5 is Phi(-logit)."""
    z = np.array([[-2.0, -1.0, 1.0], [-1.0, -0.5, 1.0], [0.5, 2.0, -1.0]])

    def sigmoid(x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-x))

    evidence = np.full((3, 3), 4)
    evidence[2, :2] = 1  # too little evidence for a judgement (min_evidence 2): weak not ruled out, ruled out
    return Diagnosis(
        student_ids=("s0", "s1", "s2"),
        knowledge_points=("A", "B", "C"),
        item_ids=("q1",),
        mastery=sigmoid(z),
        lower=sigmoid(z - Z90),
        upper=sigmoid(z + Z90),
        evidence=evidence,
        status=np.full((3, 3), "weak", dtype=object),
        item_params={},
        model_version="test",
        device="cpu",
        settings={"weak_below": 0.5, "interval_level": 0.9, "min_evidence": 2},
    )


OVERALL = np.array([0.3, 0.45, 0.7])
P_BEHIND = np.array([0.9, 0.3, 0.1])
P_BELOW_OWN = np.array([[0.95, 0.5, 0.1], [0.9, 0.6, 0.1], [0.2, 0.1, 0.5]])


def test_p_weak_is_the_posterior_probability_below_the_threshold() -> None:
    np.testing.assert_allclose(
        p_weak(_class()),
        [[0.97725, 0.84134, 0.15866], [0.84134, 0.69146, 0.15866], [0.30854, 0.02275, 0.84134]],
        atol=1e-5,
    )


def test_findings_where_the_class_supports_point_specific_flags() -> None:
    found = findings(_class(), 0.8, overall=OVERALL, p_behind=P_BEHIND, p_below_own=P_BELOW_OWN, point_specific=True)
    assert found.finding.tolist() == [[W, B, B], [W, U, N], [U, N, U]]
    assert found.behind.tolist() == [True, False, False]
    assert found.points(0, Finding.BEHIND_OVERALL) == [1, 2] and found.points(1, Finding.WEAK_POINT) == [0]


def test_without_the_class_s_support_a_student_is_behind_overall_or_not_sure_yet() -> None:
    found = findings(_class(), 0.8, overall=OVERALL, p_behind=P_BEHIND, p_below_own=P_BELOW_OWN, point_specific=False)
    assert found.finding.tolist() == [[B, B, B], [U, U, N], [U, N, U]]
    assert not found.point_specific


def test_the_teacher_s_confidence_decides_what_is_flagged() -> None:
    found = findings(_class(), 0.95, overall=OVERALL, p_behind=P_BEHIND, p_below_own=P_BELOW_OWN, point_specific=True)
    assert found.finding.tolist() == [[W, U, N], [U, U, N], [U, N, U]]
    assert found.confidence == 0.95


def test_a_run_without_its_parameters_flags_only_not_sure_yet() -> None:
    found = findings(_class(), 0.8)
    assert found.finding.tolist() == [[U, U, N], [U, U, N], [U, N, U]]
    assert found.overall is None and np.isnan(found.reliability)


@pytest.mark.parametrize(
    ("finding", "zh", "en"),
    [
        (Finding.WEAK_POINT, "薄弱点", "weak point"),
        (Finding.BEHIND_OVERALL, "总体落后", "behind overall"),
        (Finding.NOT_SURE, "暂不确定", "not sure yet"),
        (Finding.NONE, "无", "none"),
    ],
)
def test_each_finding_has_its_one_translation(finding: Finding, zh: str, en: str) -> None:
    assert (finding.text.zh, finding.text.en, finding.value) == (zh, en, en)
