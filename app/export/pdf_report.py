"""The class report as a printable A4 PDF: weakness chart, knowledge-point table, heat map, item
analysis and the students needing help per knowledge point."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from app.charts.exports import class_weakness_figure, heatmap_figure
from app.charts.texts import label
from app.core.diagnosis import Diagnosis
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.pdf_common import (
    BODY_W,
    PAGE_H,
    class_document,
    figure,
    para,
    styles,
    table,
)
from app.export.rows import ITEM_COLUMNS, ClassReport, item_cells
from app.insight.paths import judged


def _f(x: float, pattern: str = "{:.2f}") -> str:
    return "—" if x != x else pattern.format(x)


def write_report_pdf(
    report: ClassReport,
    diagnosis: Diagnosis,
    people: People,
    out: Path | io.BytesIO,
    *,
    lang: str,
    class_name: str,
    assessments: Sequence[str],
    n_items: int,
    generated: dt.date | None = None,
) -> None:
    """Write the class report."""
    st = styles(lang)
    sep = list_separator(lang)
    threshold = report.threshold
    doc, story = class_document(
        out,
        "report_title",
        class_name=class_name,
        lang=lang,
        anonymised=people.anonymise,
        assessments=assessments,
        generated=generated,
        extra=[f"{label('threshold', lang)}: {threshold:.2f}", f"{label('model', lang)}: {diagnosis.model_version}"],
    )
    if people.anonymise:
        story.append(para(label("anonymised", lang), st.small))

    story.append(para(label("summary", lang), st.h2))
    story.append(
        para(
            label("report_facts", lang, s=len(diagnosis.student_ids), i=n_items, k=len(diagnosis.knowledge_points)),
            st.body,
        )
    )
    worst = sorted((r for r in report.points if r.below), key=lambda r: (-len(r.below), r.mean))[:3]
    if worst:
        items = sep.join(label("weakest_item", lang, kp=r.knowledge_point, n=len(r.below), m=r.mean) for r in worst)
        story.append(para(label("weakest", lang, items=items), st.body))
    else:
        story.append(para(label("no_weak", lang), st.body))

    story.append(para(label("weakness_chart", lang), st.h2))
    pts = report.points
    fig = class_weakness_figure(
        [r.knowledge_point for r in pts],
        [r.mean for r in pts],
        [r.lower for r in pts],
        [r.upper for r in pts],
        [r.share_below for r in pts],
        threshold=threshold,
        mastered_from=diagnosis.thresholds.mastered_from,
        lang=lang,
    )
    story.append(figure(fig, BODY_W, max_height=95 * mm))

    story.append(para(label("kp_table", lang), st.h2))
    header = [
        label(k, lang)
        for k in ("knowledge_point", "mean_interval", "score_rate", "n_below", "n_insufficient", "prerequisites")
    ]
    rows = [
        [
            r.knowledge_point,
            f"{_f(r.mean)} ({_f(r.lower)}–{_f(r.upper)})",
            _f(r.score_rate, "{:.0%}"),
            f"{len(r.below)} / {r.assessed}",
            str(r.insufficient),
            sep.join(r.prerequisites),
        ]
        for r in pts
    ]
    highlight = [n for n, r in enumerate(pts) if r.mean == r.mean and r.mean < threshold]
    story.append(table(header, rows, [92, 100, 50, 58, 50, BODY_W - 350], st, highlight=highlight))

    story.append(PageBreak())
    story.append(para(label("heatmap", lang), st.h2))
    story.append(para(label("heatmap_note", lang), st.small))
    order = people.order(list(diagnosis.student_ids))
    rows_idx = [diagnosis.student_ids.index(sid) for sid in order]
    insufficient = np.array([~judged(diagnosis, s) for s in rows_idx]).reshape(len(rows_idx), -1)
    fig = heatmap_figure(
        np.asarray(diagnosis.mastery, float)[rows_idx],
        insufficient,
        [people.name(sid) for sid in order],
        list(diagnosis.knowledge_points),
        threshold=threshold,
        lang=lang,
    )
    story.append(figure(fig, BODY_W, max_height=PAGE_H - 80 * mm))

    story.append(PageBreak())
    story.append(para(label("items", lang), st.h2))
    story.append(para(label("items_note", lang), st.small))
    choices = any(stat.options for stat in report.items)
    columns = [k for k in ITEM_COLUMNS if choices or k != "options"]
    header = [label(k, lang) for k in columns]
    rows, flagged = [], []
    for n, stat in enumerate(report.items):
        cells = item_cells(stat, lang)
        if cells["flag"]:
            flagged.append(n)
        printed: dict[str, str] = {
            "max_score": f"{stat.max_score:g}",
            "answered": str(stat.answered),
            "score_rate": _f(stat.score_rate, "{:.0%}"),
            "discrimination": _f(stat.discrimination),
        }
        rows.append([printed[k] if k in printed else str(cells[k]) for k in columns])
    widths = [70, 48, 30, 130, 42, 42, 48, BODY_W - 410]
    if choices:
        widths = [62, 40, 28, 100, 36, 36, 42, 56, BODY_W - 400]
    story.append(table(header, rows, widths, st, highlight=flagged))

    story.append(Spacer(1, 4 * mm))
    story.append(para(label("help", lang), st.h2))
    story.append(para(label("help_note", lang), st.small))
    by_point = {r.knowledge_point: r for r in pts}
    rows = []
    for kp in report.help_order:
        r = by_point[kp]
        below = r.below if not people.anonymise else sorted(r.below, key=lambda t: (t[1], people.name(t[0])))
        names = sep.join(f"{people.name(sid)} ({m:.2f})" for sid, m in below) or label("nobody", lang)
        rows.append([kp, str(len(below)), names])
    story.append(
        table([label(k, lang) for k in ("knowledge_point", "count", "students")], rows, [92, 36, BODY_W - 128], st)
    )
    doc.build(story)
