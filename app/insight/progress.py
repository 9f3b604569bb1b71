"""Progress over the term: where a student and the class stood after the first exam and where they stand now, with
intervals, and which points moved beyond their uncertainty (no torch, no Qt).

The states are the class's stored runs after each exam, in date order (`ClassData.per_assessment`). The one rule
for "moved" is `moved`: the intervals of the first and the last state in which the point is judged (enough
evidence) do not overlap. The student view's chart of flagged and moved points uses it too.

    student_progress(states, student_id) -> [PointProgress per point judged in two states]
    class_progress(states) -> [PointProgress of the class mean per point]
    plan_followups(states, prerequisites) -> [PlanFollowup per pair of consecutive exams]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.links import LinkLike
from app.core.vocabulary import Status
from app.insight.paths import learning_path

State = tuple[str, Diagnosis]
"""(exam, the class as it stood after that exam)."""


@dataclass(frozen=True)
class Span:
    """A mastery after one exam with its interval."""

    exam: str
    mastery: float
    lower: float
    upper: float


@dataclass(frozen=True)
class PointProgress:
    """One point from a start to a later state: `direction` +1 rose beyond its uncertainty, -1 fell, 0 within."""

    knowledge_point: str
    start: Span
    now: Span
    direction: int

    @property
    def change(self) -> float:
        """Now minus start."""
        return self.now.mastery - self.start.mastery


def moved(start: Span, now: Span) -> int:
    """The one rule for a move beyond the uncertainty: +1 when now's interval lies wholly above start's, -1 wholly
    below, else 0."""
    if now.lower > start.upper:
        return 1
    if now.upper < start.lower:
        return -1
    return 0


def _spans(states: Sequence[State], student_id: str, point: str) -> list[Span]:
    """The student's judged (enough evidence) mastery of `point` after each exam that has it."""
    out = []
    for exam, d in states:
        if student_id not in d.student_ids or point not in d.knowledge_points:
            continue
        s, k = d.student_ids.index(student_id), d.knowledge_points.index(point)
        if d.status[s, k] != Status.INSUFFICIENT:
            out.append(Span(exam, float(d.mastery[s, k]), float(d.lower[s, k]), float(d.upper[s, k])))
    return out


def student_progress(
    states: Sequence[State], student_id: str, knowledge_points: Sequence[str] | None = None
) -> list[PointProgress]:
    """Each point (of `knowledge_points`, default the last state's) judged for the student after at least two
    exams: its first and its last judged state, and whether it moved beyond its uncertainty."""
    if not states:
        return []
    points = knowledge_points if knowledge_points is not None else states[-1][1].knowledge_points
    out = []
    for point in points:
        spans = _spans(states, student_id, point)
        if len(spans) >= 2:
            out.append(PointProgress(point, spans[0], spans[-1], moved(spans[0], spans[-1])))
    return out


def _class_span(exam: str, d: Diagnosis, k: int) -> Span | None:
    """The class mean of point k over its judged students, its interval from theirs (students independent, each
    interval read as a normal one at the run's level); None when no student is judged."""
    ok = np.asarray(d.status[:, k]) != Status.INSUFFICIENT
    if not ok.any():
        return None
    z = NormalDist().inv_cdf((1 + Thresholds.of(d).interval_level) / 2)
    mean = float(np.mean(d.mastery[ok, k]))
    sd = (np.asarray(d.upper[ok, k], float) - np.asarray(d.lower[ok, k], float)) / (2 * z)
    half = z * float(np.sqrt(np.sum(sd**2))) / int(ok.sum())
    return Span(exam, mean, max(mean - half, 0.0), min(mean + half, 1.0))


def class_progress(states: Sequence[State]) -> list[PointProgress]:
    """Each point's class mean after the first exam that judges it and now (the last), and whether it moved beyond
    its uncertainty."""
    if not states:
        return []
    out = []
    for point in states[-1][1].knowledge_points:
        spans = [
            span
            for exam, d in states
            if point in d.knowledge_points
            and (span := _class_span(exam, d, d.knowledge_points.index(point))) is not None
        ]
        if len(spans) >= 2:
            out.append(PointProgress(point, spans[0], spans[-1], moved(spans[0], spans[-1])))
    return out


@dataclass(frozen=True)
class PlanFollowup:
    """How the points a plan made after `after` would have had each student work on changed by `next`."""

    after: str
    next: str
    points: dict[str, list[PointProgress]]  # student id -> the plan's points, each from `after` to `next`

    def count(self, direction: int) -> int:
        """How many planned (student, point) pairs moved in `direction` (+1, -1, 0) beyond their uncertainty."""
        return sum(p.direction == direction for found in self.points.values() for p in found)

    @property
    def planned(self) -> int:
        """How many (student, point) pairs the plans held."""
        return sum(len(found) for found in self.points.values())


def plan_followups(states: Sequence[State], prerequisites: Iterable[LinkLike] = ()) -> list[PlanFollowup]:
    """For each exam but the last: the points a plan made after it puts on each student's path (`learning_path`, the
    plans' rule) and how each stood after the next exam."""
    links = list(prerequisites)
    out = []
    for (after, before), (nxt, later) in itertools.pairwise(states):
        points: dict[str, list[PointProgress]] = {}
        for s, sid in enumerate(before.student_ids):
            found = []
            for step in learning_path(before, s, links):
                then = Span(after, step.mastery, step.lower, step.upper)
                spans = _spans([(nxt, later)], sid, step.knowledge_point)
                if spans:
                    found.append(PointProgress(step.knowledge_point, then, spans[0], moved(then, spans[0])))
            if found:
                points[sid] = found
        out.append(PlanFollowup(after, nxt, points))
    return out
