"""Renaming and deleting classes and exams, and correcting a mistyped score: exact, recorded, undoable by backup."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from storage_helpers import fresh_store, gradebook

from app.core.problems import Refused
from app.services.classes import correct, delete_assessment, delete_class, rename_class, scores_of
from app.storage import (
    get_class,
    import_gradebook,
    list_backups,
    list_classes,
    load_prerequisites,
    load_score_matrix,
    save_prerequisites,
)


@pytest.fixture
def db(store_location):
    store = fresh_store(store_location)
    with store.writing() as session:
        import_gradebook(session, gradebook(), "3班")
        import_gradebook(session, gradebook(assessment="Exam 2", source="e2.csv"), "3班")
        import_gradebook(session, gradebook(source="4.csv", students=(("101", "王五"),)), "4班")
        save_prerequisites(session, "", [("减法", "加法")])
    yield store
    store.close()


def test_rename_keeps_everything_and_refuses_a_taken_or_blank_name(db) -> None:
    rename_class(db, "3班", "八年级(3)班")
    with db.session() as session:
        assert get_class(session, "八年级(3)班").assessments == ("Exam 1", "Exam 2")
    with pytest.raises(Refused, match="already a class named '4班'"):
        rename_class(db, "八年级(3)班", "4班")
    with pytest.raises(Refused, match="needs a name"):
        rename_class(db, "八年级(3)班", "  ")


def test_deleting_a_class_leaves_the_other_and_the_shared_knowledge_points(db) -> None:
    removed = delete_class(db, "3班")
    assert (removed.assessments, removed.class_removed) == (("Exam 1", "Exam 2"), True)
    with db.session() as session:
        assert [c.name for c in list_classes(session)] == ["4班"]
        assert load_score_matrix(session, "4班").knowledge_points == ("加法", "减法", "乘法")
        assert load_prerequisites(session, "") == [("减法", "加法")]
    if db.path is not None:  # a file is copied first; a server is backed up by the school (pg_dump)
        assert list_backups(db.path)[0].reason == "before-delete"


def test_deleting_one_exam_keeps_the_class_and_its_other_exam(db) -> None:
    removed = delete_assessment(db, "3班", "Exam 1")
    assert (removed.assessments, removed.class_removed) == (("Exam 1",), False)
    with db.session() as session:
        assert get_class(session, "3班").assessments == ("Exam 2",)


def test_a_corrected_score_is_recorded_and_marks_the_class_changed(db) -> None:
    with db.session() as session:
        before = get_class(session, "3班").last_change
    grid = scores_of(db, "3班", "Exam 1")
    assert grid.labels == ("Q1", "Q2", "Q3") and np.isnan(grid.points[2, 2]) and not grid.corrected.any()

    change = correct(db, "3班", "Exam 1", "003", "Q3", 4.0)
    assert (change.old_points, change.new_points) == (None, 4.0)
    grid = scores_of(db, "3班", "Exam 1")
    assert grid.points[2, 2] == 4.0 and grid.corrected.sum() == 1
    with db.session() as session:
        assert get_class(session, "3班").last_change > before
    with pytest.raises(Refused, match="between 0 and the full marks 5"):
        correct(db, "3班", "Exam 1", "003", "Q3", 6.0)
    assert dataclasses.replace(correct(db, "3班", "Exam 1", "003", "Q3", None), corrected_at=None).new_points is None
