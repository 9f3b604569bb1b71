"""Reading the store: totals, classes, and a class's scores as a ScoreMatrix for the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Row, Select, func, select, true
from sqlalchemy.orm import Session

from app.core.problems import Text
from app.core.score_matrix import ScoreMatrix
from app.storage.errors import NotFound
from app.storage.membership import in_class_on
from app.storage.models import (
    Assessment,
    ImportBatch,
    KnowledgePoint,
    Question,
    QuestionKnowledgePoint,
    SchoolClass,
    Score,
    Student,
)
from app.storage.records import ClassRecord, StoreSummary


def count_rows(session: Session, query: Select[Any]) -> int:
    """Number of rows `query` selects."""
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def store_summary(session: Session) -> StoreSummary:
    """Totals over the whole store."""
    return StoreSummary(
        students=count_rows(session, select(Student.id).where(Student.merged_into.is_(None))),
        items=count_rows(session, select(Question.id)),
        scores=count_rows(session, select(Score.points).where(Score.points.is_not(None))),
        assessments=count_rows(session, select(Assessment.id)),
        knowledge_points=count_rows(session, select(KnowledgePoint.id)),
        classes=count_rows(session, select(SchoolClass.id)),
    )


def exams_in_date_order(session: Session, class_id: int | None = None) -> list[Assessment]:
    """The assessments (of one class, or all) in date order: by their date, an undated one by the day it was
    imported; exams of one day in import order."""
    query = select(Assessment, ImportBatch.imported_at).join(ImportBatch, ImportBatch.id == Assessment.batch_id)
    if class_id is not None:
        query = query.where(Assessment.class_id == class_id)
    rows = session.execute(query).all()
    return [exam for exam, _ in sorted(rows, key=lambda row: (row[0].date or row[1].date(), row[0].id))]


def list_classes(session: Session, class_id: int | None = None) -> list[ClassRecord]:
    """Every class by name (or the one of id `class_id`), with its counts, its assessments in date order and when
    it last changed."""

    def mine(column: Any) -> ColumnElement[bool]:
        return true() if class_id is None else column == class_id

    students = dict(
        session.execute(
            select(Student.class_id, func.count())
            .where(mine(Student.class_id), Student.merged_into.is_(None))
            .group_by(Student.class_id)
        ).all()
    )
    assessments: dict[int, list[Assessment]] = {}
    for exam in exams_in_date_order(session, class_id):
        assessments.setdefault(exam.class_id, []).append(exam)
    changed = _last_changes(session, [e for found in assessments.values() for e in found], mine(ImportBatch.class_id))
    items = dict(
        session.execute(
            select(Assessment.class_id, func.count())
            .join(Question)
            .where(mine(Assessment.class_id))
            .group_by(Assessment.class_id)
        ).all()
    )
    scores = dict(
        session.execute(
            select(Student.class_id, func.count())
            .join(Score, Score.student_id == Student.id)
            .where(mine(Student.class_id), Score.points.is_not(None))
            .group_by(Student.class_id)
        ).all()
    )
    return [
        ClassRecord(
            name=c.name,
            subject=c.subject,
            created=c.created,
            students=students.get(c.id, 0),
            assessments=tuple(a.name for a in assessments.get(c.id, ())),
            assessment_dates=tuple(a.date for a in assessments.get(c.id, ())),
            last_change=changed.get(c.id),
            items=items.get(c.id, 0),
            scores=scores.get(c.id, 0),
        )
        for c in session.scalars(select(SchoolClass).where(mine(SchoolClass.id)).order_by(SchoolClass.name))
    ]


def class_exams(session: Session) -> dict[str, set[str]]:
    """The names of each class's assessments, by class name (no counts: cheap on a large store)."""
    out: dict[str, set[str]] = {}
    for class_name, exam in session.execute(select(SchoolClass.name, Assessment.name).join(Assessment)).all():
        out.setdefault(class_name, set()).add(exam)
    return out


def _last_changes(
    session: Session, exams: Sequence[Assessment], batches: ColumnElement[bool]
) -> dict[int, dt.datetime]:
    """When each class last changed (by class id): the newest of its exams' changes (tags, dates, corrected scores)
    and of its imports (the import batches `batches` picks)."""
    changed: dict[int, dt.datetime] = {}
    for exam in exams:
        if exam.changed is not None:
            changed[exam.class_id] = max(exam.changed, changed.get(exam.class_id, exam.changed))
    for batch_class, when in session.execute(
        select(ImportBatch.class_id, func.max(ImportBatch.imported_at)).where(batches).group_by(ImportBatch.class_id)
    ).all():
        changed[batch_class] = max(when, changed.get(batch_class, when))
    return changed


def class_version(session: Session, class_name: str) -> dt.datetime | None:
    """When the class last changed (`ClassRecord.last_change`) without its counts: what a save checks against the
    version its scores were read at."""
    class_id = find_class(session, class_name).id
    return _last_changes(session, exams_in_date_order(session, class_id), ImportBatch.class_id == class_id).get(
        class_id
    )


def get_class(session: Session, class_name: str) -> ClassRecord:
    """The class named `class_name` as a record; NotFound if the store has none."""
    (record,) = list_classes(session, find_class(session, class_name).id)
    return record


def find_class(session: Session, class_name: str) -> SchoolClass:
    """The class named `class_name`; NotFound if the store has none."""
    found = session.scalars(select(SchoolClass).filter_by(name=class_name)).one_or_none()
    if found is None:
        raise NotFound(Text(f"没有名为“{class_name}”的班级。", f"There is no class named '{class_name}'."))
    return found


def select_assessments(session: Session, school_class: SchoolClass, names: Sequence[str] | None) -> list[Assessment]:
    """The class's assessments named `names` in that order, or all of them in date order."""
    return pick_assessments(school_class.name, exams_in_date_order(session, school_class.id), names)


def pick_assessments(class_name: str, exams: Sequence[Assessment], names: Sequence[str] | None) -> list[Assessment]:
    """Of the class's `exams` (in date order) those named `names` in that order, or all; NotFound for a name it
    lacks."""
    if names is None:
        return list(exams)
    by_name = {a.name: a for a in exams}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise NotFound(
            Text(
                f"班级“{class_name}”中没有考试“{unknown[0]}”。",
                f"Class '{class_name}' has no assessment '{unknown[0]}'.",
            )
        )
    return [by_name[n] for n in dict.fromkeys(names)]


def item_id(assessment: str, label: str, qualified: bool) -> str:
    """The item id a matrix shows: "<assessment>/<label>" when it spans several assessments."""
    return f"{assessment}/{label}" if qualified else label


def matrix_questions(
    session: Session, assessments: Sequence[Assessment], questions: Sequence[Question] | None = None
) -> list[tuple[Question, str]]:
    """The questions of `assessments` in matrix order, each with its item id (`questions`: the store's questions of
    them and maybe others, when already read)."""
    order = {a.id: i for i, a in enumerate(assessments)}
    names = {a.id: a.name for a in assessments}
    if questions is None:
        questions = session.scalars(select(Question).where(Question.assessment_id.in_(order))).all()
    chosen = sorted(
        (q for q in questions if q.assessment_id in order), key=lambda q: (order[q.assessment_id], q.position)
    )
    qualified = len(assessments) > 1
    return [(q, item_id(names[q.assessment_id], q.label, qualified)) for q in chosen]


def load_score_matrix(session: Session, class_name: str, assessments: Sequence[str] | None = None) -> ScoreMatrix:
    """The class's scores on `assessments` (all when None), students × items, with the Q-matrix.

    Students are those with a score cell (observed or missing) on the chosen assessments who are in the class
    on the latest of their dates (not 转出 before it), in the order they were first imported.
    """
    school_class = find_class(session, class_name)
    chosen = select_assessments(session, school_class, assessments)
    items = matrix_questions(session, chosen)
    questions = [q for q, _ in items]
    knowledge_points, q_matrix = _q_matrix(session, questions)
    students, points = _points(session, questions, _as_of(session, school_class.id, chosen))
    assessment_index = {a.id: i for i, a in enumerate(chosen)}
    return ScoreMatrix(
        student_ids=tuple(number for _, number, _ in students),
        student_names=tuple(name for _, _, name in students),
        item_ids=tuple(name for _, name in items),
        knowledge_points=knowledge_points,
        assessments=tuple(a.name for a in chosen),
        item_assessment=np.array([assessment_index[q.assessment_id] for q in questions], dtype=int),
        points=points,
        max_scores=np.array([q.max_score for q in questions], dtype=float),
        q_matrix=q_matrix,
        answer_keys=tuple(q.answer_key for q in questions),
        answers=_answers(session, questions, [pk for pk, _, _ in students]),
    )


def _answers(session: Session, questions: Sequence[Question], student_pks: Sequence[int]) -> np.ndarray | None:
    """(S, I) the letters chosen on the choice questions, None elsewhere; None when no question is a choice."""
    choice = {q.id: i for i, q in enumerate(questions) if q.kind}
    if not choice:
        return None
    row = {pk: s for s, pk in enumerate(student_pks)}
    out = np.full((len(student_pks), len(questions)), None, dtype=object)
    for student_pk, question_id, answer in session.execute(
        select(Score.student_id, Score.question_id, Score.answer).where(
            Score.question_id.in_(choice), Score.answer.is_not(None)
        )
    ):
        if student_pk in row:
            out[row[student_pk], choice[question_id]] = answer
    return out


def _q_matrix(session: Session, questions: Sequence[Question]) -> tuple[tuple[str, ...], np.ndarray]:
    """The knowledge points the questions test, in order of first appearance, and the (I, K) Q-matrix."""
    column = {q.id: i for i, q in enumerate(questions)}
    tags = session.execute(
        select(QuestionKnowledgePoint.question_id, KnowledgePoint.name)
        .join(KnowledgePoint)
        .where(QuestionKnowledgePoint.question_id.in_(column))
        .order_by(QuestionKnowledgePoint.position)
    ).all()
    tags = sorted(tags, key=lambda tag: column[tag[0]])  # stable: keeps tag order within a question
    knowledge_points = tuple(dict.fromkeys(name for _, name in tags))
    kp_index = {name: k for k, name in enumerate(knowledge_points)}
    q_matrix = np.zeros((len(questions), len(knowledge_points)), dtype=bool)
    for question_id, name in tags:
        q_matrix[column[question_id], kp_index[name]] = True
    return knowledge_points, q_matrix


def _as_of(session: Session, class_id: int, chosen: Sequence[Assessment]) -> dt.date | None:
    """The date a matrix of `chosen` speaks for: the latest of their dates (in date order, its last)."""
    if not chosen:
        return None
    order = [exam.id for exam in exams_in_date_order(session, class_id)]
    last = max(chosen, key=lambda exam: order.index(exam.id))
    imported = session.scalar(select(ImportBatch.imported_at).where(ImportBatch.id == last.batch_id))
    return last.date or (imported.date() if imported else None)


def _points(
    session: Session, questions: Sequence[Question], as_of: dt.date | None
) -> tuple[Sequence[Row[int, str, str | None]], np.ndarray]:
    """The students scored on `questions` who are in the class on `as_of`, as (id, 学号, 姓名) rows, and their
    (S, I) points, NaN = missing."""
    question_ids = [q.id for q in questions]
    result = session.connection().execute(
        select(Score.student_id, Score.question_id, Score.points).where(Score.question_id.in_(question_ids))
    )
    # the driver's plain tuples in one fetchall: Row objects fetched one by one cost ~1 s per 200k scores
    cells = np.array(result.cursor.fetchall(), dtype=float).reshape(-1, 3)  # None (missing) becomes NaN
    result.close()
    students = session.execute(
        select(Student.id, Student.number, Student.name)
        .where(Student.id.in_(select(Score.student_id).where(Score.question_id.in_(question_ids))), in_class_on(as_of))
        .order_by(Student.id)
    ).all()
    student_pks = np.array([pk for pk, _, _ in students], dtype=int)
    cells = cells[np.isin(cells[:, 0].astype(int), student_pks)]
    question_pks = np.array(question_ids, dtype=int)
    by_pk = np.argsort(question_pks)
    points = np.full((len(students), len(questions)), np.nan)
    rows = np.searchsorted(student_pks, cells[:, 0].astype(int))
    cols = by_pk[np.searchsorted(question_pks, cells[:, 1].astype(int), sorter=by_pk)]
    points[rows, cols] = cells[:, 2]
    return students, points


def score_rows(
    session: Session, class_name: str
) -> list[tuple[str, str | None, str, dt.date | None, str, float | None, float, str]]:
    """The class's stored scores in long format, as imported: (学号, 姓名, exam, date, question, points, full
    marks, knowledge points joined by ";"), exams in date order, students in import order; points None where
    missing."""
    school_class = find_class(session, class_name)
    tags: dict[int, list[str]] = {}
    for question_id, name in session.execute(
        select(QuestionKnowledgePoint.question_id, KnowledgePoint.name)
        .join(KnowledgePoint)
        .join(Question, Question.id == QuestionKnowledgePoint.question_id)
        .join(Assessment, Assessment.id == Question.assessment_id)
        .where(Assessment.class_id == school_class.id)
        .order_by(QuestionKnowledgePoint.question_id, QuestionKnowledgePoint.position)
    ):
        tags.setdefault(question_id, []).append(name)
    rows = session.execute(
        select(
            Student.number,
            Student.name,
            Assessment.name,
            Assessment.date,
            Question.label,
            Score.points,
            Question.max_score,
            Question.id,
        )
        .join(Score, Score.student_id == Student.id)
        .join(Question, Question.id == Score.question_id)
        .join(Assessment, Assessment.id == Question.assessment_id)
        .where(Assessment.class_id == school_class.id)
        .order_by(Student.id, Question.position)
    ).all()
    order = {exam.name: i for i, exam in enumerate(exams_in_date_order(session, school_class.id))}
    rows = sorted(rows, key=lambda row: order[row[2]])  # stable: students and questions keep their order
    return [(n, nm, a, d, q, p, m, ";".join(tags.get(qid, ()))) for n, nm, a, d, q, p, m, qid in rows]


def grade_of(session: Session, class_name: str, exams: ExamSignatures | None = None) -> list[str]:
    """The other classes that sat one of this class's exams: the same paper, one grade file, or an exam of the
    same name, subject and question labels (a 七年级 and an 八年级 期中考试 are not one exam). `exams`: the store's
    `exam_signatures`, when already read."""
    own = find_class(session, class_name)
    exams = exam_signatures(session) if exams is None else exams
    mine = [e for e in exams if e[0] == own.id]
    found = set()
    for class_id, _, paper, file_hash, signature in exams:
        if class_id != own.id and any(
            (paper is not None and paper == m[2]) or (file_hash is not None and file_hash == m[3]) or signature == m[4]
            for m in mine
        ):
            found.add(class_id)
    return sorted(session.scalars(select(SchoolClass.name).where(SchoolClass.id.in_(found))))


def same_exam(session: Session, class_name: str, assessment: str) -> list[tuple[str, str]]:
    """The classes that sat exam `assessment` of class `class_name`, by `grade_of`'s rule (the same paper, one grade
    file, or the same name, subject and question labels), as (class, its exam's name): that class first, then the
    others by name (one exam each, the one of the same name where a class has two)."""
    own = find_class(session, class_name)
    exams = exam_signatures(session)
    mine = [e for e in exams if e[0] == own.id and e[4][0] == assessment]
    found: dict[int, list[tuple[str, int]]] = {}
    for class_id, assessment_id, paper, file_hash, signature in exams:
        if class_id != own.id and any(
            (paper is not None and paper == m[2]) or (file_hash is not None and file_hash == m[3]) or signature == m[4]
            for m in mine
        ):
            found.setdefault(class_id, []).append((signature[0], assessment_id))
    names = dict(session.execute(select(SchoolClass.id, SchoolClass.name).where(SchoolClass.id.in_(found))).all())
    others = [
        (names[class_id], min(exams_of, key=lambda e: (e[0] != assessment, e[1]))[0])
        for class_id, exams_of in found.items()
    ]
    return [(own.name, assessment), *sorted(others)] if mine else []


ExamSignatures = list[tuple[int, int, int | None, str | None, tuple[str, str, frozenset[str]]]]
"""Per assessment of the store: class id, id, paper id, the grade file's hash, and (name, subject, question labels)."""


def exam_signatures(session: Session) -> ExamSignatures:
    """Per assessment: class id, id, paper id, the grade file's hash, and (name, subject, question labels)."""
    labels: dict[int, set[str]] = {}
    for assessment_id, label in session.execute(select(Question.assessment_id, Question.label)):
        labels.setdefault(assessment_id, set()).add(label)
    rows = session.execute(
        select(Assessment.class_id, Assessment.id, Assessment.paper_id, ImportBatch.file_hash, Assessment.name)
        .add_columns(SchoolClass.subject)
        .join(ImportBatch, ImportBatch.id == Assessment.batch_id)
        .join(SchoolClass, SchoolClass.id == Assessment.class_id)
    ).all()
    return [
        (class_id, a_id, paper, file_hash, (name, subject, frozenset(labels.get(a_id, ()))))
        for class_id, a_id, paper, file_hash, name, subject in rows
    ]
