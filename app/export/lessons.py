"""Writing the classroom exports: the 讲评 list and the 分层 groups with their sheets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.export.files import atomic_target
from app.export.groups import groups_tables
from app.export.review import review_table
from app.export.tables import write_csv, write_xlsx
from app.export.writers import begin, people_of
from app.insight.groups import LETTERS, group_sheet, group_students, regrouped
from app.insight.plans import DiagnosedClass, PlanSettings
from app.insight.review import review_list


def export_review(
    data: DiagnosedClass,
    out: Path | str,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    anonymise: bool = False,
    top: int = 10,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
) -> list[Path]:
    """Write the 讲评 list of the class's `top` questions to go over first (pdf, xlsx or csv)."""
    out, lang, fmt = begin("review", out, fmt, lang)
    people = people_of(data, anonymise, secret, lang)
    items = review_list(data.matrix, data.diagnosis, top)
    with atomic_target(out, private=not anonymise) as target:
        if fmt == "pdf":
            from app.export.pdf_review import write_review_pdf

            write_review_pdf(
                items,
                people,
                target,
                lang=lang,
                class_name=data.class_name,
                assessments=data.matrix.assessments,
                generated=settings.generated,
            )
        elif fmt == "csv":
            write_csv(review_table(items, people, lang), target)
        else:
            write_xlsx([review_table(items, people, lang)], target, title=data.class_name)
    return [out]


def export_groups(
    data: DiagnosedClass,
    out: Path | str,
    *,
    fmt: str | None = None,
    lang: str | None = None,
    anonymise: bool = False,
    n_groups: int = 3,
    members: Sequence[Sequence[str]] | None = None,
    settings: PlanSettings = PlanSettings(),
    secret: bytes | None = None,
) -> list[Path]:
    """Write the 分层 groups with one practice sheet each (pdf or xlsx). `members`: the teacher's groups (student
    ids, group A first) after moving students; None: `n_groups` groups by weak-point pattern."""
    out, lang, fmt = begin("groups", out, fmt, lang)
    people = people_of(data, anonymise, secret, lang)
    if members is None:
        groups = group_students(data.diagnosis, n_groups)
    else:
        groups = [regrouped(data.diagnosis, LETTERS[n], list(m)) for n, m in enumerate(members) if m]
    sheets = {g.letter: group_sheet(data, g, settings.per_point, settings.target) for g in groups}
    with atomic_target(out, private=not anonymise) as target:
        if fmt == "pdf":
            from app.export.pdf_groups import write_groups_pdf

            write_groups_pdf(
                groups,
                sheets,
                people,
                target,
                lang=lang,
                class_name=data.class_name,
                assessments=data.matrix.assessments,
                target=settings.target,
                generated=settings.generated,
            )
        else:
            write_xlsx(groups_tables(groups, sheets, people, lang), target, title=data.class_name)
    return [out]
