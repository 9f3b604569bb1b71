"""Choice questions: the letters a student chose, normalised, and the points they earn against the key.

Exam systems export choices as `A`, `AC`, full-width `ＡＣ`, `A、C`, `a c` or in any order; all of
them read as the same set of letters. A single choice scores all or nothing. A multiple choice
scores full marks when exact, a share of them (`partial`, default half) for a correct subset
with no wrong letter, and 0 with any wrong letter.
"""

from __future__ import annotations

import re
import unicodedata

from app.core.paper import QuestionKind

LETTERS = "ABCDEFGH"
_SEPARATORS = re.compile(r"[\s、,，;；/|+]+")
_ANSWER = re.compile(f"[{LETTERS}]+")
DEFAULT_PARTIAL = 0.5


def normalize_answer(text: str) -> str | None:
    """The letters of a choice cell, upper case, each once, in order ("ca" → "AC"); None if it is not one."""
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if not compact or not _ANSWER.fullmatch(compact):
        return None
    return "".join(sorted(set(compact)))


def kind_of(key: str, kind: QuestionKind | str = QuestionKind.OTHER) -> QuestionKind:
    """The question's kind: as given, else single for a one-letter key and multiple for a longer one."""
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return QuestionKind(kind)
    return QuestionKind.SINGLE if len(key) == 1 else QuestionKind.MULTIPLE


def choice_points(
    answer: str | None,
    key: str,
    max_score: float,
    kind: QuestionKind | str = QuestionKind.OTHER,
    partial: float = DEFAULT_PARTIAL,
) -> float | None:
    """Points for the letters `answer` against `key`; None when nothing was chosen (missing, not zero)."""
    if not answer:
        return None
    if answer == key:
        return max_score
    chosen, right = set(answer), set(key)
    if kind_of(key, kind) is QuestionKind.MULTIPLE and chosen < right:
        return max_score * partial
    return 0.0
