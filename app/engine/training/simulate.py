"""A simulator of classes with known mastery: DINA, G-DINA-like and multidimensional IRT generators.

A paper (questions, Q-matrix, question parameters) is drawn once; a grade is several classes
taking the same paper, each with its own level; a single class is a grade of one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from app.core.diagnosis import Thresholds
from app.core.logits import sigmoid
from app.core.score_matrix import ScoreMatrix

GENERATORS = ("dina", "gdina", "mirt")
_MAX_SCORES = np.array([2, 3, 4, 5, 6, 8, 10])


@dataclass(frozen=True)
class SimulatedClass:
    """A simulated gradebook with the true mastery it was generated from."""

    matrix: ScoreMatrix
    mastery: np.ndarray  # (S, K) true mastery: 0/1 for DINA-type generators, sigmoid(z) for MIRT
    weak: np.ndarray  # (S, K) bool, truly weak
    generator: str


@dataclass(frozen=True)
class _Paper:
    """What the classes of a grade share: questions, their parameters, the level of each point."""

    generator: str
    q: np.ndarray  # (I, K) bool
    max_scores: np.ndarray
    guess: np.ndarray
    slip: np.ndarray
    kp_level: np.ndarray  # (K,)
    w: np.ndarray  # (I, K) MIRT weights
    a: np.ndarray
    b: np.ndarray
    power: np.ndarray  # G-DINA-like curvature per question
    all_or_nothing: np.ndarray
    item_assessment: np.ndarray
    n_assess: int


def _q_matrix(rng: np.random.Generator, items: int, kps: int) -> np.ndarray:
    q = np.zeros((items, kps), dtype=bool)
    for i in range(items):
        width = min(kps, rng.choice([1, 2, 3], p=[0.55, 0.3, 0.15]))
        q[i, rng.choice(kps, size=width, replace=False)] = True
    single = rng.permutation(items)[:kps]  # every KP gets at least one single-KP question
    q[single, :] = False
    q[single, np.arange(kps)] = True
    return q


def _paper(rng: np.random.Generator, generator: str, kps: int | None = None, assessments: int | None = None) -> _Paper:
    i = int(rng.integers(8, 61))
    k = min(int(rng.integers(3, 21)), i) if kps is None else kps
    i = max(i, k)  # a paper of given points tests each of them
    q = _q_matrix(rng, i, k)
    kp_level = rng.normal(rng.normal(0.4, 0.5), 0.5, size=k)
    max_scores = np.where(rng.random(i) < 0.6, 1, rng.choice(_MAX_SCORES, size=i)).astype(float)
    w = rng.dirichlet(np.full(k, 2.0), size=i) * q
    w /= w.sum(axis=1, keepdims=True)
    if generator == "mirt":
        guess = np.where(max_scores == 1, rng.uniform(0.0, 0.2, size=i), rng.uniform(0.0, 0.05, size=i))
        slip = rng.uniform(0.0, 0.1, size=i)
    else:
        guess, slip = rng.uniform(0.05, 0.3, size=i), rng.uniform(0.05, 0.25, size=i)
    n_assess = assessments or (1 if rng.random() < 0.5 else int(rng.integers(2, 4)))
    return _Paper(
        generator=generator,
        q=q,
        max_scores=max_scores,
        guess=guess,
        slip=slip,
        kp_level=kp_level,
        w=w,
        a=rng.lognormal(0.0, 0.3, size=i),
        b=rng.normal(0.0, 0.8, size=i),
        power=rng.uniform(0.5, 3.0, size=i),
        all_or_nothing=rng.random(i) < 0.3,
        item_assessment=np.sort(rng.integers(0, n_assess, size=i)),
        n_assess=n_assess,
    )


def _missing(rng: np.random.Generator, students: int, paper: _Paper) -> np.ndarray:
    """Observed mask: absences per assessment, booklets, stray blanks."""
    items = len(paper.max_scores)
    observed = np.ones((students, items), dtype=bool)
    absent = rng.random((students, paper.n_assess)) < rng.uniform(0.0, 0.08)
    observed &= ~absent[:, paper.item_assessment]
    if rng.random() < 0.2 and items >= 16:
        anchor = rng.random(items) < 0.2
        blocks = rng.integers(0, int(rng.integers(2, 5)), size=items)
        booklet = rng.integers(0, blocks.max() + 1, size=students)
        observed &= anchor[None, :] | (blocks[None, :] == booklet[:, None])
    observed &= rng.random((students, items)) >= rng.uniform(0.0, 0.05)
    return observed


def _take(rng: np.random.Generator, paper: _Paper, shift: float, name: str) -> SimulatedClass:
    """One class of 15-60 students, its level shifted by `shift`, taking `paper`."""
    return _sit(rng, paper, _logits(rng, paper, shift), name)


def _logits(rng: np.random.Generator, paper: _Paper, shift: float) -> np.ndarray:
    """(S, K) the logits of a class of 15-60 students on the paper's points, its level shifted by `shift`."""
    s = int(rng.integers(15, 61))
    return (
        (paper.kp_level + shift)[None, :]
        + rng.normal(0.0, rng.uniform(0.5, 1.5), size=s)[:, None]
        + rng.normal(0.0, rng.uniform(0.2, 1.0), size=(s, paper.q.shape[1]))
    )


def _sit(rng: np.random.Generator, paper: _Paper, z: np.ndarray, name: str) -> SimulatedClass:
    """Students of logits `z` (S, K) taking `paper`: their scores and true mastery."""
    s, q = z.shape[0], paper.q
    i, k = q.shape
    guess, slip = paper.guess, paper.slip
    if paper.generator == "mirt":
        p = guess + (1 - guess - slip) * sigmoid(paper.a * (z @ paper.w.T - paper.b))
        mastery = sigmoid(z)
        weak = mastery < Thresholds().weak_below
    else:
        alpha = (z + rng.normal(0.0, 0.3, size=z.shape)) > 0.0
        share = (alpha.astype(float) @ q.T) / q.sum(axis=1)
        if paper.generator == "dina":
            p = np.where(share >= 1.0, 1 - slip, guess)
        else:
            p = guess + (1 - guess - slip) * share**paper.power
        mastery = alpha.astype(float)
        weak = ~alpha
    per_point = rng.beta(p * 5 + 1e-3, (1 - p) * 5 + 1e-3)
    max_scores = paper.max_scores
    points = np.where(
        paper.all_or_nothing[None, :] | (max_scores[None, :] == 1),
        max_scores[None, :] * (rng.random((s, i)) < p),
        rng.binomial(max_scores.astype(int)[None, :], per_point),
    ).astype(float)
    points[~_missing(rng, s, paper)] = np.nan
    matrix = ScoreMatrix(
        student_ids=tuple(f"{name}S{j + 1:02d}" for j in range(s)),
        student_names=(None,) * s,
        item_ids=tuple(f"Q{j + 1}" for j in range(i)),
        knowledge_points=tuple(f"K{j + 1}" for j in range(k)),
        assessments=tuple(f"A{j + 1}" for j in range(paper.n_assess)),
        item_assessment=paper.item_assessment,
        points=points,
        max_scores=max_scores,
        q_matrix=q,
    )
    return SimulatedClass(matrix=matrix, mastery=mastery, weak=weak, generator=paper.generator)


def simulate_grade(rng: np.random.Generator, classes: int, generator: str | None = None) -> list[SimulatedClass]:
    """`classes` classes taking one paper (8-60 questions, 3-20 KPs, 1-3 KPs per question, partial
    credit, gaps), each with its own level (sd 0.4 on the logit scale)."""
    paper = _paper(rng, generator or str(rng.choice(GENERATORS)))
    shifts = rng.normal(0.0, 0.4, size=classes) if classes > 1 else np.zeros(1)
    return [_take(rng, paper, float(shift), f"C{c}" if classes > 1 else "") for c, shift in enumerate(shifts)]


def simulate_term(
    rng: np.random.Generator, classes: int, exams: int, growth: float, taught: float = 0.0
) -> list[list[SimulatedClass]]:
    """A grade's term under the MIRT generator, [class][exam]: `classes` classes sit `exams` papers on the same
    knowledge points in turn (each paper one assessment); between two exams each student's logits take a random
    step, sd `growth` shared by every point plus sd growth / 2 on each, and with `taught` > 0 each class is taught
    one point of its own choosing: its students' logits on it rise by `taught` times U(0.5, 1.5) each. Each
    exam's `mastery` is the truth then."""
    first = _paper(rng, "mirt", assessments=1)
    k = first.q.shape[1]
    papers = [first] + [
        dataclasses.replace(_paper(rng, "mirt", kps=k, assessments=1), kp_level=first.kp_level)
        for _ in range(exams - 1)
    ]
    term = []
    for c in range(classes):
        z = _logits(rng, first, float(rng.normal(0.0, 0.4)))
        sat = []
        for t, paper in enumerate(papers):
            if t:
                z = z + rng.normal(0.0, growth, size=(len(z), 1)) + rng.normal(0.0, growth / 2, size=z.shape)
                if taught > 0.0:
                    z[:, int(rng.integers(k))] += taught * rng.uniform(0.5, 1.5, size=len(z))
            sat.append(_sit(rng, paper, z, f"C{c}"))
        term.append(sat)
    return term


def simulate_class(rng: np.random.Generator, generator: str | None = None) -> SimulatedClass:
    """One class: 15-60 students, 8-60 questions, 3-20 KPs, 1-3 KPs per question, partial credit, gaps."""
    return simulate_grade(rng, 1, generator)[0]
