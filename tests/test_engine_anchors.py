"""Anchors: a stored calibration of a paper's questions pulls a class's fit towards it; without one (or with one that
knows none of the questions) the diagnosis is exactly as before."""

from __future__ import annotations

import dataclasses

import numpy as np
import torch
from engine_helpers import small_matrix

from app.engine.anchors import CAP, PER_STUDENT, ItemAnchors, anchored, raw_values, with_extra
from app.engine.diagnose import diagnose
from app.engine.model import item_link
from app.engine.prior import load_prior
from app.engine.task import task_from_matrix


def _anchors(items: int, known: np.ndarray | None = None, students: float = 500.0) -> ItemAnchors:
    """Stored values unlike the class's own: difficulties -2..2 in question order, steep, little guessing."""
    return ItemAnchors(
        known=np.ones(items, bool) if known is None else known,
        difficulty=np.linspace(-2.0, 2.0, items),
        discrimination=np.full(items, 2.5),
        guess=np.full(items, 0.01),
        slip=np.full(items, 0.02),
        students=np.full(items, students),
    )


def _same(a, b) -> None:
    for field in ("mastery", "lower", "upper", "ability", "item_weights"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    for key in a.item_params:
        np.testing.assert_array_equal(a.item_params[key], b.item_params[key])


def test_anchors_that_know_no_question_change_nothing() -> None:
    m = small_matrix(seed=4, students=10, items=8)
    plain = diagnose(m, device="cpu")
    none_known = diagnose(m, device="cpu", anchors=_anchors(8, known=np.zeros(8, bool)))
    _same(plain, none_known)
    assert plain.settings["anchored_items"] == 0 and none_known.settings["anchored_items"] == 0


def test_anchors_move_a_tiny_class_towards_the_stored_parameters() -> None:
    m = small_matrix(seed=5, students=6, items=8)
    known = np.array([True] * 6 + [False] * 2)
    stored = _anchors(8, known)
    plain = diagnose(m, device="cpu")
    pulled = diagnose(m, device="cpu", anchors=stored)
    assert pulled.settings["anchored_items"] == 6

    def relative(d) -> np.ndarray:
        b = d.item_params["difficulty"][known]
        return b - b.mean()

    target = stored.difficulty[known] - stored.difficulty[known].mean()
    assert np.abs(relative(pulled) - target).max() < 0.3 < 1.0 < np.abs(relative(plain) - target).max()
    for key in ("discrimination", "guess", "slip"):
        away_plain = np.abs(plain.item_params[key][known] - getattr(stored, key)[known])
        away_pulled = np.abs(pulled.item_params[key][known] - getattr(stored, key)[known])
        assert (away_pulled < away_plain).all(), key
    # the anchored difficulties keep the mean the class's own start gives them
    task = task_from_matrix(m)
    start = load_prior().initial_params(task)["b"].numpy()[known]
    assert abs(pulled.item_params["difficulty"][known].mean() - start.mean()) < 0.2


def test_the_pull_is_stronger_the_more_students_stand_behind_it_up_to_a_cap() -> None:
    m = small_matrix(seed=6, students=8, items=5)
    prior = load_prior()
    params, pull = prior.start(task_from_matrix(m))
    known = np.array([True, True, False, True, False])
    anchors = dataclasses.replace(_anchors(5, known), students=np.array([10.0, 1000.0, 50.0, 0.0, 3.0]))
    new_params, new_pull, extra = anchored(params, pull, anchors)
    added = (with_extra(new_pull, extra).precision["b"] - pull.precision["b"].expand(5)).numpy()
    np.testing.assert_allclose(added, [PER_STUDENT * 10, CAP, 0.0, 0.0, 0.0], rtol=1e-6)
    assert torch.equal(new_params["b"][~torch.as_tensor(known)], params["b"][~torch.as_tensor(known)])
    assert torch.equal(new_pull.mean["g"], pull.mean["g"]) and torch.equal(new_params["g"], params["g"])


def test_the_stored_values_are_read_back_through_the_models_links() -> None:
    anchors = dataclasses.replace(
        _anchors(3),
        discrimination=np.array([0.3, 1.0, 4.0]),
        guess=np.array([0.0, 0.1, 0.3]),
        slip=np.array([0.05, 0.2, 0.34]),
    )
    raw = {k: torch.as_tensor(v) for k, v in raw_values(anchors).items()}
    a, guess, slip = item_link(raw)
    np.testing.assert_allclose(a.numpy(), anchors.discrimination, rtol=1e-9)
    np.testing.assert_allclose(guess.numpy(), [0.35e-4, 0.1, 0.3], rtol=1e-6)
    np.testing.assert_allclose(slip.numpy(), anchors.slip, rtol=1e-6)


def test_each_paper_of_a_term_is_recentred_on_its_own_start() -> None:
    m = small_matrix(seed=7, students=10, items=6)
    params, pull = load_prior().start(task_from_matrix(m))
    paper = np.array([0, 0, 0, 1, 1, 1])
    anchors = dataclasses.replace(
        _anchors(6),
        difficulty=np.array([-1.0, 0.0, 1.0, -2.0, 0.0, 2.0]),
        paper=paper,
        known=np.array([True] * 5 + [False]),
    )
    new_params, new_pull, _ = anchored(params, pull, anchors)
    start, b = params["b"].numpy(), new_params["b"].numpy()
    np.testing.assert_allclose(b[:3].mean(), start[:3].mean(), atol=1e-6)
    np.testing.assert_allclose(b[3:5].mean(), start[3:5].mean(), atol=1e-6)
    np.testing.assert_allclose(np.diff(b[:3]), [1.0, 1.0], atol=1e-6)
    np.testing.assert_allclose(b[4] - b[3], 2.0, atol=1e-6)
    assert b[5] == start[5] and torch.equal(new_pull.mean["b"], new_params["b"])
