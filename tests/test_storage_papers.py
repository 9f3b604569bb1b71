"""Papers in the store, choice answers re-scored when a key arrives, and who is who in an existing class."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from storage_helpers import fresh_store, gradebook

from app.core.gradebook import IdentityMismatch
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.problems import GradebookError
from app.storage import (
    assessment_ids,
    attach_paper,
    get_class,
    grade_of,
    implied_paper,
    import_gradebook,
    list_papers,
    load_paper,
    load_score_matrix,
    replace_paper,
    save_paper,
)

PAPER = Paper(
    "Exam 1",
    (
        PaperQuestion("第1题", 3.0, ("加法",), QuestionKind.SINGLE, "B", "理解", 0.8),
        PaperQuestion("Q2", 2.0, ("减法",), QuestionKind.OTHER),
        PaperQuestion("3", 5.0, ("乘法", "加法")),
        PaperQuestion("Q9", 4.0, ("除法",)),
    ),
    source="细目表.xlsx",
)


def _with_letters(book):
    """Question Q1 as a choice question whose letters wait for their key."""
    scores = book.scores.copy()
    q1 = scores["item_id"] == "Q1"
    scores.loc[q1, "answer"] = ["B", "AB", None]
    scores.loc[q1, "score"] = np.nan
    items = [dataclasses.replace(i, kind=QuestionKind.SINGLE) if i.item_id == "Q1" else i for i in book.items]
    return dataclasses.replace(book, scores=scores, items=items)


def test_a_paper_comes_back_as_it_was_saved(store_location) -> None:
    db = fresh_store(store_location)
    with db.session() as session, session.begin():
        paper_id = save_paper(session, PAPER)
    with db.session() as session:
        assert load_paper(session, paper_id) == PAPER
        (record,) = list_papers(session)
    assert (record.name, record.questions, record.used_by) == ("Exam 1", 4, ())


def test_attaching_a_paper_tags_the_questions_and_scores_the_letters(store_location) -> None:
    db = fresh_store(store_location)
    with db.session() as session, session.begin():
        import_gradebook(session, _with_letters(gradebook()), "3班")
        before = get_class(session, "3班").last_change
        paper_id = save_paper(session, PAPER)
        summary = attach_paper(session, paper_id, assessment_ids(session, "Exam 1"))
    assert (summary.questions, summary.untagged, summary.rescored) == (3, (), 2)
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
        record = get_class(session, "3班")
        (listed,) = list_papers(session)
    assert matrix.knowledge_points == ("加法", "减法", "乘法")
    assert matrix.q_matrix.tolist() == [[True, False, False], [False, True, False], [True, False, True]]
    assert matrix.max_scores.tolist() == [3.0, 2.0, 5.0]
    assert matrix.points[:, 0].tolist()[:2] == [3.0, 0.0] and np.isnan(matrix.points[2, 0])  # B right, AB wrong
    assert record.last_change > before  # its diagnoses are out of date
    assert listed.used_by == (("3班", "Exam 1"),)


def test_a_paper_whose_full_marks_are_below_a_score_is_refused_and_nothing_changes(store_location) -> None:
    db = fresh_store(store_location)
    low = dataclasses.replace(PAPER, questions=(PaperQuestion("Q3", 1.0, ("乘法",)),))
    with db.session() as session, session.begin():
        import_gradebook(session, gradebook(), "3班")
    with db.session() as session, session.begin():
        paper_id = save_paper(session, low)
        with pytest.raises(GradebookError, match="above the paper's full marks 1"):
            attach_paper(session, paper_id, assessment_ids(session, "Exam 1"))
    with db.session() as session:
        assert load_score_matrix(session, "3班").max_scores.tolist() == [1.0, 2.0, 5.0]


def test_editing_a_stored_paper_retags_every_class_that_took_the_exam(store_location) -> None:
    db = fresh_store(store_location)
    with db.session() as session, session.begin():
        import_gradebook(session, gradebook(), "3班")
        import_gradebook(session, gradebook(source="other.csv", students=(("101", "王五"),)), "4班")
        paper_id = save_paper(session, PAPER)
        attach_paper(session, paper_id, assessment_ids(session, "Exam 1"))
        edited = dataclasses.replace(PAPER, questions=(*PAPER.questions[:2], PaperQuestion("3", 5.0, ("几何",))))
        replace_paper(session, paper_id, edited)
    with db.session() as session:
        for class_name in ("3班", "4班"):
            matrix = load_score_matrix(session, class_name)
            assert "几何" in matrix.knowledge_points and matrix.q_matrix[2].sum() == 1
        assert implied_paper(session, assessment_ids(session, "Exam 1", "4班")[0]).questions[2].knowledge_points == (
            "几何",
        )


def test_the_second_of_two_editors_of_a_paper_is_told_it_changed_and_overwrites_nothing(store_location) -> None:
    from app.services.tagging import exam_paper, save_tags
    from app.storage import StoreChanged

    db = fresh_store(store_location)
    with db.writing() as session:
        import_gradebook(session, gradebook(), "3班")
        import_gradebook(session, gradebook(source="other.csv", students=(("101", "王五"),)), "4班")
    untagged_a, untagged_b = exam_paper(db, "3班", "Exam 1"), exam_paper(db, "4班", "Exam 1")
    assert (untagged_a.version, untagged_b.version) == (0, 0)
    save_tags(db, "3班", "Exam 1", PAPER, version=untagged_a.version)
    with pytest.raises(StoreChanged, match="another teacher"):  # B read it untagged; A attached a paper since
        save_tags(db, "4班", "Exam 1", dataclasses.replace(PAPER, name="B's"), version=untagged_b.version)
    first, second = exam_paper(db, "3班", "Exam 1"), exam_paper(db, "4班", "Exam 1")
    assert first.version == second.version == 1 and second.paper.name == PAPER.name
    geometry = dataclasses.replace(PAPER, questions=(*PAPER.questions[:2], PaperQuestion("3", 5.0, ("几何",))))
    save_tags(db, "3班", "Exam 1", geometry, version=first.version)
    algebra = dataclasses.replace(PAPER, questions=(*PAPER.questions[:2], PaperQuestion("3", 5.0, ("代数",))))
    with pytest.raises(StoreChanged, match="not saved"):
        save_tags(db, "4班", "Exam 1", algebra, version=second.version)
    now = exam_paper(db, "4班", "Exam 1")  # the second editor sees the first's edit, and may now make theirs
    assert now.version == 2 and now.paper.questions[2].knowledge_points == ("几何",)
    save_tags(db, "4班", "Exam 1", algebra, version=now.version)
    assert exam_paper(db, "3班", "Exam 1").paper.questions[2].knowledge_points == ("代数",)
    db.close()


def test_the_same_students_under_other_numbers_are_refused_then_matched_by_name(store_location) -> None:
    db = fresh_store(store_location)
    renumbered = gradebook(assessment="Exam 2", students=(("K01", "张三"), ("K02", "李四"), ("K09", "赵六")))
    with db.session() as session, session.begin():
        import_gradebook(session, gradebook(), "3班")
    with db.session() as session, session.begin(), pytest.raises(IdentityMismatch, match="--match-by-name"):
        import_gradebook(session, renumbered, "3班")
    with db.session() as session, session.begin():
        summary = import_gradebook(session, renumbered, "3班", match_by_name=True)
    assert summary.new_students == ("赵六（K09）",)
    assert summary.absent_students == ("003",)
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
    assert matrix.student_ids == ("001", "002", "003", "K09")  # 张三 and 李四 kept their numbers


def test_transfer_ins_and_absentees_are_listed(store_location) -> None:
    db = fresh_store(store_location)
    later = gradebook(assessment="Exam 2", students=(("001", "张三"), ("004", "钱七")))
    with db.session() as session, session.begin():
        first = import_gradebook(session, gradebook(), "3班")
        summary = import_gradebook(session, later, "3班")
    assert (first.new_students, first.absent_students) == ((), ())  # a new class: nobody is "new" or "absent"
    assert summary.new_students == ("钱七（004）",)
    assert summary.absent_students == ("李四（002）", "003")


def test_grade_file_parts_are_separate_imports(store_location) -> None:
    db = fresh_store(store_location)
    book = gradebook()
    students = [dataclasses.replace(s, class_name=c) for s, c in zip(book.students, ("1班", "1班", "2班"))]
    book = dataclasses.replace(book, students=students)
    with db.session() as session, session.begin():
        summaries = [import_gradebook(session, book.for_class(c), c) for c in book.class_names]
    assert [(s.class_name, s.students, s.scores) for s in summaries] == [("1班", 2, 6), ("2班", 1, 2)]
    assert len({s.batch_id for s in summaries}) == 2


def test_the_letters_chosen_and_the_key_come_back_with_the_scores(store_location) -> None:
    db = fresh_store(store_location)
    with db.session() as session, session.begin():
        import_gradebook(session, _with_letters(gradebook()), "3班")
        attach_paper(session, save_paper(session, PAPER), assessment_ids(session, "Exam 1"))
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
    assert matrix.answer_keys == ("B", None, None)
    assert matrix.answers is not None
    assert matrix.answers[:, 0].tolist() == ["B", "AB", None]
    assert matrix.answers[:, 1:].tolist() == [[None, None]] * 3


def test_a_class_without_choice_questions_has_no_letters(store_location) -> None:
    db = fresh_store(store_location)
    with db.session() as session, session.begin():
        import_gradebook(session, gradebook(), "3班")
    with db.session() as session:
        matrix = load_score_matrix(session, "3班")
    assert matrix.answers is None and matrix.answer_keys == (None, None, None)


def test_the_grade_of_a_class_is_every_class_that_sat_one_of_its_exams(store_location) -> None:
    db = fresh_store(store_location)
    other_paper = (("一", 3.0, ("函数",)), ("二", 4.0, ("函数",)))
    with db.session() as session, session.begin():
        import_gradebook(session, gradebook(), "1班")
        import_gradebook(session, gradebook(students=(("101", "赵一"),), missing=()), "2班")  # same exam
        import_gradebook(session, gradebook("Exam 2"), "3班")
        import_gradebook(session, gradebook("Exam 2", students=(("301", "孙三"),), missing=()), "4班")
        import_gradebook(session, gradebook(items=other_paper, missing=()), "七年级1班")  # same name, other exam
        attach_paper(session, save_paper(session, PAPER), assessment_ids(session, "Exam 2", "3班"))
        attach_paper(session, save_paper(session, PAPER), assessment_ids(session, "Exam 1", "七年级1班"))
    with db.session() as session:
        assert grade_of(session, "1班") == ["2班"]
        assert grade_of(session, "3班") == ["4班"]  # the paper is only on 3班; the labels still match
        assert grade_of(session, "七年级1班") == []
