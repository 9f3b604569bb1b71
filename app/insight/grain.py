"""The grain the data support: when a class's knowledge points cannot be told apart, coarser groups of them that can.

Points are grouped by how often questions test them together (the Jaccard overlap of the questions tagged with
each): the two groups most often tagged together merge first, then the next, down to two groups. Each grouping is
a coarser set of "points" whose profile reliability the services measure (`app.services.grain`); the finest one
reliable enough is the grain to report at, the fine points kept as detail (no torch, no Qt).

    coarsenings(q_matrix, knowledge_points) -> [groups, K-1 of them down to 2]
    merged_q(q_matrix, knowledge_points, groups) -> (I, G) bool: a question tests a group if it tests one of its points
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Groups = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Grain:
    """A coarser grain for a class whose points cannot be told apart: its groups and their profile reliability."""

    groups: Groups
    reliability: float  # full-length reliability of the grouped profile (NaN: too few scores)
    fine_reliability: float  # the same of the class's own points
    supported: bool  # the grouped profile reaches the gate the findings use

    def name(self, group: Sequence[str]) -> str:
        """A group as the teacher reads it: its points joined by " + "."""
        return " + ".join(group)


def coarsenings(q_matrix: np.ndarray, knowledge_points: Sequence[str]) -> list[Groups]:
    """Successive groupings of the points, from K-1 groups down to 2: each merges the two groups whose questions
    overlap most (Jaccard; ties: the earlier groups), points never tested together merged last, smallest first."""
    q = np.asarray(q_matrix, dtype=bool)
    groups: list[list[int]] = [[k] for k in range(len(knowledge_points))]
    out: list[Groups] = []
    while len(groups) > 2:
        tested = [q[:, g].any(axis=1) for g in groups]
        best: tuple[float, int, int, int] | None = None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                union = int((tested[a] | tested[b]).sum())
                overlap = int((tested[a] & tested[b]).sum()) / union if union else 0.0
                key = (-overlap, len(groups[a]) + len(groups[b]), a, b)
                if best is None or key < best:
                    best = key
        assert best is not None
        _, _, a, b = best
        groups[a] = sorted(groups[a] + groups[b])
        del groups[b]
        out.append(tuple(tuple(knowledge_points[k] for k in g) for g in groups))
    return out


def merged_q(q_matrix: np.ndarray, knowledge_points: Sequence[str], groups: Groups) -> np.ndarray:
    """(I, G) bool: whether each question tests any point of each group."""
    q = np.asarray(q_matrix, dtype=bool)
    column = {kp: k for k, kp in enumerate(knowledge_points)}
    return np.stack([q[:, [column[p] for p in g]].any(axis=1) for g in groups], axis=1)
