"""Questions: what the files say about each one's max score and knowledge points, and the Items that makes."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import cast

import pandas as pd

from app.core.gradebook import Item
from app.core.problems import Severity
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.files import TextTable
from app.importer.headers import ColumnRole, item_table_role
from app.importer.problem_log import ProblemLog
from app.importer.sheet_rows import ItemSpec, with_first
from app.importer.values import format_number, is_missing, strip, to_numbers

_ITEM_TABLE_ROLES = (ColumnRole.ITEM, ColumnRole.MAX_SCORE, ColumnRole.KNOWLEDGE_POINTS, ColumnRole.ASSESSMENT)


def read_item_table(table: TextTable, header_row: int, log: ProblemLog) -> list[ItemSpec]:
    """The questions of an item sheet or file: 题号, 满分, 知识点 and optionally 考试, one row each."""
    headers = table.row_texts(header_row)
    index: dict[ColumnRole, int] = {}
    for j, header in enumerate(headers):
        role = item_table_role(header) if header else None
        if role in _ITEM_TABLE_ROLES:
            index.setdefault(role, j)
    if ColumnRole.ITEM not in index:
        log.add(messages.NO_ITEM_COLUMN, Severity.ERROR, table.where(header_row))
        return []
    rows = table.cells.iloc[header_row:]

    def text(role: ColumnRole) -> pd.Series:
        return strip(rows[index[role]]) if role in index else pd.Series("", index=rows.index, dtype=str)

    frame = pd.DataFrame(
        {
            "row": rows.index + 1,
            "assessment": text(ColumnRole.ASSESSMENT),
            "item_id": text(ColumnRole.ITEM),
            "max_score": text(ColumnRole.MAX_SCORE),
            "knowledge_points": text(ColumnRole.KNOWLEDGE_POINTS),
        }
    )
    frame = frame[frame.item_id != ""]
    keys = ["assessment", "item_id"]
    repeated = frame.duplicated(keys)
    if repeated.any():
        item_label = headers[index[ColumnRole.ITEM]]
        log.add_rows(
            messages.DUPLICATE_ITEM,
            Severity.ERROR,
            with_first(frame, keys, repeated),
            lambda r: (messages.duplicate_item(r.item_id, r.row_first), table.where(r.row, item_label)),
        )
    label = {role: headers[index.get(role, index[ColumnRole.ITEM])] for role in _ITEM_TABLE_ROLES}
    return [
        ItemSpec(
            str(r.assessment),
            str(r.item_id),
            str(r.max_score),
            str(r.knowledge_points),
            where=table.where(cast(int, r.row), label[ColumnRole.ITEM]),
            max_where=table.where(cast(int, r.row), label[ColumnRole.MAX_SCORE]),
            kp_where=table.where(cast(int, r.row), label[ColumnRole.KNOWLEDGE_POINTS]),
        )
        for r in frame[~repeated].itertuples(index=False)
    ]


def apply_item_table(specs: list[ItemSpec], described: list[ItemSpec], log: ProblemLog) -> list[ItemSpec]:
    """The sheet's questions with the item table's max scores and knowledge points; mismatches reported."""
    by_key = {(d.assessment, d.item_id): d for d in described}
    ours = list(dict.fromkeys(spec.assessment for spec in specs))
    listed = list(dict.fromkeys(d.assessment for d in described if d.assessment))
    if listed and ours and not set(listed) & set(ours):
        text = messages.item_table_other_assessments(listed, ours)
        log.add(messages.ITEM_TABLE_OTHER_ASSESSMENTS, Severity.ERROR, described[0].where.at(), text)
    used: set[tuple[str, str]] = set()
    resolved = []
    for spec in specs:
        key = next((k for k in ((spec.assessment, spec.item_id), ("", spec.item_id)) if k in by_key), None)
        if key is None:
            log.add(messages.NOT_IN_ITEM_TABLE, Severity.ERROR, spec.where, messages.not_in_item_table(spec.item_id))
            resolved.append(replace(spec, described=False))
            continue
        used.add(key)
        found = by_key[key]
        resolved.append(
            replace(
                spec,
                max_score=found.max_score,
                knowledge_points=found.knowledge_points,
                max_where=found.max_where,
                kp_where=found.kp_where,
            )
        )
    for key, d in by_key.items():
        if key not in used and (not d.assessment or d.assessment in ours):
            log.add(messages.UNUSED_ITEM, Severity.WARNING, d.where, messages.unused_item(d.item_id))
    return resolved


def resolve_items(specs: list[ItemSpec], observed: pd.DataFrame, log: ProblemLog) -> list[Item]:
    """Items with checked max scores and knowledge points.

    `observed` is indexed by (assessment, item_id) with `top` (highest score) and `binary` (all scores
    0 or 1): without a max score a question is worth 1 only when it was scored right/wrong.
    """
    max_texts = pd.Series([spec.max_score for spec in specs], dtype=str)
    given, numbers = ~is_missing(max_texts), to_numbers(max_texts)
    kps = [split_knowledge_points(spec.knowledge_points) for spec in specs]
    any_kp = any(kps)
    if specs and not any_kp:
        log.add(messages.NO_KNOWLEDGE_POINTS_AT_ALL, Severity.WARNING, specs[0].where.at())
    items = []
    for spec, is_given, number, kp in zip(specs, given, numbers, kps):
        max_score = math.nan
        if spec.described:
            max_score = _max_score(spec, is_given, number, observed, log)
            if any_kp and not kp:
                log.add(messages.NO_KNOWLEDGE_POINTS, Severity.WARNING, spec.kp_where)
        items.append(Item(spec.assessment, spec.item_id, max_score, kp))
    return items


def _max_score(spec: ItemSpec, given: bool, number: float, observed: pd.DataFrame, log: ProblemLog) -> float:
    if given:
        if math.isnan(number):
            log.add(messages.BAD_MAX, Severity.ERROR, spec.max_where, messages.bad_max(spec.max_score))
        elif number <= 0:
            log.add(
                messages.NON_POSITIVE_MAX, Severity.ERROR, spec.max_where, messages.non_positive_max(spec.max_score)
            )
        else:
            return number
        return math.nan
    key = (spec.assessment, spec.item_id)
    if key not in observed.index or observed.at[key, "binary"]:
        return 1.0
    top = format_number(cast(float, observed.at[key, "top"]))
    log.add(messages.UNKNOWN_MAX, Severity.ERROR, spec.max_where, messages.unknown_max(top))
    return math.nan
