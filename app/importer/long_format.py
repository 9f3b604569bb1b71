"""Long sheets: one row per student × question, with per-row max scores and knowledge points."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pandas as pd

from app.core.choices import normalize_answer
from app.core.problems import Severity, Text
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.headers import ColumnRole
from app.importer.layout import ColumnInfo, Layout
from app.importer.limits import MAX_LABEL_CHARS
from app.importer.problem_log import Location, ProblemLog
from app.importer.question_cells import file_question
from app.importer.sheet_rows import (
    SCORE_CELL_COLUMNS,
    STUDENT_COLUMNS,
    ItemSpec,
    SheetRows,
    data_rows,
    people,
    stripped,
    with_first,
)
from app.importer.tables import TextTable
from app.importer.values import format_number, is_missing, per_distinct, to_numbers

_REQUIRED = (
    (ColumnRole.STUDENT_ID, messages.NO_STUDENT_ID_COLUMN),
    (ColumnRole.ITEM, messages.NO_ITEM_COLUMN),
    (ColumnRole.SCORE, messages.NO_SCORE_COLUMN),
)
_ITEM_KEYS = ["assessment", "item_id"]


def read(table: TextTable, layout: Layout, log: ProblemLog) -> SheetRows:
    """A long sheet's rows; logs missing columns, blank question ids, repeated scores and name conflicts."""
    missing = [text for role, text in _REQUIRED if layout.column(role) is None]
    for text in missing:
        log.add(text, Severity.ERROR, table.where(layout.header_row))
    if missing:
        return SheetRows.empty()
    rows = data_rows(table, layout, log)
    column = layout.column
    frame = pd.DataFrame(
        {
            "row": rows.index.to_numpy() + 1,
            "column": layout.required(ColumnRole.SCORE).label,
            **people(rows, table, layout, log),
            "item_id": stripped(rows, column(ColumnRole.ITEM)),
            "score": stripped(rows, column(ColumnRole.SCORE)),
            "max_score": stripped(rows, column(ColumnRole.MAX_SCORE)),
            "knowledge_points": stripped(rows, column(ColumnRole.KNOWLEDGE_POINTS)),
            "answer_key": stripped(rows, column(ColumnRole.ANSWER_KEY)),
        },
        index=rows.index,
    )
    frame["has_scores"] = frame.score != ""
    named = frame.student_id != ""
    item_label = layout.required(ColumnRole.ITEM).label
    log.add_rows(
        messages.BLANK_ITEM_ID,
        Severity.ERROR,
        frame[named & (frame.item_id == "") & frame.has_scores],
        lambda r: (messages.BLANK_ITEM_ID, table.where(r.row, item_label)),
    )
    scored = frame[named & (frame.item_id != "")]
    # One integer per question: grouping by it is much cheaper than by two text columns.
    scored = scored.assign(item=scored.groupby(_ITEM_KEYS, sort=False).ngroup())
    repeated = _repeats(scored, table, log)
    _check_names(frame[named], table, layout, log)
    specs = _item_specs(scored, table, layout, log)
    return SheetRows(frame[list(STUDENT_COLUMNS)], scored[~repeated][list(SCORE_CELL_COLUMNS)], specs)


def _repeats(scored: pd.DataFrame, table: TextTable, log: ProblemLog) -> pd.Series:
    """Rows repeating an earlier row's student and question (logged)."""
    keys = ["student_id", "item"]
    repeated = scored.duplicated(keys)
    if repeated.any():
        log.add_rows(
            messages.DUPLICATE_SCORE,
            Severity.ERROR,
            with_first(scored, keys, repeated),
            lambda r: (
                messages.duplicate_score(r.student_id, r.item_id, r.assessment, r.row_first),
                table.where(r.row, r.column),
            ),
        )
    return repeated


def _check_names(frame: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> None:
    named = frame[frame.student_name != ""]
    differs = named.student_name != named.groupby("student_id").student_name.transform("first")
    if differs.any():
        label = layout.required(ColumnRole.STUDENT_NAME).label
        log.add_rows(
            messages.NAME_CONFLICT,
            Severity.WARNING,
            with_first(named, ["student_id"], differs, "student_name"),
            lambda r: (
                messages.name_conflict(r.student_id, r.student_name, r.student_name_first, r.row_first),
                table.where(r.row, label),
            ),
        )


def _item_specs(scored: pd.DataFrame, table: TextTable, layout: Layout, log: ProblemLog) -> list[ItemSpec]:
    """One spec per question, where it first appears, with the max score, knowledge points and key its rows agree on.

    The layout keeps max-score, knowledge-point and answer columns only when they are the metadata's source.
    """
    item_column = layout.required(ColumnRole.ITEM)
    given: dict[str, tuple[ColumnInfo, dict[tuple[str, str], tuple[str, Location]]]] = {}
    for field, role, canonical, rule, conflict in _META_FIELDS:
        meta_column = layout.column(role)
        if meta_column is not None:
            given[field] = (meta_column, _agreed(scored, field, meta_column, canonical, rule, conflict, table, log))
    specs = []
    for r in scored.drop_duplicates("item").itertuples(index=False):
        assessment, item_id, row = str(r.assessment), str(r.item_id), cast(int, r.row)
        where = table.where(row, item_column.label)
        text, places = {}, {}
        for field in ("max_score", "knowledge_points", "answer_key"):
            meta_column, agreed = given.get(field, (item_column, {}))
            text[field], places[field] = agreed.get((assessment, item_id), ("", table.where(row, meta_column.label)))
        if len(item_id) > MAX_LABEL_CHARS:
            too_long = messages.too_long(messages.QUESTION_LABEL, len(item_id), MAX_LABEL_CHARS)
            log.add(messages.TOO_LONG, Severity.ERROR, where, too_long)
        wheres = (places["max_score"], places["knowledge_points"])
        described = file_question(item_id, text["max_score"], text["knowledge_points"], text["answer_key"], wheres, log)
        specs.append(ItemSpec(assessment, item_id, described, where, places["max_score"], places["knowledge_points"]))
    return specs


def _agreed(
    scored: pd.DataFrame,
    field: str,
    column: ColumnInfo,
    canonical: Callable[[pd.Series], pd.Series],
    rule: Text,
    conflict: Callable[[str, str, str, int], Text],
    table: TextTable,
    log: ProblemLog,
) -> dict[tuple[str, str], tuple[str, Location]]:
    """Per question, the first value given in `field` and where; rows giving another value are logged."""
    given = scored[~is_missing(scored[field])]
    canon = per_distinct(given[field], canonical)
    differs = canon != canon.groupby(given.item).transform("first")
    if differs.any():
        log.add_rows(
            rule,
            Severity.ERROR,
            with_first(given, ["item"], differs, field),
            lambda r: (
                conflict(r.item_id, getattr(r, field), getattr(r, f"{field}_first"), r.row_first),
                table.where(r.row, column.label),
            ),
        )
    firsts = given.drop_duplicates("item")
    return {
        (a, i): (text, table.where(row, column.label))
        for a, i, text, row in zip(firsts.assessment, firsts.item_id, firsts[field], firsts.row)
    }


def _canonical_max(texts: pd.Series) -> pd.Series:
    """4, 4.0 and ４ agree; texts that are not numbers agree only with themselves."""
    numbers = to_numbers(texts)
    return texts.mask(numbers.notna(), numbers.dropna().map(format_number))


def _canonical_kps(texts: pd.Series) -> pd.Series:
    """'a;b' and 'a， b' agree."""
    return texts.map(lambda text: ";".join(split_knowledge_points(text)))


def _canonical_key(texts: pd.Series) -> pd.Series:
    """'AC', 'c a' and 'ＡＣ' agree."""
    return texts.map(lambda text: normalize_answer(text) or text)


_META_FIELDS: tuple[tuple[str, ColumnRole, Callable[[pd.Series], pd.Series], Text, Callable[..., Text]], ...] = (
    ("max_score", ColumnRole.MAX_SCORE, _canonical_max, messages.MAX_CONFLICT, messages.max_conflict),
    ("knowledge_points", ColumnRole.KNOWLEDGE_POINTS, _canonical_kps, messages.KP_CONFLICT, messages.kp_conflict),
    ("answer_key", ColumnRole.ANSWER_KEY, _canonical_key, messages.KEY_CONFLICT, messages.key_conflict),
)
