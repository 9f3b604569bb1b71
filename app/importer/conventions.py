"""Marks in score cells that mean something a number does not: `/` (or `／`) for a question not chosen or not
applicable (选做题: missing, not 0, no error), and `—` / `－` in a choice column for an answer left blank (0
points, as the file's 总分 counts it). Each such convention is reported per column with its count, and the
teacher may flip it for a column (`ImportOptions.mark_readings`).

A run of neighbouring questions where every student present answered exactly one and has `/` in the others
is a choose-one group (选做题); the questions not chosen are no evidence for the diagnosis (they stay missing).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from app.core.gradebook import Item, MarkConvention, MarkReading, OptionalGroup
from app.core.paper import QuestionKind

NOT_CHOSEN = frozenset({"/", "／"})  # a question not chosen or not applicable
LEFT_BLANK = frozenset({"—", "－", "–"})  # in a choice column: nothing chosen, 0 points
_KEYS = ["assessment", "item_id"]


def _is_choice(item: Item, letters: bool) -> bool:
    return letters or item.answer_key is not None or item.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def read_marks(
    cells: pd.DataFrame, items: list[Item], letters: pd.Series, readings: Mapping[str, MarkReading]
) -> tuple[list[MarkConvention], pd.Series]:
    """The conventions `cells` (with their text in `score`) use, per question and mark, and where a mark reads
    as 0 points. `letters` is True per cell holding choice letters; `readings` the teacher's flips by label."""
    marks = cells.score.where(cells.score.isin(NOT_CHOSEN | LEFT_BLANK))
    zero = pd.Series(False, index=cells.index)
    if marks.isna().all():
        return [], zero
    choice_items = set(cells.loc[letters, _KEYS].itertuples(index=False, name=None))
    choice = {(i.assessment, i.item_id) for i in items if _is_choice(i, (i.assessment, i.item_id) in choice_items)}
    found = cells[marks.notna()].assign(mark=marks.dropna())
    conventions = []
    for (assessment, item_id, mark), group in found.groupby([*_KEYS, "mark"], sort=False):
        blank = mark in LEFT_BLANK
        if blank and (assessment, item_id) not in choice:
            continue  # a dash in a points column is 缺考 as before: missing
        default = MarkReading.ZERO if blank else MarkReading.MISSING
        reading = readings.get(str(item_id), default)
        conventions.append(MarkConvention(str(assessment), str(item_id), str(mark), len(group), reading, default))
        if reading is MarkReading.ZERO:
            zero[group.index] = True
    return conventions, zero


def optional_groups(cells: pd.DataFrame, items: list[Item], answered: pd.Series) -> list[OptionalGroup]:
    """The choose-one groups: neighbouring questions with `/` where every student with any answer in the exam
    answered exactly one of them and has `/` in the others. `answered` is True per cell with a number or letters."""
    slash = cells.score.isin(NOT_CHOSEN)
    if not slash.any():
        return []
    groups: list[OptionalGroup] = []
    frame = cells[[*_KEYS, "student_id"]].assign(slash=slash, answered=answered)
    for assessment, exam in frame.groupby("assessment", sort=False):
        labels = [i.item_id for i in items if i.assessment == assessment]
        with_slash = set(exam.item_id[exam.slash])
        present = exam.student_id[exam.answered].unique()
        exam = exam[exam.student_id.isin(present)]
        answered_grid = exam.pivot_table(index="student_id", columns="item_id", values="answered", aggfunc="any")
        slash_grid = exam.pivot_table(index="student_id", columns="item_id", values="slash", aggfunc="any")
        for run in _runs(labels, with_slash):
            groups += _groups_in(str(assessment), run, answered_grid, slash_grid)
    return groups


def _runs(labels: list[str], with_slash: set[str]) -> list[list[str]]:
    """Maximal runs of neighbouring questions that hold `/`."""
    runs: list[list[str]] = [[]]
    for label in labels:
        if label in with_slash:
            runs[-1].append(label)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def _groups_in(assessment: str, run: list[str], answered: pd.DataFrame, slash: pd.DataFrame) -> list[OptionalGroup]:
    """The longest windows of `run`, left to right, that are choose-one groups."""
    found: list[OptionalGroup] = []
    start = 0
    while start < len(run) - 1:
        for end in range(len(run), start + 1, -1):
            window = run[start:end]
            done = answered.reindex(columns=window, fill_value=False).fillna(False).to_numpy(dtype=bool)
            marked = slash.reindex(columns=window, fill_value=False).fillna(False).to_numpy(dtype=bool)
            if len(done) and (done.sum(axis=1) == 1).all() and (done | marked).all():
                found.append(OptionalGroup(assessment, tuple(window), tuple(int(n) for n in done.sum(axis=0))))
                start = end
                break
        else:
            start += 1
    return found
