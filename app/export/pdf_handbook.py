"""学习手册: one printed A4 page per student, for the student and their parents.

It says what to work on and how, with the questions to practise, in plain words, and nothing
about any other student (no class means, no ranks, no names but the student's own). A page that
would run over is shrunk to fit rather than spilling onto a second page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Spacer

from app.charts.texts import label, status_label
from app.core.diagnosis import Diagnosis, shown
from app.core.progress import NullProgress, Progress
from app.core.vocabulary import Status, list_separator
from app.export.anonymise import People
from app.export.pdf_charts import behind_muted, mastery_drawing
from app.export.pdf_common import BODY_W, Running, document, para, styles, table
from app.export.pdf_plans import build_per_student, circled
from app.export.rows import item_label
from app.insight.findings import Findings
from app.insight.plans import PracticePlan

MOST_STEPS = 4  # points with questions on the page; the rest are named
MOST_ROWS = 14  # chart rows before the chart keeps to the points to work on


def _names(points: Sequence[str], lang: str, most: int = 3) -> str:
    """“A”、“B”、“C”等 5 项 / 'A', 'B', 'C' and 2 more."""
    shown = list_separator(lang).join(f"“{p}”" if lang == "zh" else f"'{p}'" for p in points[:most])
    if len(points) <= most:
        return shown
    return f"{shown}等 {len(points)} 项" if lang == "zh" else f"{shown} and {len(points) - most} more"


def handbook_page(
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
    """The flowables of one student's page (no page break); with `findings`, a student behind overall is told so
    once and their chart is not a red one (`behind_muted`)."""
    st = styles(lang)
    sid = plan.student_id
    s = diagnosis.student_ids.index(sid)
    sep = list_separator(lang)
    story: list = [para(f"{label('handbook_title', lang)} · {people.heading(sid)}", st.title)]
    meta = [
        f"{label('class', lang)}: {class_name}",
        f"{label('assessments', lang)}: {sep.join(assessments)}",
        f"{label('generated', lang)}: {generated.isoformat()}",
    ]
    story.append(para("  ·  ".join(meta), st.small))
    story.append(para(label("handbook_intro", lang), st.body))

    path = [p.step.knowledge_point for p in plan.steps]
    kps = diagnosis.knowledge_points
    rows = None
    if len(kps) > MOST_ROWS:
        keep = set(path[:MOST_ROWS])
        rows = [k for k in kps if k in keep]
        story.append(para(label("handbook_chart_some", lang, n=len(rows), k=len(kps)), st.h2))
    else:
        story.append(para(label("handbook_chart", lang), st.h2))
    if rows != []:
        story.append(
            mastery_drawing(
                diagnosis,
                s,
                path,
                threshold=plan.threshold,
                lang=lang,
                width=BODY_W,
                points=rows,
                muted=behind_muted(findings, s),
            )
        )

    story.append(para(label("handbook_todo", lang), st.h2))
    if plan.steps and behind_muted(findings, s):
        story.append(para(label("behind_overall_path", lang), st.body))
    if not plan.steps:
        developing = [kps[k] for k in range(len(kps)) if diagnosis.status[s, k] == Status.DEVELOPING]
        text = label("handbook_developing", lang, points=sep.join(developing)) if developing else None
        story.append(para(text or label("handbook_none", lang), st.body))
    for n, ps in enumerate(plan.steps[:MOST_STEPS]):
        step = ps.step
        words = [
            f"{circled(n)} {step.knowledge_point}　" if lang == "zh" else f"{circled(n)} {step.knowledge_point}  ",
            label("handbook_step", lang, m=shown(step.mastery, plan.threshold), status=status_label(step.status, lang)),
        ]
        if step.weak_prerequisites:
            words.append(label("handbook_pre", lang, pre=_names(step.weak_prerequisites, lang)))
        words.append(label("handbook_do", lang, kp=step.knowledge_point))
        if step.unlocks:
            words.append(label("handbook_unlocks", lang, after=_names(step.unlocks, lang)))
        story.append(para(("" if lang == "zh" else " ").join(words), st.body))
        if ps.questions:
            header = [label(k, lang) for k in ("question", "from", "max_score", "your_last_score", "fit")]
            cells = []
            for q in ps.questions:
                ident = item_label(q.question_id, q.assessment) if q.source == "exam" else q.question_id
                origin = q.assessment if q.source == "exam" else label("bank", lang)
                last = "—" if q.last_score is None else f"{q.last_score:g}"
                fit = "fit_ok" if q.in_target else ("fit_hard" if q.predicted_success < plan.target[0] else "fit_easy")
                cells.append(
                    [
                        f"{ident}  {q.text}" if q.text else ident,
                        origin or "",
                        f"{q.max_score:g}",
                        last,
                        label(fit, lang),
                    ]
                )
            story.append(table(header, cells, [BODY_W - 250, 100, 40, 55, 55], st, zebra=False))
        story.append(Spacer(1, 1.5 * mm))
    rest = [p.step.knowledge_point for p in plan.steps[MOST_STEPS:]]
    if rest:
        story.append(para(label("handbook_more", lang, n=len(rest), points=sep.join(rest)), st.body))
    good = [
        kps[k]
        for k in sorted(range(len(kps)), key=lambda k: -float(diagnosis.mastery[s, k]))
        if diagnosis.status[s, k] == Status.MASTERED
    ][:5]
    if good:
        story.append(para(label("handbook_good", lang, points=sep.join(good)), st.body))
    if plan.insufficient:
        story.append(para(label("handbook_unknown", lang, points=sep.join(plan.insufficient)), st.small))
    story.append(Spacer(1, 6 * mm))
    story.append(para(label("handbook_sign", lang), st.body))
    return story


def write_handbook_pdf(
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
    """Write one page per student of `plans` (in `people.order`) to one PDF (judged by the class's `findings`)."""
    progress = progress or NullProgress()
    generated = generated or dt.date.today()
    doc = document(
        out, "handbook_title", class_name=class_name, lang=lang, footer_notes=[label("handbook_footer", lang)]
    )
    frame = doc.pageTemplates[0].frames[0]

    def page(plan: PracticePlan) -> list:
        content = handbook_page(
            plan,
            diagnosis,
            people,
            lang,
            class_name=class_name,
            assessments=assessments,
            generated=generated,
            findings=findings,
        )
        return [Running(people.name(plan.student_id)), KeepInFrame(BODY_W, frame.height - 1, content, mode="shrink")]

    build_per_student(doc, plans, people, page, progress)
