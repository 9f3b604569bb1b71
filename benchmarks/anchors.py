"""Question parameters kept for next year (issue 20, item 1): does last year's calibration of a paper help a class
diagnosed alone this year? (Beside it: the class fitted jointly with last year's classes themselves, as peers.)

    .venv/bin/python benchmarks/anchors.py [--sets timss,math1,ecpe] [--grade 8] [--reps 1000]

Each real set's classes are split as training already splits them (app.engine.training.datasets): "last year" is
drawn from the training classes, "this year" is every held-out class (the shipped prior never saw them). Last
year's paper is calibrated by one joint fit (`diagnose_together`) of a grade of `--grade` training classes (a
school's grade), and, as a second size, of every training class (a district's); the calibration is what
`services.calibrating` keeps it (`calibrations_of`), aligned to each class's questions by label. Each
of this year's classes is then diagnosed ALONE, without and with the anchors, with 20 % of each student's scores
hidden (`hide_scores`, seed = the class's index); the hidden scores are predicted from the run's own parameters
(`expected_scores`). Metrics pooled over a set's classes; 90 % bootstrap intervals resample classes (paired for
the differences). A sensitivity sweep of the anchors' strength follows (its defaults were set before measuring).
TIMSS has real classes (IDCLASS) of 158 schools; Math1 and ECPE pseudo-classes of 30-50.
Writes benchmarks/results/anchors.json and anchors.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import app.engine.anchors as anchoring
from app.core.score_matrix import ScoreMatrix
from app.engine.anchors import ItemAnchors
from app.engine.diagnose import diagnose, diagnose_together, expected_scores
from app.engine.evaluate import grades, hide_scores
from app.engine.grade import on_common_items
from app.engine.metrics import auc, log_loss
from app.engine.training.datasets import load_dataset
from app.services.calibrating import calibrations_of
from app.storage import CalibrationRecord

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"
SEED = 2027
DRAWS = 5  # further draws of last year's grade
STRENGTHS = {"default (0.1 per student, cap 25)": (0.1, 25.0), "weak (0.02, cap 5)": (0.02, 5.0), "strong (0.5, cap 100)": (0.5, 100.0)}  # fmt: skip


def calibrate(classes: list[ScoreMatrix]) -> CalibrationRecord:
    """One joint fit of `classes` on the union of their questions, kept as the app keeps it."""
    common, _ = on_common_items(classes)
    together = diagnose_together(common, device="cpu")
    (record,) = calibrations_of(together[0], common, list(range(len(common))))
    return record


def aligned(record: CalibrationRecord, target: ScoreMatrix) -> ItemAnchors:
    """The calibration as anchors on `target`'s questions by label (a question it does not hold is not anchored)."""
    by_label = {q.label: q for q in record.questions}
    found = [by_label.get(item) for item in target.item_ids]

    def column(field: str) -> np.ndarray:
        return np.array([0.0 if q is None else float(getattr(q, field)) for q in found])

    students = column("students")
    return ItemAnchors(
        known=students > 0,
        difficulty=column("difficulty"),
        discrimination=column("discrimination"),
        guess=column("guess"),
        slip=column("slip"),
        students=students,
    )


def predictions(
    target: ScoreMatrix, seed: int, anchors: ItemAnchors | None, peers: Sequence[ScoreMatrix] = ()
) -> tuple[np.ndarray, np.ndarray, int]:
    """(truth, p, anchored questions) on the hidden 20 % of the class's scores, the class diagnosed alone (or in one
    joint fit with `peers`)."""
    split = hide_scores(target, 0.2, seed=seed)
    d = diagnose(split.train, device="cpu", anchors=anchors, peers=peers)
    expected = expected_scores(d)
    assert expected is not None
    s, i, truth = split.pairs()
    return truth, expected[s, i], int(d.settings["anchored_items"])


def pooled(truth: list[np.ndarray], preds: list[np.ndarray], pick: np.ndarray) -> tuple[float, float, float]:
    """(AUC, log loss, mean p − mean y) of the classes `pick` pooled."""
    y, p = np.concatenate([truth[j] for j in pick]), np.concatenate([preds[j] for j in pick])
    return auc(y, p), log_loss(y, p), float(p.mean() - y.mean())


def interval(truth: list, methods: dict[str, list], reps: int, rng: np.random.Generator) -> dict[str, dict]:
    """Per method AUC and log loss with 90 % intervals over classes, and each method minus "alone", paired."""
    n = len(truth)
    draws = [rng.integers(0, n, n) for _ in range(reps)]
    every = np.arange(n)
    out: dict[str, dict] = {}
    base = methods["alone"]
    for name, preds in methods.items():
        point = pooled(truth, preds, every)
        boot = np.array([pooled(truth, preds, d) for d in draws])
        row = {
            "auc": [point[0], *np.nanpercentile(boot[:, 0], [5, 95])],
            "log_loss": [point[1], *np.nanpercentile(boot[:, 1], [5, 95])],
            "bias": [point[2], *np.nanpercentile(boot[:, 2], [5, 95])],
        }
        if name != "alone":
            ref = pooled(truth, base, every)
            diff = np.array([np.subtract(pooled(truth, preds, d), pooled(truth, base, d)) for d in draws])
            row["delta_auc"] = [point[0] - ref[0], *np.nanpercentile(diff[:, 0], [5, 95])]
            row["delta_log_loss"] = [point[1] - ref[1], *np.nanpercentile(diff[:, 1], [5, 95])]
        out[name] = {k: [float(x) for x in v] for k, v in row.items()}
    return out


def run_set(name: str, grade: int, reps: int) -> dict:
    """Calibrate on last year (a grade, and every training class), diagnose this year's classes alone both ways."""
    data = load_dataset(name, DATA)
    rng = np.random.default_rng(SEED)
    last_grade = [data.train[j] for j in rng.choice(len(data.train), size=min(grade, len(data.train)), replace=False)]
    calibrations = {
        f"anchored on last year's grade ({len(last_grade)} classes)": calibrate(last_grade),
        f"anchored on every training class ({len(data.train)})": calibrate(data.train),
    }
    truth: list[np.ndarray] = []
    together = f"not alone: last year's {len(last_grade)} classes as its grade peers (one joint fit)"
    this_grade, this_grade_anchored = (
        "not alone: this year's grade (the other held-out classes of its grade of 8 as peers)",
        "not alone: this year's grade, anchored on last year's grade",
    )
    methods: dict[str, list[np.ndarray]] = {
        "alone": [],
        **{k: [] for k in calibrations},
        together: [],
        this_grade: [],
        this_grade_anchored: [],
    }
    grade_of = {j: g for g in grades(len(data.held_out)) for j in g}
    anchored_share: dict[str, list[float]] = {k: [] for k in calibrations}
    sweep: dict[str, list[np.ndarray]] = {k: [] for k in STRENGTHS}
    grade_key = next(iter(calibrations))
    for j, target in enumerate(data.held_out):
        y, p, _ = predictions(target, j, None)
        truth.append(y)
        methods["alone"].append(p)
        methods[together].append(predictions(target, j, None, last_grade)[1])
        peers = [data.held_out[k] for k in grade_of[j] if k != j]
        last = calibrations[next(iter(calibrations))]
        methods[this_grade].append(predictions(target, j, None, peers)[1])
        methods[this_grade_anchored].append(predictions(target, j, aligned(last, target), peers)[1])
        for key, record in calibrations.items():
            _, p, count = predictions(target, j, aligned(record, target))
            methods[key].append(p)
            anchored_share[key].append(count / len(target.item_ids))
        for key, (per_student, cap) in STRENGTHS.items():
            anchoring.PER_STUDENT, anchoring.CAP = per_student, cap
            sweep[key].append(predictions(target, j, aligned(calibrations[grade_key], target))[1])
        anchoring.PER_STUDENT, anchoring.CAP = STRENGTHS["default (0.1 per student, cap 25)"]
    other_grades = []
    for draw in range(1, DRAWS + 1):  # other schools' grades as last year: how much the draw matters
        pick = np.random.default_rng(SEED + draw).choice(
            len(data.train), size=min(grade, len(data.train)), replace=False
        )
        record = calibrate([data.train[j] for j in pick])
        preds = [predictions(t, j, aligned(record, t))[1] for j, t in enumerate(data.held_out)]
        every = np.arange(len(truth))
        other_grades.append(pooled(truth, preds, every)[0] - pooled(truth, methods["alone"], every)[0])
    boot = np.random.default_rng(SEED)
    return {
        "delta_auc_other_grades": other_grades,
        "classes_this_year": len(data.held_out),
        "hidden_scores": int(sum(len(t) for t in truth)),
        "calibration_students": {k: c.students for k, c in calibrations.items()},
        "anchored_share": {k: float(np.mean(v)) for k, v in anchored_share.items()},
        "metrics": interval(truth, methods, reps, boot),
        "anchored_grade_vs_grade": interval(
            truth,
            {"alone": methods[this_grade], "anchored": methods[this_grade_anchored]},
            reps,
            np.random.default_rng(SEED),
        )["anchored"],
        "sweep_on_grade": interval(truth, {"alone": methods["alone"], **sweep}, reps, np.random.default_rng(SEED)),
    }


def markdown(results: dict) -> str:
    """The tables of RESULTS.md."""

    def cell(v: list[float], sign: bool = False) -> str:
        f = "{:+.3f}" if sign else "{:.3f}"
        return f"{f.format(v[0])} [{f.format(v[1])}, {f.format(v[2])}]"

    lines = []
    for name, r in results["sets"].items():
        lines += [
            f"**{name}**: {r['classes_this_year']} classes this year, {r['hidden_scores']} hidden scores",
            "",
            "| this year's class diagnosed alone | AUC [90 %] | log loss [90 %] | mean p − mean y | ΔAUC vs alone | Δ log loss vs alone |",
            "|---|---|---|---|---|---|",
        ]
        for method, m in {
            **r["metrics"],
            **{f"sweep: {k}": v for k, v in r["sweep_on_grade"].items() if k != "alone"},
        }.items():
            extra = ""
            if method in r["anchored_share"]:
                extra = f" (calibrated on {r['calibration_students'][method]} students; {r['anchored_share'][method]:.0%} of a class's questions anchored)"
            delta = f"{cell(m['delta_auc'], True)} | {cell(m['delta_log_loss'], True)}" if "delta_auc" in m else "— | —"
            lines.append(
                f"| {method}{extra} | {cell(m['auc'])} | {cell(m['log_loss'])} | {m['bias'][0]:+.3f} | {delta} |"
            )
        others = ", ".join(f"{d:+.3f}" for d in r["delta_auc_other_grades"])
        within = r["anchored_grade_vs_grade"]
        lines += [
            "",
            f"ΔAUC, anchored on {DRAWS} other draws of last year's grade: {others}",
            "",
            f"Within this year's grade, anchored minus not: ΔAUC {cell(within['delta_auc'], True)}, "
            f"Δ log loss {cell(within['delta_log_loss'], True)}",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    """Run every set and write the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="timss,math1,ecpe")
    parser.add_argument("--grade", type=int, default=8)
    parser.add_argument("--reps", type=int, default=1000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    results = {"sets": {name: run_set(name, args.grade, args.reps) for name in args.sets.split(",")}}
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["command"] = "benchmarks/anchors.py " + " ".join(sys.argv[1:])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "anchors.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (RESULTS / "anchors.md").write_text(markdown(results))
    print(markdown(results))
    print(f"{results['seconds']} s")


if __name__ == "__main__":
    main()
