"""分层 groups as a printable A4 PDF: an overview, then one page per group with its members and its sheet."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from reportlab.platypus import PageBreak

from app.charts.texts import label
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.pdf_common import BODY_W, class_document, para, styles, table
from app.export.rows import item_label
from app.insight.groups import Group, SheetQuestion


def write_groups_pdf(
    groups: Sequence[Group],
    sheets: Mapping[str, Sequence[SheetQuestion]],
    people: People,
    out: Path | io.BytesIO,
    *,
    lang: str,
    class_name: str,
    assessments: Sequence[str],
    target: tuple[float, float],
    generated: dt.date | None = None,
) -> None:
    """Write the overview of the groups, then each group's page (members, shared weak points, questions)."""
    st = styles(lang)
    sep = list_separator(lang)
    doc, story = class_document(
        out,
        "groups_title",
        class_name=class_name,
        lang=lang,
        anonymised=people.anonymise,
        assessments=assessments,
        generated=generated,
    )
    story.append(para(label("groups_note", lang, lo=target[0], hi=target[1]), st.small))
    rows = [
        [
            label("group_name", lang, letter=g.letter),
            str(len(g.students)),
            sep.join(people.name(s) for s in people.order(g.students)),
            sep.join(g.weak_points) or "—",
        ]
        for g in groups
    ]
    header = [label(k, lang) for k in ("group", "count", "members", "shared_weak")]
    story.append(table(header, rows, [48, 36, BODY_W - 234, 150], st))
    for g in groups:
        story.append(PageBreak())
        story.append(para(label("group_sheet", lang, letter=g.letter), st.h2))
        names = sep.join(people.name(s) for s in people.order(g.students))
        story.append(para(f"{label('members', lang)}: {names}", st.body))
        story.append(para(f"{label('shared_weak', lang)}: {sep.join(g.weak_points) or '—'}", st.body))
        questions = sheets.get(g.letter, ())
        if not questions:
            story.append(para(label("no_sheet", lang), st.body))
            continue
        header = [label(k, lang) for k in ("question", "from", "knowledge_point", "max_score", "group_predicted")]
        cells = [
            [
                item_label(q.item_id, q.assessment),
                q.assessment,
                q.knowledge_point,
                f"{q.max_score:g}",
                f"{q.predicted_success:.2f}",
            ]
            for q in questions
        ]
        story.append(table(header, cells, [BODY_W - 330, 110, 110, 40, 70], st))
    doc.build(story)
