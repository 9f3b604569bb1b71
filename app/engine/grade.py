"""A class within its grade: the other classes that took the same questions, stacked under it.

Peers are aligned to the target class by item id: a peer's question the target lacks is dropped,
a target question a peer lacks is missing for that peer's students. The target's Q-matrix and
knowledge points are used for all. The stacked task has one class level per class and shares
the question and knowledge-point parameters, so the questions are calibrated on the whole grade.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import torch

from app.core.score_matrix import ScoreMatrix
from app.engine.task import TaskTensors, task_from_arrays


def aligned_points(peer: ScoreMatrix, target: ScoreMatrix) -> np.ndarray:
    """(peer students, target items) points of `peer` on the target's questions, NaN where it has none."""
    column = {item: j for j, item in enumerate(peer.item_ids)}
    points = np.full((len(peer.student_ids), len(target.item_ids)), np.nan)
    take = [(i, column[item]) for i, item in enumerate(target.item_ids) if item in column]
    if take:
        mine, theirs = (np.array(x) for x in zip(*take))
        points[:, mine] = peer.points[:, theirs]
    return points


def stack_grade(target: ScoreMatrix, peers: Sequence[ScoreMatrix]) -> tuple[ScoreMatrix, np.ndarray]:
    """(the target's rows then each peer's, aligned to the target's items; class number of every row)."""
    blocks = [target.points, *(aligned_points(p, target) for p in peers)]
    classes = np.concatenate([np.full(len(b), j) for j, b in enumerate(blocks)])
    n = len(classes)
    stacked = dataclasses.replace(
        target,
        points=np.vstack(blocks),
        student_ids=tuple(f"{j}" for j in range(n)),
        student_names=(None,) * n,
    )
    return stacked, classes


def grade_task(
    target: ScoreMatrix, peers: Sequence[ScoreMatrix] = (), device: torch.device | str = "cpu"
) -> TaskTensors:
    """Task tensors of the target class (its students first) stacked with its peers."""
    stacked, classes = stack_grade(target, peers)
    return task_from_arrays(
        stacked.fractions, stacked.observed, stacked.max_scores, stacked.q_matrix, device, classes=classes
    )


def target_rows(task: TaskTensors, start: int, stop: int) -> TaskTensors:
    """Rows start..stop of a stacked task (one class of the grade)."""
    return dataclasses.replace(task, y=task.y[start:stop], mask=task.mask[start:stop], member=task.member[start:stop])


def on_common_items(classes: Sequence[ScoreMatrix]) -> tuple[list[ScoreMatrix], list[np.ndarray]]:
    """Every class on the union of the grade's questions (in order of first appearance), and for each class
    the union column of each of its own questions. ValueError if the classes' knowledge points differ."""
    first = classes[0]
    if any(m.knowledge_points != first.knowledge_points for m in classes):
        raise ValueError("the classes of a grade must share their knowledge points")
    source: dict[str, tuple[ScoreMatrix, int]] = {}
    for m in classes:
        for j, item in enumerate(m.item_ids):
            source.setdefault(item, (m, j))
    items = tuple(source)

    def gather(field: str) -> np.ndarray:
        return np.array([getattr(m, field)[j] for m, j in source.values()])

    base = dataclasses.replace(
        first,
        item_ids=items,
        points=np.full((len(first.student_ids), len(items)), np.nan),
        max_scores=gather("max_scores").astype(float),
        q_matrix=gather("q_matrix").astype(bool).reshape(len(items), len(first.knowledge_points)),
        item_assessment=gather("item_assessment").astype(int),
    )
    common = [
        dataclasses.replace(
            base, student_ids=m.student_ids, student_names=m.student_names, points=aligned_points(m, base)
        )
        for m in classes
    ]
    column = {item: c for c, item in enumerate(items)}
    return common, [np.array([column[i] for i in m.item_ids], dtype=int) for m in classes]
