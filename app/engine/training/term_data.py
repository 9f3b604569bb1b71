"""Real longitudinal data (knowledge-tracing logs) cut into terms of exams, for the term benchmark and training.

The sets are DKVMN's copies of ASSISTments 2009 (updated), ASSISTments 2015 and Statics 2011 in
`<data>/dkvmn_kt/` (see its SOURCE.md): per student the exercises attempted, in time order, right or wrong,
no timestamps and no classes. A term is made of them so:

- a student's first EXAMS * EXAM_ATTEMPTS attempts are the term (students with fewer are left out), and
  each consecutive block of EXAM_ATTEMPTS attempts is one exam, E1..E4, a month apart (no dates exist);
- a question of exam t is "E<t>/<exercise>#<r>": the r-th attempt at that exercise within the exam, scored
  0/1, so a question is shared by the students who reached that attempt of that exercise in that exam;
- its knowledge point is the exercise's skill (ASSISTments: the exercise is the skill; Statics: the
  question-step's skill), every class carrying the set's whole skill list;
- students are shuffled (seed SPLIT_SEED) into pseudo-classes of up to 30 (smaller for Statics so that it
  has 16), and the classes split into training and held-out ones (at least MIN_HELD_OUT held out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.score_matrix import ScoreMatrix
from app.engine.training.datasets import SPLIT_SEED

EXAM_ATTEMPTS = 20
EXAMS = 4
CLASS_SIZE = 30
MIN_HELD_OUT = 16
HELD_OUT_SHARE = 0.3
FOLDER = "dkvmn_kt"

TERM_SETS = {
    "assist2009": ("assist2009_updated/assist2009_updated", None),
    "assist2015": ("assist2015/assist2015", None),
    "statics2011": ("STATICS/STATICS", "STATICS/STATICS_qid_sid_sname"),
}
"""Set name -> (file stem of its _train.csv and _test.csv, the exercise -> skill table if any)."""


@dataclass(frozen=True)
class TermStudent:
    """One student's term: the exercise, skill and 0/1 answer of each attempt, in time order."""

    exercise: np.ndarray
    skill: np.ndarray
    correct: np.ndarray


@dataclass(frozen=True)
class TermSet:
    """A set as pseudo-classes: each class's term matrix and its students' raw attempts (same order)."""

    name: str
    skills: tuple[str, ...]
    train: list[tuple[ScoreMatrix, list[TermStudent]]]
    held_out: list[tuple[ScoreMatrix, list[TermStudent]]]


def available(data_dir: Path) -> bool:
    """Whether the knowledge-tracing sets are under `data_dir`."""
    return (data_dir / FOLDER / "SOURCE.md").exists()


def _sequences(path: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    lines = path.read_text(encoding="utf-8").split()
    return [
        (np.array(lines[j + 1].split(","), dtype=int), np.array(lines[j + 2].split(","), dtype=int))
        for j in range(0, len(lines) - 2, 3)
    ]


def _skill_table(path: Path) -> dict[int, int]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {int(r[0]): int(r[1]) for r in rows}


def term_matrix(students: list[TermStudent], skills: tuple[str, ...], name: str) -> ScoreMatrix:
    """One pseudo-class's term as a matrix of its questions "E<t>/<exercise>#<r>" (see the module)."""
    cells: dict[str, dict[int, float]] = {}
    item_exam: dict[str, int] = {}
    item_skill: dict[str, int] = {}
    for s, st in enumerate(students):
        for t in range(EXAMS):
            seen: dict[int, int] = {}
            block = slice(t * EXAM_ATTEMPTS, (t + 1) * EXAM_ATTEMPTS)
            for ex, sk, y in zip(st.exercise[block], st.skill[block], st.correct[block]):
                seen[int(ex)] = seen.get(int(ex), 0) + 1
                item = f"E{t + 1}/{ex}#{seen[int(ex)]}"
                cells.setdefault(item, {})[s] = float(y)
                item_exam[item], item_skill[item] = t, int(sk)
    items = sorted(cells, key=lambda i: (item_exam[i], i))
    points = np.full((len(students), len(items)), np.nan)
    for j, item in enumerate(items):
        for s, y in cells[item].items():
            points[s, j] = y
    q = np.zeros((len(items), len(skills)), dtype=bool)
    q[np.arange(len(items)), [item_skill[i] for i in items]] = True
    return ScoreMatrix(
        student_ids=tuple(f"{name}-s{s}" for s in range(len(students))),
        student_names=(None,) * len(students),
        item_ids=tuple(items),
        knowledge_points=skills,
        assessments=tuple(f"E{t + 1}" for t in range(EXAMS)),
        item_assessment=np.array([item_exam[i] for i in items], dtype=int),
        points=points,
        max_scores=np.ones(len(items)),
        q_matrix=q,
    )


def load_term_set(name: str, data_dir: Path, max_classes: int | None = None) -> TermSet:
    """The set `name` of TERM_SETS as pseudo-classes (held-out ones first in the order they are kept)."""
    stem, table = TERM_SETS[name]
    base = data_dir / FOLDER
    raw = [*_sequences(base / f"{stem}_train.csv"), *_sequences(base / f"{stem}_test.csv")]
    skill_of = _skill_table(base / table) if table else None
    length = EXAMS * EXAM_ATTEMPTS
    kept = [(ex[:length], y[:length]) for ex, y in raw if len(ex) >= length]
    codes = sorted({int(skill_of[e] if skill_of else e) for ex, _ in kept for e in ex})
    index = {c: k for k, c in enumerate(codes)}
    students = [
        TermStudent(ex, np.array([index[int(skill_of[e] if skill_of else e)] for e in ex]), y) for ex, y in kept
    ]
    order = np.random.default_rng(SPLIT_SEED).permutation(len(students))
    size = min(CLASS_SIZE, len(students) // MIN_HELD_OUT)
    groups = [[students[j] for j in order[start : start + size]] for start in range(0, len(order) - size + 1, size)]
    skills = tuple(f"skill {c}" for c in codes)
    classes = [(term_matrix(g, skills, f"{name}-c{j}"), g) for j, g in enumerate(groups)]
    held = max(MIN_HELD_OUT, round(HELD_OUT_SHARE * len(classes)))
    held_out, train = classes[:held], classes[held:]
    if max_classes is not None:
        held_out = held_out[:max_classes]
    return TermSet(name, skills, train, held_out)
