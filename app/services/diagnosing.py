"""Diagnose a class held in the store and keep the result: what the CLI and the window both run (no Qt)."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from app.core.diagnosis import Diagnosis
from app.core.problems import Refused, Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.core.score_matrix import ScoreMatrix
from app.core.text import command_word

if TYPE_CHECKING:
    from app.engine.anchors import ItemAnchors
    from app.engine.prior import Prior
    from app.services.grade_peers import PeerCache
    from app.storage import CalibrationRecord, Database


class NotTagged(Refused):
    """The class's questions test no knowledge point yet: nothing to diagnose until the exam is tagged."""


def _untagged(class_name: str, assessments: tuple[str, ...]) -> Text:
    exam = command_word(assessments[0]) if assessments else "考试"
    return Text(
        f"班级“{class_name}”的题目还没有标注知识点，无法诊断。请在窗口中为考试标注知识点（班级视图 → 标注试卷），"
        f"或导入这次考试的双向细目表：python -m app tag 细目表.xlsx --assessment {exam}",
        f"The questions of class '{class_name}' are not tagged with knowledge points (知识点) yet, so there is "
        f"nothing to diagnose. Tag the exam in the window (class view → Tag the paper), or import its paper: "
        f"python -m app tag PAPER.xlsx --assessment {exam}",
    )


def _changed(class_name: str) -> Text:
    return Text(
        f"诊断期间班级“{class_name}”的成绩或标注被改动了（另一个窗口或命令行），这次结果没有保存。请重新运行诊断。",
        f"The scores or tags of class '{class_name}' changed while it was being diagnosed (another window or the "
        "command line), so this result was not saved. Run the diagnosis again.",
    )


def diagnose_stored_class(
    db: Database,
    class_name: str,
    *,
    device: str | None = None,
    trajectory: bool = True,
    progress: Progress | None = None,
) -> list[tuple[int, Diagnosis]]:
    """Diagnose the class (`diagnose_class`: with several exams, where the term has carried it to now, and with
    `trajectory` where it stood after each exam) and store every run in one transaction. Returns (run id,
    diagnosis), main run first.
    """
    progress = progress or NullProgress()
    results = diagnose_class(db, class_name, device=device, trajectory=trajectory, progress=progress)
    return save_runs(db, results, progress)


@dataclass(frozen=True)
class Diagnosed:
    """A class diagnosed, not yet stored: each run with the assessments it used (None: all of them), and the
    class's version the scores were read at (a save checks it is still that)."""

    class_name: str
    version: object
    runs: list[tuple[tuple[str, ...] | None, Diagnosis]]
    calibrations: tuple[CalibrationRecord, ...] = ()  # its papers' questions as the joint fit calibrated them, to keep


@dataclass(frozen=True)
class _Read:
    """A class as read for its diagnosis: its scores, the other classes of its grade by name, its exams' day numbers
    (several exams only) and, for the states after each exam, the item ids each exam alone names."""

    name: str
    version: object
    matrix: ScoreMatrix
    peers: list[tuple[str, ScoreMatrix]]
    day_of: dict[str, float]
    exam_items: dict[str, tuple[str, ...]]
    fit_ids: tuple[int, ...] = ()  # the ids of the class and its peers
    anchors: ItemAnchors | None = None  # a calibration of its paper from other classes (`services.calibrating`)

    def grade_key(self) -> tuple[object, ...]:
        """Equal for classes one joint fit diagnoses alike: the same exams on the same days, questions, marks, tags
        and grade."""
        m = self.matrix
        return (
            m.assessments,
            m.item_ids,
            m.knowledge_points,
            m.max_scores.tobytes(),
            m.q_matrix.tobytes(),
            tuple(self.day_of.items()),
            frozenset([self.name, *(name for name, _ in self.peers)]),
        )


def _read(db: Database, class_name: str, trajectory: bool, peer_cache: PeerCache | None) -> _Read:
    """Read a class and its grade's other classes in one short session (NotTagged when it has no points)."""
    from app.engine.term import term_days
    from app.services.calibrating import fit_class_ids, stored_anchors
    from app.services.grade_peers import class_scores, named_grade_peers
    from app.storage import get_class

    with db.session() as session:  # read in a short session; compute outside any transaction
        record = get_class(session, class_name)
        matrix = class_scores(session, class_name, record.assessments, peer_cache)
        if not matrix.knowledge_points:
            raise NotTagged(_untagged(class_name, matrix.assessments))
        (peers,) = named_grade_peers(session, class_name, [matrix.assessments], peer_cache)
        fit_ids = fit_class_ids(session, [class_name, *(name for name, _ in peers)])
        anchors = stored_anchors(session, matrix, fit_ids)
        term = len(matrix.assessments) > 1
    # an exam's questions as that exam alone names them: its bare labels, not "EXAM/label"
    exam_items = (
        {
            a: tuple(i.removeprefix(f"{a}/") for i, at in zip(matrix.item_ids, matrix.item_assessment) if at == n)
            for n, a in enumerate(matrix.assessments)
        }
        if term and trajectory
        else {}
    )
    day_of = dict(zip(record.assessments, term_days(record.assessment_dates))) if term else {}
    return _Read(class_name, record.last_change, matrix, peers, day_of, exam_items, fit_ids, anchors)


def diagnose_class(
    db: Database,
    class_name: str,
    *,
    device: str | None = None,
    trajectory: bool = True,
    progress: Progress | None = None,
) -> Diagnosed:
    """`diagnose_stored_class` without storing the runs: what an export from a read-only store uses.

    A class of one exam is diagnosed on it within its grade. A class of several exams is carried through them
    in date order (`app.engine.term.fit_term`, the grade's classes calibrating the questions): its main run is
    the state after its latest exam ("now"), and with `trajectory` one run per exam holds the state after that
    exam (stored over that exam's questions, `settings["state_after"]` naming it). Every run records which
    model made it (`settings["model"]`: "term" or "exam") and the store's prior in use.
    """
    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    read = _read(db, class_name, trajectory, None)
    (diagnosed,) = _diagnose_alike(db, [read], device, Scaled(progress, 0.05, 0.95))
    return diagnosed


def diagnose_grouped(
    db: Database,
    class_name: str,
    groups: tuple[tuple[str, ...], ...],
    *,
    device: str | None = None,
    progress: Progress | None = None,
) -> tuple[Diagnosis, ScoreMatrix]:
    """The class diagnosed as `diagnose_class` makes its main run (one exam within its grade; several carried
    through the term to now), its points merged into `groups` (`insight.grain.grouped_matrix`: one "knowledge
    point" per group); with the grouped scores it was read off. Nothing is stored."""
    from app.insight.grain import grouped_matrix

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    read = _read(db, class_name, False, None)
    grouped = dataclasses.replace(read, matrix=grouped_matrix(read.matrix, groups))
    ((own,),) = _runs_alike(db, [grouped], device, Scaled(progress, 0.05, 1.0))
    return own[1], grouped.matrix


def _diagnose_alike(db: Database, reads: list[_Read], device: str | None, progress: Progress) -> list[Diagnosed]:
    """Diagnose classes read alike (equal `grade_key`) from one joint fit of them and the rest of their grade."""
    from app.services.calibrating import calibrations_of

    runs = _runs_alike(db, reads, device, progress)
    first, members = reads[0], {r.name for r in reads}
    fitted = [r.matrix for r in reads] + [m for name, m in first.peers if name not in members]
    calibrations = calibrations_of(runs[0][0][1], fitted, first.fit_ids)  # over all the questions
    return [
        Diagnosed(r.name, r.version, own, calibrations if n == 0 else ())  # kept once per fit, with its first class
        for n, (r, own) in enumerate(zip(reads, runs))
    ]


def _runs_alike(
    db: Database, reads: list[_Read], device: str | None, progress: Progress
) -> list[list[tuple[tuple[str, ...] | None, Diagnosis]]]:
    """The runs of classes read alike from one joint fit of them and the rest of their grade, per class (main run
    first), each recording its model and the store's prior in use."""
    from app.services.priors import active_prior

    prior, which = active_prior(db)
    members = {r.name for r in reads}
    first = reads[0]
    others = [m for name, m in first.peers if name not in members]
    matrices = [r.matrix for r in reads]
    if first.day_of:
        exam_items = [r.exam_items for r in reads]
        runs = _term_runs(matrices, others, first.day_of, exam_items, device, prior, progress, first.anchors)
    else:
        from app.engine.diagnose import diagnose_together

        together = diagnose_together(
            matrices, peers=others, device=device, prior=prior, progress=progress, anchors=first.anchors
        )
        runs = [[(None, d)] for d in together]
    return [
        [
            (a, dataclasses.replace(d, settings={"model": "exam", **d.settings, "prior": which, **_untagged_of(r)}))
            for a, d in own
        ]
        for r, own in zip(reads, runs, strict=True)
    ]


def _untagged_of(read: _Read) -> dict[str, object]:
    """`{"untagged_exams": [...]}` for a class whose term holds exams none of whose questions is tagged (they count
    only toward each student's overall level: a teacher who forgot to tag the latest exam must be told), else {}."""
    m = read.matrix
    tagged = m.q_matrix.sum(axis=1) > 0
    untagged = [exam for n, exam in enumerate(m.assessments) if not tagged[m.item_assessment == n].any()]
    return {"untagged_exams": untagged} if untagged else {}


def _term_runs(
    matrices: list[ScoreMatrix],
    peers: list[ScoreMatrix],
    day_of: dict[str, float],
    exam_items: list[dict[str, tuple[str, ...]]],
    device: str | None,
    prior: Prior | None,
    progress: Progress,
    anchors: ItemAnchors | None,
) -> list[list[tuple[tuple[str, ...] | None, Diagnosis]]]:
    """Classes that sat the same exams (on the day numbers `day_of`, by exam name) carried through them from one
    fit, per class: now over every exam, then the state after each exam of its `exam_items` over that exam's
    questions (named as the exam alone names them)."""
    from app.engine.grade import aligned_points
    from app.engine.term import fit_term

    first = matrices[0]
    # as `diagnose` stacks them: each peer on the classes' own questions and points, an exam it did not sit missing
    grade = matrices + [
        dataclasses.replace(
            first, student_ids=p.student_ids, student_names=p.student_names, points=aligned_points(p, first)
        )
        for p in peers
    ]
    days = [[day_of[a] for a in first.assessments]] * len(grade)
    started = time.perf_counter()
    # each paper recalibrated in the large, kept with the runs' questions: plans read what `predict` gives
    fit = fit_term(grade, days, device=device, prior=prior, progress=progress, anchors=anchors)
    members = list(range(len(matrices)))
    now = fit.diagnoses(members)
    seconds = time.perf_counter() - started
    out: list[list[tuple[tuple[str, ...] | None, Diagnosis]]] = [
        [(None, dataclasses.replace(d, seconds=seconds))] for d in now
    ]
    for t, exam in enumerate(fit.exams(0)):  # the classes sat the same exams (`_Read.grade_key`)
        wanted = [j for j in members if exam in exam_items[j]]
        items = [np.flatnonzero(matrices[j].item_assessment == matrices[j].assessments.index(exam)) for j in wanted]
        for j, state in zip(wanted, fit.diagnoses(wanted, t, items) if wanted else []):
            out[j].append(((exam,), dataclasses.replace(state, item_ids=exam_items[j][exam])))
    return out


def save_runs(db: Database, diagnosed: Diagnosed, progress: Progress) -> list[tuple[int, Diagnosis]]:
    """Store a class's runs in one transaction, once sure its scores are still those diagnosed (StoreChanged)."""
    from app.storage import StoreChanged, save_calibration
    from app.storage.diagnoses import save_diagnoses
    from app.storage.queries import class_version

    class_name = diagnosed.class_name
    checkpoint(progress, 0.96, "save")
    with db.writing() as session:  # a short write, once sure the scores are still those diagnosed
        if class_version(session, class_name) != diagnosed.version:
            raise StoreChanged(_changed(class_name))
        # the main run stored last, so that a list of runs newest first reads now, then back exam by exam
        main, *states = diagnosed.runs
        ids = save_diagnoses(session, class_name, [(d, list(a) if a else None) for a, d in (*states, main)])
        saved = list(zip([ids[-1], *ids[:-1]], [main[1], *(d for _, d in states)]))
        for calibration in diagnosed.calibrations:
            save_calibration(session, calibration)
    progress.report(1.0, "done")  # committed: too late to cancel
    return saved


class PartlySaved(Refused):
    """Diagnosing several classes stopped at one: the classes before it were saved, it and those after not."""

    def __init__(self, text: Text, saved: list[str]) -> None:
        super().__init__(text)
        self.saved = saved


def diagnose_classes(
    db: Database, names: list[str], *, device: str | None = None, progress: Progress | None = None
) -> list[tuple[str, int, Diagnosis]]:
    """Diagnose the classes and save each in turn (each in its own transaction); (class, main run id, its diagnosis)
    per class. Classes of a grade that sat the same exams are diagnosed from one joint fit (`_Read.grade_key`), not
    refitted class by class. A class not tagged yet is left out while the others are diagnosed. A class that fails
    (to save, or untagged) after others were saved raises PartlySaved naming both, so nobody is told that nothing
    changed when some classes' diagnoses were kept."""
    progress = progress or NullProgress()
    from app.services.grade_peers import PeerCache

    peer_cache = PeerCache()  # each class of the grade read once for the whole action
    reads, untagged = [], []
    for n, name in enumerate(names):
        checkpoint(progress, 0.1 * n / max(len(names), 1), "load")
        try:
            reads.append(_read(db, name, True, peer_cache))
        except NotTagged as refused:
            untagged.append((name, refused))
    if untagged and not reads:
        raise untagged[0][1]
    names = [r.name for r in reads]
    groups: dict[tuple[object, ...], list[_Read]] = {}
    for r in reads:
        groups.setdefault(r.grade_key(), []).append(r)
    sizes = [sum(len(r.matrix.student_ids) for r in g) for g in groups.values()]
    diagnosed: dict[str, Diagnosed] = {}
    at = 0.1
    for g, (group, size) in enumerate(zip(groups.values(), sizes)):
        share = 0.8 * size / max(sum(sizes), 1)
        checkpoint(progress, at, f"grade ({g + 1}/{len(groups)})")
        diagnosed |= {d.class_name: d for d in _diagnose_alike(db, group, device, Scaled(progress, at, at + share))}
        at += share
    done: list[tuple[str, int, Diagnosis]] = []
    for n, name in enumerate(names):
        at = 0.9 + 0.1 * n / max(len(names), 1)
        checkpoint(progress, at, f"{name} ({n + 1}/{len(names)})")
        try:
            run_id, diagnosis = save_runs(db, diagnosed[name], Scaled(progress, at, at + 0.1 / max(len(names), 1)))[0]
        except Refused as failed:
            if not done:
                raise
            said = _partly_saved([d[0] for d in done], names[n:], failed.text)
            raise PartlySaved(_and_untagged(said, untagged), [d[0] for d in done]) from failed
        done.append((name, run_id, diagnosis))
    if untagged:
        left = [name for name, _ in untagged]
        raise PartlySaved(_partly_saved([d[0] for d in done], left, untagged[0][1].text), [d[0] for d in done])
    return done


def grade_classes(db: Database, class_name: str) -> list[str]:
    """The class and every other class of its grade (those that sat one of its exams), the class first."""
    from app.storage import grade_of

    with db.session() as session:
        return [class_name, *grade_of(session, class_name)]


def diagnose_grade(
    db: Database, class_name: str, *, device: str | None = None, progress: Progress | None = None
) -> list[tuple[str, int, Diagnosis]]:
    """Diagnose every class of `class_name`'s grade in one action (`diagnose_classes`: each class saved as it is
    done, so a cancel or a failure keeps the classes before it)."""
    return diagnose_classes(db, grade_classes(db, class_name), device=device, progress=progress)


def _partly_saved(saved: list[str], rest: list[str], why: Text) -> Text:
    return Text(
        f"已保存 {'、'.join(saved)} 的诊断；{'、'.join(rest)} 的诊断没有保存：{why.zh}",
        f"The diagnoses of {', '.join(saved)} were saved; those of {', '.join(rest)} were not: {why.en}",
    )


def _and_untagged(said: Text, untagged: list[tuple[str, NotTagged]]) -> Text:
    """`said`, then the classes left out as not tagged yet (a save that failed must not hide them)."""
    if not untagged:
        return said
    left, why = [name for name, _ in untagged], untagged[0][1].text
    return Text(
        f"{said.zh}\n{'、'.join(left)} 没有诊断：{why.zh}",
        f"{said.en}\n{', '.join(left)} were left out: {why.en}",
    )
