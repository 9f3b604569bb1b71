"""The store's schema (SQLite and PostgreSQL alike) as SQLAlchemy 2 typed models.

Undo rests on ownership: a class, student, assessment or knowledge point keeps the id of the
import batch that created it (`batch_id`, ON DELETE CASCADE). Questions, their Q-matrix rows
and their scores are owned through their assessment, which a single batch creates. Undoing a
batch first hands rows that other batches still use over to the newest of those batches, then
deletes the batch row and lets the cascade remove the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _cascade(target: str) -> Any:
    """A foreign key whose row goes when the referenced row goes."""
    return ForeignKey(target, ondelete="CASCADE")


class SchoolClass(Base):
    """A class (班级) of students taught one subject."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    subject: Mapped[str] = mapped_column(String(100), default="")
    created: Mapped[dt.datetime]


class ClassTeacher(Base):
    """A teacher (their login role on the school's server) who teaches a class: row-level security shows a
    teacher's login only their classes' rows. Unused in a SQLite store, which is one teacher's."""

    __tablename__ = "class_teachers"

    # the class's name, not its id: a teacher can be given a class before its first import creates it
    class_name: Mapped[str] = mapped_column(String(200), primary_key=True)
    role_name: Mapped[str] = mapped_column(String(63), primary_key=True, index=True)


class ImportBatch(Base):
    """One imported gradebook file: what undo removes."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(_cascade("classes.id"), index=True)
    owns_class: Mapped[bool]  # the class goes when the last batch owning it is undone
    source: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # of this class's part of the file
    file_hash: Mapped[str | None] = mapped_column(String(64))  # of the whole file: its classes' parts share it
    imported_at: Mapped[dt.datetime]
    students: Mapped[int]
    items: Mapped[int]
    scores: Mapped[int]
    missing: Mapped[int]
    knowledge_points: Mapped[int]
    warnings: Mapped[int]


class Student(Base):
    """A student of one class, identified by 学号 within it."""

    __tablename__ = "students"
    __table_args__ = (UniqueConstraint("class_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(_cascade("classes.id"))
    number: Mapped[str] = mapped_column(String(100))  # 学号, exact text
    name: Mapped[str | None] = mapped_column(String(200))  # 姓名
    batch_id: Mapped[int] = mapped_column(_cascade("import_batches.id"), index=True)
    joined_on: Mapped[dt.date | None]  # 转入: in the class from this date (None: from the start)
    left_on: Mapped[dt.date | None]  # 转出: no longer in the class from this date (None: still in it)
    # merged into another student of the class (the same person under two numbers or spellings): scores moved there
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("students.id", ondelete="SET NULL"), index=True)


class StudentMerge(Base):
    """Two records of one student joined: which scores moved, so that the merge can be undone."""

    __tablename__ = "student_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(_cascade("students.id"), index=True)
    merged_id: Mapped[int] = mapped_column(_cascade("students.id"), index=True)
    questions: Mapped[list[int]] = mapped_column(JSON)  # the questions whose scores moved to the kept student
    corrections: Mapped[list[int]] = mapped_column(JSON)  # the score corrections that moved with them
    merged_at: Mapped[dt.datetime]


class Assessment(Base):
    """One exam or homework of a class, tagged by the paper it was set from (if known)."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("class_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(_cascade("classes.id"))
    name: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date | None]
    batch_id: Mapped[int] = mapped_column(_cascade("import_batches.id"), index=True)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"), index=True)
    changed: Mapped[dt.datetime | None]  # when its tags or scores changed after the import, if they did


class Paper(Base):
    """A paper (试卷): the question list of an exam, tagged once, reused by every class that took it."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(500), default="")  # the 细目表 file, "" when tagged in the app
    created: Mapped[dt.datetime]
    # raised by each change of its questions or tags: a second editor who read an older one is told, not obeyed
    version: Mapped[int] = mapped_column(default=1, server_default="1")


class PaperQuestion(Base):
    """One question of a paper as its 双向细目表 row says."""

    __tablename__ = "paper_questions"
    __table_args__ = (UniqueConstraint("paper_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(_cascade("papers.id"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="")
    max_score: Mapped[float | None] = mapped_column(Float)
    knowledge_points: Mapped[list[str]] = mapped_column(JSON)
    answer_key: Mapped[str | None] = mapped_column(String(20))
    ability: Mapped[str | None] = mapped_column(String(100))
    difficulty: Mapped[float | None] = mapped_column(Float)


class Question(Base):
    """One question (item) of an assessment."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("assessment_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(_cascade("assessments.id"))
    label: Mapped[str] = mapped_column(String(100))
    max_score: Mapped[float] = mapped_column(Float)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default="", server_default="")  # a QuestionKind
    answer_key: Mapped[str | None] = mapped_column(String(20))  # choice questions: the right letters
    max_guessed: Mapped[bool] = mapped_column(default=False, server_default=false())  # 满分 from the top score


class KnowledgePoint(Base):
    """A knowledge point (知识点) of a subject, optionally under a parent point."""

    __tablename__ = "knowledge_points"
    __table_args__ = (UniqueConstraint("subject", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("knowledge_points.id", ondelete="SET NULL"), index=True)
    # NULL: kept by the knowledge graph rather than by an import
    batch_id: Mapped[int | None] = mapped_column(_cascade("import_batches.id"), index=True)


class QuestionKnowledgePoint(Base):
    """One Q-matrix cell: the question tests the knowledge point."""

    __tablename__ = "question_knowledge_points"

    question_id: Mapped[int] = mapped_column(_cascade("questions.id"), primary_key=True)
    knowledge_point_id: Mapped[int] = mapped_column(_cascade("knowledge_points.id"), primary_key=True, index=True)
    position: Mapped[int]  # order of the tags as written


class Score(Base):
    """Points of one student on one question; NULL points = missing (blank or 缺考)."""

    __tablename__ = "scores"

    student_id: Mapped[int] = mapped_column(_cascade("students.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(_cascade("questions.id"), primary_key=True, index=True)
    points: Mapped[float | None] = mapped_column(Float)
    answer: Mapped[str | None] = mapped_column(String(20))  # choice questions: the letters chosen ("AC")


class ScoreCorrection(Base):
    """A score the teacher corrected after the import: what it was and what it became."""

    __tablename__ = "score_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(_cascade("students.id"))
    question_id: Mapped[int] = mapped_column(_cascade("questions.id"), index=True)
    old_points: Mapped[float | None] = mapped_column(Float)
    new_points: Mapped[float | None] = mapped_column(Float)
    corrected_at: Mapped[dt.datetime]


class Prerequisite(Base):
    """A knowledge-graph edge: `prerequisite_id` should be learnt before `knowledge_point_id`."""

    __tablename__ = "knowledge_point_prerequisites"
    __table_args__ = (CheckConstraint("knowledge_point_id <> prerequisite_id", name="not_self"),)

    knowledge_point_id: Mapped[int] = mapped_column(_cascade("knowledge_points.id"), primary_key=True)
    prerequisite_id: Mapped[int] = mapped_column(_cascade("knowledge_points.id"), primary_key=True, index=True)


class DiagnosisRun(Base):
    """One diagnosis of a class, with the model and settings that made it."""

    __tablename__ = "diagnosis_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(_cascade("classes.id"), index=True)
    created: Mapped[dt.datetime]
    model_version: Mapped[str] = mapped_column(String(100))
    device: Mapped[str] = mapped_column(String(100))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    fit: Mapped[dict[str, float]] = mapped_column(JSON)
    seconds: Mapped[float] = mapped_column(Float)


class DiagnosisRunAssessment(Base):
    """An assessment whose scores a diagnosis run used."""

    __tablename__ = "diagnosis_run_assessments"

    run_id: Mapped[int] = mapped_column(_cascade("diagnosis_runs.id"), primary_key=True)
    assessment_id: Mapped[int] = mapped_column(_cascade("assessments.id"), primary_key=True, index=True)
    position: Mapped[int]


class DiagnosisResult(Base):
    """Mastery of one student on one knowledge point in one run."""

    __tablename__ = "diagnosis_results"

    run_id: Mapped[int] = mapped_column(_cascade("diagnosis_runs.id"), primary_key=True)
    student_id: Mapped[int] = mapped_column(_cascade("students.id"), primary_key=True, index=True)
    knowledge_point_id: Mapped[int] = mapped_column(_cascade("knowledge_points.id"), primary_key=True, index=True)
    student_index: Mapped[int]  # position in the run's Diagnosis.student_ids
    knowledge_point_index: Mapped[int]  # position in the run's Diagnosis.knowledge_points
    mastery: Mapped[float] = mapped_column(Float)
    lower: Mapped[float] = mapped_column(Float)
    upper: Mapped[float] = mapped_column(Float)
    evidence: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))


class DiagnosisItem(Base):
    """Item parameters of one question in one run, e.g. {"difficulty": 0.3}."""

    __tablename__ = "diagnosis_items"

    run_id: Mapped[int] = mapped_column(_cascade("diagnosis_runs.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(_cascade("questions.id"), primary_key=True, index=True)
    position: Mapped[int]
    params: Mapped[dict[str, float]] = mapped_column(JSON)
    # weight of each knowledge point of the run (in its order) in this question; NULL in older runs
    weights: Mapped[list[float] | None] = mapped_column(JSON)


class DiagnosisStudent(Base):
    """A student's adapted overall ability in one run (the logit the untagged questions read)."""

    __tablename__ = "diagnosis_students"

    run_id: Mapped[int] = mapped_column(_cascade("diagnosis_runs.id"), primary_key=True)
    student_id: Mapped[int] = mapped_column(_cascade("students.id"), primary_key=True, index=True)
    position: Mapped[int]  # position in the run's Diagnosis.student_ids
    ability: Mapped[float] = mapped_column(Float)


class ExportedPlan(Base):
    """Practice plans (or 学习手册) exported for a class: from which run, after which exam, and each student's points
    in the order the plan put them, so the next exam can say how the points a teacher handed out changed."""

    __tablename__ = "exported_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(_cascade("classes.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("diagnosis_runs.id", ondelete="SET NULL"), index=True)
    exported: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(20))  # "plans" or "handbook"
    after: Mapped[str] = mapped_column(String(200))  # the exam whose state the plans were made from
    points: Mapped[dict[str, list[str]]] = mapped_column(JSON)  # 学号 -> the plan's points, in its order


class StoredPrior(Base):
    """The school's own prior, trained on this store's classes (one row at most): its tensors as `torch.save`
    wrote them, its model card (JSON text) and the teacher's switch. Kept in the store, so it is the store's
    alone (not another store's in the same folder) and every backup carries it."""

    __tablename__ = "local_prior"

    id: Mapped[int] = mapped_column(primary_key=True)
    weights: Mapped[bytes] = mapped_column(LargeBinary)
    card: Mapped[str] = mapped_column(Text)
    in_use: Mapped[bool]
    trained_at: Mapped[dt.datetime]


class PaperCalibration(Base):
    """A paper's questions as a joint fit of the classes that sat it calibrated them: kept so that a class sitting
    the same paper later (next year, or alone) starts from it. Keyed by the paper's fingerprint (its ordered
    question labels, full marks and tags), not by ids, so a re-import next year finds it. No student data: the
    classes it came from are named by id only, so that no class is anchored on its own fit."""

    __tablename__ = "paper_calibrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    model_version: Mapped[str] = mapped_column(String(100))
    created: Mapped[dt.datetime]
    students: Mapped[int]  # in the joint fit
    classes: Mapped[list[int]] = mapped_column(JSON)  # the ids of the classes in the joint fit


class PaperCalibrationItem(Base):
    """One question of a paper calibration: difficulty relative to the paper's mean, discrimination, guess and
    slip as the model reads them, and how many students answered it in the fit."""

    __tablename__ = "paper_calibration_items"

    calibration_id: Mapped[int] = mapped_column(_cascade("paper_calibrations.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    difficulty: Mapped[float] = mapped_column(Float)
    discrimination: Mapped[float] = mapped_column(Float)
    guess: Mapped[float] = mapped_column(Float)
    slip: Mapped[float] = mapped_column(Float)
    students: Mapped[int]
