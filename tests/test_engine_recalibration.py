"""Calibration in the large: a logit shift per paper, fitted on the paper's own scores."""

import numpy as np
import pytest

from app.engine.recalibration import MAX_SHIFT, paper_shifts, shifted


def test_each_paper_is_shifted_to_average_its_scores() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.2, 0.9, 400)
    paper = np.repeat([0, 1], 200)
    y = (rng.random(400) < np.where(paper == 0, p + 0.08, p - 0.05)).astype(float)
    shifts = paper_shifts(p, y, paper, 3)
    moved = shifted(p, shifts[paper])
    for e in (0, 1):
        assert moved[paper == e].mean() == pytest.approx(y[paper == e].mean(), abs=1e-9)
    assert shifts[0] > 0 > shifts[1] and shifts[2] == 0.0  # paper 2 has no scores
    assert np.argsort(moved[:200]).tolist() == np.argsort(p[:200]).tolist()


def test_a_zero_shift_returns_the_scores_unchanged_and_a_paper_all_right_stops_at_the_bound() -> None:
    p = np.array([0.1, 0.5, 0.93])
    assert np.array_equal(shifted(p, 0.0), p)
    assert paper_shifts(p, np.ones(3), np.zeros(3, dtype=int), 1)[0] == MAX_SHIFT
