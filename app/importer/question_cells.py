"""What one cell says about a question: its max score (满分 / 分值) or its answer key (答案), logged when bad."""

from __future__ import annotations

import math

from app.core.choices import kind_of, normalize_answer
from app.core.paper import PaperQuestion, QuestionKind
from app.core.problems import Severity
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.limits import MAX_LABEL_CHARS, MAX_POINTS
from app.importer.problem_log import Location, ProblemLog
from app.importer.values import is_missing_mark, is_non_finite, to_number


def parse_max(text: str, where: Location, log: ProblemLog) -> float | None:
    """A max score as written; None when blank, or (logged) when not a number above 0."""
    if is_missing_mark(text):
        return None
    number = to_number(text)
    if math.isnan(number):
        bad = messages.non_finite(messages.MAX_SCORE, text) if is_non_finite(text) else messages.bad_max(text)
        log.add(messages.BAD_MAX, Severity.ERROR, where, bad)
    elif number <= 0:
        log.add(messages.NON_POSITIVE_MAX, Severity.ERROR, where, messages.non_positive_max(text))
    elif number > MAX_POINTS:
        log.add(messages.IMPLAUSIBLE_MAX, Severity.ERROR, where, messages.implausible_max(text))
    else:
        return number
    return None


def file_question(
    item_id: str, max_text: str, kp_text: str, key_text: str, wheres: tuple[Location, Location], log: ProblemLog
) -> PaperQuestion:
    """What a gradebook's own 满分 / 知识点 / 答案 cells say about a question; `wheres` locate the 满分 and 知识点.

    A 满分 cell holding letters is the answer key (exam systems put the key there for choice questions).
    """
    max_where, kp_where = wheres
    key = normalize_answer(key_text) if key_text else None
    max_score = None
    if max_text and (letters := normalize_answer(max_text)) is not None:
        key = key or letters
    else:
        max_score = parse_max(max_text, max_where, log)
    kind = kind_of(key) if key else QuestionKind.OTHER
    return PaperQuestion(item_id, max_score, knowledge_points(kp_text, kp_where, log), kind, key)


def knowledge_points(text: str, where: Location, log: ProblemLog) -> tuple[str, ...]:
    """The knowledge points of a cell; one longer than a label may be is logged."""
    points = split_knowledge_points(text)
    for point in points:
        if len(point) > MAX_LABEL_CHARS:
            too_long = messages.too_long(messages.KNOWLEDGE_POINT, len(point), MAX_LABEL_CHARS)
            log.add(messages.TOO_LONG, Severity.ERROR, where, too_long)
    return points
