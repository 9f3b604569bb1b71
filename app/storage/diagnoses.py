"""Keeping diagnoses: each run with its model version and settings, so earlier ones stay viewable."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from sqlalchemy import CursorResult, delete, func, insert, select
from sqlalchemy.orm import Session

from app.core.diagnosis import STATUSES, Diagnosis
from app.core.problems import Text
from app.storage.engines import insert_tuples
from app.storage.errors import NotFound
from app.storage.models import (
    Assessment,
    DiagnosisItem,
    DiagnosisResult,
    DiagnosisRun,
    DiagnosisRunAssessment,
    DiagnosisStudent,
    KnowledgePoint,
    Question,
    Student,
)
from app.storage.queries import (
    exams_in_date_order,
    find_class,
    item_id,
    matrix_questions,
    pick_assessments,
)
from app.storage.records import DiagnosisRunRecord

RESULT_COLUMNS = (
    "run_id",
    "student_id",
    "knowledge_point_id",
    "student_index",
    "knowledge_point_index",
    "mastery",
    "lower",
    "upper",
    "evidence",
    "status",
)


def save_diagnosis(
    session: Session, class_name: str, diagnosis: Diagnosis, assessments: Sequence[str] | None = None
) -> int:
    """Store a diagnosis made from `load_score_matrix(class_name, assessments)`; returns the run id."""
    (run_id,) = save_diagnoses(session, class_name, [(diagnosis, assessments)])
    return run_id


def save_diagnoses(
    session: Session, class_name: str, runs: Sequence[tuple[Diagnosis, Sequence[str] | None]]
) -> list[int]:
    """Store several diagnoses of one class (each with the assessments it was made from, None: all), the class's
    students and knowledge points looked up once; their run ids in order."""
    school_class = find_class(session, class_name)
    student_ids = dict(
        session.execute(select(Student.number, Student.id).where(Student.class_id == school_class.id)).all()
    )
    kp_ids = dict(
        session.execute(
            select(KnowledgePoint.name, KnowledgePoint.id).where(KnowledgePoint.subject == school_class.subject)
        ).all()
    )
    exams = exams_in_date_order(session, school_class.id)
    questions = session.scalars(select(Question).where(Question.assessment_id.in_([e.id for e in exams]))).all()
    out = []
    for diagnosis, assessments in runs:
        chosen = pick_assessments(class_name, exams, assessments)
        question_ids = {name: q.id for q, name in matrix_questions(session, chosen, questions)}
        out.append(_save_run(session, school_class.id, chosen, student_ids, kp_ids, question_ids, diagnosis))
    return out


def _save_run(
    session: Session,
    class_id: int,
    chosen: list[Assessment],
    student_ids: dict[str, int],
    kp_ids: dict[str, int],
    question_ids: dict[str, int],
    diagnosis: Diagnosis,
) -> int:
    """Store one run of the class `class_id`, made from its assessments `chosen` (their questions by item id); its
    id."""
    _check(diagnosis, student_ids, kp_ids, question_ids)

    run = DiagnosisRun(
        class_id=class_id,
        created=dt.datetime.now(),
        model_version=diagnosis.model_version,
        device=diagnosis.device,
        settings=diagnosis.settings,
        fit={name: float(value) for name, value in diagnosis.fit.items()},
        seconds=float(diagnosis.seconds),
    )
    session.add(run)
    session.flush()
    session.execute(
        insert(DiagnosisRunAssessment),
        [{"run_id": run.id, "assessment_id": a.id, "position": i} for i, a in enumerate(chosen)],
    )
    session.execute(
        insert(DiagnosisItem),
        [
            {
                "run_id": run.id,
                "question_id": question_ids[name],
                "position": i,
                "params": {key: float(values[i]) for key, values in diagnosis.item_params.items()},
                "weights": None if diagnosis.item_weights is None else [float(w) for w in diagnosis.item_weights[i]],
            }
            for i, name in enumerate(diagnosis.item_ids)
        ],
    )
    students = [student_ids[number] for number in diagnosis.student_ids]
    points = [kp_ids[kp] for kp in diagnosis.knowledge_points]
    cells = zip(
        *(np.asarray(a, dtype=float).ravel().tolist() for a in (diagnosis.mastery, diagnosis.lower, diagnosis.upper)),
        np.asarray(diagnosis.evidence, dtype=float).ravel().tolist(),
        np.asarray(diagnosis.status).astype(str).ravel().tolist(),
    )
    insert_tuples(
        session,
        "diagnosis_results",
        RESULT_COLUMNS,
        [
            (run.id, students[s], points[k], s, k, *cell)
            for (s, k), cell in zip(itertools.product(range(len(students)), range(len(points))), cells)
        ],
    )
    if diagnosis.ability is not None:
        insert_tuples(
            session,
            "diagnosis_students",
            ("run_id", "student_id", "position", "ability"),
            [(run.id, students[s], s, float(ability)) for s, ability in enumerate(diagnosis.ability)],
        )
    return run.id


def load_diagnosis(session: Session, run_id: int) -> Diagnosis:
    """The stored run `run_id` as the Diagnosis that was saved."""
    run = session.get(DiagnosisRun, run_id)
    if run is None:
        raise NotFound(Text(f"没有编号为 {run_id} 的诊断。", f"There is no diagnosis run {run_id}."))
    qualified = len(_run_assessments(session, run_id)) > 1
    items = session.execute(
        select(DiagnosisItem.params, Assessment.name, Question.label, DiagnosisItem.weights)
        .join(Question, Question.id == DiagnosisItem.question_id)
        .join(Assessment, Assessment.id == Question.assessment_id)
        .where(DiagnosisItem.run_id == run_id)
        .order_by(DiagnosisItem.position)
    ).all()
    cells = session.execute(
        select(
            DiagnosisResult.student_index,
            DiagnosisResult.knowledge_point_index,
            Student.number,
            KnowledgePoint.name,
            DiagnosisResult.mastery,
            DiagnosisResult.lower,
            DiagnosisResult.upper,
            DiagnosisResult.evidence,
            DiagnosisResult.status,
        )
        .join(Student, Student.id == DiagnosisResult.student_id)
        .join(KnowledgePoint, KnowledgePoint.id == DiagnosisResult.knowledge_point_id)
        .where(DiagnosisResult.run_id == run_id)
    ).all()
    n_students = 1 + max((cell[0] for cell in cells), default=-1)
    n_kps = 1 + max((cell[1] for cell in cells), default=-1)
    student_ids = [""] * n_students
    knowledge_points = [""] * n_kps
    values = np.full((4, n_students, n_kps), np.nan)
    status = np.full((n_students, n_kps), "", dtype=object)
    for s, k, number, kp, mastery, lower, upper, evidence, state in cells:
        student_ids[s], knowledge_points[k] = number, kp
        values[:, s, k] = (mastery, lower, upper, evidence)
        status[s, k] = state
    param_names = dict.fromkeys(name for params, _, _, _ in items for name in params)
    abilities = session.execute(
        select(DiagnosisStudent.position, DiagnosisStudent.ability).where(DiagnosisStudent.run_id == run_id)
    ).all()
    ability = None
    if abilities and len(abilities) == n_students:
        ability = np.zeros(n_students)
        for position, value in abilities:
            ability[position] = value
    weights = None
    if items and all(w is not None and len(w) == n_kps for *_, w in items):
        weights = np.array([w for *_, w in items], dtype=float).reshape(len(items), n_kps)
    return Diagnosis(
        student_ids=tuple(student_ids),
        knowledge_points=tuple(knowledge_points),
        item_ids=tuple(item_id(assessment, label, qualified) for _, assessment, label, _ in items),
        mastery=values[0],
        lower=values[1],
        upper=values[2],
        evidence=values[3],
        status=status.astype(str),
        item_params={
            name: np.array([params.get(name, np.nan) for params, *_ in items], dtype=float) for name in param_names
        },
        model_version=run.model_version,
        device=run.device,
        settings=dict(run.settings),
        fit=dict(run.fit),
        seconds=run.seconds,
        ability=ability,
        item_weights=weights,
    )


def list_diagnosis_runs(session: Session, class_name: str) -> list[DiagnosisRunRecord]:
    """The class's stored diagnosis runs, newest first."""
    school_class = find_class(session, class_name)
    sizes = {
        run_id: (students, kps)
        for run_id, students, kps in session.execute(
            select(
                DiagnosisResult.run_id,
                func.count(DiagnosisResult.student_id.distinct()),
                func.count(DiagnosisResult.knowledge_point_id.distinct()),
            )
            .join(DiagnosisRun)
            .where(DiagnosisRun.class_id == school_class.id)
            .group_by(DiagnosisResult.run_id)
        ).all()
    }
    runs = session.scalars(
        select(DiagnosisRun).where(DiagnosisRun.class_id == school_class.id).order_by(DiagnosisRun.id.desc())
    ).all()
    return [
        DiagnosisRunRecord(
            run_id=run.id,
            class_name=school_class.name,
            created=run.created,
            model_version=run.model_version,
            device=run.device,
            seconds=run.seconds,
            assessments=_run_assessments(session, run.id),
            students=sizes.get(run.id, (0, 0))[0],
            knowledge_points=sizes.get(run.id, (0, 0))[1],
            state_after=_state_after(run.settings),
        )
        for run in runs
    ]


def _state_after(settings: dict[str, Any] | None) -> str | None:
    """The exam after which a run of the term states the class (settings["state_after"]), None for other runs."""
    value = (settings or {}).get("state_after")
    return str(value) if value is not None else None


def delete_diagnosis_run(session: Session, run_id: int) -> None:
    """Remove one stored run and its results."""
    deleted = cast(CursorResult[Any], session.execute(delete(DiagnosisRun).where(DiagnosisRun.id == run_id)))
    if deleted.rowcount == 0:
        raise NotFound(Text(f"没有编号为 {run_id} 的诊断。", f"There is no diagnosis run {run_id}."))


def _run_assessments(session: Session, run_id: int) -> tuple[str, ...]:
    """Names of the assessments a run used, in its matrix order."""
    return tuple(
        session.scalars(
            select(Assessment.name)
            .join(DiagnosisRunAssessment)
            .where(DiagnosisRunAssessment.run_id == run_id)
            .order_by(DiagnosisRunAssessment.position)
        )
    )


def _check(
    diagnosis: Diagnosis,
    students: dict[str, int],
    knowledge_points: dict[str, int],
    items: dict[str, int],
) -> None:
    """Raise ValueError if the diagnosis does not fit the class it is saved under."""
    shape = (len(diagnosis.student_ids), len(diagnosis.knowledge_points))
    arrays = (diagnosis.mastery, diagnosis.lower, diagnosis.upper, diagnosis.evidence, diagnosis.status)
    if any(np.shape(a) != shape for a in arrays):
        raise ValueError(f"diagnosis arrays are not all {shape}")
    if any(np.shape(v) != (len(diagnosis.item_ids),) for v in diagnosis.item_params.values()):
        raise ValueError("item parameters do not match the item ids")
    for kind, names, known in (
        ("students", diagnosis.student_ids, students),
        ("knowledge points", diagnosis.knowledge_points, knowledge_points),
        ("items", diagnosis.item_ids, items),
    ):
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"{len(unknown)} {kind} unknown to the class and assessments, e.g. {unknown[0]!r}")
        if len(set(names)) != len(names):
            raise ValueError(f"repeated {kind}")
    bad = set(np.unique(diagnosis.status).tolist()) - set(STATUSES)
    if bad:
        raise ValueError(f"unknown statuses {sorted(bad)}")
