"""Every export of a diagnosed class, once: its name, the formats it comes in, its labels and its writer.

`EXPORT_KINDS` is what the export service (`app.services.exporting.export_class`), the CLI's `export` choices,
the window's Export menu and its export dialog all read. A new export is one `ExportKind` here (its writer in this
package, its formats beside the writer in `writers.FORMATS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from app.core.problems import Text
from app.core.progress import Progress, checkpoint
from app.export.lessons import export_groups, export_review
from app.export.writers import FORMATS, export_handbook, export_mastery, export_plans, export_report
from app.insight.plans import DiagnosedClass, PlanSettings, PracticePlan


@dataclass(frozen=True)
class ExportOptions:
    """How an export is written (what the dialog and `python -m app export` ask)."""

    fmt: str | None  # None: from the file's suffix, else the kind's first format
    lang: str
    anonymise: bool = False
    per_student: bool = False  # one file per student in a folder (kinds with `per_student`)
    top: int = 10  # review: how many questions
    n_groups: int = 3  # groups: how many, when `members` is None
    members: tuple[tuple[str, ...], ...] | None = None  # groups: the teacher's (student ids, group A first)
    settings: PlanSettings = field(default_factory=PlanSettings)
    secret: bytes | None = None  # the pseudonyms' key of an anonymised export (None: the writers' own)
    plans: tuple[PracticePlan, ...] | None = None  # plans and handbook: the plans already made (None: make them)


Writer = Callable[[DiagnosedClass, Path, ExportOptions, Progress], list[Path]]


@dataclass(frozen=True)
class ExportKind:
    """One export: `title` names it in menus, `noun` in sentences and file names, `description` says what it holds."""

    name: str
    title: Text
    noun: Text
    description: Text
    write: Writer
    per_student: bool = False  # may come as one file per student
    options: tuple[str, ...] = ()  # what else it asks: "top" (review), "n_groups" (groups)

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats it comes in, the default first."""
        return FORMATS[self.name]


class _Told(TypedDict):
    """What every writer is told by the options."""

    fmt: str | None
    lang: str
    anonymise: bool
    settings: PlanSettings
    secret: bytes | None


def _told(o: ExportOptions) -> _Told:
    return _Told(fmt=o.fmt, lang=o.lang, anonymise=o.anonymise, settings=o.settings, secret=o.secret)


def _plans(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    return export_plans(data, out, **_told(o), per_student=o.per_student, plans=o.plans, progress=progress)


def _handbook(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    return export_handbook(data, out, **_told(o), per_student=o.per_student, plans=o.plans, progress=progress)


def _report(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    return export_report(data, out, **_told(o), progress=progress)


def _mastery(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    checkpoint(progress, 0.0, "write")
    return export_mastery(data, out, **_told(o))


def _review(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    checkpoint(progress, 0.0, "write")
    return export_review(data, out, **_told(o), top=o.top)


def _groups(data: DiagnosedClass, out: Path, o: ExportOptions, progress: Progress) -> list[Path]:
    checkpoint(progress, 0.0, "write")
    return export_groups(data, out, **_told(o), n_groups=o.n_groups, members=o.members)


EXPORT_KINDS: dict[str, ExportKind] = {
    kind.name: kind
    for kind in (
        ExportKind(
            "plans",
            Text("练习计划", "Practice plans"),
            Text("练习计划", "practice plans"),
            Text(
                "每位学生的练习计划：PDF 用于打印，XLSX 或 CSV 便于编辑",
                "A practice plan for every student: PDF to print, XLSX or CSV to edit",
            ),
            _plans,
            per_student=True,
        ),
        ExportKind(
            "handbook",
            Text("学习手册", "Learning handbooks (学习手册)"),
            Text("学习手册", "learning handbooks"),
            Text(
                "每位学生打印一页，给学生和家长（PDF）",
                "One printed page per student, for the student and parents (PDF)",
            ),
            _handbook,
            per_student=True,
        ),
        ExportKind(
            "report",
            Text("班级报告", "Class report"),
            Text("班级报告", "class report"),
            Text(
                "本班的薄弱知识点和题目，生成 PDF 报告", "The class's weak knowledge points and questions, as a report"
            ),
            _report,
        ),
        ExportKind(
            "mastery",
            Text("掌握度表", "Mastery table"),
            Text("掌握度表", "mastery table"),
            Text(
                "每位学生在每个知识点上的掌握度，生成表格",
                "Every student's mastery of every knowledge point, as a table",
            ),
            _mastery,
        ),
        ExportKind(
            "review",
            Text("讲评清单", "讲评 list"),
            Text("讲评清单", "review list"),
            Text(
                "课堂上要讲评的题目，以及每个错误选项是谁选的",
                "The questions to go over in class, with who chose each wrong answer",
            ),
            _review,
            options=("top",),
        ),
        ExportKind(
            "groups",
            Text("分层练习", "分层 groups"),
            Text("分层练习", "groups"),
            Text("按薄弱知识点分组，每组一份练习", "Students in groups by their weak points, one practice sheet each"),
            _groups,
            options=("n_groups",),
        ),
    )
}
