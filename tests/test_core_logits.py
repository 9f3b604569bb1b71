import numpy as np
import pytest

from app.core.logits import logit, sigmoid


def test_the_sigmoid_undoes_the_logit_inside_the_clipping() -> None:
    p = np.linspace(0.001, 0.999, 999)
    np.testing.assert_allclose(sigmoid(logit(p, 1e-4)), p, rtol=1e-12)
    z = np.linspace(-20.0, 20.0, 401)
    np.testing.assert_allclose(logit(sigmoid(z), 1e-12), z, atol=1e-6)


def test_the_logit_clips_at_its_eps() -> None:
    eps = 0.02
    z = logit(np.array([0.0, 0.01, eps, 0.5, 1 - eps, 0.99, 1.0]), eps)
    edge = np.log(eps / (1 - eps))
    np.testing.assert_allclose(z, [edge, edge, edge, 0.0, -edge, -edge, -edge], atol=1e-12)
    assert logit(0.3, 1e-9) == pytest.approx(np.log(0.3 / 0.7), rel=1e-14)


def test_extreme_inputs_stay_finite_and_in_range() -> None:
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # no overflow warning either
        s = sigmoid(np.array([-1e308, -800.0, -40.0, 0.0, 40.0, 800.0, 1e308]))
        z = logit(np.array([0.0, 1e-300, 1.0]), 1e-9)
    assert np.isfinite(s).all() and np.isfinite(z).all()
    assert s[0] == 0.0 and s[3] == 0.5 and s[-1] == 1.0
    assert 0.0 < s[2] < 1e-17 and s[4] == 1.0  # exp(-40) kept where 1 - exp(-40) rounds to 1
    assert np.all(np.diff(s) >= 0)
    np.testing.assert_allclose(z, [logit(1e-9, 1e-9), logit(1e-9, 1e-9), -logit(1e-9, 1e-9)])


def test_the_sigmoid_keeps_the_shape_and_the_symmetry() -> None:
    x = np.linspace(-30.0, 30.0, 60).reshape(3, 20)
    s = sigmoid(x)
    assert s.shape == (3, 20)
    np.testing.assert_allclose(s + sigmoid(-x), 1.0, rtol=1e-15)
