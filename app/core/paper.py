"""A paper (试卷): the question list of an exam, tagged once and reused by every class that took it.

It is what a 双向细目表 says: per question its label, type, full marks, knowledge points, answer
key for choice questions, and optionally the ability level and expected difficulty.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.text import question_key


class QuestionKind(StrEnum):
    """How a question is scored: choice questions from the letters chosen, the rest as written."""

    SINGLE = "single"  # 单选题: all or nothing
    MULTIPLE = "multiple"  # 多选题 / 不定项: full when exact, partial for a correct subset
    OTHER = ""  # points as written (填空, 解答, 判断 given as points …)


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a paper; None (or empty) where the paper does not say."""

    label: str  # as written, e.g. "17(1)"
    max_score: float | None
    knowledge_points: tuple[str, ...] = ()
    kind: QuestionKind = QuestionKind.OTHER
    answer_key: str | None = None  # normalised letters, e.g. "AC"
    ability: str | None = None  # 能力要求 / 认知层次, e.g. 理解
    difficulty: float | None = None  # 预估难度, the expected score rate in (0, 1)


@dataclass(frozen=True)
class Paper:
    """The questions of one exam paper, in order."""

    name: str
    questions: tuple[PaperQuestion, ...]
    subject: str = ""
    source: str = ""  # the 细目表 file it was read from, or "" when tagged in the app

    def question(self, label: str) -> PaperQuestion | None:
        """The question whose label means the same as `label` ("第3题", "3" and "3." are one question)."""
        key = question_key(label)
        return next((q for q in self.questions if question_key(q.label) == key), None)
