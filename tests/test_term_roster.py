"""A term in the store (issue 19): exams in date order everywhere, exam dates edited, the roster kept across the
term (names-only files, numbers that lost their zeros, look-alike names, merges, 转出 / 转入)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest
from script_exports import script_module
from storage_helpers import fresh_store, gradebook

from app.core.gradebook import GradebookAssessment, MarkReading
from app.core.problems import Refused
from app.importer import ImportOptions, read_gradebook
from app.services import roster as roster_service
from app.services.import_review import conventions, flipped, look_alikes, sheet_choice
from app.services.importing import ImportRequest, import_parsed, preview_import, read_checked
from app.storage import NotFound, list_classes, load_score_matrix, score_rows, store_summary
from app.storage.papers import assessment_ids

TERM = (("期中", dt.date(2026, 11, 12)), ("第一次月考", dt.date(2026, 10, 9)), ("期末", dt.date(2027, 1, 15)))


def dated(name: str, date: dt.date | None, students=(("001", "张三"), ("002", "李四"), ("003", "王五"))):
    return dataclasses.replace(gradebook(name, students=students), assessments=[GradebookAssessment(name, date)])


@pytest.fixture
def db(store_location):
    store = fresh_store(store_location)
    for name, date in TERM:  # imported out of date order
        import_parsed(store, ImportRequest(dated(name, date), "3班"))
    yield store
    store.close()


# --- 9. exams in date order -------------------------------------------------------------------------------------


def test_every_list_of_exams_is_in_date_order(db) -> None:
    in_order = ["第一次月考", "期中", "期末"]
    with db.session() as session:
        (record,) = list_classes(session)
        assert list(record.assessments) == in_order
        assert list(record.assessment_dates) == [dt.date(2026, 10, 9), dt.date(2026, 11, 12), dt.date(2027, 1, 15)]
        assert load_score_matrix(session, "3班").assessments == tuple(in_order)
        assert list(dict.fromkeys(row[2] for row in score_rows(session, "3班"))) == in_order
        # a list the caller names keeps its order
        assert load_score_matrix(session, "3班", ["期末", "期中"]).assessments == ("期末", "期中")


def test_an_undated_exam_sits_at_the_day_it_was_imported_and_a_date_set_later_moves_it(db) -> None:
    import_parsed(db, ImportRequest(dated("单元测验", None), "3班"))
    with db.session() as session:
        today = sum(date <= dt.date.today() for _, date in TERM)  # sorted as of the day it was imported
        assert list_classes(session)[0].assessments.index("单元测验") == today
    roster_service.date_exam(db, "3班", "单元测验", dt.date(2026, 9, 20))
    with db.session() as session:
        (record,) = list_classes(session)
        assert record.assessments[0] == "单元测验" and record.assessment_dates[0] == dt.date(2026, 9, 20)
        from app.storage.models import Assessment

        (found,) = assessment_ids(session, "单元测验", "3班")
        assert session.get(Assessment, found).changed is not None  # its diagnoses read as out of date


def test_an_unknown_exam_names_the_class_exams_in_date_order(db) -> None:
    with db.session() as session, pytest.raises(NotFound) as missing:
        assessment_ids(session, "期中考试", "3班")
    assert "Its exams: 第一次月考, 期中, 期末." in missing.value.text.en
    assert "已有的考试：第一次月考、期中、期末" in missing.value.text.zh


# --- 6 and 7. the roster over a term ----------------------------------------------------------------------------


def test_a_names_only_sheet_matches_the_class_by_name_and_makes_stable_ids_for_new_students(
    store_location, tmp_path, term
) -> None:
    db = fresh_store(store_location)
    script = script_module("make_term_exports")
    import_parsed(db, ImportRequest(read_checked(term.midterm), script.CLASS))
    names_only = read_checked(term.names_only)
    (summary,) = import_parsed(db, ImportRequest(names_only, script.CLASS))
    assert summary.new_students == () and summary.absent_students == ()
    with db.session() as session:
        matrix = load_score_matrix(session, script.CLASS)
    assert matrix.student_ids == tuple(number for number, _ in script.STUDENTS)  # the class's numbers, never 序号
    fresh = fresh_store(tmp_path / "other")
    (first,) = import_parsed(fresh, ImportRequest(names_only, "新班"))
    assert first.students == 8
    with fresh.session() as session:
        assert load_score_matrix(session, "新班").student_ids[0] == "名:王思远"
    db.close()
    fresh.close()


def test_numbers_that_lost_their_zeros_and_a_variant_name_are_matched_or_shown(store_location, term) -> None:
    db = fresh_store(store_location)
    script = script_module("make_term_exports")
    import_parsed(db, ImportRequest(read_checked(term.midterm), script.CLASS))
    second = read_checked(term.second)  # 803001 …, and 呂子墨 for 吕子墨
    assert look_alikes(db, second, script.CLASS) == []  # every number is found, 803003 as 0803003
    (summary,) = import_parsed(db, ImportRequest(second, script.CLASS))
    assert summary.new_students == () and summary.absent_students == ()
    zeros = [w.text.en for w in summary.warnings if "leading zeros" in w.text.en]
    assert zeros == [
        "8 student numbers in the file are matched to the class's (their leading zeros were lost, e.g. 803001 is "
        "0803001)."
    ]
    renamed = [w.text.en for w in summary.warnings if "0803003 is already '吕子墨'" in w.text.en]
    assert renamed and "'呂子墨'" in renamed[0]
    db.close()


def test_a_look_alike_new_student_is_offered_and_the_teachers_choice_joins_them(store_location) -> None:
    db = fresh_store(store_location)
    import_parsed(db, ImportRequest(dated("期中", dt.date(2026, 11, 12), (("001", "吕子墨"), ("002", "李四"))), "3班"))
    later = dated("期末", dt.date(2027, 1, 15), (("901", "呂子墨"), ("002", "李四")))
    (alike,) = look_alikes(db, later, "3班")
    assert (alike.file_number, alike.class_number, str(alike.likeness)) == ("901", "001", "variant")
    assert "merge them in Manage classes" in alike.describe().en and "合并" in alike.describe().zh
    (summary,) = import_parsed(db, ImportRequest(later, "3班", same_as={"901": "001"}))
    assert summary.new_students == () and summary.look_alikes == ()
    with db.session() as session:
        assert load_score_matrix(session, "3班").student_ids == ("001", "002")
    db.close()


def test_without_a_choice_the_look_alike_is_imported_and_named_in_the_warnings(store_location) -> None:
    db = fresh_store(store_location)
    import_parsed(db, ImportRequest(dated("期中", dt.date(2026, 11, 12), (("001", "王思远"), ("002", "李四"))), "3班"))
    (summary,) = import_parsed(db, ImportRequest(dated("期末", None, (("901", "王思源"), ("002", "李四"))), "3班"))
    assert summary.look_alikes == (("901", "001"),)
    assert any("'王思源' (901) looks like the class's '王思远' (001)" in w.text.en for w in summary.warnings)
    db.close()


def test_merging_two_records_joins_their_scores_undoably_and_refuses_one_exam_twice(store_location) -> None:
    db = fresh_store(store_location)
    import_parsed(db, ImportRequest(dated("期中", dt.date(2026, 11, 12), (("001", "吕子墨"), ("002", "李四"))), "3班"))
    import_parsed(db, ImportRequest(dated("期末", dt.date(2027, 1, 15), (("901", "呂子墨"), ("002", "李四"))), "3班"))
    with pytest.raises(Refused) as refused:
        roster_service.merge_students(db, "3班", "001", "002")  # both sat 期中
    assert "nothing was merged" in refused.value.text.en
    record = roster_service.merge_students(db, "3班", "001", "901")
    assert (record.kept, record.merged, record.scores) == ("001", "901", 3)
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
    assert matrix.student_ids == ("001", "002") and not np.isnan(matrix.points[0]).all()
    assert [e.number for e in roster_service.roster_of(db, "3班")] == ["001", "002"]
    with db.session() as session:
        assert store_summary(session).students == 2 == list_classes(session)[0].students
    # a later file with the merged number finds the kept student
    (summary,) = import_parsed(db, ImportRequest(dated("补考", None, (("901", "呂子墨"),)), "3班"))
    assert summary.new_students == ()
    (merge,) = roster_service.merges(db, "3班")
    roster_service.undo_merge(db, merge.merge_id)
    with db.session() as session:
        exams = load_score_matrix(session, "3班", ["期末"])
    assert set(exams.student_ids) == {"901", "002"}
    db.close()


def test_a_student_who_left_is_out_of_the_class_figures_after_the_date_only(db) -> None:
    left = roster_service.transfer(db, "3班", "002", left_on=dt.date(2026, 12, 1))
    assert left.left_on == dt.date(2026, 12, 1)
    with db.session() as session:
        assert load_score_matrix(session, "3班").student_ids == ("001", "003")  # the term speaks for now
        assert load_score_matrix(session, "3班", ["期中"]).student_ids == ("001", "002", "003")  # before leaving
    later = dated("补考", dt.date(2027, 2, 1), (("001", "张三"), ("003", "王五")))
    (summary,) = import_parsed(db, ImportRequest(later, "3班"))
    assert summary.absent_students == ()  # 李四 left: not absent
    with pytest.raises(Refused):
        roster_service.transfer(db, "3班", "001", joined_on=dt.date(2026, 9, 1), left_on=dt.date(2026, 8, 1))
    back = roster_service.transfer(db, "3班", "002", joined_on=dt.date(2027, 1, 1))
    assert (back.joined_on, back.left_on) == (dt.date(2027, 1, 1), None)
    cleared = roster_service.clear_transfer(db, "3班", "002")
    assert (cleared.joined_on, cleared.left_on) == (None, None)


# --- 2. the sheet to choose ---------------------------------------------------------------------------------------


def test_the_wizard_gets_the_sheets_to_choose_from(term) -> None:
    assert sheet_choice(term.subjects) == ["语文", "数学", "英语"]
    assert sheet_choice(term.midterm) == []
    preview = preview_import(term.subjects)  # the preview shows the layout and waits for a choice
    assert preview.parsed is None and preview.layout.sheet_choice == ("语文", "数学", "英语")
    assert [p.text.en for p in preview.problems] == [
        "3 sheets of the workbook look like gradebooks: 语文, 数学, 英语. Choose the sheet to import (--sheet NAME "
        "on the command line)."
    ]
    chosen = preview_import(term.subjects, options=ImportOptions(sheet="英语"))
    assert chosen.parsed is not None and chosen.problems == chosen.parsed.problems


def test_a_flipped_convention_is_one_teachers_choice_per_column(term) -> None:
    parsed = read_gradebook(term.jike)
    (blank,) = [c for c in conventions(parsed) if c.mark == "—"]
    readings = flipped({}, blank)
    assert readings == {"3": MarkReading.MISSING} and flipped(readings, blank) == {"3": MarkReading.ZERO}
    again = read_gradebook(term.jike, options=ImportOptions(mark_readings=tuple(readings.items())))
    assert [c.reading for c in conventions(again) if c.mark == "—"] == [MarkReading.MISSING]


# --- 1. the unchosen question is no evidence ---------------------------------------------------------------------


def test_the_question_not_chosen_is_missing_in_the_store(store_location, term) -> None:
    db = fresh_store(store_location)
    import_parsed(db, ImportRequest(read_gradebook(term.jike), "八年级1班"))
    with db.session() as session:
        matrix = load_score_matrix(session, "八年级1班")
    column = {item: j for j, item in enumerate(matrix.item_ids)}
    chose = [not math.isnan(matrix.points[s, column["22"]]) for s in range(len(matrix.student_ids))]
    assert chose == [True, False] * 4
    assert all(math.isnan(matrix.points[s, column["23"]]) == chose[s] for s in range(len(chose)))
    db.close()


def test_lost_zeros_match_only_when_one_class_number_fits(store_location) -> None:
    db = fresh_store(store_location)
    import_parsed(
        db, ImportRequest(dated("期中", None, (("0803001", "甲"), ("00803001", "乙"), ("0803002", "丙"))), "3班")
    )
    (summary,) = import_parsed(db, ImportRequest(dated("期末", None, (("803001", "甲"), ("803002", "丙"))), "3班"))
    assert summary.new_students == ("甲（803001）",)  # 0803001 or 00803001: not guessed
    assert [w.text.en for w in summary.warnings if "leading zeros" in w.text.en] == [
        "Student number 803002 in the file is matched to the class's 0803002 (its leading zeros were lost)."
    ]
    db.close()


def test_a_student_who_joined_is_not_counted_before_the_date(db) -> None:
    roster_service.transfer(db, "3班", "003", joined_on=dt.date(2026, 11, 1))
    with db.session() as session:
        assert load_score_matrix(session, "3班", ["第一次月考"]).student_ids == ("001", "002")  # before joining
        assert load_score_matrix(session, "3班").student_ids == ("001", "002", "003")
    (entry,) = [e for e in roster_service.roster_of(db, "3班") if e.number == "003"]
    assert (entry.joined_on, entry.left_on, entry.scores) == (dt.date(2026, 11, 1), None, 9)
