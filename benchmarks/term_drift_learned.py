"""The term's drift learned by gradient on the training classes, then compared on the held-out ones.

    .venv/bin/python benchmarks/term_drift_learned.py learn [--classes 16] [--steps 16]
    .venv/bin/python benchmarks/term_drift_learned.py compare --drift G,D [--classes 16]

`learn`: the training pseudo-classes of ASSISTments 2009 and 2015 (the same grades and latest-exam cuts as
benchmarks/term_drift.py's grid), each grade fitted once, the drift learned by Adam on (log g, log d) through the
filter (app.engine.training.drift); also the training loss at the grid's drift and at none. `compare`: the held-out
classes of every set in benchmarks/term.py's term regime, fit_term with the learned drift, the grid's (the shipped
DRIFT) and none, and the shipped drift with 4 and 16 Fisher-scoring steps instead of SCORING_STEPS; AUC and log loss
pooled over each set's hidden scores with 90 % bootstrap intervals over classes, and differences to the shipped
drift with the same resampling. Writes benchmarks/results/term_drift_learned_{learn,compare}.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine import term
from app.engine.evaluate import grades
from app.engine.metrics import all_metrics
from app.engine.term import DRIFT, NO_DRIFT, Drift, fit_term
from app.engine.training.drift import drift_loss, drift_task, learn_drift
from app.engine.training.term_data import TERM_SETS, available, load_term_set
from benchmarks.quality_report import LEVEL, REPS
from benchmarks.term import DATA, KEEP, RESULTS, keep_latest
from benchmarks.term_drift import SETS


def learn(n_classes: int, steps: int, lr: float) -> dict:
    """Learn the drift on the training grades; the training loss at the learned, the grid's and no drift."""
    started = time.perf_counter()
    tasks = []
    for name in SETS:
        classes = [m for m, _ in load_term_set(name, DATA).train[:n_classes]]
        for grade in grades(len(classes)):
            tasks.append(drift_task([keep_latest(classes[j], KEEP, 1000 + j) for j in grade]))
    fitted = time.perf_counter() - started

    def show(step: int, loss: float, drift: Drift) -> None:
        print(f"step {step}: loss {loss:.5f} at g {drift.g:.4f} d {drift.d:.5f}", flush=True)

    learned, history = learn_drift(tasks, steps=steps, lr=lr, log=show)
    seconds = time.perf_counter() - started - fitted
    weights = [len(t.y) for t in tasks]
    losses = {}
    with torch.no_grad():
        for label, drift in (("learned", learned), ("grid", DRIFT), ("none", Drift(1e-8, 1e-8))):
            x = torch.tensor([math.log(drift.g), math.log(drift.d or 1e-8)], dtype=torch.float64)
            losses[label] = float(np.average([float(drift_loss(t, x)) for t in tasks], weights=weights))
    print("training loss", losses, flush=True)
    return {
        "learned": {"g": learned.g, "d": learned.d},
        "history": history,
        "training_loss": losses,
        "grades": len(tasks),
        "hidden_scores": int(sum(weights)),
        "seconds_fit_grades": fitted,
        "seconds_learn": seconds,
        "steps": steps,
        "lr": lr,
    }


@contextmanager
def scoring_steps(n: int) -> Iterator[None]:
    """The filter with `n` Fisher-scoring steps per exam (term._update reads the module's constant)."""
    before = term.SCORING_STEPS
    term.SCORING_STEPS = n
    try:
        yield
    finally:
        term.SCORING_STEPS = before


def compare(learned: Drift, n_classes: int) -> dict:
    """Every variant on every held-out term split: truth and predictions by split key, and the seconds spent."""
    variants: dict[str, tuple[Drift, int]] = {
        f"learned drift ({learned.g:.3g}, {learned.d:.2g})": (learned, term.SCORING_STEPS),
        f"grid drift ({DRIFT.g}, {DRIFT.d}) (shipped)": (DRIFT, term.SCORING_STEPS),
        "no drift": (NO_DRIFT, term.SCORING_STEPS),
        "shipped drift, 4 scoring steps": (DRIFT, 4),
        "shipped drift, 16 scoring steps": (DRIFT, 16),
    }
    truth: dict[str, np.ndarray] = {}
    preds: dict[str, dict[str, np.ndarray]] = {v: {} for v in variants}
    seconds = dict.fromkeys(variants, 0.0)
    for name in TERM_SETS:
        classes = load_term_set(name, DATA, n_classes).held_out
        for grade in grades(len(classes)):
            for j in grade:
                split = keep_latest(classes[j][0], KEEP, j)
                peers = [classes[k][0] for k in grade if k != j]
                s, i, y = split.pairs()
                key = f"{name}__term__{j}"
                truth[key] = y
                for label, (drift, steps) in variants.items():
                    started = time.perf_counter()
                    with scoring_steps(steps):
                        fit = fit_term([split.train, *peers], drift=drift, device="cpu")
                    preds[label][key] = fit.predict(0, s, i)
                    seconds[label] += time.perf_counter() - started
                print(key, {v: round(all_metrics(y, p[key])["log_loss"], 4) for v, p in preds.items()}, flush=True)
    return {"truth": truth, "preds": preds, "seconds": seconds}


def _metrics(truth: dict, preds: dict, keys: list[str]) -> np.ndarray:
    m = all_metrics(np.concatenate([truth[k] for k in keys]), np.concatenate([preds[k] for k in keys]))
    return np.array([m["auc"], m["log_loss"]])


def intervals(truth: dict, preds: dict, base: dict, keys: list[str], seed: int = 0) -> dict[str, list[float]]:
    """AUC and log loss pooled over `keys` and their differences to `base`, each [value, lo, hi] with a 90 %
    bootstrap interval from resampling classes (the same draws for both)."""
    rng = np.random.default_rng(seed)
    draws = [list(rng.choice(keys, size=len(keys))) for _ in range(REPS)]
    own = np.array([_metrics(truth, preds, d) for d in draws])
    delta = np.array([_metrics(truth, preds, d) - _metrics(truth, base, d) for d in draws])
    point, point_delta = _metrics(truth, preds, keys), _metrics(truth, preds, keys) - _metrics(truth, base, keys)
    out = {}
    for n, label in enumerate(("auc", "log_loss")):
        out[label] = [float(point[n]), *np.percentile(own[:, n], LEVEL).tolist()]
        out[f"d_{label}"] = [float(point_delta[n]), *np.percentile(delta[:, n], LEVEL).tolist()]
    return out


def table(result: dict) -> tuple[dict, str]:
    """(numbers, markdown): per set and variant AUC and log loss [90 %], and the differences to the shipped drift."""
    truth, preds = result["truth"], result["preds"]
    base = next(v for v in preds if "(shipped)" in v)
    sets = [n for n in TERM_SETS if any(k.startswith(f"{n}__") for k in truth)]
    summary: dict = {}
    lines = ["| variant | " + " | ".join(sets) + " |", "|---|" + "---|" * len(sets)]
    for variant in preds:
        cells = []
        for name in sets:
            keys = [k for k in truth if k.startswith(f"{name}__")]
            got = intervals(truth, preds[variant], preds[base], keys)
            summary.setdefault(name, {})[variant] = got
            a, ll = got["auc"], got["log_loss"]
            cell = f"{a[0]:.3f} [{a[1]:.3f}, {a[2]:.3f}] / {ll[0]:.4f} [{ll[1]:.4f}, {ll[2]:.4f}]"
            if variant != base:
                da, dl = got["d_auc"], got["d_log_loss"]
                cell += f"; Δ {da[0]:+.4f} [{da[1]:+.4f}, {da[2]:+.4f}] / {dl[0]:+.4f} [{dl[1]:+.4f}, {dl[2]:+.4f}]"
            cells.append(cell)
        lines.append(f"| {variant} | " + " | ".join(cells) + " |")
    return summary, "\n".join(lines) + "\n"


def main() -> None:
    """Learn the drift or compare it on the held-out classes; print and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("learn", "compare"))
    parser.add_argument("--classes", type=int, default=16)
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--drift", default=None, help="G,D: the learned drift to compare")
    args = parser.parse_args()
    if not available(DATA):
        print(f"skipped: no longitudinal data in {DATA}")
        return
    torch.set_num_threads(1)
    RESULTS.mkdir(exist_ok=True)
    if args.what == "learn":
        out = learn(args.classes, args.steps, args.lr)
        (RESULTS / "term_drift_learned_learn.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    g, d = (float(x) for x in (args.drift or f"{DRIFT.g},{DRIFT.d}").split(","))
    result = compare(Drift(g, d), args.classes)
    summary, markdown = table(result)
    summary["seconds"] = result["seconds"]
    (RESULTS / "term_drift_learned_compare.json").write_text(
        json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(markdown)


if __name__ == "__main__":
    main()
