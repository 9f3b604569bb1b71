"""Which points a class moved on over the term: the Progress tab's "moved beyond its uncertainty" on simulated terms.

    .venv/bin/python benchmarks/term_moves.py [--grades 6] [--classes 8] [--exams 4] [--seed 0]

Each grade of `--classes` classes sits `--exams` papers on the same points (`app.engine.training.simulate.
simulate_term`, the MIRT generator); between two exams every student takes a small random step (growth 0.2) and
each class is taught one point of its own, on which its students' logits rise by `taught` x U(0.5, 1.5). The truth
is each class's mean true mastery of each point after the first exam and after the last: a point *moved* when it
changed by 0.08 or more, *stayed* when by less than 0.03. The app's rule (`app.insight.progress.class_progress`,
what the Progress tab and `progress` show) is judged on the filter's states (`app.engine.term.fit_term`) with each
class drift: the share of moved points it shows moving the same way (power), and the share of stayed points it
shows moving at all (false moves). Writes benchmarks/results/term_moves.{json,md}.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.term import DRIFT, fit_term
from app.engine.training.simulate import simulate_term
from app.insight.progress import class_progress
from benchmarks.term_intervals import term_matrix

RESULTS = ROOT / "benchmarks" / "results"
TAUGHT = (0.0, 1.0)
CLASS_DRIFTS = (0.0, 0.02, 0.05, 0.3)
MOVED, STAYED = 0.08, 0.03
TRUTHS = ("absolute", "relative to the grade")
COUNTS = ("moved", "shown moved", "stayed", "shown stayed moving")


def _count(counts: dict[str, int], points: tuple[str, ...], shown: dict[str, int], change: np.ndarray) -> None:
    """Add one class's points to `counts`: moved ones shown moving their way, stayed ones shown moving at all."""
    for k, point in enumerate(points):
        if point not in shown:
            continue
        if abs(change[k]) >= MOVED:
            counts["moved"] += 1
            counts["shown moved"] += int(shown[point] == np.sign(change[k]))
        elif abs(change[k]) < STAYED:
            counts["stayed"] += 1
            counts["shown stayed moving"] += int(shown[point] != 0)


def run(grades: int, classes: int, exams: int, seed: int, drifts: tuple[float, ...]) -> dict[str, Any]:
    """Taught -> class drift -> counts of moved / stayed points and how the app's rule read them."""
    out: dict[str, Any] = {}
    for taught in TAUGHT:
        rng = np.random.default_rng(seed)
        terms = [simulate_term(rng, classes, exams, 0.2, taught) for _ in range(grades)]
        for c in drifts:
            counts = {truth: dict.fromkeys(COUNTS, 0) for truth in TRUTHS}
            drift = dataclasses.replace(DRIFT, c=c)
            for term in terms:
                fit = fit_term([term_matrix(sat) for sat in term], drift=drift, device="cpu")
                states = [fit.diagnoses(range(len(term)), t) for t in range(exams)]
                change = np.array([sat[-1].mastery.mean(axis=0) - sat[0].mastery.mean(axis=0) for sat in term])
                changes = {"absolute": change, "relative to the grade": change - change.mean(axis=0)}
                for j, sat in enumerate(term):
                    progress = class_progress([(f"E{t}", s[j]) for t, s in enumerate(states)])
                    shown = {p.knowledge_point: p.direction for p in progress}
                    for truth, moved in changes.items():
                        _count(counts[truth], sat[0].matrix.knowledge_points, shown, moved[j])
            out.setdefault(f"taught {taught}", {})[f"class drift {c}"] = counts
            print(taught, c, counts, flush=True)
    return out


def markdown(result: dict[str, Any], grades: int, classes: int, seed: int) -> str:
    """Power and false moves per taught effect and class drift."""
    lines = [
        f"{grades} grades of {classes} simulated classes, seed {seed}; moved: |change of the class mean| ≥ {MOVED}, "
        f"stayed: < {STAYED}",
        "",
        "| taught | class drift | truth | moved points | shown moving that way | stayed points | shown moving |",
        "|---|---|---|---|---|---|---|",
    ]
    for taught, by_drift in result.items():
        for label, by_truth in by_drift.items():
            for truth, n in by_truth.items():
                power = n["shown moved"] / n["moved"] if n["moved"] else float("nan")
                false = n["shown stayed moving"] / n["stayed"] if n["stayed"] else float("nan")
                lines.append(
                    f"| {taught.split()[-1]} | {label.split()[-1]} | {truth} | {n['moved']} | {power:.1%} "
                    f"| {n['stayed']} | {false:.1%} |"
                )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Simulate, fit, judge; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grades", type=int, default=6)
    parser.add_argument("--classes", type=int, default=8)
    parser.add_argument("--exams", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--drifts", default=",".join(map(str, CLASS_DRIFTS)))
    args = parser.parse_args()
    torch.set_num_threads(1)
    drifts = tuple(float(x) for x in args.drifts.split(","))
    result = run(args.grades, args.classes, args.exams, args.seed, drifts)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term_moves.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    table = markdown(result, args.grades, args.classes, args.seed)
    (RESULTS / "term_moves.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
