"""Papers (试卷) in the store: saved once, attached to every assessment set from them, edited in place.

Attaching a paper to an assessment sets its questions' full marks, type, answer key and
knowledge points from the paper (matched by `question_key`, so 第3题 in the file is 3 in the
细目表), re-scores the letters students chose, and marks the assessment changed, so its
diagnoses read as out of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.core.choices import DEFAULT_PARTIAL, choice_points
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.text import question_key
from app.storage.errors import NotFound, StoreChanged
from app.storage.knowledge import add_knowledge_points
from app.storage.models import (
    Assessment,
    KnowledgePoint,
    Question,
    QuestionKnowledgePoint,
    SchoolClass,
    Score,
    Student,
)
from app.storage.models import Paper as PaperRow
from app.storage.models import PaperQuestion as PaperQuestionRow
from app.storage.queries import exams_in_date_order


@dataclass(frozen=True)
class PaperRecord:
    """A stored paper as listed for choosing one."""

    paper_id: int
    name: str
    source: str
    created: dt.datetime
    questions: int
    used_by: tuple[tuple[str, str], ...]  # (class, assessment) set from it


@dataclass(frozen=True)
class StoredExam:
    """An exam of a class, as a paper is matched to it: its class, name, date, question labels and paper."""

    assessment_id: int
    class_name: str
    name: str
    date: dt.date | None
    labels: tuple[str, ...]
    paper_id: int | None


@dataclass(frozen=True)
class TagSummary:
    """What attaching a paper changed."""

    paper_id: int
    assessments: tuple[tuple[str, str], ...]  # (class, assessment)
    questions: int  # questions that took the paper's tags
    untagged: tuple[str, ...]  # question labels the paper does not have
    rescored: int  # choice answers scored against the key


def save_paper(session: Session, paper: Paper) -> int:
    """Store `paper` as a new paper; returns its id."""
    row = PaperRow(name=paper.name, subject=paper.subject, source=paper.source, created=dt.datetime.now())
    session.add(row)
    session.flush()
    if paper.questions:
        session.execute(insert(PaperQuestionRow), [_question_row(row.id, n, q) for n, q in enumerate(paper.questions)])
    return row.id


def replace_paper(session: Session, paper_id: int, paper: Paper, expected_version: int | None = None) -> None:
    """Replace a stored paper's questions (the teacher edited them), raise its version and re-attach it where it is
    used. `expected_version`: the version the teacher's edit started from; StoreChanged (nothing written) when
    another teacher saved the paper since. The check and the raise are one UPDATE, so of two teachers saving at
    once on a server the second waits for the first's row lock, then finds the version moved."""
    row = _paper_row(session, paper_id)
    guard = PaperRow.id == paper_id
    if expected_version is not None:
        guard = guard & (PaperRow.version == expected_version)
    raised = session.execute(
        update(PaperRow)
        .where(guard)
        .values(name=paper.name, source=paper.source, version=PaperRow.version + 1)
        .execution_options(synchronize_session=False)
    )
    if raised.rowcount == 0:  # type: ignore[attr-defined]
        raise StoreChanged(paper_changed_text(row.name))
    session.execute(delete(PaperQuestionRow).where(PaperQuestionRow.paper_id == paper_id))
    if paper.questions:
        session.execute(
            insert(PaperQuestionRow), [_question_row(paper_id, n, q) for n, q in enumerate(paper.questions)]
        )
    used = session.scalars(select(Assessment.id).where(Assessment.paper_id == paper_id)).all()
    if used:
        attach_paper(session, paper_id, list(used))


def paper_version(session: Session, paper_id: int) -> int:
    """The stored paper's version: raised by each save of its questions and tags."""
    version = session.scalar(select(PaperRow.version).where(PaperRow.id == paper_id))
    if version is None:
        raise NotFound(Text(f"没有编号为 {paper_id} 的试卷。", f"There is no paper {paper_id}."))
    return version


def paper_changed_text(name: str) -> Text:
    """Another teacher saved the paper while this one edited it: nothing was overwritten."""
    return Text(
        f"试卷“{name}”在你编辑期间被另一位老师（或另一个窗口）修改并保存了。你的改动没有保存，以免覆盖对方的修改；"
        "请重新打开试卷，看过对方的修改后再改。",
        f"The paper '{name}' was changed and saved by another teacher (or window) while you edited it. Your edit "
        "was not saved, so as not to overwrite theirs; open the paper again, see their change, then make yours.",
    )


def load_paper(session: Session, paper_id: int) -> Paper:
    """The stored paper `paper_id`."""
    row = _paper_row(session, paper_id)
    questions = session.scalars(
        select(PaperQuestionRow).where(PaperQuestionRow.paper_id == paper_id).order_by(PaperQuestionRow.position)
    ).all()
    return Paper(
        name=row.name,
        subject=row.subject,
        source=row.source,
        questions=tuple(
            PaperQuestion(
                label=q.label,
                max_score=q.max_score,
                knowledge_points=tuple(q.knowledge_points),
                kind=QuestionKind(q.kind),
                answer_key=q.answer_key,
                ability=q.ability,
                difficulty=q.difficulty,
            )
            for q in questions
        ),
    )


def list_papers(session: Session) -> list[PaperRecord]:
    """Every stored paper, newest first, with the assessments set from it."""
    used: dict[int, list[tuple[str, str]]] = {}
    for paper_id, class_name, name in session.execute(
        select(Assessment.paper_id, SchoolClass.name, Assessment.name)
        .join(SchoolClass, SchoolClass.id == Assessment.class_id)
        .where(Assessment.paper_id.is_not(None))
        .order_by(SchoolClass.name, Assessment.id)
    ):
        if paper_id is not None:  # the query's filter; the column itself is nullable
            used.setdefault(paper_id, []).append((class_name, name))
    counts: dict[int, int] = {}
    for (paper_id,) in session.execute(select(PaperQuestionRow.paper_id)):
        counts[paper_id] = counts.get(paper_id, 0) + 1
    return [
        PaperRecord(row.id, row.name, row.source, row.created, counts.get(row.id, 0), tuple(used.get(row.id, ())))
        for row in session.scalars(select(PaperRow).order_by(PaperRow.id.desc()))
    ]


def find_paper(session: Session, name: str, labels: Sequence[str]) -> int | None:
    """The newest stored paper called `name` that has every question `labels` names (the same exam again)."""
    wanted = {question_key(label) for label in labels}
    for record in list_papers(session):
        if record.name == name and wanted <= {
            question_key(q.label) for q in load_paper(session, record.paper_id).questions
        }:
            return record.paper_id
    return None


def find_same_paper(session: Session, paper: Paper) -> int | None:
    """The newest stored paper equal to `paper`: its name, subject and questions (the file it was read from aside)."""
    for record in list_papers(session):
        if record.name == paper.name:
            stored = load_paper(session, record.paper_id)
            if (stored.subject, stored.questions) == (paper.subject, paper.questions):
                return record.paper_id
    return None


def stored_exams(session: Session, assessments: Sequence[int] | None = None) -> list[StoredExam]:
    """Every exam of every class (or the exams `assessments`), by class name, then in date order."""
    exams = exams_in_date_order(session)
    if assessments is not None:
        exams = [exam for exam in exams if exam.id in set(assessments)]
    labels: dict[int, list[str]] = {}
    for assessment_id, label in session.execute(
        select(Question.assessment_id, Question.label)
        .where(Question.assessment_id.in_([exam.id for exam in exams]))
        .order_by(Question.position)
    ):
        labels.setdefault(assessment_id, []).append(label)
    names = dict(session.execute(select(SchoolClass.id, SchoolClass.name)).all())
    found = [
        StoredExam(exam.id, names[exam.class_id], exam.name, exam.date, tuple(labels.get(exam.id, ())), exam.paper_id)
        for exam in exams
    ]
    return sorted(found, key=lambda exam: exam.class_name)  # stable: each class's exams stay in date order


def assessment_ids(session: Session, assessment: str, class_name: str | None = None) -> list[int]:
    """The assessments called `assessment` (in every class, or in `class_name` only); NotFound if none."""
    query = (
        select(Assessment.id)
        .join(SchoolClass, SchoolClass.id == Assessment.class_id)
        .where(Assessment.name == assessment)
    )
    if class_name is not None:
        query = query.where(SchoolClass.name == class_name)
    found = list(session.scalars(query.order_by(Assessment.id)))
    if not found:
        raise NotFound(_no_such_exam(session, assessment, class_name))
    return found


def _no_such_exam(session: Session, assessment: str, class_name: str | None) -> Text:
    """There is no such exam; the exams there are (the class's, or the store's), in date order."""
    class_id = session.scalar(select(SchoolClass.id).where(SchoolClass.name == class_name)) if class_name else None
    if class_name is not None and class_id is None:
        return Text(f"没有名为“{class_name}”的班级。", f"There is no class named '{class_name}'.")
    known = list(dict.fromkeys(exam.name for exam in exams_in_date_order(session, class_id)))
    where_zh = f"班级“{class_name}”中" if class_name else "数据库中"
    where_en = f"class '{class_name}'" if class_name else "the store"
    listed = Text(f"已有的考试：{'、'.join(known)}。", f"Its exams: {', '.join(known)}.") if known else None
    missing = Text(f"{where_zh}没有考试“{assessment}”。", f"There is no assessment '{assessment}' in {where_en}.")
    return missing.joined(listed) if listed else missing


def paper_id_of(session: Session, assessment_id: int, *, lock: bool = False) -> int | None:
    """The paper an assessment was set from, if any. `lock`: the assessment's row stays locked to this write
    transaction (on a server: another teacher attaching a paper to it waits, then sees this one's; SQLite's
    writer holds the whole file already)."""
    query = select(Assessment.paper_id).where(Assessment.id == assessment_id)
    return session.scalar(query.with_for_update() if lock else query)


def implied_paper(session: Session, assessment_id: int) -> Paper:
    """The paper an assessment's stored questions imply: what a tagging table starts from."""
    assessment = session.get_one(Assessment, assessment_id)
    questions = session.scalars(
        select(Question).where(Question.assessment_id == assessment_id).order_by(Question.position)
    ).all()
    tags: dict[int, list[str]] = {}
    for question_id, name in session.execute(
        select(QuestionKnowledgePoint.question_id, KnowledgePoint.name)
        .join(KnowledgePoint)
        .where(QuestionKnowledgePoint.question_id.in_([q.id for q in questions]))
        .order_by(QuestionKnowledgePoint.position)
    ):
        tags.setdefault(question_id, []).append(name)
    return Paper(
        name=assessment.name,
        questions=tuple(
            PaperQuestion(
                label=q.label,
                max_score=None if q.max_guessed else q.max_score,
                knowledge_points=tuple(tags.get(q.id, ())),
                kind=QuestionKind(q.kind),
                answer_key=q.answer_key,
            )
            for q in questions
        ),
    )


def attach_paper(
    session: Session, paper_id: int, assessments: Sequence[int], *, partial: float = DEFAULT_PARTIAL
) -> TagSummary:
    """Set the questions of `assessments` from paper `paper_id` and re-score their choice answers.

    GradebookError (nothing changed) if a score would exceed a question's new full marks.
    """
    paper = load_paper(session, paper_id)
    tagged = rescored = 0
    untagged: list[str] = []
    names: list[tuple[str, str]] = []
    with session.begin_nested():
        for assessment_id in assessments:
            assessment = session.get_one(Assessment, assessment_id)
            school_class = session.get_one(SchoolClass, assessment.class_id)
            names.append((school_class.name, assessment.name))
            kp_ids = _knowledge_points(session, school_class.subject, assessment.batch_id, paper)
            problems: list[Problem] = []
            for question in session.scalars(select(Question).where(Question.assessment_id == assessment_id)):
                found = paper.question(question.label)
                if found is None:
                    untagged.append(question.label)
                    continue
                tagged += 1
                rescored += _tag_question(session, question, found, kp_ids, partial)
                problems += _above_max(session, question, school_class.name, assessment.name)
            if problems:
                raise GradebookError(problems)
            assessment.paper_id = paper_id
            assessment.changed = dt.datetime.now()
        session.flush()
    return TagSummary(paper_id, tuple(names), tagged, tuple(dict.fromkeys(untagged)), rescored)


def _tag_question(
    session: Session, question: Question, found: PaperQuestion, kp_ids: dict[str, int], partial: float
) -> int:
    """Take the paper question's tags; returns how many choice answers were re-scored."""
    if found.max_score:
        question.max_score, question.max_guessed = float(found.max_score), False
    question.kind, question.answer_key = str(found.kind), found.answer_key
    session.execute(delete(QuestionKnowledgePoint).where(QuestionKnowledgePoint.question_id == question.id))
    if found.knowledge_points:
        session.execute(
            insert(QuestionKnowledgePoint),
            [
                {"question_id": question.id, "knowledge_point_id": kp_ids[kp], "position": n}
                for n, kp in enumerate(dict.fromkeys(found.knowledge_points))
            ],
        )
    if not found.answer_key:
        return 0
    answered = session.scalars(select(Score).where(Score.question_id == question.id, Score.answer.is_not(None))).all()
    for score in answered:
        score.points = choice_points(score.answer, found.answer_key, question.max_score, found.kind, partial)
    return len(answered)


def _above_max(session: Session, question: Question, class_name: str, assessment: str) -> list[Problem]:
    rows = session.execute(
        select(Student.number, Score.points)
        .join(Student, Student.id == Score.student_id)
        .where(Score.question_id == question.id, Score.points > question.max_score + 1e-9)
    ).all()
    return [
        Problem(
            Severity.ERROR,
            Text(
                f"{class_name}“{assessment}”第 {question.label} 题：学号 {number} 得 {points:g} 分，"
                f"高于细目表的满分 {question.max_score:g}。请核对细目表的分值。",
                f"{class_name} '{assessment}' question {question.label}: student {number} scored {points:g}, "
                f"above the paper's full marks {question.max_score:g}. Check the paper's marks.",
            ),
            assessment,
        )
        for number, points in rows
    ]


def _knowledge_points(session: Session, subject: str, batch_id: int, paper: Paper) -> dict[str, int]:
    """Ids of the paper's knowledge points in the subject, new ones owned by the assessment's import."""
    names = list(dict.fromkeys(kp for q in paper.questions for kp in q.knowledge_points))
    return add_knowledge_points(session, subject, names, batch_id)


def _question_row(paper_id: int, position: int, q: PaperQuestion) -> dict[str, object]:
    return {
        "paper_id": paper_id,
        "position": position,
        "label": q.label,
        "kind": str(q.kind),
        "max_score": q.max_score,
        "knowledge_points": list(q.knowledge_points),
        "answer_key": q.answer_key,
        "ability": q.ability,
        "difficulty": q.difficulty,
    }


def _paper_row(session: Session, paper_id: int) -> PaperRow:
    row = session.get(PaperRow, paper_id)
    if row is None:
        raise NotFound(Text(f"没有编号为 {paper_id} 的试卷。", f"There is no paper {paper_id}."))
    return row
