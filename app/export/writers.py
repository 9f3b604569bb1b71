"""Writing the exports: which file each is, in which format, one student per file or all in one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.problems import Refused, Text, default_language
from app.core.progress import NullProgress, Progress, Scaled, checkpoint
from app.export.anonymise import People
from app.export.files import atomic_target, unique_stems
from app.export.tables import write_csv, write_xlsx
from app.insight.paths import resolve_threshold
from app.insight.plans import DiagnosedClass, PlanSettings, PracticePlan, build_plans

FORMATS = {
    "plans": ("pdf", "xlsx", "csv"),
    "handbook": ("pdf",),
    "report": ("pdf", "xlsx"),
    "mastery": ("xlsx", "csv"),
    "review": ("pdf", "xlsx", "csv"),
    "groups": ("pdf", "xlsx"),
}
NAMES = {
    "plans": ("练习计划", "plans"),
    "handbook": ("学习手册", "handbook"),
    "report": ("班级报告", "report"),
    "mastery": ("掌握度表", "mastery"),
    "review": ("讲评清单", "review list"),
    "groups": ("分层练习", "groups"),
}


class ExportError(Refused):
    """An export that cannot be made as asked (e.g. a format it does not come in)."""


def check_format(kind: str, out: Path, fmt: str | None, per_student: bool = False) -> str:
    """The format of export `kind` at `out` (`fmt`, else `out`'s suffix, else the kind's first); ExportError if
    the kind does not come in it."""
    fmt = (
        fmt or (out.suffix.lstrip(".").lower() if out.suffix and not per_student else "") or FORMATS[kind][0]
    ).lower()
    if fmt not in FORMATS[kind]:
        names = NAMES[kind]
        raise ExportError(
            Text(
                f"{names[0]}不能导出为 {fmt}，可选：{'、'.join(FORMATS[kind])}。",
                f"The {names[1]} export has no format '{fmt}'; choose {', '.join(FORMATS[kind])}.",
            )
        )
    return fmt


def begin(
    kind: str, out: Path | str, fmt: str | None, lang: str | None, per_student: bool = False
) -> tuple[Path, str, str]:
    """What every writer of export `kind` starts from: `out` as a path, the language (`lang`, else the UI's) and the
    format (`check_format`)."""
    out = Path(out)
    return out, lang or default_language(), check_format(kind, out, fmt, per_student)


def people_of(data: DiagnosedClass, anonymise: bool, secret: bytes | None, lang: str) -> People:
    """How the class's students are named in an export."""
    names = dict(zip(data.matrix.student_ids, data.matrix.student_names))
    ids = list(data.diagnosis.student_ids)
    return People(ids, [names.get(sid) for sid in ids], anonymise=anonymise, secret=secret, lang=lang)


def _assessments(data: DiagnosedClass) -> list[str]:
    return list(data.matrix.assessments)


def export_plans(
    data: DiagnosedClass,
    out: Path | str,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    anonymise: bool = False,
    per_student: bool = False,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
    plans: Sequence[PracticePlan] | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write practice plans: the whole class in one file at `out`, or with `per_student` one file
    per student in the folder `out`. `fmt` is pdf, xlsx or csv (default: from `out`'s suffix, else pdf).
    Raises `GraphCycleError` if the prerequisites have a cycle, `ExportError` for a bad format."""
    return _per_student_files(
        "plans", data, Path(out), fmt, lang, anonymise, per_student, settings, secret, plans, progress
    )


def export_handbook(
    data: DiagnosedClass,
    out: Path | str,
    *,
    lang: str | None = None,
    anonymise: bool = False,
    per_student: bool = False,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
    plans: Sequence[PracticePlan] | None = None,
    progress: Progress | None = None,
    fmt: str | None = None,
) -> list[Path]:
    """Write 学习手册 pages (PDF, one page per student, nothing about other students): the class in one file at
    `out`, or with `per_student` one file per student in the folder `out` (to hand to each family). `fmt` (else
    `out`'s suffix) other than pdf is an ExportError: the handbook comes only as PDF."""
    return _per_student_files(
        "handbook", data, Path(out), fmt, lang, anonymise, per_student, settings, secret, plans, progress
    )


def _per_student_files(
    kind: str,
    data: DiagnosedClass,
    out: Path,
    fmt: str | None,
    lang: str | None,
    anonymise: bool,
    per_student: bool,
    settings: PlanSettings,
    secret: bytes | None,
    plans: Sequence[PracticePlan] | None,
    progress: Progress | None,
) -> list[Path]:
    """Plans or handbook pages: one file at `out`, or one file per student in the folder `out`."""
    out, lang, fmt = begin(kind, out, fmt, lang, per_student)
    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "write")
    plans = list(plans) if plans is not None else build_plans(data, settings)
    people = people_of(data, anonymise, secret, lang)
    groups = [[p] for p in plans] if per_student else [plans]
    stems = unique_stems([people.file_stem(group[0].student_id) for group in groups]) if per_student else []
    paths = []
    for n, group in enumerate(groups):
        final = out / f"{stems[n]}.{fmt}" if per_student else out
        part = Scaled(progress, 0.05 + 0.95 * n / len(groups), 0.05 + 0.95 * (n + 1) / len(groups))
        checkpoint(part, 0.0)
        with atomic_target(final, private=not anonymise) as target:
            _write_plans(kind, data, group, people, target, fmt, lang, settings, part)
        paths.append(final)
    checkpoint(progress, 1.0)
    return paths


def _write_plans(
    kind: str,
    data: DiagnosedClass,
    group: list[PracticePlan],
    people: People,
    target: Path,
    fmt: str,
    lang: str,
    settings: PlanSettings,
    part: Progress,
) -> None:
    """One plans file (PDF, CSV or XLSX) or handbook (PDF) at `target`."""
    if fmt == "pdf":
        from app.export.pdf_handbook import write_handbook_pdf
        from app.export.pdf_plans import write_plans_pdf

        write = write_handbook_pdf if kind == "handbook" else write_plans_pdf
        write(
            group,
            data.diagnosis,
            people,
            target,
            lang=lang,
            class_name=data.class_name,
            assessments=_assessments(data),
            generated=settings.generated,
            progress=part,
            findings=data.findings,
        )
    else:
        from app.export.rows import plan_table

        table = plan_table(group, people, lang)
        write_csv(table, target) if fmt == "csv" else write_xlsx([table], target, title=data.class_name)


def export_report(
    data: DiagnosedClass,
    out: Path | str,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    anonymise: bool = False,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the class report (pdf, or xlsx with its tables) to `out`."""
    from app.export.rows import class_report, report_tables

    out, lang, fmt = begin("report", out, fmt, lang)
    progress = progress or NullProgress()
    checkpoint(progress, 0.0)
    people = people_of(data, anonymise, secret, lang)
    report = class_report(
        data.diagnosis, data.matrix, data.prerequisites, resolve_threshold(data.diagnosis, settings.threshold)
    )
    checkpoint(progress, 0.3)
    with atomic_target(out, private=not anonymise) as target:
        if fmt == "pdf":
            from app.export.pdf_report import write_report_pdf

            write_report_pdf(
                report,
                data.diagnosis,
                people,
                target,
                lang=lang,
                class_name=data.class_name,
                assessments=_assessments(data),
                n_items=len(data.matrix.item_ids),
                generated=settings.generated,
            )
        else:
            write_xlsx(report_tables(report, people, lang), target, title=data.class_name)
    checkpoint(progress, 1.0)
    return [out]


def export_mastery(
    data: DiagnosedClass,
    out: Path | str,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    anonymise: bool = False,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
) -> list[Path]:
    """Write the mastery table: xlsx (a wide sheet and a detailed sheet) or csv (the detailed table:
    one row per student × knowledge point with interval, evidence and status, and with the class's findings
    the student's overall level, P(weak) and the finding)."""
    from app.export.rows import mastery_tables

    out, lang, fmt = begin("mastery", out, fmt, lang)
    people = people_of(data, anonymise, secret, lang)
    threshold = resolve_threshold(data.diagnosis, settings.threshold)
    wide, long = mastery_tables(data.diagnosis, people, lang, threshold, data.findings)
    with atomic_target(out, private=not anonymise) as target:
        if fmt == "csv":
            write_csv(long, target)
        else:
            write_xlsx([wide, long], target, title=data.class_name)
    return [out]
