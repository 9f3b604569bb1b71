"""diagnose() / predict() / check_model(): output contract, insufficient evidence, intervals, cancellation."""

import dataclasses

import numpy as np
import pytest
from engine_helpers import small_matrix

from app.core.diagnosis import STATUSES, Thresholds
from app.core.progress import Cancelled
from app.engine import diagnose as diagnose_module
from app.engine.diagnose import diagnose, predict, status_codes
from app.engine.evaluate import check_model, hide_scores, keep_n
from app.engine.prior import MODEL_VERSION, Prior


class CancelAfter:
    """A progress that cancels once it has received `n` reports."""

    def __init__(self, n: int) -> None:
        self.n, self.reports = n, []

    def report(self, fraction: float, message: str = "") -> None:
        self.reports.append(fraction)

    def cancelled(self) -> bool:
        return len(self.reports) >= self.n


def test_diagnosis_contract() -> None:
    matrix = small_matrix(seed=1, students=9, items=8, kps=3)
    points = matrix.points.copy()
    points[0, :] = np.nan  # an absent student: no evidence anywhere
    points[1, matrix.q_matrix[:, 2]] = np.nan  # student 1 has no score on K2
    matrix = dataclasses.replace(matrix, points=points)
    d = diagnose(matrix, prior=Prior())
    shape = (9, 3)
    assert d.mastery.shape == d.lower.shape == d.upper.shape == d.evidence.shape == d.status.shape == shape
    assert set(np.unique(d.status)) <= set(STATUSES)
    assert np.all((d.lower <= d.mastery) & (d.mastery <= d.upper))
    assert np.all((d.mastery > 0) & (d.mastery < 1))
    assert np.array_equal(d.evidence, matrix.observed.astype(int) @ matrix.q_matrix.astype(int))
    assert np.all(d.status[d.evidence < Thresholds().min_evidence] == "insufficient")
    assert np.all(d.status[0] == "insufficient") and d.status[1, 2] == "insufficient"
    enough = d.evidence >= Thresholds().min_evidence
    assert np.all((d.status[enough] == "weak") == (d.mastery[enough] < Thresholds().weak_below))
    assert np.all((d.status[enough] == "mastered") == (d.mastery[enough] >= Thresholds().mastered_from))
    assert set(d.item_params) >= {"difficulty", "discrimination", "score_rate"}
    assert all(v.shape == (8,) for v in d.item_params.values())
    assert np.all(d.item_params["discrimination"] > 0)
    assert d.model_version == MODEL_VERSION and d.device == "CPU"
    assert d.settings["weak_below"] == Thresholds().weak_below
    assert d.settings["device_reason"].startswith("auto: cpu")
    assert 0 <= d.fit["support_rmse"] <= 1


def test_status_codes_agree_with_the_thresholds() -> None:
    rng = np.random.default_rng(0)
    mastery, evidence = rng.random((40, 7)), rng.integers(0, 4, (40, 7))
    names = np.array(STATUSES, dtype=object)[status_codes(mastery, evidence, Thresholds())]
    assert np.array_equal(names, Thresholds().statuses(mastery, evidence))


def test_fit_metrics_of_a_large_class_use_a_sample(monkeypatch) -> None:
    matrix = small_matrix(seed=4, students=30, items=20)
    full = diagnose(matrix).fit
    monkeypatch.setattr(diagnose_module, "FIT_SAMPLE", 100)
    sampled = diagnose(matrix).fit
    assert sampled["support_n"] == 100 and full["support_n"] == matrix.observed.sum()
    assert abs(sampled["support_rmse"] - full["support_rmse"]) < 0.1


def test_more_evidence_narrows_the_interval() -> None:
    matrix = small_matrix(seed=2, students=20, items=30, kps=2)
    d = diagnose(matrix, prior=Prior())
    few = diagnose(keep_n(matrix, 3, seed=0).train, prior=Prior())
    assert np.mean(d.upper - d.lower) < np.mean(few.upper - few.lower)


def test_cancellation_raises_cancelled() -> None:
    progress = CancelAfter(3)
    with pytest.raises(Cancelled):
        diagnose(small_matrix(), progress=progress, prior=Prior())
    assert len(progress.reports) == 3


def test_progress_reaches_one() -> None:
    progress = CancelAfter(10**9)
    diagnose(small_matrix(), progress=progress, prior=Prior())
    assert progress.reports[-1] == 1.0 and progress.reports == sorted(progress.reports)


def test_predict_pairs_in_unit_interval() -> None:
    matrix = small_matrix()
    p = predict(matrix, np.array([0, 1, 2]), np.array([3, 3, 0]), prior=Prior())
    assert p.shape == (3,) and np.all((p >= 0) & (p <= 1))


def test_hide_scores_and_keep_n() -> None:
    matrix = small_matrix(students=10, items=20)
    split = hide_scores(matrix, 0.2, seed=0)
    n_obs = matrix.observed.sum(axis=1)
    hidden = split.hidden.sum(axis=1)
    assert np.all(hidden == np.clip(np.maximum(1, np.round(0.2 * n_obs)), 0, n_obs - 1))
    assert not np.any(split.train.observed & split.hidden)
    assert np.all(split.hidden <= matrix.observed)
    few = keep_n(matrix, 5, seed=0)
    assert np.all(few.train.observed.sum(axis=1) == np.minimum(n_obs, 5))


def test_check_model_scores_exactly_the_scores_it_hid_against_the_score_rate() -> None:
    from app.engine.evaluate import kp_score_rate
    from app.engine.metrics import all_metrics
    from app.engine.training.simulate import simulate_class

    matrix = simulate_class(np.random.default_rng(5), "mirt").matrix  # 58 students whose points differ
    result = check_model(matrix, hide=0.2, seed=0)
    split = hide_scores(matrix, 0.2, seed=0)
    students, items, truth = split.pairs()
    assert result.hidden_scores == len(truth) == int(split.hidden.sum()) > 0
    # the baseline is the score rate of what was left, scored on what was hidden, nothing else
    assert result.baseline == all_metrics(truth, kp_score_rate(split.train, students, items))
    assert result.engine["n"] == result.baseline["n"] == len(truth)
    # on a class whose scores follow its knowledge points, the diagnosis ranks the hidden scores well above chance
    assert result.engine["auc"] > 0.7 > result.baseline["auc"] and result.engine_better
    assert check_model(matrix, hide=0.2, seed=0) == result  # the same hidden scores, the same verdict
    assert check_model(matrix, hide=0.2, seed=1).hidden_scores == result.hidden_scores  # 20 % of each student's


def test_the_diagnosis_carries_its_own_expected_scores() -> None:
    """Plans read the run's adapted parameters: the same numbers predict() gives on the same scores."""
    from app.engine.diagnose import expected_scores

    matrix = small_matrix(seed=3, students=10, items=9, kps=3)
    d = diagnose(matrix)
    s, i = np.meshgrid(np.arange(10), np.arange(9), indexing="ij")
    refit = predict(matrix, s.ravel(), i.ravel()).reshape(10, 9)
    own = expected_scores(d)
    assert own is not None and own.shape == (10, 9)
    np.testing.assert_allclose(own, refit, atol=1e-4)
    old_run = dataclasses.replace(d, ability=None)
    assert expected_scores(old_run) is None
