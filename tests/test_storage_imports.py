"""Importing gradebooks into the store, refusing bad or repeated ones, and undoing imports."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sqlalchemy import select
from storage_helpers import fresh_store, gradebook, totals

from app.core.diagnosis import Diagnosis
from app.core.problems import GradebookError, Problem, Severity, Text
from app.storage import (
    DuplicateImport,
    NotFound,
    StoreSummary,
    import_gradebook,
    list_diagnosis_runs,
    list_imports,
    load_prerequisites,
    load_score_matrix,
    save_diagnosis,
    save_prerequisites,
    undo_import,
)
from app.storage import imports as imports_module
from app.storage.models import KnowledgePoint, Student

EMPTY = StoreSummary(students=0, items=0, scores=0, assessments=0, knowledge_points=0, classes=0)
SECOND = gradebook(
    "Exam 2",
    students=(("002", "李四"), ("003", None), ("004", "王五")),
    items=(("Q1", 4.0, ("减法",)), ("Q2", 1.0, ("除法",))),
    missing=(),
)


@pytest.fixture
def db(store_location):
    with fresh_store(store_location) as store:
        yield store


def _import(db, parsed, class_name="3班"):
    with db.session() as session, session.begin():
        return import_gradebook(session, parsed, class_name)


def _undo(db, batch_id=None):
    with db.session() as session, session.begin():
        return undo_import(session, batch_id)


def _matrix(db, class_name="3班"):
    with db.session() as session:
        return load_score_matrix(session, class_name)


def test_import_reports_and_stores_every_count(db) -> None:
    warning = Problem(Severity.WARNING, Text("总分列已忽略", "total column ignored"), "Exam 1.csv", row=1)
    summary = _import(db, gradebook(problems=(warning,)))

    assert (summary.class_name, summary.students, summary.items) == ("3班", 3, 3)
    assert (summary.scores, summary.missing, summary.knowledge_points, summary.assessments) == (8, 1, 3, 1)
    assert summary.warnings == (warning,)
    assert totals(db) == StoreSummary(students=3, items=3, scores=8, assessments=1, knowledge_points=3, classes=1)
    with db.session() as session:
        [record] = list_imports(session)
    assert (record.batch_id, record.class_name, record.source) == (summary.batch_id, "3班", "Exam 1.csv")
    assert (record.assessments, record.scores, record.missing, record.warnings) == (("Exam 1",), 8, 1, 1)


def test_second_assessment_adds_scores_to_students_matched_by_number(db) -> None:
    _import(db, gradebook())
    summary = _import(db, SECOND)

    assert (summary.students, summary.scores, summary.missing) == (3, 6, 0)
    assert totals(db) == StoreSummary(students=4, items=5, scores=14, assessments=2, knowledge_points=4, classes=1)
    matrix = _matrix(db)
    assert matrix.student_ids == ("001", "002", "003", "004")
    assert np.isnan(matrix.points[0, 3:]).all() and np.isnan(matrix.points[3, :3]).all()


def test_a_changed_name_for_a_known_number_is_kept_and_warned(db) -> None:
    _import(db, gradebook())
    summary = _import(db, gradebook("Exam 2", students=(("001", "张珊"),)))

    [warning] = summary.warnings
    assert warning.severity is Severity.WARNING and "001" in warning.text.en and "张三" in warning.text.zh
    assert _matrix(db).student_names[0] == "张三"


def test_the_same_file_twice_is_refused_naming_the_earlier_import(db) -> None:
    first = _import(db, gradebook())
    before = totals(db)

    with pytest.raises(DuplicateImport) as refused:
        _import(db, gradebook(source="copy.csv"), class_name="4班")

    assert refused.value.earlier_batch_id == first.batch_id
    [problem] = refused.value.problems
    assert "'Exam 1.csv'" in problem.text.en and "already imported on" in problem.text.en
    assert "“Exam 1.csv”" in problem.text.zh
    assert totals(db) == before


def test_an_assessment_name_the_class_has_is_refused(db) -> None:
    _import(db, gradebook())
    before = totals(db)

    with pytest.raises(GradebookError) as refused:
        _import(db, gradebook(students=(("009", "赵六"),), source="again.csv"))

    [problem] = refused.value.problems
    assert "'Exam 1' already exists in class '3班'" in problem.text.en
    assert "Undo that import first, or rename" in problem.text.en
    assert totals(db) == before
    _import(db, gradebook(students=(("009", "赵六"),), source="again.csv"), class_name="4班")


def test_a_gradebook_with_errors_changes_nothing(db) -> None:
    error = Problem(Severity.ERROR, Text("得分超过满分", "score above max"), "Exam 1.csv", row=3, column="Q2")
    warning = Problem(Severity.WARNING, Text("空行", "blank row"), "Exam 1.csv", row=9)

    with pytest.raises(GradebookError) as refused:
        _import(db, gradebook(problems=(error, warning)))

    assert refused.value.problems == [error, warning]
    assert totals(db) == EMPTY


def test_scores_naming_an_unlisted_student_are_refused(db) -> None:
    parsed = gradebook()
    parsed.students.pop()

    with pytest.raises(GradebookError) as refused:
        _import(db, parsed)

    assert [p.text.en for p in refused.value.problems] == ["A score names a student not in the student list."]
    assert totals(db) == EMPTY


def test_a_failure_halfway_through_the_scores_leaves_the_store_as_it_was(db, monkeypatch) -> None:
    _import(db, gradebook())
    before = totals(db)
    with db.session() as session:
        imports_before = list_imports(session)
    written: list[int] = []
    insert_scores = imports_module._insert_scores

    def fail_halfway(session, rows):
        insert_scores(session, rows[: len(rows) // 2])
        written.append(len(session.scalars(select(Student.id)).all()))
        raise OSError("disk full")

    monkeypatch.setattr(imports_module, "_insert_scores", fail_halfway)
    with pytest.raises(OSError, match="disk full"):
        _import(db, SECOND)

    assert written == [4]  # the new student and half the scores were in before the failure
    assert totals(db) == before
    with db.session() as session:
        assert list_imports(session) == imports_before


def test_import_gradebook_is_atomic_inside_a_longer_transaction(db, monkeypatch) -> None:
    monkeypatch.setattr(imports_module, "_insert_scores", lambda session, rows: 1 / 0)
    with db.session() as session, session.begin(), pytest.raises(ZeroDivisionError):
        import_gradebook(session, gradebook(), "3班")
    assert totals(db) == EMPTY


def _kept(db, summary: StoreSummary, knowledge_points: int) -> StoreSummary:
    """`summary` as a server store reads it: the grade's knowledge points stay after an undo."""
    return dataclasses.replace(summary, knowledge_points=knowledge_points) if db.server else summary


def test_undo_removes_exactly_the_last_import_then_the_one_before(db) -> None:
    first = _import(db, gradebook())
    after_first = totals(db)
    matrix_after_first = _matrix(db)
    second = _import(db, SECOND)

    undone = _undo(db)

    assert (undone.batch_id, undone.source, undone.class_name) == (second.batch_id, "Exam 2.csv", "3班")
    assert (undone.students, undone.items, undone.scores, undone.assessments) == (1, 2, 6, 1)
    # on a server a knowledge point is the grade's: an undo leaves it (another class's tags may use it)
    assert (undone.knowledge_points, undone.class_removed) == (0 if db.server else 1, False)
    assert totals(db) == _kept(db, after_first, 4)
    matrix = _matrix(db)
    assert matrix.student_ids == matrix_after_first.student_ids
    np.testing.assert_array_equal(matrix.points, matrix_after_first.points)

    undone = _undo(db)
    assert (undone.batch_id, undone.students, undone.class_removed) == (first.batch_id, 3, True)
    assert totals(db) == _kept(db, EMPTY, 4)
    with pytest.raises(NotFound):
        _undo(db)


def test_undoing_an_older_import_hands_shared_rows_to_the_newer_one(db) -> None:
    first = _import(db, gradebook())
    second = _import(db, gradebook("Exam 2", missing=()))

    undone = _undo(db, first.batch_id)

    assert (undone.students, undone.knowledge_points, undone.assessments) == (0, 0, 1)
    assert totals(db) == StoreSummary(students=3, items=3, scores=9, assessments=1, knowledge_points=3, classes=1)
    assert _matrix(db).assessments == ("Exam 2",)
    undone = _undo(db, second.batch_id)
    assert (undone.students, undone.knowledge_points, undone.class_removed) == (3, 0 if db.server else 3, True)
    assert totals(db) == _kept(db, EMPTY, 3)


def test_undo_removes_the_diagnoses_that_used_the_import(db) -> None:
    _import(db, gradebook())
    _import(db, SECOND)
    with db.session() as session, session.begin():
        for assessments in (["Exam 1"], ["Exam 2"]):
            matrix = load_score_matrix(session, "3班", assessments)
            save_diagnosis(session, "3班", _flat_diagnosis(matrix), assessments)

    assert _undo(db).diagnosis_runs == 1

    with db.session() as session:
        assert [run.assessments for run in list_diagnosis_runs(session, "3班")] == [("Exam 1",)]


def test_a_knowledge_point_in_the_graph_survives_the_undo_of_its_import(db) -> None:
    _import(db, gradebook())
    with db.session() as session, session.begin():
        save_prerequisites(session, "", [("乘法", "加法")])

    _undo(db)

    with db.session() as session:
        assert load_prerequisites(session, "") == [("乘法", "加法")]
        assert session.scalars(select(KnowledgePoint.batch_id)).all() == [None] * (3 if db.server else 2)


def test_an_undone_file_can_be_imported_again(db) -> None:
    _import(db, gradebook())
    _undo(db)
    assert _import(db, gradebook()).scores == 8


def test_undo_of_an_unknown_import_is_refused(db) -> None:
    with pytest.raises(NotFound) as refused:
        _undo(db, 42)
    assert refused.value.text.en == "There is no import 42."


def _flat_diagnosis(matrix) -> Diagnosis:
    shape = (len(matrix.student_ids), len(matrix.knowledge_points))
    return Diagnosis(
        student_ids=matrix.student_ids,
        knowledge_points=matrix.knowledge_points,
        item_ids=matrix.item_ids,
        mastery=np.full(shape, 0.5),
        lower=np.full(shape, 0.2),
        upper=np.full(shape, 0.8),
        evidence=np.ones(shape),
        status=np.full(shape, "developing"),
        item_params={},
        model_version="test",
        device="cpu",
    )
