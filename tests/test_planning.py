"""Learning paths (prerequisites first, then expected gain) and practice plans (desirable difficulty).

`tiny_class()` is also the small exact class the export tests use.
"""

from pathlib import Path

import numpy as np
import pytest

from app.diagnosis import Diagnosis
from app.knowledge_graph import GraphCycleError
from app.planning import (
    BankQuestion,
    build_plans,
    expected_gains,
    learning_path,
    practice_plan,
    read_question_bank,
    success_grid,
)
from app.score_matrix import ScoreMatrix

KPS = ("A", "B", "C", "D", "E")
LINKS = [("B", "A"), ("C", "B")]  # A before B before C; D and E stand alone


def tiny_class(names: tuple[str | None, ...] = ("张三", "李四", "王五")) -> tuple[ScoreMatrix, Diagnosis, np.ndarray]:
    """3 students, 10 questions on 5 points, and an exact diagnosis and predicted-success grid.

    Student 0 is weak in A, B, C and D (enough evidence) and E (too little evidence).
    """
    q = np.zeros((10, 5), bool)
    # q1-q4 test A, q5-q6 B, q7 C, q8-q9 D (10 points each: D carries the most weight), q10 E
    for i, k in [(0, 0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 1), (6, 2), (7, 3), (8, 3), (9, 4)]:
        q[i, k] = True
    q[6, 1] = True  # q7 tests B and C
    max_scores = np.array([2, 2, 2, 2, 4, 4, 6, 10, 10, 2], float)
    points = np.array([
        [0, 2, 1, np.nan, 1, 0, 2, 3, 2, 0],  # q2 fully right; q4 unanswered
        [2, 2, 2, 2, 4, 4, 6, 10, 10, 2],
        [1, 1, 2, 1, 2, 3, 4, 6, 5, 1],
    ])
    matrix = ScoreMatrix(
        student_ids=("2024001", "2024002", "2024003"), student_names=names,
        item_ids=tuple(f"q{i + 1}" for i in range(10)), knowledge_points=KPS, assessments=("期中考试",),
        item_assessment=np.zeros(10, int), points=points, max_scores=max_scores, q_matrix=q)
    mastery = np.array([[0.30, 0.40, 0.35, 0.20, 0.10],
                        [0.90, 0.92, 0.88, 0.95, 0.90],
                        [0.55, 0.70, 0.62, 0.58, 0.65]])
    status = np.array([["weak", "weak", "weak", "weak", "insufficient"],
                       ["mastered"] * 5,
                       ["developing", "mastered", "developing", "developing", "insufficient"]], dtype=object)
    diagnosis = Diagnosis(
        student_ids=matrix.student_ids, knowledge_points=KPS, item_ids=matrix.item_ids, mastery=mastery,
        lower=np.clip(mastery - 0.15, 0, 1), upper=np.clip(mastery + 0.15, 0, 1),
        evidence=np.array([[4, 3, 1, 2, 1], [4, 3, 1, 2, 1], [4, 3, 1, 2, 1]]), status=status,
        item_params={"difficulty": np.zeros(10)}, model_version="test", device="cpu")
    success = np.array([
        [0.95, 0.70, 0.65, 0.30, 0.62, 0.85, 0.50, 0.40, 0.78, 0.20],
        [0.99] * 10,
        [0.70] * 10,
    ])
    return matrix, diagnosis, success


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
        ["A", "B", "C"], key=lambda k: -gain[0, KPS.index(k)])


def test_prerequisite_comes_first_even_with_a_smaller_gain() -> None:
    matrix, diagnosis, _ = tiny_class()
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
    assert [s.knowledge_point for s in learning_path(diagnosis, 0, LINKS, threshold=0.9, min_evidence=2)] == ["D", "A", "B"]


def test_a_cycle_is_refused_with_the_cycle_named() -> None:
    _, diagnosis, _ = tiny_class()
    with pytest.raises(GraphCycleError) as err:
        learning_path(diagnosis, 0, [("A", "B"), ("B", "A")])
    assert "A → B → A" in str(err.value) and "A → B → A" in err.value.text.zh


def test_questions_aim_at_the_target_band_and_skip_full_marks() -> None:
    matrix, diagnosis, success = tiny_class()
    plan = practice_plan(diagnosis, matrix, success, 0, LINKS, threshold=0.6, target=(0.6, 0.8), per_point=3)
    by_point = {s.step.knowledge_point: s for s in plan.steps}
    a = by_point["A"].questions
    # q2 (p 0.70) was answered fully right: skipped; q3 (0.65) is nearest 0.7, then q4 (0.30) and q1 (0.95)
    assert [q.question_id for q in a] == ["q3", "q1", "q4"]
    assert a[0].in_target and not a[1].in_target
    assert a[2].last_score is None and "not answered" in a[2].why.en
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
    plan = practice_plan(diagnosis, matrix, success, 0, LINKS, per_point=2)
    a = plan.steps[[s.step.knowledge_point for s in plan.steps].index("A")]
    # q3 (0.2) is furthest; q4 (0.45) and q1 (0.95) are both 0.15 outside: the id breaks the tie
    assert [q.question_id for q in a.questions] == ["q1", "q4"]
    assert a.note is not None and "0.6" in a.note.en


def test_bank_questions_join_with_their_predicted_success() -> None:
    matrix, diagnosis, success = tiny_class()
    bank = [BankQuestion("B1", "解方程 2x+3=7", ("A",)), BankQuestion("B2", "计算 (-3)+5", ("A",))]
    bank_success = np.array([[0.71, 0.2], [0.9, 0.9], [0.5, 0.5]])
    plan = practice_plan(diagnosis, matrix, success, 0, LINKS, bank=bank, bank_success=bank_success, per_point=2)
    a = plan.steps[[s.step.knowledge_point for s in plan.steps].index("A")].questions
    assert [q.question_id for q in a] == ["B1", "q3"]
    assert a[0].source == "bank" and a[0].text == "解方程 2x+3=7" and "bank" in a[0].why.en
    # without the engine's numbers, the 难度系数 and the student's mastery give an estimate
    easy = [BankQuestion("E1", "easy", ("A",), difficulty=0.95), BankQuestion("H1", "hard", ("A",), difficulty=0.2)]
    plan = practice_plan(diagnosis, matrix, success, 0, LINKS, bank=easy, per_point=10)
    estimates = {q.question_id: q.predicted_success for s in plan.steps for q in s.questions if q.source == "bank"}
    assert estimates["E1"] > estimates["H1"]


def test_no_engine_falls_back_to_estimates_and_build_plans_covers_everyone() -> None:
    matrix, diagnosis, _ = tiny_class()
    plans = build_plans(diagnosis, matrix, None, LINKS)
    assert [p.student_id for p in plans] == list(diagnosis.student_ids)
    assert plans[1].steps == () and "No knowledge point" in plans[1].summary.en
    assert all(q.estimated for s in plans[0].steps for q in s.questions)


def test_success_grid_asks_the_engine_for_every_pair() -> None:
    matrix, _, _ = tiny_class()
    grid = success_grid(lambda m, s, i: s * 0.1 + i * 0.01, matrix)
    assert grid.shape == (3, 10) and grid[2, 3] == pytest.approx(0.23)


def test_question_bank_file(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("题号,题干,知识点,满分,难度系数\nT1,解方程 x+1=2,一元一次方程,3,0.7\n"
                    "T2,,一元一次方程,3,\nT3,画出 y=2x,一次函数；平面直角坐标系,4,65%\n", encoding="utf-8-sig")
    questions, problems = read_question_bank(path)
    assert [q.question_id for q in questions] == ["T1", "T3"]
    assert questions[1].knowledge_points == ("一次函数", "平面直角坐标系") and questions[1].difficulty == pytest.approx(0.65)
    assert problems[0].row == 3
