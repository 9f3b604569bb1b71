"""Flag study (issue 20): are the app's flags right on questions the diagnosis did not see?

    .venv/bin/python benchmarks/run_flags.py [--tasks 24] [--seed 0]

For each held-out class of each real set in ../shared/data, the questions are halved at random: the class is
diagnosed on half A (the class alone, the shipped prior) and its flags are judged on half B. A cell (student x
knowledge point with at least two scored questions in each half) is truly weak when its score rate on B is below
the weak threshold (0.5).

- With --grade each class is diagnosed within its pseudo-grade (8 held-out classes, as `evaluate.grades` cuts
  them; all on one random half, the other classes' half A as peers), as the app diagnoses a class within its grade.
- Flags compared: the findings (`app.insight.findings`, confidence 0.8: a "weak point", and every point of a
  student "behind overall", which Status keeps as "work on this point"; also with the "not sure yet" cells); the
  diagnosis' old flags (Status weak);
  the per-point score rate on A below 0.5 (what exam platforms show); the student's overall score rate on A below
  0.5 (every point of that student).
- Precision at the same recall: the flags' precision minus that of the per-point score rate on A ranking the same
  cells, taken as far as needed to reach the flags' recall (the issue's bar: +0.03 on every set, recall at least
  0.8 x the score rate's).
- Lift over the student's own level: on half B a Rasch model gives the question difficulties; for each cell the
  student's ability is fitted on their B questions *not* testing the point, and the cell is "below expectation"
  when its B score rate is under the Rasch expectation. Lift = P(below | flagged) - P(below | the same students'
  other cells), for the point-specific flags shown (gated by the class's profile reliability) and for the same
  rule without the gate (what would be shown if every class passed it).
90 % intervals: bootstrap over classes (1,000 draws). Writes benchmarks/results/flags.json and flags.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.diagnosis import Thresholds
from app.core.logits import sigmoid
from app.core.score_matrix import ScoreMatrix
from app.core.vocabulary import Finding
from app.engine.diagnose import diagnose
from app.engine.evaluate import grades, on_items
from app.engine.profile import weak_kinds
from app.engine.rasch import irt_fit
from app.engine.training.datasets import load_dataset
from app.insight.findings import findings

RESULTS = ROOT / "benchmarks" / "results"
SETS = ("timss", "math1", "frcsub", "ecpe")  # junyi: 9 questions on 9 points, nothing left to halve
CONFIDENCE = 0.8
BAR = 0.8  # the recall bar: at least 0.8 x the score rate's recall
RANKINGS = {"mastery": "mastery", "minus_p_weak": "P(weak)"}  # the engine's rankings of the cells, lowest first
FLAGS = ("findings", "findings or not sure yet", "status weak", "KP score rate (A)", "overall score rate (A)")
DRAWS = 1000
SWEEP = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)  # the teacher's confidence: what each level flags


def _rates(matrix: ScoreMatrix, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score rate, scored questions) per student x point on questions `cols`."""
    q = matrix.q_matrix[cols].astype(float)
    observed = matrix.observed[:, cols].astype(float)
    scores = np.where(matrix.observed[:, cols], matrix.fractions[:, cols], 0.0)
    n = observed @ q
    return (scores @ q) / np.maximum(n, 1), n


def _own_level_below(matrix: ScoreMatrix, cols: np.ndarray) -> np.ndarray:
    """(S, K) bool: the cell's score rate on questions `cols` is under the Rasch expectation from the student's
    ability fitted on their other questions of `cols` (difficulties from all of `cols`)."""
    half = on_items(matrix, cols)
    _, b, _ = irt_fit(half)
    y = np.where(half.observed, half.fractions, 0.0)
    seen = half.observed.astype(float)
    q = half.q_matrix
    below = np.zeros((len(half.student_ids), q.shape[1]), dtype=bool)
    for k in range(q.shape[1]):
        other = (~q[:, k]).astype(float)[None, :] * seen  # (S, I): the student's scored questions not on k
        theta = np.zeros(len(half.student_ids))
        for _ in range(25):  # Newton on the MAP ability, prior N(0, 1), difficulties fixed
            p = sigmoid(theta[:, None] - b[None, :])
            grad = ((y - p) * other).sum(axis=1) - theta
            hess = (p * (1 - p) * other).sum(axis=1) + 1.0
            theta = theta + grad / hess
        on_k = q[:, k].astype(float)[None, :] * seen
        p = sigmoid(theta[:, None] - b[None, :])
        n = on_k.sum(axis=1)
        observed_rate = (y * on_k).sum(axis=1) / np.maximum(n, 1)
        expected_rate = (p * on_k).sum(axis=1) / np.maximum(n, 1)
        below[:, k] = observed_rate < expected_rate
    return below


def _half(items: int, seed: int) -> np.ndarray:
    """(I,) bool: a random half of the questions (half A)."""
    return np.random.default_rng(seed).permutation(items) % 2 == 0


def _on_half(matrix: ScoreMatrix, half_a: np.ndarray) -> ScoreMatrix:
    """The matrix with the scores of half B hidden."""
    return dataclasses.replace(matrix, points=np.where(half_a[None, :], matrix.points, np.nan))


def _class(
    matrix: ScoreMatrix, half_a: np.ndarray, peers: list[ScoreMatrix] | None = None
) -> dict[str, np.ndarray | float | bool]:
    """Flags, truth and own-level judgements on the valid cells of one class diagnosed on `half_a` (within its
    grade when `peers`, on the same half, are given)."""
    cols_a, cols_b = np.flatnonzero(half_a), np.flatnonzero(~half_a)
    train = _on_half(matrix, half_a)
    t = Thresholds()
    d = diagnose(train, peers=peers or (), device="cpu")
    kinds = weak_kinds(d, train)
    common = dict(overall=kinds.overall, p_behind=kinds.p_behind, p_below_own=kinds.p_below_own)
    shown = findings(d, CONFIDENCE, point_specific=kinds.reliability.supports_relative, **common)
    ungated = findings(d, CONFIDENCE, point_specific=True, **common)
    rate_a, n_a = _rates(matrix, cols_a)
    rate_b, n_b = _rates(matrix, cols_b)
    valid = (n_a >= t.min_evidence) & (n_b >= t.min_evidence)
    scored = matrix.observed[:, cols_a]
    overall_a = np.where(scored, matrix.fractions[:, cols_a], 0.0).sum(axis=1) / np.maximum(scored.sum(axis=1), 1)
    sweep = {}
    for level in SWEEP:
        at = findings(d, level, point_specific=kinds.reliability.supports_relative, **common)
        sweep[f"flag:findings @ {level}"] = (at.finding == Finding.WEAK_POINT.value) | at.behind[:, None]
    flags = {
        "findings": (shown.finding == Finding.WEAK_POINT.value) | shown.behind[:, None],
        "findings or not sure yet": (shown.finding != Finding.NONE.value),
        "status weak": d.status == "weak",
        "KP score rate (A)": rate_a < t.weak_below,
        "overall score rate (A)": np.repeat((overall_a < t.weak_below)[:, None], len(d.knowledge_points), axis=1),
    }
    return {
        "valid": valid,
        "truth": rate_b < t.weak_below,
        "rate_a": rate_a,
        "mastery": np.asarray(d.mastery, float),
        "minus_p_weak": -shown.p_weak,
        "below_own": _own_level_below(matrix, cols_b),
        "specific": shown.finding == Finding.WEAK_POINT.value,
        "specific_ungated": ungated.finding == Finding.WEAK_POINT.value,
        "behind": shown.behind,
        "supported": kinds.reliability.supports_relative,
        "reliability": kinds.reliability.full_length,
        **{f"flag:{name}": f for name, f in flags.items()},
        **sweep,
    }


def _precision_recall(flag: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    return float((flag & truth).sum() / max(flag.sum(), 1)), float((flag & truth).sum() / max(truth.sum(), 1))


def _rate_precision_at(recall: float | np.ndarray, rate: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Precision of the lowest `rate`s (a score rate, or any ranking), as many cells as needed to reach `recall`
    (each of an array of recalls)."""
    found = np.cumsum(truth[np.argsort(rate, kind="stable")])
    k = np.minimum(np.searchsorted(found / max(truth.sum(), 1), recall) + 1, len(truth))
    out: np.ndarray = found[k - 1] / k
    return out


def _margins(ranking: np.ndarray, rate: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(recall, precision minus the score rate's at that recall) of every threshold on `ranking`, lowest first."""
    found = np.cumsum(truth[np.argsort(ranking, kind="stable")])
    recall = found / max(truth.sum(), 1)
    return recall, found / np.arange(1, len(truth) + 1) - _rate_precision_at(recall, rate, truth)


def _pooled(classes: list[dict], key: str) -> np.ndarray:
    return np.concatenate([c[key][c["valid"]] for c in classes])


def _set_stats(classes: list[dict]) -> dict[str, float]:
    """The set's pooled numbers (one bootstrap draw is the same on resampled classes)."""
    truth, rate = _pooled(classes, "truth"), _pooled(classes, "rate_a")
    out: dict[str, float] = {"cells": float(len(truth)), "truly_weak": float(truth.mean())}
    for name in (*FLAGS, *(f"findings @ {level}" for level in SWEEP)):
        flag = _pooled(classes, f"flag:{name}")
        p, r = _precision_recall(flag, truth) if flag.any() else (float("nan"), 0.0)  # nothing flagged: no precision
        out[f"{name} / precision"], out[f"{name} / recall"], out[f"{name} / flagged"] = p, r, float(flag.mean())
        out[f"{name} / minus rate at same recall"] = p - float(_rate_precision_at(r, rate, truth))
    # the engine's own rankings of the cells (what a threshold rule on its posterior picks from), between the
    # recall bar and the score rate's own recall
    top = out["KP score rate (A) / recall"]
    out["recall bar"] = BAR * top
    for key in RANKINGS:
        recall, margin = _margins(_pooled(classes, key), rate, truth)
        within = (recall >= BAR * top) & (recall <= top)
        out[f"{key} / at the bar"] = float(margin[np.argmax(recall >= BAR * top)])
        out[f"{key} / mean up to the rate recall"] = float(margin[within].mean()) if within.any() else float("nan")
    for kind in ("specific", "specific_ungated"):
        flagged, below = _pooled(classes, kind), _pooled(classes, "below_own")
        students = np.concatenate(
            [np.repeat(c[kind].any(axis=1)[:, None], c[kind].shape[1], axis=1)[c["valid"]] for c in classes]
        )
        others = students & ~flagged
        out[f"{kind} / shown"] = float(flagged.sum())
        out[f"{kind} / lift"] = (
            float(below[flagged].mean() - below[others].mean()) if flagged.any() and others.any() else float("nan")
        )
    return out


def _interval(classes: list[dict], rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    """90 % bootstrap intervals over classes of every number `_set_stats` gives."""
    draws: dict[str, list[float]] = {}
    for _ in range(DRAWS):
        sample = [classes[j] for j in rng.integers(0, len(classes), len(classes))]
        for key, value in _set_stats(sample).items():
            draws.setdefault(key, []).append(value)
    return {
        k: (float(np.nanpercentile(v, 5)), float(np.nanpercentile(v, 95)))
        for k, v in draws.items()
        if not np.all(np.isnan(v))
    }


def _classes(tasks: list[ScoreMatrix], seed: int, grade: bool) -> list[dict]:
    """Every class of a set judged: alone, each on its own random half; or within its (pseudo-)grade of
    `evaluate.grades`, the grade on one half, the other classes' half A as peers."""
    if not grade:
        return [_class(m, _half(len(m.item_ids), seed + j)) for j, m in enumerate(tasks)]
    out: dict[int, dict] = {}
    for members in grades(len(tasks)):
        half_a = _half(len(tasks[members[0]].item_ids), seed + members[0])
        for j in members:
            out[j] = _class(tasks[j], half_a, [_on_half(tasks[k], half_a) for k in members if k != j])
    return [out[j] for j in range(len(tasks))]


def run(data_dir: Path, n_tasks: int, seed: int, grade: bool = False) -> dict[str, dict]:
    """The study on every set: pooled numbers with intervals, and per set the classes that pass the gate."""
    out = {}
    for name in SETS:
        started = time.perf_counter()
        tasks = load_dataset(name, data_dir).held_out[:n_tasks]
        classes = _classes(tasks, seed, grade)
        stats = _set_stats(classes)
        out[name] = {
            "classes": len(classes),
            "supported_classes": int(sum(bool(c["supported"]) for c in classes)),
            "mean_reliability": float(np.nanmean([float(c["reliability"]) for c in classes])),
            "behind_students": float(np.mean(np.concatenate([c["behind"] for c in classes]))),
            "stats": stats,
            "interval": _interval(classes, np.random.default_rng(seed)),
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(f"{name}: {len(classes)} classes in {out[name]['seconds']} s", flush=True)
    return out


def markdown(results: dict[str, dict], n_tasks: int, seed: int, grade: bool = False) -> str:
    """The table RESULTS.md shows."""

    def cell(r: dict, key: str, signed: bool = False) -> str:
        value, (lo, hi) = r["stats"][key], r["interval"].get(key, (float("nan"), float("nan")))
        fmt = "{:+.3f}" if signed else "{:.3f}"
        return "—" if np.isnan(value) else f"{fmt.format(value)} [{fmt.format(lo)}, {fmt.format(hi)}]"

    lines = [
        f"Held-out classes (up to {n_tasks} a set), questions halved at random (seed {seed}): diagnosed on one half "
        + (
            "(within pseudo-grades of 8 held-out classes on the same half, shipped prior)"
            if grade
            else "(class alone, shipped prior)"
        )
        + ", judged on the other. 90 % bootstrap intervals over classes. Reproduce: "
        f"`.venv/bin/python benchmarks/run_flags.py --tasks {n_tasks} --seed {seed}{' --grade' if grade else ''}`.",
        "",
        "| set | classes | cells | flag | flagged | precision | recall | precision minus score rate at same recall |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        for flag in FLAGS:
            lines.append(
                f"| {name} | {r['classes']} | {int(r['stats']['cells'])} | {flag} | {r['stats'][f'{flag} / flagged']:.3f} "
                f"| {cell(r, f'{flag} / precision')} | {cell(r, f'{flag} / recall')} "
                f"| {cell(r, f'{flag} / minus rate at same recall', True)} |"
            )
    lines += [
        "",
        "The findings at each confidence the teacher may set: precision minus the score rate's at the same recall "
        "/ recall / recall of the score rate's own flags.",
        "",
        "| set | " + " | ".join(f"confidence {level}" for level in SWEEP) + " | score rate's recall |",
        "| --- | " + " | ".join("---" for _ in SWEEP) + " | --- |",
    ]
    for name, r in results.items():
        s = r["stats"]
        lines.append(
            f"| {name} | "
            + " | ".join(
                "none flagged"
                if np.isnan(s[f"findings @ {level} / precision"])
                else f"{s[f'findings @ {level} / minus rate at same recall']:+.3f} / {s[f'findings @ {level} / recall']:.2f}"
                for level in SWEEP
            )
            + f" | {s['KP score rate (A) / recall']:.2f} |"
        )
    lines += [
        "",
        "The engine's own rankings of the cells (a flag rule is a threshold on such a ranking of the posterior): "
        "precision minus the score rate's at the same recall, for the threshold at the recall bar (0.8 x the score "
        "rate's recall) and on average over the thresholds between the bar and the score rate's own recall.",
        "",
        "| set | recall bar | "
        + " | ".join(
            f"by {label}: at the bar | by {label}: mean up to the rate's recall" for label in RANKINGS.values()
        )
        + " |",
        "| --- | --- | " + " | ".join("--- | ---" for _ in RANKINGS) + " |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['stats']['recall bar']:.2f} | "
            + " | ".join(
                f"{cell(r, f'{key} / at the bar', True)} | {cell(r, f'{key} / mean up to the rate recall', True)}"
                for key in RANKINGS
            )
            + " |"
        )
    lines += [
        "",
        "Point-specific flags: lift of P(below the student's own Rasch level on the other half) over the same "
        "students' other points.",
        "",
        "| set | classes passing the reliability gate (mean reliability) | students behind overall "
        "| weak points shown | lift | without the gate: weak points | lift |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        s = r["stats"]
        lines.append(
            f"| {name} | {r['supported_classes']} of {r['classes']} ({r['mean_reliability']:.2f}) "
            f"| {r['behind_students']:.3f} | {int(s['specific / shown'])} | {cell(r, 'specific / lift', True)} "
            f"| {int(s['specific_ungated / shown'])} | {cell(r, 'specific_ungated / lift', True)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=24)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grade", action="store_true", help="diagnose each class within its pseudo-grade of 8")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    torch.set_num_threads(1)  # a shared machine; the numbers do not depend on it
    results = run(args.data, args.tasks, args.seed, args.grade)
    RESULTS.mkdir(exist_ok=True)
    stem = "flags_grade" if args.grade else "flags"
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (RESULTS / f"{stem}.md").write_text(markdown(results, args.tasks, args.seed, args.grade), encoding="utf-8")
    print(markdown(results, args.tasks, args.seed, args.grade))


if __name__ == "__main__":
    main()
