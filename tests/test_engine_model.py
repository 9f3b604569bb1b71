"""The model: monotone in mastery, partial credit kept, masked scores ignored, adapt() lowers the loss,
padded batches adapt like their tasks one by one, knowledge-point weights are a masked softmax."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from engine_helpers import small_matrix

from app.engine.adapt import adapt, objective
from app.engine.model import GROUPS, expected_fraction, kp_weights, mastery_logits, nll
from app.engine.prior import Prior, load_prior
from app.engine.task import pad_tasks, task_from_arrays, task_from_matrix

ROOT = Path(__file__).resolve().parent.parent


def _random_params(task, seed=0):
    gen = torch.Generator().manual_seed(seed)
    s, i, k = task.shape
    c = task.member.shape[1]
    shapes = {
        "g": (s,),
        "d": (s, k),
        "u": (c,),
        "c": (k,),
        "b": (i,),
        "a": (i,),
        "w": (i, k),
        "guess": (i,),
        "slip": (i,),
    }
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
    assert mastery_logits(params, task).shape == (7, 4)
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
    plain = adapt(task, prior)  # grad mode on, but the plain path: nothing to differentiate
    assert all(not p.requires_grad for p in plain.values())
    trainable = Prior()
    traced = adapt(task, trainable, differentiable=True)
    assert traced["g"].requires_grad
    again = adapt(task, trainable)
    for name in GROUPS:
        torch.testing.assert_close(again[name], traced[name].detach(), rtol=1e-5, atol=1e-6)
    with torch.no_grad():
        for name, value in adapt(task, prior).items():
            torch.testing.assert_close(plain[name], value)


def test_a_padded_batch_adapts_like_each_task_alone() -> None:
    tasks = [task_from_matrix(small_matrix(seed=j, students=8 + 3 * j, items=6 + 2 * j, kps=2 + j)) for j in range(3)]
    prior = load_prior()
    batch = adapt(pad_tasks(tasks), prior)
    for j, task in enumerate(tasks):
        s, i, k = task.shape
        alone = adapt(task, prior)
        torch.testing.assert_close(batch["g"][j, :s], alone["g"], rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(batch["d"][j, :s, :k], alone["d"], rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(batch["b"][j, :i], alone["b"], rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(batch["u"][j, :1], alone["u"], rtol=1e-4, atol=1e-5)


def test_kp_weights_are_a_softmax_over_the_tested_points_only() -> None:
    q = torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    w = torch.tensor([[-200.0, -201.0, 500.0], [3.0, 1.0, 2.0], [0.0, -300.0, 0.0]], requires_grad=True)
    weights = kp_weights({"w": w}, q)
    expected = torch.tensor(
        [[1 / (1 + np.exp(-1.0)), np.exp(-1.0) / (1 + np.exp(-1.0)), 0.0], [0.0] * 3, [0.0, 1.0, 0.0]]
    )
    torch.testing.assert_close(weights, expected.float())
    weights.sum().backward()  # gradients stay finite where a point is untested or far below the others
    assert w.grad is not None and torch.isfinite(w.grad).all()


def test_diagnosing_does_not_import_torch_dynamo() -> None:
    # torch.func.grad imports torch._dynamo (1-2 s); the app's and the CLI's diagnosis must not pay it
    code = (
        "import sys; sys.path.insert(0, 'tests'); from engine_helpers import small_matrix;"
        "from app.engine.diagnose import diagnose; diagnose(small_matrix(seed=1), device='cpu');"
        "print('torch._dynamo' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_the_closed_form_gradient_equals_autograd() -> None:
    from app.engine.gradient import objective_gradient

    one = task_from_matrix(small_matrix(seed=6, students=9, items=7, kps=3))
    q = one.q.clone()
    q[0] = 0.0  # an untagged question
    two = task_from_arrays(
        np.nan_to_num(small_matrix(seed=7, students=11, items=5, kps=2).fractions),
        small_matrix(seed=7, students=11, items=5, kps=2).observed,
        np.ones(5),
        small_matrix(seed=7, students=11, items=5, kps=2).q_matrix,
        classes=np.arange(11) % 3,  # a grade of three classes
    )
    batch = pad_tasks([dataclasses.replace(one, q=q), two])
    prior = load_prior()
    start, pull = prior.start(batch)
    params = {k: (v + 0.3 * torch.randn_like(v)).requires_grad_() for k, v in start.items()}
    auto = torch.autograd.grad(objective(params, batch, prior, pull), list(params.values()))
    closed = objective_gradient(params, batch, pull)
    for (name, _), expected in zip(params.items(), auto):
        torch.testing.assert_close(closed[name], expected, rtol=1e-4, atol=1e-4, msg=name)


def test_adapt_refuses_more_meta_sgd_steps_than_the_prior_learned() -> None:
    task = task_from_matrix(small_matrix(seed=3))
    prior = load_prior()
    assert adapt(task, prior, steps=prior.steps - 1)["b"].shape == (task.shape[1],)
    with pytest.raises(ValueError, match=f"learned {prior.steps} inner steps, {prior.steps + 1} asked"):
        adapt(task, prior, steps=prior.steps + 1)
