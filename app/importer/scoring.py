"""Score cells as points: numbers as written, choice letters against their key, the rest missing or logged."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from app.core.choices import choice_points, normalize_answer
from app.core.gradebook import Item
from app.core.problems import Severity, Text
from app.importer import messages
from app.importer.limits import MAX_POINTS
from app.importer.problem_log import Location, ProblemLog
from app.importer.values import is_missing, is_non_finite, per_distinct, to_numbers

_ITEM_KEYS = ["assessment", "item_id"]


@dataclass(frozen=True)
class CellValues:
    """What each score cell holds: a number (NaN if not), or the choice letters chosen (None if not)."""

    numbers: pd.Series
    answers: pd.Series


def cell_values(cells: pd.DataFrame, log: ProblemLog, where: Callable[[Any], Location]) -> CellValues:
    """The score cells read; cells that are neither a number, a missing mark nor letters are logged, as are
    negative scores. `where(row)` locates a row of `cells`."""
    texts = cells.score
    numbers = to_numbers(texts)
    other = numbers.isna() & ~is_missing(texts)
    letters = np.full(len(texts), None, dtype=object)  # None, not NaN, where a cell holds no letters
    if other.any():
        letters[other.to_numpy()] = per_distinct(texts[other], lambda distinct: distinct.map(normalize_answer))
    answers = pd.Series(letters, index=texts.index, dtype=object)
    log.add_rows(
        messages.NON_NUMERIC_SCORE,
        Severity.ERROR,
        cells[other & answers.isna()],
        lambda r: (
            messages.non_finite(messages.SCORE, r.score)
            if is_non_finite(r.score)
            else messages.non_numeric_score(r.score),
            where(r),
        ),
    )
    log.add_rows(
        messages.NEGATIVE_SCORE,
        Severity.ERROR,
        cells[numbers < 0],
        lambda r: (messages.negative_score(r.score), where(r)),
    )
    log.add_rows(
        messages.IMPLAUSIBLE_SCORE,
        Severity.ERROR,
        cells[numbers > MAX_POINTS],
        lambda r: (messages.implausible_score(r.score), where(r)),
    )
    return CellValues(numbers, answers)


def observed(cells: pd.DataFrame, values: CellValues) -> pd.DataFrame:
    """Per (assessment, item_id), what its cells show: the columns of `items.Seen`, in its order."""
    numbers = values.numbers
    chosen = values.answers.notna()
    frame = cells[_ITEM_KEYS].assign(top=numbers, binary=numbers.isna() | numbers.isin([0.0, 1.0]), letters=chosen)
    aggregations = {"top": ("top", "max"), "binary": ("binary", "all")}
    if chosen.any():  # most files hold no letters: one aggregation less on a large long sheet
        aggregations["letters"] = ("letters", "any")
    seen = frame.groupby(_ITEM_KEYS, sort=False).agg(**aggregations)
    return seen.assign(scored=seen.top.notna(), letters=seen.get("letters", False))[
        ["top", "binary", "scored", "letters"]
    ]


def points(cells: pd.DataFrame, values: CellValues, items: list[Item], partial: float) -> pd.Series:
    """Each cell's points: its number, or its letters scored against the question's key (NaN without one)."""
    result = values.numbers.copy()
    chosen = values.answers.notna()
    if not chosen.any():
        return result
    rules = {(i.assessment, i.item_id): i for i in items}
    picked = cells.loc[chosen, _ITEM_KEYS].assign(answer=values.answers[chosen])
    result[chosen] = [
        _points(rules.get((a, q)), answer, partial)
        for a, q, answer in zip(picked.assessment, picked.item_id, picked.answer)
    ]
    return result


def _points(item: Item | None, answer: str, partial: float) -> float:
    if item is None or item.answer_key is None or not item.max_score > 0:
        return math.nan
    earned = choice_points(answer, item.answer_key, item.max_score, item.kind, partial)
    return math.nan if earned is None else earned


def check_max(
    cells: pd.DataFrame,
    numbers: pd.Series,
    items: list[Item],
    log: ProblemLog,
    describe: Callable[[Any], tuple[Text, Location]],
) -> None:
    """Log numbers above their question's max score; `describe(row)` words and locates a row of `cells`
    (with `value` and `limit` added)."""
    limits = pd.DataFrame(
        [(item.assessment, item.item_id, item.max_score) for item in items], columns=[*_ITEM_KEYS, "limit"]
    )
    limit = cells[_ITEM_KEYS].merge(limits, on=_ITEM_KEYS, how="left")["limit"].to_numpy()
    above = np.asarray(numbers.to_numpy() > limit)
    log.add_rows(
        messages.ABOVE_MAX,
        Severity.ERROR,
        cells[above].assign(value=numbers.to_numpy()[above], limit=limit[above]),
        describe,
    )
