"""Weak overall or weak on this point: the profile's split-half reliability and the relative flags."""

import dataclasses

import numpy as np
from engine_helpers import small_matrix

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose
from app.engine.profile import RELATIVE_MIN_RELIABILITY, profile_reliability, weak_kinds


def _class(kp_signal: float, seed: int = 0, students: int = 60, items: int = 48, kps: int = 4) -> ScoreMatrix:
    """Binary scores from an ability plus a knowledge-point deviation of sd `kp_signal`, one KP per question."""
    rng = np.random.default_rng(seed)
    q = np.zeros((items, kps), dtype=bool)
    q[np.arange(items), np.arange(items) % kps] = True
    z = rng.normal(size=(students, 1)) + kp_signal * rng.normal(size=(students, kps))
    p = 1 / (1 + np.exp(-(z @ q.T.astype(float) - rng.normal(0, 0.5, items))))
    base = small_matrix(students=students, items=items, kps=kps)
    return dataclasses.replace(
        base, points=(rng.random(p.shape) < p).astype(float), max_scores=np.ones(items), q_matrix=q
    )


def test_reliability_separates_a_real_profile_from_none() -> None:
    flat, profiled = profile_reliability(_class(0.0)), profile_reliability(_class(1.5))
    assert abs(flat.split_half) < 0.15 and not flat.supports_relative
    assert profiled.full_length > RELATIVE_MIN_RELIABILITY and profiled.supports_relative
    assert profiled.cells > 100


def test_weak_kinds_split_the_overall_level_from_the_point() -> None:
    matrix = _class(1.5, seed=2)
    d = diagnose(matrix)
    kinds = weak_kinds(d, matrix)
    s, k = d.mastery.shape
    assert kinds.overall.shape == (s,) and kinds.relative.shape == (s, k)
    assert np.all(kinds.relative_lower <= kinds.relative) and np.all(kinds.relative <= kinds.relative_upper)
    np.testing.assert_allclose(kinds.relative, np.log(d.mastery / (1 - d.mastery)) - d.ability[:, None], atol=1e-6)
    assert kinds.relative_weak.any()
    assert np.all(kinds.relative_upper[kinds.relative_weak] < 0)
    flat = _class(0.0, seed=2)
    assert not weak_kinds(diagnose(flat), flat).relative_weak.any()  # an unreliable profile flags nothing


def test_the_posterior_probabilities_agree_with_the_levels_and_the_intervals() -> None:
    matrix = _class(1.5, seed=2)
    d = diagnose(matrix)
    kinds = weak_kinds(d, matrix)
    behind = kinds.overall < d.thresholds.weak_below
    assert np.array_equal(kinds.p_behind > 0.5, behind) and behind.any() and (~behind).any()
    assert np.array_equal(kinds.p_below_own > 0.5, kinds.relative < 0)
    # a 90 % interval of the deviation wholly below 0 puts more than 95 % of it below the student's own level
    assert np.all(kinds.p_below_own[kinds.relative_upper < 0] > 0.95)
    assert np.all(kinds.p_below_own[kinds.relative_upper > 0] < 0.95)
