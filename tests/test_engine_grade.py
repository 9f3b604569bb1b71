"""A class within its grade: peers aligned by item id, one joint fit, the run's own expected scores."""

import dataclasses

import numpy as np
import pytest
from engine_helpers import small_matrix

from app.engine.diagnose import diagnose, expected_scores, predict, predict_grade
from app.engine.grade import aligned_points, on_common_items, stack_grade


def _grade():
    """A class and two others that took the same paper (same questions, max scores and Q-matrix)."""
    target = small_matrix(seed=1, students=9, items=8, kps=3)
    peers = []
    for seed in (2, 3):
        other = small_matrix(seed=seed, students=12, items=8, kps=3)
        rng = np.random.default_rng(seed)
        points = np.floor(rng.random(other.points.shape) * (target.max_scores + 1))
        points[np.isnan(other.points)] = np.nan
        peers.append(dataclasses.replace(other, points=points, max_scores=target.max_scores, q_matrix=target.q_matrix))
    return target, peers


def test_peers_are_aligned_by_item_id() -> None:
    target, (peer, _) = _grade()
    order = [3, 0, 7, 5, 1]  # the peer has five of the questions, in another order
    shuffled = dataclasses.replace(
        peer,
        item_ids=tuple(peer.item_ids[j] for j in order),
        points=peer.points[:, order],
        max_scores=peer.max_scores[order],
        q_matrix=peer.q_matrix[order],
        item_assessment=peer.item_assessment[order],
    )
    aligned = aligned_points(shuffled, target)
    assert aligned.shape == (12, 8)
    np.testing.assert_array_equal(aligned[:, order], peer.points[:, order])
    assert np.isnan(aligned[:, [2, 4, 6]]).all()
    stacked, classes = stack_grade(target, [shuffled])
    assert stacked.points.shape == (21, 8) and list(np.bincount(classes)) == [9, 12]


def test_a_class_diagnosed_in_its_grade_keeps_its_own_rows_and_expected_scores() -> None:
    target, peers = _grade()
    d = diagnose(target, peers=peers)
    assert d.mastery.shape == (9, 3) and d.student_ids == target.student_ids
    assert d.settings["peer_classes"] == 2 and d.settings["grade_students"] == 33
    s, i = np.meshgrid(np.arange(9), np.arange(8), indexing="ij")
    refit = predict(target, s.ravel(), i.ravel(), peers=peers).reshape(9, 8)
    own = expected_scores(d)
    assert own is not None
    np.testing.assert_allclose(own, refit, atol=1e-4)
    alone = diagnose(target)
    assert not np.allclose(alone.item_params["difficulty"], d.item_params["difficulty"])


def test_predict_grade_is_one_joint_fit_for_every_class() -> None:
    target, peers = _grade()
    classes = [target, *peers]
    pairs = [(np.array([0, 1, 2]), np.array([0, 5, 7])), (np.array([4]), np.array([2])), (np.array([], int),) * 2]
    out = predict_grade(classes, pairs)
    assert [len(p) for p in out] == [3, 1, 0]
    np.testing.assert_allclose(out[0], predict(target, *pairs[0], peers=peers), atol=1e-6)
    np.testing.assert_allclose(out[1], predict(peers[0], *pairs[1], peers=[target, peers[1]]), atol=1e-6)


def test_classes_with_different_questions_meet_on_their_union() -> None:
    target, (peer, _) = _grade()
    fewer = dataclasses.replace(
        peer,
        item_ids=(*peer.item_ids[:5], "extra"),
        points=peer.points[:, :6],
        max_scores=peer.max_scores[:6],
        q_matrix=peer.q_matrix[:6],
        item_assessment=peer.item_assessment[:6],
    )
    common, columns = on_common_items([target, fewer])
    assert common[0].item_ids == (*target.item_ids, "extra")
    assert list(columns[1]) == [0, 1, 2, 3, 4, 8]
    out = predict_grade([target, fewer], [(np.array([0]), np.array([7])), (np.array([1]), np.array([5]))])
    assert all(0 <= p[0] <= 1 for p in out)
    other_points = dataclasses.replace(fewer, knowledge_points=("A", "B", "C"))
    with pytest.raises(ValueError, match="knowledge points"):
        predict_grade([target, other_points], [(np.array([0]), np.array([0]))] * 2)
