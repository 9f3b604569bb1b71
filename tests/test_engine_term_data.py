"""Knowledge-tracing logs cut into terms of exams (the real sets are skipped without ../shared/data/dkvmn_kt)."""

import numpy as np
import pytest

from app.engine.training.baselines import rasch, rasch_recency
from app.engine.training.term_data import EXAM_ATTEMPTS, EXAMS, TERM_SETS, TermStudent, load_term_set, term_matrix


def _student(exercises: list[int], correct: list[int]) -> TermStudent:
    return TermStudent(np.array(exercises), np.array(exercises) % 3, np.array(correct))


def test_each_block_of_attempts_is_an_exam_and_each_repeat_a_question_of_its_own() -> None:
    n = EXAMS * EXAM_ATTEMPTS
    first = _student([7] * n, [0] * (n - 1) + [1])
    second = _student([7, 8] * (n // 2), [1] * n)
    m = term_matrix([first, second], ("k0", "k1", "k2"), "c")

    assert m.assessments == tuple(f"E{t + 1}" for t in range(EXAMS))
    assert m.points[0, m.item_ids.index(f"E1/7#{EXAM_ATTEMPTS}")] == 0.0
    assert m.points[0, m.item_ids.index(f"E{EXAMS}/7#{EXAM_ATTEMPTS}")] == 1.0
    assert np.isnan(m.points[1, m.item_ids.index(f"E1/7#{EXAM_ATTEMPTS}")])
    assert m.points[1, m.item_ids.index("E2/8#1")] == 1.0
    assert m.item_assessment[m.item_ids.index("E3/8#2")] == 2
    assert m.q_matrix[m.item_ids.index("E3/8#2")].tolist() == [False, False, True]
    assert (~np.isnan(m.points)).sum(axis=1).tolist() == [n, n]


def test_the_recency_weighted_rasch_leans_on_the_latest_exam() -> None:
    n = EXAMS * EXAM_ATTEMPTS
    improving = _student(list(range(n)), [0] * (n - EXAM_ATTEMPTS) + [1] * EXAM_ATTEMPTS)
    others = [_student(list(range(n)), list(np.random.default_rng(s).integers(0, 2, n))) for s in range(6)]
    m = term_matrix([improving, *others], ("k0", "k1", "k2"), "c")
    latest = np.array([m.item_ids.index(f"E{EXAMS}/{n - 1}#1")])
    assert rasch_recency(m, np.array([0]), latest)[0] > rasch(m, np.array([0]), latest)[0] + 0.05


@pytest.mark.parametrize("name", sorted(TERM_SETS))
def test_real_logs_become_terms_of_sixteen_held_out_classes(shared_data, name) -> None:
    if not (shared_data / "dkvmn_kt").exists():
        pytest.skip("no knowledge-tracing logs in ../shared/data/dkvmn_kt")
    data = load_term_set(name, shared_data)
    assert len(data.held_out) >= 16
    for matrix, students in data.held_out[:3]:
        assert len(matrix.student_ids) == len(students) >= 15
        assert (~np.isnan(matrix.points)).sum(axis=1).tolist() == [EXAMS * EXAM_ATTEMPTS] * len(students)
        assert matrix.knowledge_points == data.skills
