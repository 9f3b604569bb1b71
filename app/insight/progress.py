"""Progress over the term: where a student and the class stood after the first exam and where they stand now, with
intervals, and which points moved beyond their uncertainty (no torch, no Qt).

The states are the class's stored runs after each exam, in date order (`ClassData.per_assessment`). The one rule
for "moved" is `moved`: the intervals of the first and the last state in which the point is judged (enough
evidence) do not overlap. The student view's chart of flagged and moved points uses it too.

    student_progress(states, student_id) -> [PointProgress per point judged in two states]
    class_progress(states) -> [PointProgress of the class mean per point]
    plan_followups(states, prerequisites, exported) -> [PlanFollowup per pair of consecutive exams: the plans exported
        after the first, else those the plans' rule makes]
    followup_text(followup) -> Text, one sentence in zh and en
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Protocol

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.links import LinkLike
from app.core.problems import Text
from app.core.vocabulary import Status, plural
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
    """The class mean of point k over its judged students, its interval from theirs (each read as a normal one at the
    run's level): their own parts independent, the part the class shares (settings "class_move_variance", the term's
    class moves) whole; None when no student is judged."""
    ok = np.asarray(d.status[:, k]) != Status.INSUFFICIENT
    if not ok.any():
        return None
    z = NormalDist().inv_cdf((1 + Thresholds.of(d).interval_level) / 2)
    mastery = np.asarray(d.mastery[ok, k], float)
    mean, n = float(np.mean(mastery)), int(ok.sum())
    sd = (np.asarray(d.upper[ok, k], float) - np.asarray(d.lower[ok, k], float)) / (2 * z)
    # the part the class shares (the term's class moves) does not average out over its students
    moves = d.settings.get("class_move_variance")
    shared = mastery * (1.0 - mastery) * np.sqrt(float(moves[k])) if isinstance(moves, list) else np.zeros(n)
    own = np.clip(sd**2 - shared**2, 0.0, None)
    half = z * float(np.sqrt(np.sum(own) / n**2 + np.mean(shared) ** 2))
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


class ExportedPoints(Protocol):
    """Plans a teacher exported (`app.storage.ExportedPlanRecord` is one): when, after which exam, whose points."""

    @property
    def exported(self) -> dt.datetime:
        """When they were exported."""
        ...

    @property
    def after(self) -> str:
        """The exam whose state they were made from."""
        ...

    @property
    def points(self) -> Mapping[str, Sequence[str]]:
        """Student id -> the plan's points, in its order."""
        ...


@dataclass(frozen=True)
class PlanFollowup:
    """How the points of the plans made after `after` changed by `next`: those the teacher exported (`exported`
    says when), else those the plans' rule would have put on each student's path (`exported` None)."""

    after: str
    next: str
    points: dict[str, list[PointProgress]]  # student id -> the plan's points, each from `after` to `next`
    exported: dt.datetime | None = None

    def count(self, direction: int) -> int:
        """How many planned (student, point) pairs moved in `direction` (+1, -1, 0) beyond their uncertainty."""
        return sum(p.direction == direction for found in self.points.values() for p in found)

    @property
    def planned(self) -> int:
        """How many (student, point) pairs the plans held."""
        return sum(len(found) for found in self.points.values())


def plan_followups(
    states: Sequence[State], prerequisites: Iterable[LinkLike] = (), exported: Iterable[ExportedPoints] = ()
) -> list[PlanFollowup]:
    """For each exam but the last: how each student's planned points stood after the next exam. The points are
    those of the plans last exported after that exam, where the teacher exported some; else those the plans' rule
    (`learning_path`) puts on each student's path."""
    links = list(prerequisites)
    handed_out = {plan.after: plan for plan in sorted(exported, key=lambda plan: plan.exported)}  # the latest wins
    out = []
    for (after, before), (nxt, later) in itertools.pairwise(states):
        plan = handed_out.get(after)
        points: dict[str, list[PointProgress]] = {}
        for s, sid in enumerate(before.student_ids):
            if plan is None:
                path = [
                    (step.knowledge_point, step.mastery, step.lower, step.upper)
                    for step in learning_path(before, s, links)
                ]
            else:
                path = [
                    (kp, float(before.mastery[s, k]), float(before.lower[s, k]), float(before.upper[s, k]))
                    for kp in plan.points.get(sid, ())
                    if (k := _index(before.knowledge_points, kp)) is not None
                ]
            found = []
            for point, mastery, lower, upper in path:
                then = Span(after, mastery, lower, upper)
                spans = _spans([(nxt, later)], sid, point)
                if spans:
                    found.append(PointProgress(point, then, spans[0], moved(then, spans[0])))
            if found:
                points[sid] = found
        out.append(PlanFollowup(after, nxt, points, plan.exported if plan is not None else None))
    return out


def _index(values: Sequence[str], value: str) -> int | None:
    return values.index(value) if value in values else None


def followup_text(f: PlanFollowup) -> Text:
    """One follow-up in a sentence: whose plans (exported when, or the rule's), how many points for how many students
    (a point on two students' plans counts twice), how they moved."""
    rose, fell, within, students = f.count(1), f.count(-1), f.count(0), len(f.points)
    if f.exported is not None:
        day = f.exported.date().isoformat()
        zh_whose, en_whose = f"{day} 导出的“{f.after}”之后的计划", f"The plans exported on {day} after '{f.after}'"
    else:
        zh_whose, en_whose = f"“{f.after}”之后按规则生成的计划", f"Plans made after '{f.after}'"
    return Text(
        f"{zh_whose}给 {students} 名学生共列了 {f.planned} 个知识点（按人次计）：到“{f.next}”之后明显上升 {rose} 个，"
        f"明显下降 {fell} 个，其余 {within} 个在不确定性之内。",
        f"{en_whose} gave {plural(students, 'student')} {plural(f.planned, 'point')} to work on in all: by "
        f"'{f.next}' {rose} rose beyond their uncertainty, {fell} fell, the other {within} stayed within it.",
    )
