"""Practice plans as a printable A4 PDF: one student per page (a long plan runs on), with the
student's mastery chart, learning path and chosen questions."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from app.charts.exports import CIRCLED
from app.charts.texts import label
from app.core.diagnosis import Diagnosis
from app.core.progress import NullProgress, Progress, checkpoint
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.pdf_charts import behind_muted, mastery_drawing
from app.export.pdf_common import (
    BODY_W,
    Running,
    document,
    esc,
    para,
    privacy_note,
    styles,
    table,
)
from app.export.rows import item_label
from app.insight.findings import Findings
from app.insight.plans import DEFAULT_TARGET, PracticePlan


def circled(n: int) -> str:
    """①, ②, … for the n-th point of a path (from 0), (21) past the circled numbers."""
    return CIRCLED[n] if n < len(CIRCLED) else f"({n + 1})"


def plan_story(
    plan: PracticePlan,
    diagnosis: Diagnosis,
    people: People,
    lang: str,
    *,
    class_name: str,
    assessments: Sequence[str],
    generated: dt.date,
    findings: Findings | None = None,
) -> list:
    """The flowables of one student's plan (no page break); with `findings`, a student behind overall is told so
    once and their chart is not a red one (`behind_muted`)."""
    st = styles(lang)
    sid = plan.student_id
    s = diagnosis.student_ids.index(sid)
    sep = list_separator(lang)
    lo, hi = plan.target
    story: list = [Running(people.name(sid))]
    story.append(para(f"{label('plan_title', lang)} · {people.heading(sid)}", st.title))
    meta = [
        f"{label('class', lang)}: {class_name}",
        f"{label('assessments', lang)}: {sep.join(assessments)}",
        f"{label('generated', lang)}: {generated.isoformat()}",
        f"{label('threshold', lang)}: {plan.threshold:.2f}",
        f"{label('target_band', lang)}: {lo:.1f}–{hi:.1f}",
    ]
    story.append(para("  ·  ".join(meta), st.small))
    story.append(para(plan.summary.get(lang), st.body))
    path = [p.step.knowledge_point for p in plan.steps]
    story.append(para(label("mastery_chart", lang), st.h2))
    muted = behind_muted(findings, s)
    story.append(mastery_drawing(diagnosis, s, path, threshold=plan.threshold, lang=lang, width=BODY_W, muted=muted))
    story.append(para(label("path", lang), st.h2))
    if path and muted:
        story.append(para(label("behind_overall_path", lang), st.body))
    if not path:
        story.append(para(label("path_empty", lang), st.body))
    else:
        story.append(para("  →  ".join(f"{circled(n)} {kp}" for n, kp in enumerate(path)), st.body))
    for n, ps in enumerate(plan.steps):
        step = ps.step
        heading = f'<font size="10.5" color="#1f5f8b">{esc(label("step_heading", lang, n=n + 1, kp=step.knowledge_point))}</font>'
        block: list[Flowable] = [
            Paragraph(f"{heading}{'　' if lang == 'zh' else '  '}{esc(step.reason.get(lang))}", st.body)
        ]
        if ps.questions:
            rows = []
            for q in ps.questions:
                ident = item_label(q.question_id, q.assessment) if q.source == "exam" else q.question_id
                if q.text:
                    ident = f"{ident}  {q.text}"
                origin = (
                    q.assessment
                    if q.source == "exam"
                    else (label("bank", lang) + (f" · {q.assessment}" if q.assessment else ""))
                )
                if q.source == "bank":
                    last = label("new_question", lang)
                else:
                    last = label("not_answered", lang) if q.last_score is None else f"{q.last_score:g}"
                fit = "fit_ok" if q.in_target else ("fit_hard" if q.predicted_success < plan.target[0] else "fit_easy")
                fit_text = label(fit, lang) + (label("fit_estimated", lang) if q.estimated else "")
                rows.append([ident, origin or "", f"{q.max_score:g}", last, f"{q.predicted_success:.2f}", fit_text])
            header = [label(k, lang) for k in ("question", "from", "max_score", "last_score", "predicted", "fit")]
            block.append(table(header, rows, [BODY_W - 320, 76, 30, 54, 70, 90], st))
        if ps.note:
            block.append(para(ps.note.get(lang), st.small))
        block.append(Spacer(1, 2.5 * mm))
        story.append(CondPageBreak(25 * mm))
        story.append(KeepTogether(block))
    return story


def write_plans_pdf(
    plans: Sequence[PracticePlan],
    diagnosis: Diagnosis,
    people: People,
    out: Path | io.BytesIO,
    *,
    lang: str,
    class_name: str,
    assessments: Sequence[str],
    generated: dt.date | None = None,
    progress: Progress | None = None,
    findings: Findings | None = None,
) -> None:
    """Write `plans` (in `people.order`) to one PDF, each student starting a new page (judged by `findings`)."""
    progress = progress or NullProgress()
    generated = generated or dt.date.today()
    lo, hi = plans[0].target if plans else DEFAULT_TARGET
    notes = [label("plan_legend", lang, lo=lo, hi=hi), privacy_note(people.anonymise, lang)]
    doc = document(out, "plan_title", class_name=class_name, lang=lang, footer_notes=notes)
    build_per_student(
        doc,
        plans,
        people,
        lambda plan: plan_story(
            plan,
            diagnosis,
            people,
            lang,
            class_name=class_name,
            assessments=assessments,
            generated=generated,
            findings=findings,
        ),
        progress,
    )


def build_per_student(
    doc: BaseDocTemplate,
    plans: Sequence[PracticePlan],
    people: People,
    story_of: Callable[[PracticePlan], list],
    progress: Progress,
) -> None:
    """Build `doc` from each student's story (in `people.order`), each starting a new page, reporting progress."""
    by_id = {p.student_id: p for p in plans}
    order = people.order(list(by_id))
    story: list = []
    for n, sid in enumerate(order):
        checkpoint(progress, n / max(len(order), 1), people.name(sid))
        if story:
            story.append(PageBreak())
        story += story_of(by_id[sid])
    doc.build(story)
    checkpoint(progress, 1.0)
