"""Speed of the term: a whole grade's term (60 classes of 50 students, 4 exams of 30 questions, 17 knowledge points).

    .venv/bin/python benchmarks/term_speed.py [--threads 2] [--repeats 3]

Times fit_term (the joint fit of every class and exam, then each class filtered exam by exam, every class's
state after every exam read out with its intervals; the classes on the same days, filtered together, or each on
its own days) against the pooled joint fit alone (predict_grade, what
`predict` did before), on simulated scores (abilities drifting between exams). Medians of `repeats`; writes
benchmarks/results/term_speed.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.logits import sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import predict_grade
from app.engine.term import fit_term

CLASSES, STUDENTS, EXAMS, QUESTIONS, POINTS = 60, 50, 4, 30, 17


def grade(seed: int = 0) -> list[ScoreMatrix]:
    """The simulated grade: every class sat the same four exams, scores 0-4 of 4 from a drifting ability."""
    rng = np.random.default_rng(seed)
    n = EXAMS * QUESTIONS
    exam = np.repeat(np.arange(EXAMS), QUESTIONS)
    q = np.zeros((n, POINTS), dtype=bool)
    q[np.arange(n), rng.integers(0, POINTS, n)] = True
    q[np.arange(n), rng.integers(0, POINTS, n)] = True
    b = rng.normal(0, 1, n)
    out = []
    for c in range(CLASSES):
        ability = rng.normal(rng.normal(0, 0.5), 1, STUDENTS)[:, None] + rng.normal(0, 0.3, (STUDENTS, EXAMS))[:, exam]
        p = sigmoid(ability - b[None, :])
        out.append(
            ScoreMatrix(
                student_ids=tuple(f"c{c}s{s}" for s in range(STUDENTS)),
                student_names=(None,) * STUDENTS,
                item_ids=tuple(f"E{t + 1}/Q{i + 1}" for t in range(EXAMS) for i in range(QUESTIONS)),
                knowledge_points=tuple(f"K{k}" for k in range(POINTS)),
                assessments=tuple(f"E{t + 1}" for t in range(EXAMS)),
                item_assessment=exam,
                points=rng.binomial(4, p).astype(float),
                max_scores=np.full(n, 4.0),
                q_matrix=q,
            )
        )
    return out


def main() -> None:
    """Time the term and the pooled fit; print and write the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    classes = grade()
    none = [(np.array([], dtype=int), np.array([], dtype=int))] * len(classes)

    own_days = [[30.0 * t + j for t in range(EXAMS)] for j in range(len(classes))]

    def term(days: list[list[float]] | None) -> None:
        fit = fit_term(classes, days, device="cpu")
        for j in range(len(classes)):
            fit.states(j)

    runs = {
        "term, every class on the same days (fit_term + every state)": lambda: term(None),
        "term, every class on its own days": lambda: term(own_days),
        "pooled joint fit (predict_grade)": lambda: predict_grade(classes, none, device="cpu"),
    }
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, fn in runs.items():
            started = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - started)
    result = {
        "grade": f"{CLASSES} classes x {STUDENTS} students, {EXAMS} exams x {QUESTIONS} questions, {POINTS} points",
        "threads": args.threads,
        "median_seconds": {k: float(np.median(v)) for k, v in timings.items()},
        "all_seconds": timings,
    }
    (ROOT / "benchmarks" / "results" / "term_speed.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result["median_seconds"], indent=1))


if __name__ == "__main__":
    main()
