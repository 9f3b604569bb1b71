"""Reading the store back: score matrices, classes, diagnoses and the knowledge graph."""

from __future__ import annotations

import re

import numpy as np
import pytest
from storage_helpers import fresh_store, gradebook

from app.core.diagnosis import Diagnosis
from app.storage import (
    NotFound,
    delete_diagnosis_run,
    import_gradebook,
    list_classes,
    list_diagnosis_runs,
    load_diagnosis,
    load_parents,
    load_prerequisites,
    load_score_matrix,
    save_diagnosis,
    save_prerequisites,
    store_summary,
)

NAN = np.nan


@pytest.fixture
def db(store_location):
    """A store holding class 3班 with Exam 1 (students 001-003) and Exam 2 (002 and 004)."""
    with fresh_store(store_location) as store, store.session() as session, session.begin():
        import_gradebook(session, gradebook(), "3班")
        exam2 = gradebook(
            "Exam 2",
            students=(("004", "王五"), ("002", "李四")),
            items=(("Q1", 4.0, ("减法", "除法")),),
            missing=(("002", "Q1"),),
        )
        import_gradebook(session, exam2, "3班")
    yield store
    store.close()


def test_one_assessment_gives_its_labels_points_and_q_matrix(db) -> None:
    with db.session() as session:
        matrix = load_score_matrix(session, "3班", ["Exam 1"])

    assert matrix.student_ids == ("001", "002", "003")
    assert matrix.student_names == ("张三", "李四", None)
    assert (matrix.item_ids, matrix.assessments) == (("Q1", "Q2", "Q3"), ("Exam 1",))
    assert matrix.knowledge_points == ("加法", "减法", "乘法")
    np.testing.assert_array_equal(matrix.points, [[0, 1, 2], [1, 2, 3], [0, 0, NAN]])
    np.testing.assert_array_equal(matrix.max_scores, [1, 2, 5])
    np.testing.assert_array_equal(matrix.item_assessment, [0, 0, 0])
    np.testing.assert_array_equal(matrix.q_matrix, [[True, False, False], [True, True, False], [False, False, True]])


def test_several_assessments_sit_side_by_side_with_qualified_item_ids(db) -> None:
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
        reversed_matrix = load_score_matrix(session, "3班", ["Exam 2", "Exam 1"])

    assert matrix.item_ids == ("Exam 1/Q1", "Exam 1/Q2", "Exam 1/Q3", "Exam 2/Q1")
    assert matrix.student_ids == ("001", "002", "003", "004")
    assert matrix.knowledge_points == ("加法", "减法", "乘法", "除法")
    np.testing.assert_array_equal(matrix.item_assessment, [0, 0, 0, 1])
    np.testing.assert_array_equal(matrix.points[:, 3], [NAN, NAN, NAN, 0])
    np.testing.assert_array_equal(matrix.q_matrix[3], [False, True, False, True])
    assert reversed_matrix.item_ids[0] == "Exam 2/Q1"
    assert reversed_matrix.assessments == ("Exam 2", "Exam 1")


def test_unknown_class_or_assessment_is_reported(db) -> None:
    with db.session() as session:
        with pytest.raises(NotFound) as no_class:
            load_score_matrix(session, "9班")
        with pytest.raises(NotFound) as no_exam:
            load_score_matrix(session, "3班", ["Final"])
    assert no_class.value.text.en == "There is no class named '9班'."
    assert no_exam.value.text.zh == "班级“3班”中没有考试“Final”。"


def test_classes_are_listed_with_students_and_assessments(db) -> None:
    with db.session() as session:
        [record] = list_classes(session)
    assert (record.name, record.subject, record.students) == ("3班", "", 4)
    assert record.assessments == ("Exam 1", "Exam 2")


def _diagnosis(matrix) -> Diagnosis:
    s, k, i = len(matrix.student_ids), len(matrix.knowledge_points), len(matrix.item_ids)
    mastery = np.linspace(0.05, 0.95, s * k).reshape(s, k)
    statuses = np.array(["weak", "developing", "mastered", "insufficient"])
    return Diagnosis(
        student_ids=matrix.student_ids,
        knowledge_points=matrix.knowledge_points[::-1],
        item_ids=matrix.item_ids,
        mastery=mastery,
        lower=mastery - 0.05,
        upper=mastery + 0.05,
        evidence=np.arange(s * k, dtype=float).reshape(s, k),
        status=statuses[np.arange(s * k).reshape(s, k) % 4],
        item_params={"difficulty": np.linspace(-1, 1, i), "discrimination": np.full(i, 1.5)},
        model_version="meta-0.1",
        device="cuda:0",
        settings={"steps": 5, "prior": "meta"},
        fit={"rmse": 0.21},
        seconds=1.25,
        ability=np.linspace(-1, 1, s),
        item_weights=np.tile(np.eye(k)[0], (i, 1)),
    )


@pytest.mark.parametrize("assessments", [None, ["Exam 2"]])
def test_a_diagnosis_comes_back_as_it_was_saved(db, assessments) -> None:
    with db.session() as session, session.begin():
        saved = _diagnosis(load_score_matrix(session, "3班", assessments))
        run_id = save_diagnosis(session, "3班", saved, assessments)
    with db.session() as session:
        loaded = load_diagnosis(session, run_id)
        [run] = list_diagnosis_runs(session, "3班")

    for name in ("student_ids", "knowledge_points", "item_ids", "model_version", "device", "settings", "fit"):
        assert getattr(loaded, name) == getattr(saved, name), name
    for name in ("mastery", "lower", "upper", "evidence", "status", "ability", "item_weights"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(saved, name), err_msg=name)
    assert loaded.item_params.keys() == saved.item_params.keys()
    for name, values in saved.item_params.items():
        np.testing.assert_array_equal(loaded.item_params[name], values)
    assert loaded.seconds == 1.25
    assert (run.run_id, run.model_version, run.device) == (run_id, "meta-0.1", "cuda:0")
    assert run.assessments == tuple(assessments or ("Exam 1", "Exam 2"))
    assert (run.students, run.knowledge_points) == (len(saved.student_ids), len(saved.knowledge_points))


def test_a_diagnosis_that_does_not_fit_the_class_is_refused(db) -> None:
    with db.session() as session:
        diagnosis = _diagnosis(load_score_matrix(session, "3班"))
        stranger = Diagnosis(**{**diagnosis.__dict__, "student_ids": ("001", "002", "003", "999")})
        with pytest.raises(ValueError, match=re.escape("1 students unknown to the class and assessments, e.g. '999'")):
            save_diagnosis(session, "3班", stranger)
        with pytest.raises(
            ValueError, match=re.escape("4 items unknown to the class and assessments, e.g. 'Exam 1/Q1'")
        ):
            save_diagnosis(session, "3班", diagnosis, ["Exam 1"])


def test_a_deleted_run_is_gone_with_its_results(db) -> None:
    with db.session() as session, session.begin():
        run_id = save_diagnosis(session, "3班", _diagnosis(load_score_matrix(session, "3班")))
    with db.session() as session, session.begin():
        delete_diagnosis_run(session, run_id)
    with db.session() as session:
        assert list_diagnosis_runs(session, "3班") == []
        with pytest.raises(NotFound):
            load_diagnosis(session, run_id)


def test_prerequisites_replace_the_subject_graph(db) -> None:
    with db.session() as session, session.begin():
        assert save_prerequisites(session, "", [("乘法", "加法"), ("方程", "乘法"), ("乘法", "加法")]) == 2
    with db.session() as session, session.begin():
        assert load_prerequisites(session, "") == [("乘法", "加法"), ("方程", "乘法")]
        assert store_summary(session).knowledge_points == 5
        save_prerequisites(session, "", [("除法", "乘法")])
    with db.session() as session:
        assert load_prerequisites(session, "") == [("除法", "乘法")]
        assert store_summary(session).knowledge_points == 4  # 方程 went with the graph that named it
    with db.session() as session, pytest.raises(ValueError):
        save_prerequisites(session, "", [("加法", "加法")])


def test_the_hierarchy_is_kept_with_the_graph_and_replaced_with_it(db) -> None:
    with db.session() as session, session.begin():
        save_prerequisites(
            session, "", [("四则运算", "加法")], [("加法", "四则运算"), ("减法", "四则运算"), ("加法", "x")]
        )
    with db.session() as session, session.begin():
        assert load_parents(session, "") == {"减法": "四则运算", "加法": "四则运算"}  # a point's first parent wins
        assert store_summary(session).knowledge_points == 5  # 四则运算 added; x, named only as a later parent, not
        save_prerequisites(session, "", [("除法", "乘法")])
    with db.session() as session:
        assert load_parents(session, "") == {}  # a graph without a parent column replaces the hierarchy too
        assert store_summary(session).knowledge_points == 4  # 四则运算 went with the graph that named it
