"""The term: students carried from exam to exam in date order, drift widening the state between exams."""

import numpy as np
import pytest

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import expected_scores, predict_grade
from app.engine.recalibration import SHIFT_PRECISION
from app.engine.term import NO_DRIFT, Drift, ExamState, fit_term


def _term(seed: int, students: int = 16, exams: int = 3, items: int = 8, kps: int = 2) -> ScoreMatrix:
    """A class that sat `exams` exams of `items` right/wrong questions each, item ids "E<t>/Q<i>"."""
    rng = np.random.default_rng(seed)
    n = items * exams
    exam = np.repeat(np.arange(exams), items)
    ability = rng.normal(0, 1, students)[:, None] + rng.normal(0, 0.8, students)[:, None] * exam[None, :]
    p = 1 / (1 + np.exp(-(ability - rng.normal(0, 1, n)[None, :])))
    return term_of(seed, (rng.random(p.shape) < p).astype(float), exams, kps)


def term_of(seed: int, points: np.ndarray, exams: int, kps: int) -> ScoreMatrix:
    """Class `seed`'s right/wrong `points` (students x exams * items) as a term: item ids "E<t>/Q<i>", exams E0..,
    question i testing point i mod `kps`."""
    students, n = points.shape
    items = n // exams
    q = np.zeros((n, kps), dtype=bool)
    q[np.arange(n), np.arange(n) % kps] = True
    return ScoreMatrix(
        student_ids=tuple(f"c{seed}s{j}" for j in range(students)),
        student_names=(None,) * students,
        item_ids=tuple(f"E{t}/Q{i}" for t in range(exams) for i in range(items)),
        knowledge_points=tuple(f"K{k}" for k in range(kps)),
        assessments=tuple(f"E{t}" for t in range(exams)),
        item_assessment=np.repeat(np.arange(exams), items),
        points=points,
        max_scores=np.ones(n),
        q_matrix=q,
    )


def _improver(matrix: ScoreMatrix) -> ScoreMatrix:
    """The class with student 0 wrong on every question of E0 and right on every question of E2."""
    points = matrix.points.copy()
    points[0, matrix.item_assessment == 0] = 0.0
    points[0, matrix.item_assessment == 2] = 1.0
    return ScoreMatrix(**{**matrix.__dict__, "points": points})


def test_now_follows_the_latest_exam_in_date_order() -> None:
    m = _improver(_term(0))
    forward = fit_term([m], [[0.0, 30.0, 60.0]])
    backward = fit_term([m], [[60.0, 30.0, 0.0]])  # the same scores, E0 now the latest
    assert [s.exam for s in forward.states(0)] == ["E0", "E1", "E2"]
    assert [s.exam for s in backward.states(0)] == ["E2", "E1", "E0"]
    assert forward.states(0)[-1].ability[0] > backward.states(0)[-1].ability[0] + 0.5
    after = forward.states(0)
    assert after[-1].ability[0] > after[0].ability[0]


def test_drift_weighs_the_latest_exam_more_than_no_drift() -> None:
    m = _improver(_term(1))
    item = m.item_ids.index("E2/Q0")
    drifting = fit_term([m], drift=Drift(0.5, 0.05)).predict(0, np.array([0]), np.array([item]))
    fixed = fit_term([m], drift=NO_DRIFT).predict(0, np.array([0]), np.array([item]))
    assert drifting[0] > fixed[0]


def test_a_longer_gap_moves_the_state_further_towards_the_latest_exam() -> None:
    m = _improver(_term(2))
    near = fit_term([m], [[0.0, 10.0, 20.0]]).states(0)[-1].ability[0]
    far = fit_term([m], [[0.0, 90.0, 180.0]]).states(0)[-1].ability[0]
    assert far > near


def test_states_carry_intervals_around_the_mastery_and_predictions_are_fractions() -> None:
    classes = [_term(3), _term(4)]
    fit = fit_term(classes)
    for j, m in enumerate(classes):
        for state in fit.states(j):
            assert state.mastery.shape == (len(m.student_ids), len(m.knowledge_points))
            assert (state.lower <= state.mastery).all() and (state.mastery <= state.upper).all()
            assert (state.upper - state.lower > 0.01).all()
        s, i = np.nonzero(np.ones(m.points.shape, dtype=bool))
        p = fit.predict(j, s, i)
        assert p.shape == (len(s),) and ((p >= 0) & (p <= 1)).all()


def test_the_state_widens_between_exams_with_drift_only() -> None:
    m = _term(5)
    drifting, fixed = fit_term([m]).states(0), fit_term([m], drift=NO_DRIFT).states(0)
    assert (drifting[-1].upper - drifting[-1].lower).mean() > (fixed[-1].upper - fixed[-1].lower).mean()


def test_without_drift_the_latest_state_predicts_as_the_pooled_fit() -> None:
    m = _term(6)
    s, i = np.nonzero(np.ones(m.points.shape, dtype=bool) & (m.item_assessment == 2)[None, :])
    term = fit_term([m], drift=NO_DRIFT).predict(0, s, i)
    pooled = predict_grade([m], [(s, i)])[0]
    assert np.corrcoef(term, pooled)[0, 1] > 0.99


def test_days_must_match_the_assessments() -> None:
    with pytest.raises(ValueError, match="2 days for 3 assessments"):
        fit_term([_term(7)], [[0.0, 30.0]])


def test_classes_of_a_grade_on_other_days_are_widened_by_their_own_gaps() -> None:
    a, b = _term(8), _term(9)
    fit = fit_term([a, b], [[0.0, 30.0, 60.0], [0.0, 120.0, 240.0]])
    width = [(s[-1].upper - s[-1].lower).mean() for s in (fit.states(0), fit.states(1))]
    assert width[1] > width[0]
    assert [s.day for s in fit.states(1)] == [0.0, 120.0, 240.0]


def _easy(matrix: ScoreMatrix) -> ScoreMatrix:
    """The class with every student right on the first half of each exam's questions (a paper of easy ones)."""
    points = matrix.points.copy()
    points[:, np.arange(len(matrix.item_ids)) % 8 < 4] = 1.0
    return ScoreMatrix(**{**matrix.__dict__, "points": points})


def test_recalibrated_papers_average_their_own_scores_and_keep_their_order() -> None:
    classes = [_easy(_term(10)), _easy(_term(11))]
    raw, fit = fit_term(classes, recalibrate=False), fit_term(classes)
    assert raw.shift is None and fit.shift is not None
    for j, m in enumerate(classes):
        for t in range(len(m.assessments)):
            s, i = np.nonzero(m.observed & (m.item_assessment == t)[None, :])
            before, after = raw.predict(j, s, i), fit.predict(j, s, i)
            assert np.argsort(before, kind="stable").tolist() == np.argsort(after, kind="stable").tolist()
    for t in range(3):  # over the grade (both classes), each paper's MAP equation of its shift holds
        pairs = [np.nonzero(m.observed & (m.item_assessment == t)[None, :]) for m in classes]
        expected = np.concatenate([fit.predict(j, s, i) for j, (s, i) in enumerate(pairs)])
        scores = np.concatenate([m.fractions[s, i] for m, (s, i) in zip(classes, pairs)])
        shift = fit.shift[fit.columns[0][classes[0].item_assessment == t]][0]
        gap = expected.sum() - scores.sum() + SHIFT_PRECISION * shift
        assert gap == pytest.approx(0.0, abs=1e-4)  # the fit is float32
    assert np.all(fit.shift > 0)  # the prior's shrinkage under-predicts the easy papers; the shift raises them


def test_a_diagnosis_keeps_its_papers_shifts_so_its_expected_scores_are_what_predict_gives() -> None:
    classes = [_easy(_term(10)), _easy(_term(11))]
    raw, fit = fit_term(classes, recalibrate=False), fit_term(classes)
    m, latest = classes[0], len(classes[0].assessments) - 1
    s, i = np.nonzero(m.observed & (m.item_assessment == latest)[None, :])  # predict reads the state now for these
    for term in (raw, fit):
        now = term.diagnosis(0)
        expected = expected_scores(now)
        assert expected is not None
        assert np.allclose(expected[s, i], term.predict(0, s, i), atol=1e-5)  # the fit is float32
    assert "shift" not in raw.diagnosis(0).item_params
    assert np.array_equal(fit.diagnosis(0).item_params["shift"], fit.shift[fit.columns[0]])
    first = np.flatnonzero(m.item_assessment == 0)
    assert np.array_equal(fit.diagnosis(0, 0, first).item_params["shift"], fit.shift[fit.columns[0][first]])


def test_the_pull_shrinks_the_point_deviations_not_the_intervals() -> None:
    m = _term(8, students=20, kps=3)
    free_fit, pulled_fit = fit_term([m], drift=Drift(pull=1.0)), fit_term([m], drift=Drift(pull=1e6))
    free, pulled = free_fit.states(0)[-1], pulled_fit.states(0)[-1]

    def deviations(state: ExamState) -> float:
        """Largest point deviation of a student beyond their level and the class's point profile (logit scale)."""
        z = np.log(state.mastery / (1 - state.mastery))
        return float(np.abs(z - z.mean(axis=0) - z.mean(axis=1)[:, None] + z.mean()).max())

    assert deviations(pulled) < 0.01 < 0.05 < deviations(free)
    variances = [
        fit.filtered[0].covariances[-1].diagonal(dim1=1, dim2=2)[:, 1:].mean() for fit in (pulled_fit, free_fit)
    ]
    assert float(variances[0]) > 0.8 * float(variances[1])  # the deviations are as uncertain as without the pull
    assert (pulled.upper - pulled.lower).mean() > 0.8 * (free.upper - free.lower).mean()


def test_a_simulated_term_keeps_its_students_and_points_and_moves_their_truth_only_with_growth() -> None:
    from app.engine.training.simulate import simulate_term

    still, moving = (simulate_term(np.random.default_rng(4), 2, 3, growth) for growth in (0.0, 0.5))
    for term_ in (still, moving):
        for exams in term_:
            assert len({e.matrix.student_ids for e in exams}) == 1
            assert len({e.matrix.knowledge_points for e in exams}) == 1
            assert all(e.matrix.assessments == ("A1",) for e in exams)
    assert all(np.array_equal(e.mastery, exams[0].mastery) for exams in still for e in exams)
    assert not any(np.array_equal(exams[1].mastery, exams[0].mastery) for exams in moving)


def _taught(matrix: ScoreMatrix, point: int, rate: float, seed: int) -> ScoreMatrix:
    """The class with its scores on `point`'s questions of its last exam drawn anew at `rate` (the class was taught
    the point before that exam)."""
    points = matrix.points.copy()
    last = (matrix.item_assessment == len(matrix.assessments) - 1) & matrix.q_matrix[:, point]
    rng = np.random.default_rng(seed)
    points[:, last] = (rng.random((points.shape[0], int(last.sum()))) < rate).astype(float)
    return ScoreMatrix(**{**matrix.__dict__, "points": points})


def _rise(fit, j: int, point: int) -> float:
    """Class j's mean mastery of `point` after its last exam minus after the one before."""
    *_, before, now = fit.states(j)
    return float(now.mastery[:, point].mean() - before.mastery[:, point].mean())


def test_a_class_taught_a_point_rises_on_it_as_a_class_with_class_moves() -> None:
    grade = [_term(s, students=30, exams=3, items=12, kps=2) for s in range(4)]
    grade[0] = _taught(grade[0], 0, 0.95, 7)
    still, moving = (fit_term(grade, drift=Drift(c=c)) for c in (0.0, 0.3))
    # each student's few questions on the point show it only through their own shrunk deviation
    assert _rise(moving, 0, 0) > _rise(still, 0, 0) + 0.03
    assert _rise(moving, 0, 0) - _rise(moving, 0, 1) > _rise(still, 0, 0) - _rise(still, 0, 1) + 0.03
    # the moves are the taught class's: a class that was not taught does not rise on the point with them
    assert _rise(moving, 1, 0) < _rise(moving, 0, 0) - 0.1


def test_class_moves_keep_the_variance_the_class_shares_for_its_mean() -> None:
    grade = [_term(s, students=20, exams=3) for s in range(2)]
    still, moving = (fit_term(grade, drift=Drift(c=c)) for c in (0.0, 0.3))
    assert "class_move_variance" not in still.diagnosis(0).settings
    first, *_, now = (moving.diagnosis(0, t).settings.get("class_move_variance") for t in range(3))
    assert first is None  # no move before the first exam
    assert len(now) == 2 and all(v > 0 for v in now)
    # the students' own intervals carry it too: wider than without the moves
    assert (moving.diagnosis(0).upper - moving.diagnosis(0).lower).mean() > (
        still.diagnosis(0).upper - still.diagnosis(0).lower
    ).mean()
