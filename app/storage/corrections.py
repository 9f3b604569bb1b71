"""The stored scores of one exam as a grid (as imported, missing marked), and correcting a mistyped one."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.problems import Refused, Text
from app.storage.errors import NotFound
from app.storage.models import Assessment, Question, Score, ScoreCorrection, Student
from app.storage.papers import assessment_ids


@dataclass(frozen=True)
class ScoreGrid:
    """One exam's scores of a class: students × questions, NaN where missing, the letters chosen, corrections."""

    class_name: str
    assessment: str
    student_ids: tuple[str, ...]
    student_names: tuple[str | None, ...]
    labels: tuple[str, ...]
    max_scores: np.ndarray  # (I,)
    points: np.ndarray  # (S, I) NaN = missing
    answers: np.ndarray  # (S, I) object: letters chosen, or None
    corrected: np.ndarray  # (S, I) bool: changed after the import


@dataclass(frozen=True)
class Correction:
    """One correction made."""

    student_id: str
    label: str
    old_points: float | None
    new_points: float | None
    corrected_at: dt.datetime


def score_grid(session: Session, class_name: str, assessment: str) -> ScoreGrid:
    """The exam's stored scores in the class, as a grid."""
    (assessment_id,) = assessment_ids(session, assessment, class_name)
    questions = session.execute(
        select(Question.id, Question.label, Question.max_score)
        .where(Question.assessment_id == assessment_id)
        .order_by(Question.position)
    ).all()
    column = {qid: i for i, (qid, _, _) in enumerate(questions)}
    cells = session.execute(
        select(Student.id, Student.number, Student.name, Score.question_id, Score.points, Score.answer)
        .join(Score, Score.student_id == Student.id)
        .where(Score.question_id.in_(column))
        .order_by(Student.id)
    ).all()
    rows: dict[int, int] = {}
    people: list[tuple[str, str | None]] = []
    for student_pk, number, name, *_ in cells:
        if student_pk not in rows:
            rows[student_pk] = len(people)
            people.append((number, name))
    points = np.full((len(people), len(questions)), np.nan)
    answers = np.full((len(people), len(questions)), None, dtype=object)
    for student_pk, _, _, question_id, value, answer in cells:
        points[rows[student_pk], column[question_id]] = np.nan if value is None else value
        answers[rows[student_pk], column[question_id]] = answer
    corrected = np.zeros(points.shape, dtype=bool)
    for student_pk, question_id in session.execute(
        select(ScoreCorrection.student_id, ScoreCorrection.question_id).where(ScoreCorrection.question_id.in_(column))
    ):
        if student_pk in rows:
            corrected[rows[student_pk], column[question_id]] = True
    return ScoreGrid(
        class_name,
        assessment,
        tuple(number for number, _ in people),
        tuple(name for _, name in people),
        tuple(label for _, label, _ in questions),
        np.array([m for _, _, m in questions], dtype=float),
        points,
        answers,
        corrected,
    )


def correct_score(
    session: Session, class_name: str, assessment: str, student_id: str, label: str, points: float | None
) -> Correction:
    """Set one stored score (None: missing), record the change, and mark the exam changed (its
    diagnoses out of date). Refused when the value is not a number between 0 and the full marks."""
    (assessment_id,) = assessment_ids(session, assessment, class_name)
    question = session.scalars(
        select(Question).where(Question.assessment_id == assessment_id, Question.label == label)
    ).one_or_none()
    student = session.scalars(
        select(Student)
        .join(Score, Score.student_id == Student.id)
        .where(Student.number == student_id, Score.question_id == (question.id if question else -1))
    ).first()
    if question is None or student is None:
        raise NotFound(
            Text(
                f"“{assessment}”中没有学号 {student_id} 的第 {label} 题。",
                f"'{assessment}' has no question {label} for student {student_id}.",
            )
        )
    if points is not None and not (math.isfinite(points) and 0 <= points <= question.max_score):
        raise Refused(
            Text(
                f"得分应在 0 到满分 {question.max_score:g} 之间（可以留空表示缺考）。",
                f"A score is between 0 and the full marks {question.max_score:g} (or blank for missing).",
            )
        )
    score = session.get_one(Score, (student.id, question.id))
    now = dt.datetime.now()
    record = ScoreCorrection(
        student_id=student.id, question_id=question.id, old_points=score.points, new_points=points, corrected_at=now
    )
    session.add(record)
    score.points = points
    session.get_one(Assessment, assessment_id).changed = now
    session.flush()
    return Correction(student_id, label, record.old_points, points, now)
