"""A gradebook as read from a file: plain data handed from the importer to the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.problems import Problem, Severity

if TYPE_CHECKING:
    import pandas as pd

SCORE_COLUMNS = ("student_id", "assessment", "item_id", "score")


@dataclass(frozen=True)
class GradebookStudent:
    """A student as the gradebook names them."""

    student_id: str  # 学号, kept as the exact text (leading zeros matter)
    name: str | None  # 姓名


@dataclass(frozen=True)
class GradebookAssessment:
    """One exam or homework."""

    name: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Item:
    """One question of one assessment, with its Q-matrix row."""

    assessment: str
    item_id: str  # label as written, e.g. "Q3" or "第3题"
    max_score: float
    knowledge_points: tuple[str, ...]


@dataclass(frozen=True)
class BankQuestion:
    """A practice question from an imported question bank (not part of any exam)."""

    question_id: str
    text: str
    knowledge_points: tuple[str, ...]
    max_score: float = 1.0
    difficulty: float | None = None  # 难度系数: typical score rate in (0, 1), higher is easier
    source: str | None = None  # e.g. the workbook or textbook page


@dataclass
class ParsedGradebook:
    """Everything read from one gradebook file (and its optional item file).

    `scores` has one row per student × item present in the file, columns `SCORE_COLUMNS`;
    `score` is a float in points, NaN where the cell was blank or marked absent (缺考).
    """

    source: str  # file name as the teacher knows it
    content_hash: str  # sha256 over the gradebook file bytes (and the item file's, if any)
    assessments: list[GradebookAssessment]
    students: list[GradebookStudent]
    items: list[Item]
    scores: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the import."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Problems shown to the teacher that do not stop the import."""
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def knowledge_points(self) -> list[str]:
        """Distinct knowledge points in order of first appearance."""
        return list(dict.fromkeys(kp for item in self.items for kp in item.knowledge_points))
