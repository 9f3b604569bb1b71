"""Learning paths (prerequisites first, then expected gain) and practice plans (desirable difficulty)."""

from pathlib import Path

import numpy as np
import pytest
from insight_helpers import KPS, LINKS, tiny_class, tiny_data

from app.core.gradebook import BankQuestion
from app.core.links import GraphCycleError
from app.importer.question_bank import read_question_bank
from app.insight.paths import expected_gains, learning_path
from app.insight.plans import DiagnosedClass, PlanSettings, build_plans, practice_plan


def test_expected_gain_is_the_share_of_points_not_yet_mastered() -> None:
    matrix, diagnosis, _ = tiny_class()
    gain = expected_gains(diagnosis, matrix)
    total = 44.0
    # A: q1-q4, 8 points; B: q5, q6 (8) + half of q7 (3); D: 20 points
    assert gain[0, 0] == pytest.approx(0.7 * 8 / total)
    assert gain[0, 1] == pytest.approx(0.6 * 11 / total)
    assert gain[0, 3] == pytest.approx(0.8 * 20 / total)


def test_path_puts_weak_prerequisites_first_then_larger_gain() -> None:
    matrix, diagnosis, _ = tiny_class()
    gain = expected_gains(diagnosis, matrix)
    path = learning_path(diagnosis, 0, LINKS, threshold=0.6, expected_gain=gain)
    # D has the largest gain and no prerequisite; A must precede B, B precede C whatever their gains
    assert [s.knowledge_point for s in path] == ["D", "A", "B", "C"]
    assert path[2].weak_prerequisites == ("A",) and path[3].weak_prerequisites == ("A", "B")
    assert path[1].unlocks == ("B", "C")
    assert "E" not in [s.knowledge_point for s in path]  # too little evidence: never weak
    assert "“A”" in path[2].reason.zh and "'A'" in path[2].reason.en
    # without the graph the order is by gain alone
    unordered = learning_path(diagnosis, 0, [], threshold=0.6, expected_gain=gain)
    assert [s.knowledge_point for s in unordered] == ["D", "A", "B", "C"][:1] + sorted(
        ["A", "B", "C"], key=lambda k: -gain[0, KPS.index(k)]
    )


def test_prerequisite_comes_first_even_with_a_smaller_gain() -> None:
    _matrix, diagnosis, _ = tiny_class()
    gain = np.array([0.01, 0.5, 0.9, 0.0, 0.0])
    path = learning_path(diagnosis, 0, LINKS, expected_gain=gain)
    assert [s.knowledge_point for s in path] == ["A", "B", "C", "D"]
    # through a point that is not weak (X) the order still holds
    path = learning_path(diagnosis, 0, [("X", "A"), ("C", "X")], expected_gain=gain)
    names = [s.knowledge_point for s in path]
    assert names.index("A") < names.index("C")


def test_threshold_is_the_teachers_and_insufficient_evidence_never_counts() -> None:
    _, diagnosis, _ = tiny_class()
    assert [s.knowledge_point for s in learning_path(diagnosis, 2, LINKS, threshold=0.6)] == ["A", "D"]
    assert [s.knowledge_point for s in learning_path(diagnosis, 2, LINKS, threshold=0.5)] == []
    # C (evidence 1) drops out with min_evidence=2; without gains, ties go to room to grow: D (0.8) first
    assert [s.knowledge_point for s in learning_path(diagnosis, 0, LINKS, threshold=0.9, min_evidence=2)] == [
        "D",
        "A",
        "B",
    ]


def test_a_cycle_is_refused_with_the_cycle_named() -> None:
    _, diagnosis, _ = tiny_class()
    with pytest.raises(GraphCycleError) as err:
        learning_path(diagnosis, 0, [("A", "B"), ("B", "A")])
    assert "A → B → A" in str(err.value) and "A → B → A" in err.value.text.zh


def test_questions_aim_at_the_target_band_and_skip_full_marks() -> None:
    plan = practice_plan(tiny_data(), 0, PlanSettings(threshold=0.6, target=(0.6, 0.8), per_point=3))
    by_point = {s.step.knowledge_point: s for s in plan.steps}
    a = by_point["A"].questions
    # q2 (p 0.70) was answered fully right: skipped; q3 (0.65) is nearest 0.7, then q4 (0.30) and q1 (0.95)
    assert [q.question_id for q in a] == ["q3", "q1", "q4"]
    assert a[0].in_target and not a[1].in_target
    assert a[2].last_score is None and "no score last time (absent or left blank)" in a[2].why.en
    assert "1/2" in a[0].why.zh
    b = [q.question_id for q in by_point["B"].questions]
    assert b == ["q5", "q6", "q7"]  # q5 (0.62) in band; q6 (0.85) is 0.05 out, q7 (0.50) 0.10 out
    # a question is planned once: q7 went to B, so C has none left
    assert by_point["C"].questions == () and by_point["C"].note is not None
    d = by_point["D"].questions
    assert [q.question_id for q in d] == ["q9", "q8"] and d[0].in_target
    assert plan.insufficient == ("E",)
    assert plan.student_name == "张三" and "E" in plan.summary.zh


def test_nearest_questions_chosen_when_none_in_band_with_a_note() -> None:
    matrix, diagnosis, success = tiny_class()
    success = success.copy()
    success[0, :4] = [0.95, 0.9, 0.2, 0.45]
    data = DiagnosedClass("", matrix, diagnosis, success, LINKS)
    plan = practice_plan(data, 0, PlanSettings(per_point=2))
    a = plan.steps[[s.step.knowledge_point for s in plan.steps].index("A")]
    # q3 (0.2) is furthest; q4 (0.45) and q1 (0.95) are both 0.15 outside: the id breaks the tie
    assert [q.question_id for q in a.questions] == ["q1", "q4"]
    assert a.note is not None and "0.6" in a.note.en


def test_bank_questions_join_with_their_predicted_success() -> None:
    bank = [BankQuestion("B1", "解方程 2x+3=7", ("A",)), BankQuestion("B2", "计算 (-3)+5", ("A",))]
    bank_success = np.array([[0.71, 0.2], [0.9, 0.9], [0.5, 0.5]])
    plan = practice_plan(tiny_data(bank=bank, bank_success=bank_success), 0, PlanSettings(per_point=2))
    a = plan.steps[[s.step.knowledge_point for s in plan.steps].index("A")].questions
    assert [q.question_id for q in a] == ["B1", "q3"]
    assert a[0].source == "bank" and a[0].text == "解方程 2x+3=7" and "bank" in a[0].why.en
    # without the engine's numbers, the 难度系数 and the student's mastery give an estimate
    easy = [BankQuestion("E1", "easy", ("A",), difficulty=0.95), BankQuestion("H1", "hard", ("A",), difficulty=0.2)]
    plan = practice_plan(tiny_data(bank=easy), 0, PlanSettings(per_point=10))
    estimates = {q.question_id: q.predicted_success for s in plan.steps for q in s.questions if q.source == "bank"}
    assert estimates["E1"] > estimates["H1"]


def test_no_engine_falls_back_to_estimates_and_build_plans_covers_everyone() -> None:
    data = tiny_data(with_success=False)
    diagnosis = data.diagnosis
    plans = build_plans(data)
    assert [p.student_id for p in plans] == list(diagnosis.student_ids)
    assert plans[1].steps == () and "No knowledge point" in plans[1].summary.en
    assert all(q.estimated for s in plans[0].steps for q in s.questions)


def test_question_bank_file(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(
        "题号,题干,知识点,满分,难度系数\nT1,解方程 x+1=2,一元一次方程,3,0.7\n"
        "T2,,一元一次方程,3,\nT3,画出 y=2x,一次函数；平面直角坐标系,4,65%\n",
        encoding="utf-8-sig",
    )
    questions, problems = read_question_bank(path)
    assert [q.question_id for q in questions] == ["T1", "T3"]
    assert questions[1].knowledge_points == ("一次函数", "平面直角坐标系") and questions[1].difficulty == pytest.approx(
        0.65
    )
    assert problems[0].row == 3
