"""Exporting a stored class, as the CLI and the window both do it: gather, diagnose if needed, write (no Qt)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.diagnosis import Thresholds
from app.core.problems import Text
from app.core.progress import NullProgress, Progress, Scaled, checkpoint

if TYPE_CHECKING:
    from app.insight.plans import DiagnosedClass, PracticePlan
    from app.storage import Database


@dataclass(frozen=True)
class ExportRequest:
    """Which export of which class, where and how (the export dialog and `python -m app export` alike)."""

    what: str  # one of `app.export.kinds.EXPORT_KINDS`
    class_name: str
    out: Path  # a file, or a folder for per-student plans
    fmt: str | None  # None: from `out`'s suffix
    lang: str
    anonymise: bool = False
    per_student: bool = False
    thresholds: Thresholds | None = None  # the teacher's (Settings); None: the diagnosis' own
    confidence: float | None = None  # what a flag needs (the mastery table's findings); None: the settings'
    run_id: int | None = None  # None: the class's current run (`choose_run`), diagnosing first if there is none
    device: str | None = None  # for that diagnosis
    top: int = 10  # review: how many questions
    n_groups: int = 3  # groups: how many, when `members` is None
    members: tuple[tuple[str, ...], ...] | None = None  # groups: the teacher's (student ids, group A first)


def load_diagnosed_class(
    db: Database,
    class_name: str,
    *,
    run_id: int | None = None,
    device: str | None = None,
    thresholds: Thresholds | None = None,
    confidence: float | None = None,
    progress: Progress | None = None,
) -> DiagnosedClass:
    """The class with diagnosis run `run_id`, else its current run (diagnosing it first when it has none),
    with that run's own expected scores (no refit: plans and the views read the same model), judged by
    `thresholds` when the teacher set their own, its findings at `confidence` (default: the settings')."""
    from app.engine.diagnose import expected_scores
    from app.insight.plans import DiagnosedClass
    from app.services.class_data import choose_run
    from app.services.flags import findings_of
    from app.storage import (
        get_class,
        list_diagnosis_runs,
        load_diagnosis,
        load_prerequisites,
        load_score_matrix,
    )

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    with db.session() as session:
        record = get_class(session, class_name)
        runs = list_diagnosis_runs(session, class_name)
        choice = choose_run(runs, record.assessments, record.last_change, run_id)
    if choice.run is not None and choice.current:
        chosen: int | None = choice.run.run_id
    elif db.read_only:  # nothing current stored and nothing may be: diagnose for this export alone
        from app.services.diagnosing import diagnose_class

        fresh = diagnose_class(db, class_name, device=device, trajectory=False, progress=Scaled(progress, 0.0, 0.8))
        chosen, diagnosis = None, fresh.runs[0][1]
    else:
        from app.services.diagnosing import diagnose_stored_class

        chosen = diagnose_stored_class(db, class_name, device=device, progress=Scaled(progress, 0.0, 0.8))[0][0]
    with db.session() as session:
        assessments: list[str] | None = None
        if chosen is not None:
            diagnosis = load_diagnosis(session, chosen)
            run = next(r for r in list_diagnosis_runs(session, class_name) if r.run_id == chosen)
            assessments = list(run.assessments) or None
        matrix = load_score_matrix(session, class_name, assessments)
        prerequisites = list(load_prerequisites(session, record.subject))
    progress.report(1.0, "done")
    scores = expected_scores(diagnosis)
    if thresholds is not None:
        diagnosis = diagnosis.restated(thresholds)
    found = findings_of(diagnosis, matrix, confidence)
    return DiagnosedClass(
        class_name, matrix, diagnosis, scores, prerequisites=prerequisites, findings=found, run_id=chosen
    )


@dataclass(frozen=True)
class ExportResult:
    """The files an export wrote, the characters of its names no font on this PC could draw, the students whose
    names hold them (so the teacher knows whose pages to check), and what the teacher should know (e.g. pseudonyms
    made with a key for this export alone)."""

    paths: list[Path]
    undrawable: str = ""
    undrawable_students: tuple[str, ...] = ()  # "姓名（学号）"
    notes: list[Text] = field(default_factory=list)


def export_class(db: Database, request: ExportRequest, progress: Progress | None = None) -> ExportResult:
    """Gather the class (diagnosing it first if needed) and write the export its kind (`EXPORT_KINDS`) says."""
    from app.export import ExportError
    from app.export.kinds import EXPORT_KINDS, ExportOptions

    kind = EXPORT_KINDS.get(request.what)
    if kind is None:
        raise ExportError(Text(f"没有“{request.what}”这种导出。", f"There is no export called '{request.what}'."))
    progress = progress or NullProgress()
    data = load_diagnosed_class(
        db,
        request.class_name,
        run_id=request.run_id,
        device=request.device,
        thresholds=request.thresholds,
        confidence=request.confidence,
        progress=Scaled(progress, 0.0, 0.4),
    )
    secret, note = _secret(request.anonymise)
    options = ExportOptions(  # the threshold in the plans' settings is the (restated) diagnosis' own
        request.fmt,
        request.lang,
        anonymise=request.anonymise,
        per_student=request.per_student,
        top=request.top,
        n_groups=request.n_groups,
        members=request.members,
        secret=secret,
    )
    if request.what in HANDED_OUT:
        from app.insight.plans import build_plans

        options = dataclasses.replace(options, plans=tuple(build_plans(data, options.settings)))
    paths = kind.write(data, request.out, options, Scaled(progress, 0.4, 1.0))
    notes = [note] if note else []
    if options.plans is not None and (unkept := _remember(db, request, data, options.plans)) is not None:
        notes.append(unkept)
    missing, whose = _undrawable(data, request.anonymise)
    return ExportResult(paths, missing, whose, notes)


HANDED_OUT = ("plans", "handbook")
"""The exports whose plans the store remembers, so the next exam can say how their points changed."""


def _remember(db: Database, request: ExportRequest, data: DiagnosedClass, plans: Sequence[PracticePlan]) -> Text | None:
    """Keep which points the exported plans gave each student, after which exam (the run's state, else its latest
    exam); None when kept, else a note saying why not (a read-only store)."""
    from app.storage import StoreError, record_exported_plans

    if db.read_only:
        return Text(
            "数据只读，这次导出的计划没有记入：下次考试后无法对照这些计划的知识点。",
            "The store is read-only, so these plans were not remembered: the next exam cannot follow their points.",
        )
    after = str(data.diagnosis.settings.get("state_after") or data.matrix.assessments[-1])
    try:
        with db.writing() as session:
            record_exported_plans(
                session,
                request.class_name,
                run_id=data.run_id,
                kind=request.what,
                after=after,
                points={plan.student_id: [step.knowledge_point for step in plan.path] for plan in plans},
            )
    except StoreError as failed:  # the files are written: say what was not kept rather than fail the export
        return Text(f"导出的计划没有记入数据：{failed.text.zh}", f"The plans were not remembered: {failed.text.en}")
    return None


def _secret(anonymise: bool) -> tuple[bytes | None, Text | None]:
    """The pseudonym key of an anonymised export (None: not anonymised), and a note when it is a one-off."""
    if not anonymise:
        return None, None
    from app.export.anonymise import pseudonym_secret

    return pseudonym_secret()


def _undrawable(data: DiagnosedClass, anonymised: bool) -> tuple[str, tuple[str, ...]]:
    """Characters of the class's names, points and questions that no font on this PC draws (shown as boxes), and
    the students whose names hold one."""
    from app.charts.glyphs import undrawable

    matrix = data.matrix
    names = [] if anonymised else [n or "" for n in matrix.student_names]
    missing = undrawable([data.class_name, *names, *matrix.knowledge_points, *matrix.item_ids])
    whose = tuple(
        f"{name}（{number}）" for name, number in zip(names, matrix.student_ids) if any(ch in missing for ch in name)
    )
    return missing, whose


def export_scores(
    db: Database, class_name: str, out: Path, fmt: str | None = None, *, anonymise: bool = False, lang: str = "en"
) -> ExportResult:
    """Write the class's stored scores in long format (CSV or XLSX, from `out`'s suffix when `fmt` is None); with
    `anonymise`, pseudonym codes and names in place of numbers and names (as every other export)."""
    from app.export.anonymise import People
    from app.export.scores import export_scores as write
    from app.storage import score_rows

    fmt = (fmt or out.suffix.lstrip(".") or "csv").lower()
    if fmt not in ("csv", "xlsx"):
        from app.export import ExportError

        raise ExportError(
            Text(f"得分只能导出为 csv 或 xlsx，不能是 {fmt}。", f"Scores export as csv or xlsx, not {fmt}.")
        )
    with db.session() as session:
        rows = score_rows(session, class_name)
    secret, note = _secret(anonymise)
    names = dict((row[0], row[1]) for row in rows)
    people = People(list(names), list(names.values()), anonymise=anonymise, secret=secret, lang=lang)
    return ExportResult([write(rows, out, fmt, class_name, people)], notes=[note] if note else [])


def export_file_name(class_name: str, label: str, fmt: str | None = None) -> str:
    """The name an export of `class_name` is suggested under ("八年级(3)班 class report.pdf"): one file name any PC
    accepts, never a path (a class named "../../x", "高一/1班" or "a:b" stays one name in the folder chosen)."""
    from app.export.files import safe_stem

    stem = safe_stem(f"{class_name} {label}")
    return f"{stem}.{fmt}" if fmt else stem
