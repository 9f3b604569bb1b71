"""The grain the data support: when a class's knowledge points cannot be told apart, coarser groups of them that can.

Three kinds of coarser grain, each a grouping of the class's points (no torch, no Qt):
- units: the knowledge graph's parents. A point stands for its ancestor at a depth of the hierarchy (or for itself
  when it is shallower; a point without a parent stays alone), from the deepest units up to the roots; a group is
  named by its unit;
- 大题: the paper's main questions. The points the sub-questions of one 大题 (`17(1)`, `17(2)`, …) test are grouped
  (points two 大题 share join their groups); a group is named by its 大题;
- tagged together: points grouped by how often questions test them together (the Jaccard overlap of the questions
  tagged with each): the two groups most often tagged together merge first, then the next, down to two groups.
Each grouping's profile reliability is measured by the services (`app.services.grain`) and `preferred` picks the
grain to report at; the fine points are kept as detail.

    candidates(matrix, parents) -> [Grouping: units deepest first, 大题, tagged together finest first]
    merged_q(q_matrix, knowledge_points, groups) -> (I, G) bool: a question tests a group if it tests one of its points
    grouped_matrix(matrix, groups) -> the class's scores with one "knowledge point" per group (named `group_key`)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.core.text import main_question

Groups = tuple[tuple[str, ...], ...]


class GrainKind(Enum):
    """Where a coarser grain's groups come from; the value is what `check --json` prints."""

    UNITS = "units"
    MAIN_QUESTIONS = "大题"
    TAGGED = "tagged together"

    @property
    def text(self) -> Text:
        """The kind in plain words."""
        return {
            GrainKind.UNITS: Text("单元（知识图谱的上级知识点）", "units (the knowledge graph's parents)"),
            GrainKind.MAIN_QUESTIONS: Text("试卷的大题", "the paper's 大题 (main questions)"),
            GrainKind.TAGGED: Text("常一起考查的知识点", "points tagged together"),
        }[self]

    @property
    def named(self) -> bool:
        """Whether its groups carry a name of their own (a unit, a 大题), which a teacher reads before a merge."""
        return self is not GrainKind.TAGGED


@dataclass(frozen=True)
class Grouping:
    """A coarser grouping of a class's points: its kind, its groups and each group's name."""

    kind: GrainKind
    groups: Groups
    names: tuple[Text, ...]


@dataclass(frozen=True)
class Grain:
    """A coarser grain for a class whose points cannot be told apart: its groups and their profile reliability."""

    kind: GrainKind
    groups: Groups
    names: tuple[Text, ...]  # one per group: its unit, its 大题, or its points joined by " + "
    reliability: float  # full-length reliability of the grouped profile (NaN: too few scores)
    fine_reliability: float  # the same of the class's own points
    supported: bool  # the grouped profile reaches the gate the findings use

    def shown(self, lang: str) -> list[str]:
        """Each group as the teacher reads it: its name, with its points after a named one ("函数：一次函数、…")."""
        sep, colon = ("、", "：") if lang == "zh" else (", ", ": ")
        return [
            name.get(lang) if name.get(lang) == group_key(group) else f"{name.get(lang)}{colon}{sep.join(group)}"
            for name, group in zip(self.names, self.groups)
        ]


def preferred(grains: Sequence[Grain]) -> Grain | None:
    """The grain to report at: among those reaching the gate, a named one (units, then 大题) before points tagged
    together, the finest (most groups) of that kind first; when none reaches it, the most reliable (ties: the
    earlier)."""
    supported = [g for g in grains if g.supported]
    if supported:
        return min(supported, key=lambda g: (not g.kind.named, -len(g.groups), list(GrainKind).index(g.kind)))
    measured = [g for g in grains if not np.isnan(g.reliability)]
    if measured:
        return max(measured, key=lambda g: g.reliability)  # max keeps the first of equals
    return grains[0] if grains else None


def candidates(matrix: ScoreMatrix, parents: Mapping[str, str]) -> list[Grouping]:
    """Every coarser grouping of the class's points: by units (`parents`: point → its parent in the knowledge graph)
    deepest first, by 大题, and by points tagged together finest first; each has 2 or more groups and is coarser
    than the points themselves, none twice."""
    found: list[Grouping] = []
    seen = {frozenset(frozenset((p,)) for p in matrix.knowledge_points)}
    for grouping in (
        *unit_groupings(matrix.knowledge_points, parents),
        *main_question_groupings(matrix),
        *tagged_groupings(matrix.q_matrix, matrix.knowledge_points),
    ):
        key = frozenset(frozenset(g) for g in grouping.groups)
        if len(grouping.groups) >= 2 and key not in seen:
            seen.add(key)
            found.append(grouping)
    return found


def _chain(point: str, parents: Mapping[str, str]) -> list[str]:
    """The point and its ancestors, nearest first (a cycle in the parents stops where it closes)."""
    chain = [point]
    while chain[-1] in parents and parents[chain[-1]] not in chain:
        chain.append(parents[chain[-1]])
    return chain


def unit_groupings(knowledge_points: Sequence[str], parents: Mapping[str, str]) -> list[Grouping]:
    """The points grouped by their ancestor at each depth of the hierarchy, deepest first (depth 0: the roots); a
    point shallower than the depth stands for itself. Empty when no point has a parent."""
    roots_first = {p: _chain(p, parents)[::-1] for p in knowledge_points}
    deepest = max((len(chain) for chain in roots_first.values()), default=1) - 1
    out = []
    for depth in range(deepest - 1, -1, -1):
        units: dict[str, list[str]] = {}
        for point, chain in roots_first.items():
            units.setdefault(chain[min(depth, len(chain) - 1)], []).append(point)
        out.append(
            Grouping(
                GrainKind.UNITS,
                tuple(tuple(points) for points in units.values()),
                tuple(Text(unit, unit) for unit in units),
            )
        )
    return out


def main_question_groupings(matrix: ScoreMatrix) -> list[Grouping]:
    """The points grouped by the 大题 whose sub-questions test them (one grouping; none when no 大题 with two or more
    questions joins two points). A 大题 is a main number within one exam."""
    by_main: dict[tuple[int, str], list[int]] = {}
    for i, item in enumerate(matrix.item_ids):
        exam = int(matrix.item_assessment[i])
        prefix = f"{matrix.assessments[exam]}/" if len(matrix.assessments) > 1 else ""
        main = main_question(item.removeprefix(prefix))
        if main is not None:
            by_main.setdefault((exam, main), []).append(i)
    kps = matrix.knowledge_points
    group_of = list(range(len(kps)))  # union-find over the points

    def root(k: int) -> int:
        while group_of[k] != k:
            k = group_of[k]
        return k

    named: dict[int, list[tuple[int, str]]] = {}  # the 大题 that joined each point
    for key, items in by_main.items():
        tested = [int(k) for k in np.flatnonzero(matrix.q_matrix[items].any(axis=0))]
        if len(items) < 2 or len(tested) < 2:
            continue
        for k in tested:
            named.setdefault(k, []).append(key)
            group_of[root(k)] = root(tested[0])
    if not named:
        return []
    members: dict[int, list[int]] = {}
    for k in range(len(kps)):
        members.setdefault(root(k), []).append(k)
    groups, names = [], []
    several = len(matrix.assessments) > 1
    for points in members.values():
        keys = sorted({key for k in points for key in named.get(k, [])}, key=lambda key: (key[0], int(key[1])))
        groups.append(tuple(kps[k] for k in points))
        if not keys:
            names.append(Text(kps[points[0]], kps[points[0]]))
            continue
        exams: dict[str, list[str]] = {}  # "第1、3题" within an exam, the exam named before when there are several
        for e, n in keys:
            exams.setdefault(f"{matrix.assessments[e]} " if several else "", []).append(n)
        names.append(
            Text(
                "、".join(f"{x}第{'、'.join(ns)}题" for x, ns in exams.items()),
                ", ".join(f"{x}{', '.join(f'Q{n}' for n in ns)}" for x, ns in exams.items()),
            )
        )
    return [Grouping(GrainKind.MAIN_QUESTIONS, tuple(groups), tuple(names))]


def tagged_groupings(q_matrix: np.ndarray, knowledge_points: Sequence[str]) -> list[Grouping]:
    """`coarsenings` as groupings named by their points joined by " + "."""
    return [
        Grouping(GrainKind.TAGGED, groups, tuple(Text(group_key(g), group_key(g)) for g in groups))
        for groups in coarsenings(q_matrix, knowledge_points)
    ]


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


def group_key(group: Sequence[str]) -> str:
    """The name a group goes by as a "knowledge point" of the grouped scores: its points joined by " + "."""
    return " + ".join(group)


def grouped_matrix(matrix: ScoreMatrix, groups: Groups) -> ScoreMatrix:
    """The class's scores with its points merged into `groups`: one column of the Q-matrix per group (`merged_q`),
    each named by `group_key`."""
    return dataclasses.replace(
        matrix,
        knowledge_points=tuple(group_key(g) for g in groups),
        q_matrix=merged_q(matrix.q_matrix, matrix.knowledge_points, groups),
    )
