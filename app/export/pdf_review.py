"""The 讲评 list as a printable A4 PDF: per question, why it comes first, the wrong options and who chose them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.charts.texts import label
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.pdf_common import class_document, para, styles
from app.export.review import options_text, who_text
from app.export.rows import item_label
from app.insight.review import ReviewItem


def write_review_pdf(
    items: Sequence[ReviewItem],
    people: People,
    out: Path | io.BytesIO,
    *,
    lang: str,
    class_name: str,
    assessments: Sequence[str],
    generated: dt.date | None = None,
) -> None:
    """Write the list, one block per question in the order to go over them."""
    st = styles(lang)
    sep = list_separator(lang)
    doc, story = class_document(
        out,
        "review_title",
        class_name=class_name,
        lang=lang,
        anonymised=people.anonymise,
        assessments=assessments,
        generated=generated,
    )
    story.append(para(label("review_note", lang), st.small))
    for n, item in enumerate(items):
        disc = "—" if item.discrimination != item.discrimination else f"{item.discrimination:.2f}"
        facts = [
            f"{label('knowledge_point', lang)}: {sep.join(item.knowledge_points) or '—'}",
            f"{label('score_rate', lang)} {item.score_rate:.0%}",
            f"{label('discrimination', lang)} {disc}",
            f"{label('weak_share', lang)} {item.weak_share:.0%}",
            f"{label('priority', lang)} {item.priority:.2f}",
        ]
        block: list[Flowable] = [
            para(f"{n + 1}. {item_label(item.item_id, item.assessment)}  ({item.assessment})", st.h3),
            para("  ·  ".join(facts), st.body),
        ]
        if item.answer_key:
            key = f"{label('answer_key', lang)}: {item.answer_key}"
            counts = options_text(item, lang)
            block.append(para(f"{key}  ·  {label('wrong_options', lang)}: {counts or '—'}", st.body))
        who = who_text(item, people, lang)
        if who:
            block.append(para(who, st.body))
        block.append(Spacer(1, 2 * mm))
        story.append(KeepTogether(block))
    doc.build(story)
