"""A tiny exact class (3 students, 10 questions, 5 points) with its diagnosis and predicted success.

Shared by the path, plan and export tests.
"""

import numpy as np

from app.core.diagnosis import Diagnosis, Thresholds
from app.core.score_matrix import ScoreMatrix
from app.insight.plans import DiagnosedClass

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
    points = np.array(
        [
            [0, 2, 1, np.nan, 1, 0, 2, 3, 2, 0],  # q2 fully right; q4 unanswered
            [2, 2, 2, 2, 4, 4, 6, 10, 10, 2],
            [1, 1, 2, 1, 2, 3, 4, 6, 5, 1],
        ]
    )
    matrix = ScoreMatrix(
        student_ids=("2024001", "2024002", "2024003"),
        student_names=names,
        item_ids=tuple(f"q{i + 1}" for i in range(10)),
        knowledge_points=KPS,
        assessments=("期中考试",),
        item_assessment=np.zeros(10, int),
        points=points,
        max_scores=max_scores,
        q_matrix=q,
    )
    mastery = np.array([[0.30, 0.40, 0.35, 0.20, 0.10], [0.90, 0.92, 0.88, 0.95, 0.90], [0.55, 0.70, 0.62, 0.58, 0.65]])
    status = np.array(
        [
            ["weak", "weak", "weak", "weak", "insufficient"],
            ["mastered"] * 5,
            ["developing", "mastered", "developing", "developing", "insufficient"],
        ],
        dtype=object,
    )
    diagnosis = Diagnosis(
        student_ids=matrix.student_ids,
        knowledge_points=KPS,
        item_ids=matrix.item_ids,
        mastery=mastery,
        lower=np.clip(mastery - 0.15, 0, 1),
        upper=np.clip(mastery + 0.15, 0, 1),
        evidence=np.array([[4, 3, 1, 2, 1], [4, 3, 1, 2, 1], [4, 3, 1, 2, 1]]),
        status=status,
        item_params={"difficulty": np.zeros(10)},
        model_version="test",
        device="cpu",
    )
    success = np.array(
        [
            [0.95, 0.70, 0.65, 0.30, 0.62, 0.85, 0.50, 0.40, 0.78, 0.20],
            [0.99] * 10,
            [0.70] * 10,
        ]
    )
    return matrix, diagnosis, success


def tiny_data(
    names: tuple[str | None, ...] = ("张三", "李四", "王五"), *, with_success: bool = True, **extra: object
) -> DiagnosedClass:
    """`tiny_class()` as the DiagnosedClass plans and exports read, with its prerequisite LINKS."""
    matrix, diagnosis, success = tiny_class(names)
    return DiagnosedClass("八年级(3)班", matrix, diagnosis, success if with_success else None, LINKS, **extra)


def judged(
    student_ids: tuple[str, ...], points: tuple[str, ...], mastery: np.ndarray, half: float = 0.1, evidence: int = 4
) -> Diagnosis:
    """A diagnosis of `mastery` (students x points), each interval mastery ± `half`, statuses by the default
    thresholds, `evidence` scored questions a cell."""
    e = np.full(mastery.shape, evidence)
    return Diagnosis(
        student_ids=student_ids,
        knowledge_points=points,
        item_ids=("q",),
        mastery=mastery,
        lower=mastery - half,
        upper=mastery + half,
        evidence=e,
        status=Thresholds().statuses(mastery, e).astype(str),
        item_params={"difficulty": np.zeros(1)},
        model_version="test",
        device="CPU",
    )
