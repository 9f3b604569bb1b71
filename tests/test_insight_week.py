"""The 讲评 list, 分层 groups and a class against its grade, on small classes worked out by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from insight_helpers import tiny_class, tiny_data

from app.core.diagnosis import Diagnosis
from app.insight.grade import against_grade, weak_relative_to_class
from app.insight.groups import group_sheet, group_students, regrouped
from app.insight.review import review_list
from app.insight.summaries import item_analysis, option_counts


def _with_choice(matrix):
    """q1 as a choice question keyed B: 张三 chose A, 李四 B, 王五 C... then D for nobody."""
    answers = np.full(matrix.points.shape, None, dtype=object)
    answers[:, 0] = ["A", "B", "A"]
    keys = ("B",) + (None,) * (len(matrix.item_ids) - 1)
    return dataclasses.replace(matrix, answers=answers, answer_keys=keys)


def test_option_counts_list_each_answer_most_chosen_first() -> None:
    matrix = _with_choice(tiny_class()[0])
    assert option_counts(matrix, 0) == (("A", 2), ("B", 1))
    assert option_counts(matrix, 1) == ()
    first = item_analysis(matrix)[0]
    assert (first.answer_key, first.options) == ("B", (("A", 2), ("B", 1)))


def test_the_review_list_puts_the_most_lost_and_weak_questions_first() -> None:
    matrix, diagnosis, _ = tiny_class()
    items = review_list(_with_choice(matrix), diagnosis, top=3)
    stats = {s.item_id: s for s in item_analysis(matrix)}
    everything = review_list(matrix, diagnosis, top=100)
    assert len(items) == 3 and len(everything) == 10
    priorities = [r.priority for r in everything]
    assert priorities == sorted(priorities, reverse=True)
    for r in everything:  # the formula, item by item
        disc = max(stats[r.item_id].discrimination, 0.0) if not np.isnan(stats[r.item_id].discrimination) else 0.0
        assert r.priority == pytest.approx((1 - stats[r.item_id].score_rate) * (1 + disc) * (1 + r.weak_share))
    q1 = next(r for r in review_list(_with_choice(matrix), diagnosis, top=100) if r.item_id == "q1")
    assert q1.answer_key == "B"
    assert [(w.answer, w.students) for w in q1.wrong_options] == [("A", ("2024001", "2024003"))]
    assert q1.lost_marks == ()
    q8 = next(r for r in everything if r.item_id == "q8")  # D: 张三 weak, 王五 developing, 李四 mastered
    assert q8.weak_share == pytest.approx(1 / 3)
    assert q8.lost_marks == ("2024001", "2024003")


def test_groups_put_students_with_the_same_weak_points_together() -> None:
    rng = np.random.default_rng(3)
    kps = ("A", "B", "C", "D")
    # six students weak on A and B, six weak on C and D, six strong everywhere
    centres = np.array([[0.2, 0.2, 0.9, 0.9], [0.9, 0.9, 0.2, 0.2], [0.9, 0.9, 0.9, 0.9]])
    mastery = np.clip(np.repeat(centres, 6, axis=0) + rng.normal(0, 0.03, (18, 4)), 0, 1)
    status = np.where(mastery < 0.5, "weak", "mastered").astype(object)
    status[0, 3] = "insufficient"
    ids = tuple(f"s{i:02d}" for i in range(18))
    diagnosis = Diagnosis(
        ids, kps, ("q1",), mastery, mastery - 0.1, mastery + 0.1, np.ones((18, 4)), status, {}, "test", "cpu"
    )
    groups = group_students(diagnosis, 3)
    assert sorted(g.letter for g in groups) == ["A", "B", "C"]
    members = {frozenset(g.students) for g in groups}
    assert members == {frozenset(ids[0:6]), frozenset(ids[6:12]), frozenset(ids[12:18])}
    by_members = {frozenset(g.students): g for g in groups}
    assert by_members[frozenset(ids[0:6])].weak_points in (("A", "B"), ("B", "A"))
    assert by_members[frozenset(ids[12:18])].weak_points == ()
    assert groups[-1].students == ids[12:18]  # the strongest group comes last
    assert group_students(diagnosis, 3) == groups  # deterministic
    moved = regrouped(diagnosis, "A", [*ids[0:6], ids[6]])
    assert moved.students[-1] == "s06" and moved.mean_mastery == pytest.approx(mastery[:7].mean())


def test_more_groups_than_students_gives_one_group_each() -> None:
    _, diagnosis, _ = tiny_class()
    groups = group_students(diagnosis, 5)
    assert sorted(len(g.students) for g in groups) == [1, 1, 1]
    assert groups[0].students == ("2024001",)  # the weakest student needs the most support
    assert groups[0].weak_points == ("A", "B", "C", "D")


def test_a_group_sheet_takes_questions_of_its_weak_points_near_the_target() -> None:
    data = tiny_data()
    group = regrouped(data.diagnosis, "A", ["2024001"])
    sheet = group_sheet(data, group, per_point=2)
    # A: q1..q4 for 张三 predicted 0.95, 0.70, 0.65, 0.30 → nearest 0.7 first: q2 (0.70), q3 (0.65)
    assert [(s.knowledge_point, s.item_id) for s in sheet][:2] == [("A", "q2"), ("A", "q3")]
    assert len({s.item_id for s in sheet}) == len(sheet)  # no question twice
    assert {s.knowledge_point for s in sheet} == {"A", "B", "C", "D"}
    assert group_sheet(tiny_data(with_success=False), group) == []


def test_a_class_behind_its_grade_shows_where() -> None:
    _, own, _ = tiny_class()
    better = dataclasses.replace(own, mastery=np.clip(own.mastery + np.array([0.3, 0, 0, 0, 0]), 0, 1))
    better = dataclasses.replace(better, lower=np.clip(better.mastery - 0.05, 0, 1), upper=better.mastery + 0.05)
    rows = against_grade(own, [own, better, better])
    assert rows[0].knowledge_point == "A" and rows[0].gap < 0
    assert [r.knowledge_point for r in rows if r.knowledge_point != "A"] == ["B", "C", "D", "E"]  # equal gaps: by name
    assert all(r.gap == pytest.approx(0) for r in rows[1:])
    a = rows[0]
    assert a.class_mean == pytest.approx(np.mean([0.30, 0.90, 0.55]))
    assert a.grade_mean == pytest.approx(np.mean([0.30, 0.90, 0.55] + [0.60, 1.0, 0.85] * 2))
    assert a.class_lower < a.class_mean < a.class_upper and a.grade_lower < a.grade_mean < a.grade_upper
    assert against_grade(own, [own])[0].gap == pytest.approx(0)


def test_a_student_is_weak_relative_to_the_class_only_when_the_whole_interval_is_below() -> None:
    _, diagnosis, _ = tiny_class()
    # class means (judged only): A 0.583, B 0.673, C 0.617, D 0.577; 张三's upper bounds 0.45, 0.55, 0.50, 0.35
    assert weak_relative_to_class(diagnosis, 0) == ("A", "B", "C", "D")
    assert weak_relative_to_class(diagnosis, 1) == ()
    assert weak_relative_to_class(diagnosis, 2) == ()  # 王五's intervals reach above the means
