"""The use cases both faces share, run on both engines (`store_location`: a file, and a server database where
ZHIDIAN_TEST_PG names one): the sample loaded, diagnosed, shown against its grade, exported, undone; a paper edit
refused when another teacher put another paper on the exam meanwhile."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from app.services.class_data import load_class_data
from app.services.diagnosing import diagnose_stored_class
from app.services.exporting import load_diagnosed_class
from app.services.sample import SAMPLE_CLASS, load_sample
from app.services.store import daily_backup, open_store, store_state, store_totals, undo_import
from app.services.tagging import exam_paper, paper_changed, save_tags, tag_with_file
from app.storage import StoreChanged, label


def test_the_sample_is_diagnosed_and_shown_against_the_diagnosed_classes_of_its_grade(store_location) -> None:
    db, state = open_store(store_location)
    with db:
        assert state.empty and state.location == label(store_location)  # a server's without its password
        load_sample(db)
        diagnose_stored_class(db, SAMPLE_CLASS)
        diagnose_stored_class(db, "八年级(1)班")
        view = load_class_data(db, SAMPLE_CLASS)
        data = load_diagnosed_class(db, SAMPLE_CLASS)
    assert not view.stale and view.grade_classes == ("八年级(1)班",) and len(view.grade) > 0
    np.testing.assert_array_equal(data.diagnosis.mastery, view.diagnosis.mastery)


def test_undo_through_the_services_takes_the_newest_file_away(store_location) -> None:
    db, _ = open_store(store_location)
    with db:
        load_sample(db)
        before = store_state(db)
        newest = before.imports[0]
        undone = undo_import(db)
        after = store_state(db)
        totals = store_totals(db)
        backup = daily_backup(db)
    assert undone[0].batch_id == newest.batch_id
    assert len(after.imports) == len(before.imports) - len(undone)
    assert totals.scores == sum(c.scores for c in after.classes)
    assert (backup is None) == (db.path is None)  # a file is backed up daily here; a server by the school
    if db.path is None:
        assert after.path is None and after.location.startswith("postgresql://")


def test_an_edit_of_a_paper_replaced_by_another_teachers_file_since_is_refused(store_location) -> None:
    db, _ = open_store(store_location)
    with db:
        load_sample(db)
        exam = store_state(db).imports[-1].assessments[0]
        start = exam_paper(db, SAMPLE_CLASS, exam)
        first = dataclasses.replace(start.paper.questions[0], knowledge_points=("相反数",))
        tag_with_file(db, dataclasses.replace(start.paper, questions=(first, *start.paper.questions[1:])), exam)
        read = exam_paper(db, SAMPLE_CLASS, exam)  # teacher B opens the paper dialog
        second = dataclasses.replace(start.paper.questions[0], knowledge_points=("绝对值",))
        tag_with_file(db, dataclasses.replace(start.paper, questions=(second, *start.paper.questions[1:])), exam)
        now = exam_paper(db, SAMPLE_CLASS, exam)  # teacher A tagged it from another 细目表: a new paper, version 1
        assert now.paper_id != read.paper_id and now.version == read.version
        with pytest.raises(StoreChanged) as refused:
            save_tags(db, SAMPLE_CLASS, exam, read.paper, version=read.version, paper_id=read.paper_id)
        assert paper_changed(refused.value)
        assert exam_paper(db, SAMPLE_CLASS, exam).paper.questions[0].knowledge_points == ("绝对值",)  # A's, kept
