"""The class roster over a term: students who join (转入) or leave (转出) on a date, and two records of one student
merged (a number that lost its zeros, a name spelled with a variant character), undoably.

A merge moves the merged record's scores (and their corrections) to the kept student and marks the
merged record `merged_into` it; the merge row lists what moved, so undoing it moves exactly that back.
The merged record stays, so a later file with its number still finds the kept student.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.problems import Refused, Text
from app.storage.errors import NotFound
from app.storage.models import Assessment, Question, SchoolClass, Score, ScoreCorrection, Student, StudentMerge
from app.storage.queries import find_class


@dataclass(frozen=True)
class RosterEntry:
    """A student of a class as the roster shows them."""

    number: str
    name: str | None
    joined_on: dt.date | None
    left_on: dt.date | None
    scores: int  # score cells (observed or missing) over the class's exams


@dataclass(frozen=True)
class MergeRecord:
    """A merge of two records of one student."""

    merge_id: int
    class_name: str
    kept: str  # the number kept
    merged: str  # the number merged into it
    scores: int  # score cells moved
    merged_at: dt.datetime


def roster(session: Session, class_name: str) -> list[RosterEntry]:
    """The class's students (merged records aside) in the order they were first imported."""
    school_class = find_class(session, class_name)
    students = session.scalars(
        select(Student).where(Student.class_id == school_class.id, Student.merged_into.is_(None)).order_by(Student.id)
    ).all()
    counts: dict[int, int] = {}
    for (student_id,) in session.execute(
        select(Score.student_id).where(Score.student_id.in_([s.id for s in students]))
    ):
        counts[student_id] = counts.get(student_id, 0) + 1
    return [RosterEntry(s.number, s.name, s.joined_on, s.left_on, counts.get(s.id, 0)) for s in students]


def numbers_by_class(session: Session) -> dict[str, dict[str, str | None]]:
    """Every class's student numbers (merged records aside) with their names, by class name, in one query."""
    found: dict[str, dict[str, str | None]] = {}
    rows = session.execute(
        select(SchoolClass.name, Student.number, Student.name)
        .join(Student, Student.class_id == SchoolClass.id)
        .where(Student.merged_into.is_(None))
    )
    for class_name, number, name in rows:
        found.setdefault(class_name, {})[number] = name
    return found


def _student(session: Session, class_id: int, class_name: str, number: str) -> Student:
    found = session.scalars(
        select(Student).where(Student.class_id == class_id, Student.number == number, Student.merged_into.is_(None))
    ).one_or_none()
    if found is None:
        raise NotFound(
            Text(f"班级“{class_name}”中没有学号为 {number} 的学生。", f"Class '{class_name}' has no student {number}.")
        )
    return found


def _mark_changed(session: Session, class_id: int, since: dt.date | None = None) -> None:
    """Mark the class's exams (dated from `since`, or all) changed: their diagnoses are out of date."""
    exams = select(Assessment.id).where(Assessment.class_id == class_id)
    if since is not None:
        exams = exams.where((Assessment.date.is_(None)) | (Assessment.date >= since))
    session.execute(update(Assessment).where(Assessment.id.in_(exams)).values(changed=dt.datetime.now()))


def merge_students(session: Session, class_name: str, kept: str, merged: str) -> MergeRecord:
    """Join student `merged` into student `kept` of the class: every score moves, nothing is lost; refused when
    both have a score on one question (then they sat the same exam: not one student)."""
    school_class = find_class(session, class_name)
    if kept == merged:
        raise Refused(Text("不能把学生与自己合并。", "A student cannot be merged with themselves."))
    keep = _student(session, school_class.id, class_name, kept)
    other = _student(session, school_class.id, class_name, merged)
    theirs = set(session.scalars(select(Score.question_id).where(Score.student_id == other.id)))
    both = theirs & set(session.scalars(select(Score.question_id).where(Score.student_id == keep.id)))
    if both:
        exam = session.execute(
            select(Assessment.name, Question.label).join(Question).where(Question.id == min(both))
        ).one()
        raise Refused(
            Text(
                f"{keep.name or kept}（{kept}）和 {other.name or merged}（{merged}）都有“{exam[0]}”第 {exam[1]} 题的成绩："
                "同一次考试里出现两次，不是同一个学生，没有合并。",
                f"{keep.name or kept} ({kept}) and {other.name or merged} ({merged}) both have a score for "
                f"'{exam[0]}' question {exam[1]}: two students in one exam, not one; nothing was merged.",
            )
        )
    corrections = list(session.scalars(select(ScoreCorrection.id).where(ScoreCorrection.student_id == other.id)))
    session.execute(update(Score).where(Score.student_id == other.id).values(student_id=keep.id))
    session.execute(update(ScoreCorrection).where(ScoreCorrection.id.in_(corrections)).values(student_id=keep.id))
    other.merged_into = keep.id
    keep.name = keep.name or other.name
    row = StudentMerge(
        kept_id=keep.id,
        merged_id=other.id,
        questions=sorted(theirs),
        corrections=corrections,
        merged_at=dt.datetime.now(),
    )
    session.add(row)
    _mark_changed(session, school_class.id)
    session.flush()
    return MergeRecord(row.id, class_name, kept, merged, len(theirs), row.merged_at)


def list_merges(session: Session, class_name: str) -> list[MergeRecord]:
    """The class's merges still in force, newest first."""
    school_class = find_class(session, class_name)
    kept_student, merged_student = Student.__table__.alias("kept"), Student.__table__.alias("merged")
    rows = session.execute(
        select(StudentMerge, kept_student.c.number, merged_student.c.number)
        .join(kept_student, kept_student.c.id == StudentMerge.kept_id)
        .join(merged_student, merged_student.c.id == StudentMerge.merged_id)
        .where(kept_student.c.class_id == school_class.id)
        .order_by(StudentMerge.id.desc())
    ).all()
    return [MergeRecord(m.id, class_name, k, n, len(m.questions), m.merged_at) for m, k, n in rows]


def undo_merge(session: Session, merge_id: int) -> MergeRecord:
    """Undo a merge: the scores (and corrections) that moved go back to the merged record, which is a student again."""
    row = session.get(StudentMerge, merge_id)
    if row is None:
        raise NotFound(Text(f"没有编号为 {merge_id} 的合并。", f"There is no merge {merge_id}."))
    keep, other = session.get_one(Student, row.kept_id), session.get_one(Student, row.merged_id)
    record = MergeRecord(
        row.id,
        session.get_one(SchoolClass, keep.class_id).name,
        keep.number,
        other.number,
        len(row.questions),
        row.merged_at,
    )
    session.execute(
        update(Score)
        .where(Score.student_id == keep.id, Score.question_id.in_(row.questions))
        .values(student_id=other.id)
    )
    session.execute(update(ScoreCorrection).where(ScoreCorrection.id.in_(row.corrections)).values(student_id=other.id))
    other.merged_into = None
    session.delete(row)
    _mark_changed(session, keep.class_id)
    session.flush()
    return record


def set_transfer(
    session: Session, class_name: str, number: str, *, left_on: dt.date | None = None, joined_on: dt.date | None = None
) -> RosterEntry:
    """Mark a student 转出 from `left_on` (no longer in the class's figures, plans and groups from then) and/or 转入
    from `joined_on`; a 转入 after a 转出 brings the student back. Refused when they would leave before joining."""
    school_class = find_class(session, class_name)
    student = _student(session, school_class.id, class_name, number)
    if joined_on is not None:
        student.joined_on = joined_on
        if student.left_on is not None and student.left_on <= joined_on:
            student.left_on = None  # back in the class
    if left_on is not None:
        if student.joined_on is not None and left_on <= student.joined_on:
            raise Refused(
                Text(
                    f"{student.name or number} 在 {student.joined_on} 转入，转出日期要在那之后。",
                    f"{student.name or number} joined on {student.joined_on}: they can only leave after that.",
                )
            )
        student.left_on = left_on
    _mark_changed(session, school_class.id, min(d for d in (left_on, joined_on, dt.date.max) if d is not None))
    session.flush()
    scores = len(session.scalars(select(Score.question_id).where(Score.student_id == student.id)).all())
    return RosterEntry(student.number, student.name, student.joined_on, student.left_on, scores)


def clear_transfer(session: Session, class_name: str, number: str) -> RosterEntry:
    """Take back a 转出 and a 转入: the student is in the class throughout."""
    school_class = find_class(session, class_name)
    student = _student(session, school_class.id, class_name, number)
    student.joined_on = student.left_on = None
    _mark_changed(session, school_class.id)
    session.flush()
    scores = len(session.scalars(select(Score.question_id).where(Score.student_id == student.id)).all())
    return RosterEntry(student.number, student.name, None, None, scores)
