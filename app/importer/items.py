"""Questions: what the gradebook and its paper say about each one, and the Items that makes.

A paper (an item sheet or file, or a stored paper) wins over the gradebook's own 满分 / 知识点 / 答案
wherever it says something. What nobody says is guessed and the teacher is told: a question without
a max score counts its highest score (1 for right/wrong and choice questions), and a choice
question without a key keeps its letters unscored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from app.core.choices import kind_of
from app.core.gradebook import Item
from app.core.paper import PaperQuestion, QuestionKind
from app.core.problems import Severity
from app.importer import messages
from app.importer.paper_rows import PaperRows
from app.importer.problem_log import ProblemLog
from app.importer.question_labels import label_key
from app.importer.sheet_rows import ItemSpec
from app.importer.values import format_number


def _merge(own: PaperQuestion, paper: PaperQuestion) -> PaperQuestion:
    """The question as the gradebook says it, with everything the paper says instead."""
    keyed = paper.answer_key is not None
    return replace(
        own,
        max_score=paper.max_score if paper.max_score is not None else own.max_score,
        knowledge_points=paper.knowledge_points or own.knowledge_points,
        kind=paper.kind if keyed or paper.kind is not QuestionKind.OTHER else own.kind,
        answer_key=paper.answer_key if keyed else own.answer_key,
        ability=paper.ability or own.ability,
        difficulty=paper.difficulty if paper.difficulty is not None else own.difficulty,
    )


def apply_paper_rows(specs: list[ItemSpec], paper: PaperRows, log: ProblemLog) -> list[ItemSpec]:
    """The questions with what the paper says merged in; questions it lacks and questions only it has are logged."""
    ours = list(dict.fromkeys(spec.assessment for spec in specs))
    if paper.exams and ours and not set(paper.exams) & set(ours):
        text = messages.paper_other_assessments(list(paper.exams), ours)
        log.add(messages.PAPER_OTHER_ASSESSMENTS, Severity.ERROR, paper.where, text)
        return specs
    index = {label_key(q.label): i for i, q in enumerate(paper.paper.questions)}
    used: set[int] = set()
    merged = []
    for spec in specs:
        i = index.get(label_key(spec.item_id))
        if paper.exams and spec.assessment not in paper.exams:
            merged.append(spec)
        elif i is None:
            log.add(messages.NOT_IN_PAPER, Severity.WARNING, spec.where, messages.not_in_paper(spec.item_id))
            merged.append(spec)
        else:
            used.add(i)
            q = paper.paper.questions[i]
            merged.append(
                replace(
                    spec,
                    question=_merge(spec.question, q),
                    max_where=paper.at(i, "max") if q.max_score is not None else spec.max_where,
                    kp_where=paper.at(i, "kp") if q.knowledge_points else spec.kp_where,
                )
            )
    for i, q in enumerate(paper.paper.questions):
        if i not in used:
            log.add(messages.UNUSED_ITEM, Severity.WARNING, paper.rows[i], messages.unused_item(q.label))
    return merged


@dataclass(frozen=True)
class Seen:
    """What the scores of one question show: the highest number, whether numbers are all 0/1, letters chosen."""

    top: float = math.nan
    binary: bool = True
    scored: bool = False  # some cell is a number
    letters: bool = False  # some cell holds choice letters


def resolve_items(specs: Iterable[ItemSpec], observed: pd.DataFrame, log: ProblemLog) -> list[Item]:
    """Items with max scores, knowledge points and keys settled, guesses and gaps logged.

    `observed` is indexed by (assessment, item_id) with the columns of `Seen`.
    """
    specs = list(specs)
    seen = {key: Seen(*values) for key, values in zip(observed.index, observed.itertuples(index=False))}
    any_kp = any(spec.question.knowledge_points for spec in specs)
    if specs and not any_kp:
        log.add(messages.NO_KNOWLEDGE_POINTS_AT_ALL, Severity.WARNING, specs[0].where.at())
    items = []
    for spec in specs:
        q = spec.question
        shown = seen.get((spec.assessment, spec.item_id), Seen())
        max_score, guessed = _max_score(spec, shown, log)
        if shown.letters and q.answer_key is None:
            log.add(messages.LETTERS_KEPT, Severity.WARNING, spec.where, messages.letters_kept(spec.item_id))
        if any_kp and not q.knowledge_points:
            log.add(messages.NO_KNOWLEDGE_POINTS, Severity.WARNING, spec.kp_where)
        kind = kind_of(q.answer_key, q.kind) if q.answer_key else q.kind  # a key makes it a choice question
        items.append(Item(spec.assessment, spec.item_id, max_score, q.knowledge_points, kind, q.answer_key, guessed))
    return items


def _max_score(spec: ItemSpec, seen: Seen, log: ProblemLog) -> tuple[float, bool]:
    """The max score and whether it is a guess: as given, else 1 for right/wrong questions, else the highest
    score seen, else 1 for a choice question; unknown (an error) for a question without any score."""
    given = spec.question.max_score
    if given is not None:
        return given, False
    if seen.scored and seen.binary:
        return 1.0, False
    if seen.scored:
        log.add(messages.GUESSED_MAX, Severity.WARNING, spec.max_where, messages.guessed_max(format_number(seen.top)))
        return seen.top, True
    if seen.letters or spec.question.answer_key is not None:
        if spec.question.answer_key is not None:  # without a key the letters-kept warning says enough
            log.add(messages.CHOICE_MAX_GUESSED, Severity.WARNING, spec.max_where, messages.choice_max_guessed())
        return 1.0, True
    log.add(messages.UNKNOWN_MAX, Severity.ERROR, spec.max_where, messages.unknown_max())
    return math.nan, False
