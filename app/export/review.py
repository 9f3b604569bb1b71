"""The 讲评 list as table rows and texts: which questions to go over first, and who chose what."""

from __future__ import annotations

from collections.abc import Sequence

from app.charts.texts import label
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.rows import item_label
from app.export.tables import Cell, Table
from app.insight.review import ReviewItem


def options_text(item: ReviewItem, lang: str) -> str:
    """ "A 2 人；C 1 人" — the wrong answers and how many chose each."""
    sep = "；" if lang == "zh" else "; "
    return sep.join(label("option_count", lang, answer=w.answer, n=len(w.students)) for w in item.wrong_options)


def who_text(item: ReviewItem, people: People, lang: str) -> str:
    """Who chose each wrong option (choice questions) or who lost marks (others), by name."""
    sep, names_sep = ("；", "、") if lang == "zh" else ("; ", ", ")
    if item.wrong_options:
        return sep.join(
            label(
                "chose",
                lang,
                answer=w.answer,
                n=len(w.students),
                names=names_sep.join(people.name(s) for s in people.order(w.students)),
            )
            for w in item.wrong_options
        )
    if item.lost_marks:
        names = names_sep.join(people.name(s) for s in people.order(item.lost_marks))
        return label("lost_marks", lang, n=len(item.lost_marks), names=names)
    return ""


def review_table(items: Sequence[ReviewItem], people: People, lang: str) -> Table:
    """One row per question of the list, in the order to go over them."""
    header = tuple(
        label(k, lang)
        for k in (
            "order",
            "assessment",
            "question_id",
            "knowledge_point",
            "score_rate",
            "discrimination",
            "weak_share",
            "priority",
            "answer_key",
            "wrong_options",
            "who",
        )
    )
    sep = list_separator(lang)
    rows: list[tuple[Cell, ...]] = [
        (
            n + 1,
            item.assessment,
            item_label(item.item_id, item.assessment),
            sep.join(item.knowledge_points),
            round(item.score_rate, 4),
            None if item.discrimination != item.discrimination else round(item.discrimination, 4),
            round(item.weak_share, 4),
            round(item.priority, 4),
            item.answer_key or "",
            options_text(item, lang),
            who_text(item, people, lang),
        )
        for n, item in enumerate(items)
    ]
    return Table(label("sheet_review", lang), header, rows)
