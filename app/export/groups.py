"""分层 groups as table rows: who is in which group, and each group's practice sheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.charts.texts import label
from app.core.vocabulary import list_separator
from app.export.anonymise import People
from app.export.rows import item_label
from app.export.tables import Table
from app.insight.groups import Group, SheetQuestion


def groups_tables(
    groups: Sequence[Group], sheets: Mapping[str, Sequence[SheetQuestion]], people: People, lang: str
) -> list[Table]:
    """Two sheets: the members of each group (one row per student), and the questions of each group's sheet."""
    sep = list_separator(lang)
    members = Table(
        label("sheet_groups", lang),
        tuple(label(k, lang) for k in ("group", "student", "student_number", "shared_weak")),
        [
            (label("group_name", lang, letter=g.letter), people.name(sid), people.number(sid), sep.join(g.weak_points))
            for g in groups
            for sid in people.order(g.students)
        ],
    )
    questions = Table(
        label("sheet_group_questions", lang),
        tuple(
            label(k, lang)
            for k in ("group", "assessment", "question_id", "knowledge_point", "max_score", "group_predicted")
        ),
        [
            (
                label("group_name", lang, letter=g.letter),
                q.assessment,
                item_label(q.item_id, q.assessment),
                q.knowledge_point,
                q.max_score,
                round(q.predicted_success, 4),
            )
            for g in groups
            for q in sheets.get(g.letter, ())
        ],
    )
    return [members, questions]
