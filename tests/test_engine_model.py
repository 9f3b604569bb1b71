"""The model: monotone in mastery, partial credit kept, masked scores ignored, adapt() lowers the loss."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch
from engine_helpers import small_matrix

from app.engine.adapt import adapt, objective
from app.engine.model import GROUPS, expected_fraction, mastery_logits, nll
from app.engine.prior import Prior, load_prior
from app.engine.task import task_from_arrays, task_from_matrix

ROOT = Path(__file__).resolve().parent.parent


def _random_params(task, seed=0):
    gen = torch.Generator().manual_seed(seed)
    s, i, k = task.shape
    shapes = {"g": (s,), "d": (s, k), "c": (k,), "b": (i,), "a": (i,), "w": (i, k), "guess": (i,), "slip": (i,)}
    return {name: torch.randn(shapes[name], generator=gen) for name in GROUPS}


def test_raising_any_mastery_never_lowers_any_prediction() -> None:
    task = task_from_matrix(small_matrix())
    params = _random_params(task)
    before = expected_fraction(params, task)
    s, _, k = task.shape
    for student in range(s):
        for kp in range(k):
            raised = dict(params, d=params["d"].clone())
            raised["d"][student, kp] += 0.7
            after = expected_fraction(raised, task)
            assert torch.all(after >= before - 1e-7)
    raised = dict(params, g=params["g"] + 1.0)
    assert torch.all(expected_fraction(raised, task) >= before - 1e-7)


def test_shapes_and_range() -> None:
    task = task_from_matrix(small_matrix(students=7, items=5, kps=4))
    params = _random_params(task)
    p = expected_fraction(params, task)
    assert p.shape == (7, 5)
    assert mastery_logits(params).shape == (7, 4)
    assert torch.all((p > 0) & (p < 1))


def test_partial_credit_is_not_rounded() -> None:
    q = np.ones((1, 1), dtype=bool)
    obs = np.ones((1, 1), dtype=bool)
    three_of_five = task_from_arrays(np.array([[0.6]]), obs, np.array([5.0]), q)
    rounded = task_from_arrays(np.array([[1.0]]), obs, np.array([5.0]), q)
    params = _random_params(three_of_five)
    p = float(expected_fraction(params, three_of_five)[0, 0])
    expected = -(0.6 * np.log(p) + 0.4 * np.log(1 - p))
    assert abs(float(nll(params, three_of_five)) - expected) < 1e-5
    assert abs(float(nll(params, three_of_five)) - float(nll(params, rounded))) > 1e-3


def test_a_masked_score_changes_nothing() -> None:
    matrix = small_matrix()
    observed = matrix.observed.copy()
    observed[0, 0] = False
    fractions = np.nan_to_num(matrix.fractions)
    other = fractions.copy()
    other[0, 0] = 1.0 - other[0, 0]
    one = task_from_arrays(fractions, observed, matrix.max_scores, matrix.q_matrix)
    two = task_from_arrays(other, observed, matrix.max_scores, matrix.q_matrix)
    prior = Prior.default()
    params = _random_params(one)
    assert float(nll(params, one)) == float(nll(params, two))
    with torch.no_grad():
        a, b = adapt(one, prior), adapt(two, prior)
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_a_nan_score_is_missing_not_zero() -> None:
    matrix = small_matrix()
    points = matrix.points.copy()
    points[1, 1] = np.nan
    task = task_from_matrix(dataclasses.replace(matrix, points=points))
    assert float(task.mask[1, 1]) == 0.0


def test_adapt_lowers_the_support_loss() -> None:
    task = task_from_matrix(small_matrix(seed=3))
    for prior, optimizer in ((Prior.default(), "metasgd"), (Prior.default(), "adam")):
        with torch.no_grad():
            start = float(objective(prior.initial_params(task), task, prior))
            end = float(
                objective(
                    adapt(task, prior, optimizer=optimizer, steps=200 if optimizer == "adam" else None), task, prior
                )
            )
        assert end < start


def test_inference_steps_equal_the_differentiable_steps() -> None:
    task = task_from_matrix(small_matrix(seed=5))
    prior = load_prior()
    with torch.no_grad():
        plain = adapt(task, prior)
    traced = adapt(task, prior)  # autograd on: the torch.func.grad path meta-training takes
    for name in GROUPS:
        torch.testing.assert_close(plain[name], traced[name].detach(), rtol=1e-5, atol=1e-6)


def test_diagnosing_does_not_import_torch_dynamo() -> None:
    # torch.func.grad imports torch._dynamo (1-2 s); the app's and the CLI's diagnosis must not pay it
    code = (
        "import sys; sys.path.insert(0, 'tests'); from engine_helpers import small_matrix;"
        "from app.engine.diagnose import diagnose; diagnose(small_matrix(seed=1), device='cpu');"
        "print('torch._dynamo' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False", out.stderr
