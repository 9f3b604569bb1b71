"""Calibration in the large: a logit shift per paper, fitted on the paper's own scores."""

import numpy as np
import pytest

from app.engine.recalibration import MAX_SHIFT, SHIFT_PRECISION, paper_shifts, shifted


def test_each_paper_is_shifted_to_average_its_scores() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.2, 0.9, 400)
    paper = np.repeat([0, 1], 200)
    y = (rng.random(400) < np.where(paper == 0, p + 0.08, p - 0.05)).astype(float)
    shifts = paper_shifts(p, y, paper, 3)
    moved = shifted(p, shifts[paper])
    for e in (0, 1):  # the shift's MAP equation: expected minus observed total balances the prior's pull
        gap = moved[paper == e].sum() - y[paper == e].sum()
        assert gap + SHIFT_PRECISION * shifts[e] == pytest.approx(0.0, abs=1e-9)
        assert abs(moved[paper == e].mean() - y[paper == e].mean()) < 0.01
    assert shifts[0] > 0 > shifts[1] and shifts[2] == 0.0  # paper 2 has no scores
    assert np.argsort(moved[:200]).tolist() == np.argsort(p[:200]).tolist()


def test_a_zero_shift_returns_the_scores_unchanged_and_a_paper_all_right_stops_at_the_bound() -> None:
    p = np.array([0.1, 0.5, 0.93])
    assert np.array_equal(shifted(p, 0.0), p)
    assert paper_shifts(np.full(400, 0.5), np.ones(400), np.zeros(400, dtype=int), 1)[0] == MAX_SHIFT


def test_a_paper_of_one_score_is_barely_moved() -> None:
    shift = paper_shifts(np.array([0.5]), np.array([1.0]), np.zeros(1, dtype=int), 1)[0]
    assert 0.0 < shift < 0.15  # without the prior it would go to the bound
