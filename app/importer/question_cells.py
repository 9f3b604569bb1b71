"""What one cell says about a question: its max score (满分 / 分值) or its answer key (答案), logged when bad."""

from __future__ import annotations

import math

from app.core.choices import kind_of, normalize_answer
from app.core.paper import PaperQuestion, QuestionKind
from app.core.problems import Severity
from app.core.text import split_knowledge_points
from app.importer import messages
from app.importer.problem_log import Location, ProblemLog
from app.importer.values import is_missing_mark, to_number


def parse_max(text: str, where: Location, log: ProblemLog) -> float | None:
    """A max score as written; None when blank, or (logged) when not a number above 0."""
    if is_missing_mark(text):
        return None
    number = to_number(text)
    if math.isnan(number):
        log.add(messages.BAD_MAX, Severity.ERROR, where, messages.bad_max(text))
    elif number <= 0:
        log.add(messages.NON_POSITIVE_MAX, Severity.ERROR, where, messages.non_positive_max(text))
    else:
        return number
    return None


def file_question(
    item_id: str, max_text: str, kp_text: str, key_text: str, max_where: Location, log: ProblemLog
) -> PaperQuestion:
    """What a gradebook's own 满分 / 知识点 / 答案 cells say about a question.

    A 满分 cell holding letters is the answer key (exam systems put the key there for choice questions).
    """
    key = normalize_answer(key_text) if key_text else None
    max_score = None
    if max_text and (letters := normalize_answer(max_text)) is not None:
        key = key or letters
    else:
        max_score = parse_max(max_text, max_where, log)
    kind = kind_of(key) if key else QuestionKind.OTHER
    return PaperQuestion(item_id, max_score, split_knowledge_points(kp_text), kind, key)
