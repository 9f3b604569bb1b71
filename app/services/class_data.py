"""What the views show for one class: plain data loaded from the store in one session (no Qt).

`choose_class` is the one rule for which class the window shows and a command works on, `choose_run` the one
rule for which diagnosis run stands for a class: the window, the exports and the CLI use both.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.links import GraphCycleError
from app.core.problems import Text, error_text
from app.core.progress import Cancelled
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Finding, Status, listed
from app.insight.findings import Findings
from app.insight.grade import PointAgainstGrade, against_grade
from app.insight.grain import Grain
from app.insight.paths import PathStep, expected_gains, learning_path
from app.insight.progress import PlanFollowup, plan_followups, student_progress
from app.services.flags import findings_given, weak_kinds_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.engine.profile import WeakKinds
    from app.services.grain_cache import GrainCache
    from app.services.grain_diagnosis import GrainDiagnosis
    from app.services.store import StoreState
    from app.storage import BackupRecord, Database, DiagnosisRunRecord, ExportedPlanRecord


log = logging.getLogger(__name__)

TRAJECTORY_LINES = 5
"""The most knowledge points a student's trajectory draws unless the teacher asks for every one."""


@dataclass
class ClassData:
    """One class as the window shows it.

    `diagnosis` is the latest run over all the class's assessments (None before the first): for a class of
    several exams, its state now (after its latest exam, `services.diagnosing`); `per_assessment` holds, when
    the class has several assessments, the latest run over each assessment (the state after that exam; in a
    store diagnosed before the term, that exam alone), which gives the mastery trajectory. `stale` is True when scores changed
    after the diagnosis was made (see `choose_run`).
    """

    class_name: str
    subject: str
    matrix: ScoreMatrix
    diagnosis: Diagnosis | None = None
    run_id: int | None = None
    run_label: str = ""
    per_assessment: dict[str, Diagnosis] = field(default_factory=dict)
    prerequisites: list[tuple[str, str]] = field(default_factory=list)
    stale: bool = False
    runs: list[DiagnosisRunRecord] = field(default_factory=list)  # the class's stored runs, newest first
    grade: list[PointAgainstGrade] = field(default_factory=list)  # against the classes that took its exams
    grade_classes: tuple[str, ...] = ()  # those classes (diagnosed ones only)
    grade_undiagnosed: tuple[str, ...] = ()  # the grade's classes left out of the comparison: not diagnosed yet
    grade_stale: tuple[str, ...] = ()  # those of `grade_classes` whose diagnosis is out of date
    weak_kinds: WeakKinds | None = None  # weak overall vs weak relative to the student's own level (see below)
    findings: Findings | None = None  # one finding per flag at the teacher's confidence (`services.flags.findings_of`)
    grain: Grain | None = None  # a coarser grain when the class's points cannot be told apart (`services.grain`)
    at_grain: GrainDiagnosis | None = None  # the class diagnosed at `grain` where it is supported (the window's read)
    notes: list[Text] = field(default_factory=list)  # what could not be made for it, said beside it (the groups: why)
    reliability_growth: list[tuple[str, float]] = field(default_factory=list)  # after each exam (several only)
    exported_plans: list[ExportedPlanRecord] = field(default_factory=list)  # plans the teacher exported, oldest first
    changed: tuple[tuple[str, dt.datetime | None], ...] = ()  # when it and each other class of its grade last changed

    def student_names(self, student_ids: tuple[str, ...] | None = None) -> list[str | None]:
        """Names in the order of `student_ids` (the diagnosis' by default)."""
        ids = (
            student_ids
            if student_ids is not None
            else (self.diagnosis.student_ids if self.diagnosis else self.matrix.student_ids)
        )
        names = dict(zip(self.matrix.student_ids, self.matrix.student_names))
        return [names.get(s) for s in ids]

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds the diagnosis shown was made with (the defaults before the first)."""
        return Thresholds.of(self.diagnosis)

    def trajectory(self, student_id: str) -> tuple[list[str], np.ndarray]:
        """(assessments, (A, K) mastery per assessment) for one student, NaN where not enough evidence."""
        names, (mastery, _, _) = self._trajectory(student_id)
        return names, mastery

    def trajectory_intervals(self, student_id: str) -> tuple[np.ndarray, np.ndarray]:
        """((A, K) lower, (A, K) upper) of the student's `trajectory`, NaN where it is NaN."""
        _, (_, lower, upper) = self._trajectory(student_id)
        return lower, upper

    def _trajectory(self, student_id: str) -> tuple[list[str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
        kps = self.diagnosis.knowledge_points if self.diagnosis else self.matrix.knowledge_points
        names = [a for a in self.matrix.assessments if a in self.per_assessment]
        out = tuple(np.full((len(names), len(kps)), np.nan) for _ in range(3))
        for a, name in enumerate(names):
            d = self.per_assessment[name]
            if student_id not in d.student_ids:
                continue
            s = d.student_ids.index(student_id)
            for k, kp in enumerate(kps):
                if kp in d.knowledge_points:
                    j = d.knowledge_points.index(kp)
                    if d.status[s, j] != Status.INSUFFICIENT:
                        for values, source in zip(out, (d.mastery, d.lower, d.upper), strict=True):
                            values[a, k] = source[s, j]
        return names, (out[0], out[1], out[2])

    def trajectory_points(self, student_id: str) -> np.ndarray:
        """(K,) bool: the points the student's trajectory draws unless every point is asked for: those that moved
        beyond their uncertainty, then those weak for the student specifically, then those that may be weak (not
        sure yet, behind overall; weak in a run without findings), most likely weak first, at most
        TRAJECTORY_LINES of them: more lines than that cannot be told apart."""
        d = self.diagnosis
        assert d is not None
        s = d.student_ids.index(student_id)
        moved = self.moved(student_id)
        found = self.findings
        if found is None:
            specific = np.zeros(len(d.knowledge_points), dtype=bool)
            maybe = np.asarray(d.status[s]) == Status.WEAK
            likely = -np.asarray(d.mastery[s], dtype=float)
        else:
            specific = np.asarray(found.finding[s]) == Finding.WEAK_POINT.value
            maybe = np.isin(found.finding[s], [Finding.NOT_SURE.value, Finding.BEHIND_OVERALL.value])
            likely = np.asarray(found.p_weak[s], dtype=float)
        order = sorted(
            np.flatnonzero(moved | specific | maybe),
            key=lambda k: (not moved[k], not specific[k], -likely[k], k),
        )
        shown = np.zeros(len(d.knowledge_points), dtype=bool)
        shown[order[:TRAJECTORY_LINES]] = True
        return shown

    def states(self) -> list[tuple[str, Diagnosis]]:
        """(exam, the class after it) in date order: the runs kept per exam (`per_assessment`)."""
        return [(name, self.per_assessment[name]) for name in self.matrix.assessments if name in self.per_assessment]

    def plan_followups(self) -> list[PlanFollowup]:
        """For each exam but the last, how the points of the plans made after it stood after the next: the plans the
        teacher exported, else those the plans' rule makes (`insight.progress.plan_followups`)."""
        return plan_followups(self.states(), self.prerequisites, self.exported_plans)

    def shown_followups(self) -> list[PlanFollowup]:
        """The follow-ups the window shows: those of the plans the teacher exported, else the latest the plans' rule
        makes (the plans that would be handed out now)."""
        followups = self.plan_followups()
        return [f for f in followups if f.exported is not None] or followups[-1:]

    def moved(self, student_id: str) -> np.ndarray:
        """(K,) bool: the points whose mastery moved beyond its uncertainty across the assessments
        (`insight.progress.moved`: the intervals of the first and the last with enough evidence do not overlap)."""
        kps = self.diagnosis.knowledge_points if self.diagnosis else self.matrix.knowledge_points
        went = {p.knowledge_point for p in student_progress(self.states(), student_id, kps) if p.direction}
        return np.array([kp in went for kp in kps], dtype=bool).reshape(len(kps))

    def class_trajectory(self) -> tuple[list[str], np.ndarray]:
        """(assessments, (A, K) class mean mastery per assessment), NaN where no student has enough evidence."""
        kps = self.diagnosis.knowledge_points if self.diagnosis else self.matrix.knowledge_points
        names = [a for a in self.matrix.assessments if a in self.per_assessment]
        out = np.full((len(names), len(kps)), np.nan)
        for a, name in enumerate(names):
            d = self.per_assessment[name]
            for k, kp in enumerate(kps):
                if kp in d.knowledge_points:
                    j = d.knowledge_points.index(kp)
                    ok = d.status[:, j] != Status.INSUFFICIENT
                    if ok.any():
                        out[a, k] = float(d.mastery[ok, j].mean())
        return names, out

    def learning_path(self, student_index: int) -> list[PathStep]:
        """The student's learning path: weak points, weak prerequisites first, then larger expected gain.

        Empty before the first diagnosis; with a prerequisite cycle (refused on import, so only in an
        older store) the path ignores the prerequisites.
        """
        d = self.diagnosis
        if d is None:
            return []
        gains = expected_gains(d, self.matrix)
        try:
            return learning_path(d, student_index, self.prerequisites, expected_gain=gains)
        except GraphCycleError:
            return learning_path(d, student_index, (), expected_gain=gains)


@dataclass(frozen=True)
class RunChoice:
    """The run that stands for a class, and whether it is current (made from all of today's scores)."""

    run: DiagnosisRunRecord | None
    current: bool


def choose_run(
    runs: Sequence[DiagnosisRunRecord],
    assessments: Sequence[str],
    last_change: dt.datetime | None,
    run_id: int | None = None,
) -> RunChoice:
    """The run to show or export: `run_id` when the teacher picked one (shown as it was, so current),
    else the newest run over exactly the class's assessments, else the widest older run.

    A run chosen without `run_id` is current when it covers every assessment and the class did not
    change after it (`last_change`: the newest import, tag or score change). NotFound when `run_id`
    is not one of `runs`.
    """
    from app.storage import NotFound

    if run_id is not None:
        run = next((r for r in runs if r.run_id == run_id), None)
        if run is None:
            raise NotFound(Text(f"没有编号为 {run_id} 的诊断。", f"There is no diagnosis run {run_id}."))
        return RunChoice(run, current=True)
    covering = [r for r in runs if set(r.assessments) == set(assessments)]
    if covering:
        run = max(covering, key=lambda r: (r.created, r.run_id))
    elif runs:
        run = max(runs, key=lambda r: (len(r.assessments), r.created, r.run_id))
    else:
        return RunChoice(None, current=False)
    current = bool(covering) and (last_change is None or last_change <= run.created)
    return RunChoice(run, current)


@dataclass(frozen=True)
class ClassChoice:
    """The class to show or to work on, and why that one: "asked" (named by the teacher), "shown" (the one on
    screen), "last" (shown last time), "sample" (the sample's class), "only" (the store holds one), "first" (the
    first of several, nothing saying which) or "none" (the store holds no class)."""

    name: str | None
    why: str

    @property
    def settled(self) -> bool:
        """True when the teacher's own doing says which class (asked, shown, shown last) or the store holds only
        one: the command line goes on only then, else it asks for --class (the window shows the class anyway)."""
        return self.why in ("asked", "shown", "last", "only")


def choose_class(
    names: Sequence[str], asked: str | None = None, *, shown: str | None = None, last: str | None = None
) -> ClassChoice:
    """The one rule for which class the window shows and a command works on: the class `asked` for (NotFound,
    naming the store's classes, when the store has none of that name), else the one `shown` now, else the one
    shown `last` (the settings' `last_class`), else the sample's class, else the only class, else the first."""
    from app.services.sample import SAMPLE_CLASS
    from app.storage import NotFound

    if asked is not None:
        if asked in names:
            return ClassChoice(asked, "asked")
        held = (
            Text(f"数据库中的班级：{listed(names, 'zh')}", f"the store holds {listed(names, 'en')}")
            if names
            else Text("数据库中没有班级", "the store holds no class")
        )
        raise NotFound(Text(f"没有名为“{asked}”的班级；{held.zh}。", f"There is no class named '{asked}'; {held.en}."))
    for name, why in ((shown, "shown"), (last, "last"), (SAMPLE_CLASS, "sample")):
        if name is not None and name in names:
            return ClassChoice(name, why)
    if not names:
        return ClassChoice(None, "none")
    return ClassChoice(names[0], "only" if len(names) == 1 else "first")


def _latest_over(runs: Sequence[DiagnosisRunRecord], assessment: str) -> DiagnosisRunRecord | None:
    alone = [r for r in runs if tuple(r.assessments) == (assessment,)]
    return max(alone, key=lambda r: (r.created, r.run_id)) if alone else None


def load_class_data(
    db: Database,
    class_name: str,
    run_id: int | None = None,
    thresholds: Thresholds | None = None,
    confidence: float | None = None,
) -> ClassData:
    """The class's scores, its diagnosis (`choose_run`), the per-assessment diagnoses for trajectories,
    its prerequisites and its runs, read in one session; diagnoses judged by `thresholds` when the
    teacher set their own, its findings at `confidence` (default: the settings')."""
    from app.services.grain import grain_of, reliability_growth
    from app.storage import (
        get_class,
        list_diagnosis_runs,
        list_exported_plans,
        load_diagnosis,
        load_parents,
        load_prerequisites,
        load_score_matrix,
    )

    with db.session() as session:
        record = get_class(session, class_name)
        exported = list_exported_plans(session, class_name)
        matrix = load_score_matrix(session, class_name)
        runs = list_diagnosis_runs(session, class_name)
        choice = choose_run(runs, matrix.assessments, record.last_change, run_id)
        diagnosis = load_diagnosis(session, choice.run.run_id) if choice.run else None
        per_assessment = {}
        if len(matrix.assessments) > 1:
            for name in matrix.assessments:
                run = _latest_over(runs, name)
                if run is not None:
                    per_assessment[name] = load_diagnosis(session, run.run_id)
        so_far = [  # the class over its first exams, for how its profile's reliability grew
            load_score_matrix(session, class_name, list(matrix.assessments[: t + 1]))
            for t in range(len(matrix.assessments) - 1)
        ]
        prerequisites = list(load_prerequisites(session, record.subject))
        parents = load_parents(session, record.subject)
        others, undiagnosed, stale_others, changed = _grade_diagnoses(session, class_name)
    if thresholds is not None:
        diagnosis = diagnosis.restated(thresholds) if diagnosis else None
        per_assessment = {name: d.restated(thresholds) for name, d in per_assessment.items()}
        others = {name: d.restated(thresholds) for name, d in others.items()}
    grade = against_grade(diagnosis, [diagnosis, *others.values()]) if diagnosis and others else []
    kinds = weak_kinds_of(diagnosis, matrix)
    return ClassData(
        weak_kinds=kinds,
        grain=grain_of(matrix, kinds.reliability.full_length, parents) if kinds is not None else None,
        reliability_growth=reliability_growth([*so_far, matrix]) if so_far else [],
        findings=findings_given(diagnosis, kinds, confidence) if diagnosis is not None else None,
        class_name=class_name,
        subject=record.subject,
        matrix=matrix,
        diagnosis=diagnosis,
        run_id=choice.run.run_id if choice.run else None,
        per_assessment=per_assessment,
        prerequisites=prerequisites,
        stale=choice.run is not None and not choice.current,
        runs=sorted(runs, key=lambda r: (r.created, r.run_id), reverse=True),
        grade=grade,
        grade_classes=tuple(others),
        grade_undiagnosed=tuple(undiagnosed),
        grade_stale=tuple(stale_others),
        exported_plans=exported,
        changed=((class_name, record.last_change), *sorted(changed.items())),
    )


def _grade_diagnoses(
    session: Session, class_name: str
) -> tuple[dict[str, Diagnosis], list[str], list[str], dict[str, dt.datetime | None]]:
    """The diagnosis `choose_run` picks for each other class of the grade that has one, the classes that have none,
    those whose diagnosis is out of date, and when each last changed."""
    from app.storage import grade_of, list_classes, list_diagnosis_runs, load_diagnosis

    others = grade_of(session, class_name)
    records = {c.name: c for c in list_classes(session) if c.name in others} if others else {}
    found, missing, stale = {}, [], []
    for other in others:
        record = records[other]
        choice = choose_run(list_diagnosis_runs(session, other), record.assessments, record.last_change)
        if choice.run is not None:
            found[other] = load_diagnosis(session, choice.run.run_id)
            if not choice.current:
                stale.append(other)
        else:
            missing.append(other)
    return found, missing, stale, {name: record.last_change for name, record in records.items()}


def _at_grain(
    db: Database, data: ClassData, thresholds: Thresholds, confidence: float | None, cache: GrainCache | None
) -> None:
    """The class shown diagnosed at its supported grain (`services.grain_diagnosis`), beside its current run over
    all its exams only: an earlier run or one older than the scores is not what the grouped diagnosis of today's
    scores stands beside. Kept in `cache` by `_grain_key`. When it cannot be made the class still shows, per point,
    and `data.notes` says why."""
    run = next((r for r in data.runs if r.run_id == data.run_id), None)
    if run is None or data.stale or set(run.assessments) != set(data.matrix.assessments):
        return
    from app.services.grain_diagnosis import grain_diagnosis

    if confidence is None:  # the settings' now: a key must not stand for whatever they say later
        from app.core.settings import load_settings

        confidence = load_settings().confidence

    def make() -> GrainDiagnosis | None:
        return grain_diagnosis(db, data.class_name, data.grain, thresholds=thresholds, confidence=confidence)

    try:
        data.at_grain = make() if cache is None else cache.get(db, _grain_key(db, data, thresholds, confidence), make)
    except Cancelled:
        raise
    except Exception as failure:  # the groups are a view of the class, not the class: it shows per point
        log.exception("the grouped diagnosis of %s could not be made", data.class_name)
        data.notes.append(_groups_failed(failure))


def _grain_key(db: Database, data: ClassData, thresholds: Thresholds, confidence: float) -> Hashable:
    """Everything a grouped diagnosis is made from: the class and the run it stands beside, when the class and each
    other class of its grade (whose scores calibrate the questions) last changed, the grain, the thresholds, the
    confidence, the prior in use and the papers' calibrations kept (anchors from other fits of the same paper)."""
    from app.services.priors import prior_in_use
    from app.storage import newest_calibration

    with db.session() as session:
        calibrated = newest_calibration(session)
    inputs = (data.changed, data.grain, thresholds, confidence, prior_in_use(db), calibrated)
    return (data.class_name, data.run_id, *inputs)


def _groups_failed(failure: Exception) -> Text:
    """What the window says when the grouped diagnosis failed: that the class is shown per point, and why
    (`core.problems.error_text`)."""
    why = error_text(failure)
    return Text(
        f"未能按组诊断本班（{why.zh}），下面按知识点显示。",
        f"The grouped view of this class could not be made ({why.en}); it is shown per knowledge point.",
    )


@dataclass(frozen=True)
class Shown:
    """What one read of the store for the window brought back: the store's state when asked for, the class to
    show (None: none), why it could not be read, and the newest backup."""

    state: StoreState | None
    data: ClassData | None
    error: BaseException | None
    last_backup: BackupRecord | None


def read_for_showing(
    db: Database,
    asked: str | None,
    *,
    shown: str | None,
    last: str | None = None,
    run_id: int | None = None,
    refresh: bool,
    thresholds: Thresholds,
    confidence: float | None = None,
    cache: GrainCache | None = None,
) -> Shown:
    """What the window shows, read in one go off the UI thread: with `refresh` the store's classes, imports and
    newest backup; the class `choose_class` picks (`asked`, else the one `shown`, else the one shown `last`, …)
    with its run (`run_id` when it is the class asked for) judged by the teacher's `thresholds` (its findings at
    `confidence`, default the settings file's), its grouped diagnosis kept in `cache` when given. A class that
    cannot be read is an `error` beside the store's state, never a failure of the whole read."""
    from app.services.backups import last_backup
    from app.services.store import store_state

    state = store_state(db) if refresh else None
    name = asked
    if state is not None:
        names = [c.name for c in state.classes]
        name = choose_class(names, asked if asked in names else None, shown=shown, last=last).name
    data, error = None, None
    if name:
        try:
            data = load_class_data(
                db, name, run_id if name == asked else None, thresholds=thresholds, confidence=confidence
            )
            _at_grain(db, data, thresholds, confidence, cache)
        except Exception as failure:  # noqa: BLE001 - the store's state still shows; the message says why
            error = failure
    return Shown(state, data, error, last_backup(db.path) if refresh and db.path is not None else None)
