"""A gradebook as read from a file: plain data handed from the importer to the store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from app.core.problems import GradebookError, Problem, Severity

if TYPE_CHECKING:
    import pandas as pd

SCORE_COLUMNS = ("student_id", "assessment", "item_id", "score", "answer")
NAME_ID_PREFIX = "名:"  # the number made for a student a file names without one (a 登分表 of names only)


def name_id(name: str) -> str:
    """The number of a student known only by name: made from the name, so the same name gets it every time."""
    return f"{NAME_ID_PREFIX}{name}" if name else ""


def is_name_id(number: str) -> bool:
    """Whether a student number was made from the name (`name_id`) rather than given by the school."""
    return number.startswith(NAME_ID_PREFIX)


class IdentityMismatch(GradebookError):
    """The file names a class's students, but by other numbers (考号 for 学号): import by name, or check the file."""


@dataclass(frozen=True)
class GradebookStudent:
    """A student as the gradebook names them."""

    student_id: str  # 学号, kept as the exact text (leading zeros matter)
    name: str | None  # 姓名
    class_name: str | None = None  # from a 班级 / 行政班 / 教学班 column, when the file has one


@dataclass(frozen=True)
class GradebookAssessment:
    """One exam or homework."""

    name: str
    date: dt.date | None = None


class MarkReading(StrEnum):
    """How a mark in a question's score cells counts."""

    MISSING = "missing"  # not chosen / not applicable: no evidence, not 0
    ZERO = "zero"  # left blank: 0 points (the file's 总分 counts it so)


@dataclass(frozen=True)
class MarkConvention:
    """One mark as one question column uses it: '/' (not chosen) or '—' in a choice column (left blank)."""

    assessment: str
    item_id: str
    mark: str  # as written, e.g. "/" or "—"
    count: int  # cells holding it
    reading: MarkReading  # as read this time
    default: MarkReading  # as read unless the teacher flips it


@dataclass(frozen=True)
class OptionalGroup:
    """Questions of which each present student answered exactly one (选做题), with how many chose each."""

    assessment: str
    item_ids: tuple[str, ...]
    chosen: tuple[int, ...]


@dataclass(frozen=True)
class Item:
    """One question of one assessment, with its Q-matrix row."""

    assessment: str
    item_id: str  # label as written, e.g. "Q3" or "第3题"
    max_score: float  # NaN while unknown (no 满分 anywhere and the scores are not all 0/1)
    knowledge_points: tuple[str, ...]
    kind: str = ""  # a QuestionKind: "single" or "multiple" for choice questions, "" otherwise
    answer_key: str | None = None  # choice questions: the right letters, normalised ("AC")
    max_guessed: bool = False  # max_score is the highest score seen, a guess for the teacher to confirm


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
    `score` is a float in points, NaN where the cell was blank or marked absent (缺考), or where a
    choice question's letters wait for its answer key; `answer` holds the letters chosen
    (normalised, e.g. "AC") for choice questions, else None.
    """

    source: str  # file name as the teacher knows it
    content_hash: str  # sha256 over the gradebook file bytes (and the item file's, if any)
    assessments: list[GradebookAssessment]
    students: list[GradebookStudent]
    items: list[Item]
    scores: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    file_hash: str = ""  # the whole file's hash when this is one class's part of it (`for_class`)
    ids_from_names: bool = False  # the file has no student numbers: its students are matched by name
    conventions: list[MarkConvention] = field(default_factory=list)  # how '/' and '—' marks were read, per column
    optional_groups: list[OptionalGroup] = field(default_factory=list)  # choose-one groups of questions

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

    @property
    def class_names(self) -> list[str]:
        """The classes named by the file's 班级 column, in order of first appearance (empty without one)."""
        return list(dict.fromkeys(s.class_name for s in self.students if s.class_name))

    def for_class(self, class_name: str) -> ParsedGradebook:
        """The part of the gradebook that belongs to one class of its 班级 column (same questions and exams).

        Its content hash is the file's hash combined with the class, so each class's part is one import.
        """
        students = [s for s in self.students if s.class_name == class_name]
        ids = {s.student_id for s in students}
        scores = self.scores[self.scores["student_id"].isin(ids)].reset_index(drop=True)
        digest = hashlib.sha256(f"{self.content_hash}\n{class_name}".encode()).hexdigest()
        return dataclasses.replace(
            self, content_hash=digest, students=students, scores=scores, file_hash=self.file_hash or self.content_hash
        )
