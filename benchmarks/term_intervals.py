"""Coverage of the term's 90 % mastery intervals after each exam, on simulated terms with known truth.

    .venv/bin/python benchmarks/term_intervals.py [--grades 10] [--classes 8] [--exams 4] [--seed 0]

The interval scale was set on single exams (`app.engine.training.train.calibrate_intervals`); the term's states
are the filter's (`app.engine.term`: the posterior after each exam, widened by the drift, d pulled by
`Drift.pull`), and the class view's "moved beyond its uncertainty" and P(weak) read them. Here they are judged on
terms of the MIRT generator (`app.engine.training.simulate.simulate_term`): grades of classes that sit four papers
on the same points, one a month, each student's logits taking a random step between exams (sd `growth` shared by
the points, growth / 2 on each). The truth after exam t is the mastery the generator held then. Each grade is
fitted once (`fit_term`, the shipped prior and drift, and the pull switched off for comparison); every class's
state after each exam is judged on its cells with evidence (as the app shows them), by
`benchmarks/intervals.py`'s `judge` and `summary` (pooled coverage, 90 % interval over classes, classes in
[0.80, 0.97], logit bias). Writes benchmarks/results/term_intervals.{json,md}.
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

from app.core.score_matrix import ScoreMatrix
from app.engine.term import DRIFT, fit_term
from app.engine.training.simulate import SimulatedClass, simulate_term
from benchmarks.intervals import judge, summary

RESULTS = ROOT / "benchmarks" / "results"
GROWTHS = (0.0, 0.4)
DRIFTS = {"shipped (pull 3)": DRIFT, "no pull on d": dataclasses.replace(DRIFT, pull=1.0)}


def term_matrix(exams: list[SimulatedClass]) -> ScoreMatrix:
    """One class's exams as one term matrix: questions "E<t>/Q<i>", assessments E1, E2, ... in order."""
    first = exams[0].matrix
    return dataclasses.replace(
        first,
        item_ids=tuple(f"E{t + 1}/{i}" for t, e in enumerate(exams) for i in e.matrix.item_ids),
        assessments=tuple(f"E{t + 1}" for t in range(len(exams))),
        item_assessment=np.concatenate([np.full(len(e.matrix.item_ids), t) for t, e in enumerate(exams)]),
        points=np.concatenate([e.matrix.points for e in exams], axis=1),
        max_scores=np.concatenate([e.matrix.max_scores for e in exams]),
        q_matrix=np.concatenate([e.matrix.q_matrix for e in exams]),
    )


def run(grades: int, classes: int, exams: int, seed: int) -> dict[str, Any]:
    """Growth -> drift -> exam ("E1".."now") -> the coverage summary of the states after that exam."""
    out: dict[str, Any] = {}
    for growth in GROWTHS:
        rng = np.random.default_rng(seed)
        terms = [simulate_term(rng, classes, exams, growth) for _ in range(grades)]
        for label, drift in DRIFTS.items():
            judged: dict[int, list[dict[str, Any]]] = {t: [] for t in range(exams)}
            for term in terms:
                fit = fit_term([term_matrix(c) for c in term], drift=drift, device="cpu")
                for t in range(exams):
                    for j, d in enumerate(fit.diagnoses(range(len(term)), t)):
                        judged[t].append(judge(d, {"mastery": term[j][t].mastery})["mastery"])
            boot = np.random.default_rng(seed + 1)
            out.setdefault(f"growth {growth}", {})[label] = {f"E{t + 1}": summary(c, boot) for t, c in judged.items()}
            print(growth, label, {t: round(v["coverage"], 3) for t, v in out[f"growth {growth}"][label].items()})
    return out


def markdown(result: dict[str, Any], grades: int, classes: int, seed: int) -> str:
    """Coverage after each exam [90 % interval over classes], share of classes in band and logit bias."""
    exams = next(iter(next(iter(result.values())).values()))
    head = ["growth", "filter", *(f"after {e}" for e in exams), "classes in [0.80, 0.97] after the last", "bias"]
    lines = [
        f"{grades} grades of {classes} simulated classes, seed {seed}; coverage of the 90 % intervals "
        "[90 % interval over classes]",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for growth, by_drift in result.items():
        for label, by_exam in by_drift.items():
            cells = [f"{v['coverage']:.3f} [{v['low']:.3f}, {v['high']:.3f}]" for v in by_exam.values()]
            last = list(by_exam.values())[-1]
            band = f"{last['share_in_band']:.0%} ({last['class_min']:.2f}–{last['class_max']:.2f})"
            lines.append(f"| {growth} | {label} | " + " | ".join(cells) + f" | {band} | {last['bias']:+.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Simulate, fit, judge; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grades", type=int, default=10)
    parser.add_argument("--classes", type=int, default=8)
    parser.add_argument("--exams", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    result = run(args.grades, args.classes, args.exams, args.seed)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term_intervals.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    table = markdown(result, args.grades, args.classes, args.seed)
    (RESULTS / "term_intervals.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
