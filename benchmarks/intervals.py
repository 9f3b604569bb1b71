"""Coverage of the 90 % mastery intervals on generators NOT used to set their scale (issue 20).

    .venv/bin/python benchmarks/intervals.py [--classes 16] [--seed 0]

The interval scale (prior.interval_scale) is set by `app.engine.training.train.calibrate_intervals` on a parametric
bootstrap with posterior draws from the prior's fits of TRAINING classes of TIMSS, Math1 and ECPE (the first 64 of
each, alone and within grades of 8). Here it is judged on generators built on other real classes of ../shared/data
(their Q-matrix, students and missing scores): the held-out classes first, then for FrcSub its training classes,
which the calibration therefore leaves out:

- **dina**: a higher-order DINA model. z_sk = theta_s + c_k + d_sk (theta ~ N(0, 1), c ~ N(0.3, 0.5),
  d ~ N(0, 0.7)); the attribute alpha_sk ~ Bernoulli(sigmoid(z_sk)); a question is answered right with
  1 - slip if every point it tests is mastered, else guess (guess, slip ~ U(0.05, 0.25)); scores 0/1.
- **gdina**: the same attributes; P = guess + (1 - guess - slip) * (main effects + an interaction of the
  question's points, random non-negative weights summing to 1): partial mastery helps, unlike DINA.
- **bootstrap**: `app.engine.training.bootstrap`, a parametric bootstrap from the engine's own fit of the real
  class: diagnose it, simulate every observed score from the fit's expected fractions (Bernoulli for 1-point
  questions, binomial on the question's points otherwise), diagnose the simulated class, and check the first
  fit's mastery. The fit's mastery is shrunk towards the prior, so its spread is smaller than a student
  population's and coverage comes out high; **bootstrap, posterior draw** (the generator the scale is set with,
  on other classes) therefore first draws each cell's true logit from the first fit's Laplace posterior (its
  mastery logit plus normal noise of the unscaled Laplace sd, cells independent).
- **mirt simulator** (reference): 40 fresh classes of the project's own simulator (seed 91), whose 40 classes on
  seed 90 set the scale until 2026-12 (1.3988).

The "generating mastery" a DINA-type student has is not on the engine's scale, so two truths are judged:
**P(mastered)** = sigmoid(z_sk) (the probability the generator gave the attribute) and **expected score** =
the student's expected score rate on the point's questions of this paper under the generator (what the app's
mastery means: "expected to score under half on an average question of the point"). For the bootstrap the truth
is the first fit's mastery. Cells are judged where the diagnosis has evidence (>= 2 scored questions), as in
the calibration. Each class is diagnosed alone on the CPU with the shipped prior.

Coverage: pooled over the set's judged cells; 90 % bootstrap interval over classes (1,000 draws); the share of
classes whose own coverage lies in [0.80, 0.97]; the mean logit bias (diagnosed minus true).
With --grade each class is diagnosed within a grade of 8 (`evaluate.grades`, in held-out order), as the app
diagnoses: DINA-type classes of a grade share one paper's question parameters and are each other's peers; the
bootstrap fits and refits each class with its real grade-mates as peers; the MIRT reference is 5 grades of 8.
Writes benchmarks/results/intervals.json and intervals.md (with --grade: intervals_grade.json and .md).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.diagnosis import Diagnosis
from app.core.logits import logit, sigmoid
from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import diagnose
from app.engine.evaluate import grades
from app.engine.training.bootstrap import EPS, bootstrap_class, error_ratios, judged_cells
from app.engine.training.datasets import load_dataset
from app.engine.training.simulate import simulate_class, simulate_grade

RESULTS = ROOT / "benchmarks" / "results"
SETS = ("timss", "math1", "frcsub", "ecpe")
GENERATORS = ("dina", "gdina", "bootstrap", "bootstrap, posterior draw")
DRAWS = 1000
REFERENCE_SEED = 91  # the project's MIRT simulator, which set the scale until 2026-12 (on seed 90)


def _binary(matrix: ScoreMatrix, correct: np.ndarray) -> ScoreMatrix:
    """The real class with its scores replaced by 0/1 `correct`, its missing scores kept, every question 1 point."""
    points = np.where(matrix.observed, correct.astype(float), np.nan)
    return dataclasses.replace(matrix, points=points, max_scores=np.ones(len(matrix.item_ids)))


def _paper(classes: list[ScoreMatrix], rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    """Question parameters a grade's classes share, by item id: guess, slip, G-DINA effects."""
    rows = {item: m.q_matrix[j] for m in classes for j, item in enumerate(m.item_ids)}
    k = classes[0].q_matrix.shape[1]
    out = {}
    for item, q in sorted(rows.items()):
        main = rng.dirichlet(np.ones(k + 1))
        main[:k] *= q
        out[item] = {"guess": rng.uniform(0.05, 0.25), "slip": rng.uniform(0.05, 0.25), "main": main / main.sum()}
    return out


def _dina_type(
    matrix: ScoreMatrix, rng: np.random.Generator, kind: str, paper: dict[str, dict[str, Any]] | None = None
) -> tuple[ScoreMatrix, dict[str, np.ndarray]]:
    """A DINA or G-DINA class on the real class's Q-matrix and gaps (its question parameters from `paper` when
    given, as the classes of a grade share them); the two truths (S, K)."""
    q = matrix.q_matrix.astype(bool)
    s, (i, k) = len(matrix.student_ids), q.shape
    z = rng.normal(0, 1, (s, 1)) + rng.normal(0.3, 0.5, (1, k)) + rng.normal(0, 0.7, (s, k))
    alpha = rng.random((s, k)) < sigmoid(z)
    if paper is None:
        guess, slip = rng.uniform(0.05, 0.25, i), rng.uniform(0.05, 0.25, i)
    else:
        guess, slip = (np.array([paper[item][key] for item in matrix.item_ids]) for key in ("guess", "slip"))
    width = q.sum(axis=1)
    if kind == "dina":
        share = np.where(width > 0, (alpha.astype(float) @ q.T) / np.maximum(width, 1), 1.0)
        p = np.where(share >= 1.0, 1 - slip, guess)
    else:
        if paper is None:
            main = rng.dirichlet(np.ones(k + 1), size=i)  # last column: the interaction of the question's points
            main[:, :k] *= q
            main /= main.sum(axis=1, keepdims=True)
        else:
            main = np.array([paper[item]["main"] for item in matrix.item_ids])
        every = np.where(width > 0, (alpha.astype(float) @ q.T) >= width, False)
        effect = alpha.astype(float) @ main[:, :k].T + every * main[:, k]
        p = guess + (1 - guess - slip) * effect
    correct = rng.random((s, i)) < p
    sim = _binary(matrix, correct)
    on_point = q.astype(float)
    expected = (p @ on_point) / np.maximum(on_point.sum(axis=0), 1)  # the point's questions on this paper
    return sim, {"P(mastered)": sigmoid(z), "expected score": expected}


def _judge(
    sim: ScoreMatrix, truths: dict[str, np.ndarray], peers: list[ScoreMatrix] | None = None
) -> dict[str, dict[str, Any]]:
    """`judge` of one simulated class diagnosed alone or with `peers`."""
    return judge(diagnose(sim, device="cpu", peers=peers or ()), truths)


def judge(d: Diagnosis, truths: dict[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    """Per truth of one diagnosed class: covered and judged cell counts, summed logit bias and width, and each
    judged cell's |error| over the bare Laplace half-width."""
    judged = judged_cells(d)
    lower, upper, mastery = (np.asarray(x, float) for x in (d.lower, d.upper, d.mastery))
    out = {}
    for name, truth in truths.items():
        inside = (truth >= lower) & (truth <= upper)
        ratios = error_ratios(d, truth)
        out[name] = {
            "covered": float(inside[judged].sum()),
            "covered_unscaled": float((ratios <= 1.0)[judged].sum()),
            "cells": float(judged.sum()),
            "bias_sum": float((logit(mastery, EPS) - logit(truth, EPS))[judged].sum()),
            "width_sum": float((upper - lower)[judged].sum()),
            "ratios": ratios[judged],
        }
    return out


def _bootstrap(
    matrix: ScoreMatrix, rng: np.random.Generator, draw: bool, peers: list[ScoreMatrix] | None = None
) -> tuple[ScoreMatrix, dict[str, np.ndarray]]:
    """`app.engine.training.bootstrap.bootstrap_class` with its truth named for the tables."""
    sim, truth = bootstrap_class(matrix, rng, draw=draw, peers=peers or ())
    return sim, {"fit mastery": truth}


def _classes(name: str, data_dir: Path, n: int) -> list[ScoreMatrix]:
    """Up to `n` classes of a set, held-out first (FrcSub has 4 held-out: its training classes follow)."""
    tasks = load_dataset(name, data_dir)
    return (tasks.held_out + tasks.train)[:n]


def summary(per_class: list[dict[str, Any]], rng: np.random.Generator) -> dict[str, float]:
    """Pooled coverage, its 90 % bootstrap interval over classes, share of classes in [0.80, 0.97], bias, and the
    interval scale that would make this generator's pooled coverage 0.90."""
    covered = np.array([c["covered"] for c in per_class])
    cells = np.array([c["cells"] for c in per_class])
    keep = cells > 0
    covered, cells = covered[keep], cells[keep]
    bias = np.array([c["bias_sum"] for c in per_class])[keep]
    width = np.array([c["width_sum"] for c in per_class])[keep]
    unscaled = np.array([c["covered_unscaled"] for c in per_class])[keep]
    draws = rng.integers(0, len(cells), (DRAWS, len(cells)))
    boot = covered[draws].sum(axis=1) / cells[draws].sum(axis=1)
    own = covered / cells
    return {
        "coverage": float(covered.sum() / cells.sum()),
        "low": float(np.quantile(boot, 0.05)),
        "high": float(np.quantile(boot, 0.95)),
        "classes": len(cells),
        "cells": int(cells.sum()),
        "share_in_band": float(np.mean((own >= 0.80) & (own <= 0.97))),
        "class_min": float(own.min()),
        "class_max": float(own.max()),
        "bias": float(bias.sum() / cells.sum()),
        "coverage_unscaled": float(unscaled.sum() / cells.sum()),
        "width": float(width.sum() / cells.sum()),
        "scale_for_90": float(np.quantile(np.concatenate([c["ratios"] for c in per_class]), 0.9)),
    }


def _grade_counts(classes: list[ScoreMatrix], gen: str, rng: np.random.Generator) -> list[dict[str, dict[str, Any]]]:
    """Each class of one grade judged within it: DINA-type classes simulated on a shared paper and diagnosed with
    the grade's other simulated classes as peers; the bootstrap fits and refits each class with its real peers."""
    if gen.startswith("bootstrap"):
        out = []
        for j, matrix in enumerate(classes):
            peers = classes[:j] + classes[j + 1 :]
            sim, truths = _bootstrap(matrix, rng, draw=gen != "bootstrap", peers=peers)
            out.append(_judge(sim, truths, peers))
        return out
    paper = _paper(classes, rng)
    made = [_dina_type(m, rng, gen, paper) for m in classes]
    sims = [m for m, _ in made]
    return [_judge(sim, truths, sims[:j] + sims[j + 1 :]) for j, (sim, truths) in enumerate(made)]


def run(data_dir: Path, n: int, seed: int, grade: bool = False) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """{generator: {truth: {set or 'all': summary}}}; with `grade` each class within a grade of 8."""
    rng = np.random.default_rng(seed)
    raw: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
    for name in SETS if grade else ():
        classes = _classes(name, data_dir, n)
        for gen in GENERATORS:
            for members in grades(len(classes)):
                for judged in _grade_counts([classes[j] for j in members], gen, rng):
                    for truth, counts in judged.items():
                        raw.setdefault(gen, {}).setdefault(truth, {}).setdefault(name, []).append(counts)
        print(f"{name}: done", flush=True)
    for name in () if grade else SETS:
        for matrix in _classes(name, data_dir, n):
            for gen in GENERATORS:
                if gen.startswith("bootstrap"):
                    sim, truths = _bootstrap(matrix, rng, draw=gen != "bootstrap")
                else:
                    sim, truths = _dina_type(matrix, rng, gen)
                for truth, counts in _judge(sim, truths).items():
                    raw.setdefault(gen, {}).setdefault(truth, {}).setdefault(name, []).append(counts)
        print(f"{name}: done", flush=True)
    sim_rng = np.random.default_rng(REFERENCE_SEED)
    for _ in range(5 if grade else 40):  # 40 classes: 5 grades of 8, or 40 alone
        grade_sims = simulate_grade(sim_rng, 8, "mirt") if grade else [simulate_class(sim_rng, "mirt")]
        for j, sim in enumerate(grade_sims):
            peers = [x.matrix for x in grade_sims[:j] + grade_sims[j + 1 :]]
            counts = _judge(sim.matrix, {"true mastery": sim.mastery}, peers)["true mastery"]
            raw.setdefault("mirt simulator (reference)", {}).setdefault("true mastery", {}).setdefault(
                "simulated", []
            ).append(counts)
    boot_rng = np.random.default_rng(seed + 1)
    out: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for gen, truths in raw.items():
        for truth, sets in truths.items():
            table = {s: summary(c, boot_rng) for s, c in sets.items()}
            table["all"] = summary([c for cs in sets.values() for c in cs], boot_rng)
            out.setdefault(gen, {})[truth] = table
    return out


def markdown(results: dict[str, dict[str, dict[str, dict[str, float]]]], n: int, seed: int, grade: bool) -> str:
    """The coverage table: one row per generator and truth, one column per set and all together."""
    head = (
        "| generator | truth | "
        + " | ".join([*SETS, "all sets"])
        + " | classes in [0.80, 0.97] | logit bias | all sets, scale 1 | scale for 0.90 |"
    )
    lines = [
        f"Reproduce: `.venv/bin/python benchmarks/intervals.py --classes {n} --seed {seed}"
        f"{' --grade' if grade else ''}`. Cell: coverage of "
        "the 90 % interval [90 % bootstrap interval over classes]; last columns over all sets, the last the "
        "coverage the bare Laplace interval (interval scale 1 instead of the shipped one) would have.",
        "",
        head,
        "|" + "---|" * (len(SETS) + 7),
    ]
    for gen, truths in results.items():
        for truth, sets in truths.items():
            cells = [
                f"{sets[s]['coverage']:.3f} [{sets[s]['low']:.3f}, {sets[s]['high']:.3f}]" if s in sets else "—"
                for s in SETS
            ]
            a = sets["all"]
            lines.append(
                f"| {gen} | {truth} | "
                + " | ".join(cells)
                + f" | {a['coverage']:.3f} [{a['low']:.3f}, {a['high']:.3f}] | {a['share_in_band']:.2f} of "
                f"{a['classes']} (per class {a['class_min']:.2f}–{a['class_max']:.2f}) | {a['bias']:+.3f} | "
                f"{a['coverage_unscaled']:.3f} | {a['scale_for_90']:.2f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the coverage study and write its tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--classes", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grade", action="store_true", help="each class within a grade of 8, as the app diagnoses")
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    results = run(args.data, args.classes, args.seed, args.grade)
    stem = "intervals_grade" if args.grade else "intervals"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=1))
    text = markdown(results, args.classes, args.seed, args.grade)
    (RESULTS / f"{stem}.md").write_text(text)
    print(text)
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
