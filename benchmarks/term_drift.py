"""Set the term's drift on training classes only: a grid over the drift of g and the pull on d, then d's drift, by log loss.

    .venv/bin/python benchmarks/term_drift.py [--classes 16]
    .venv/bin/python benchmarks/term_drift.py --classes 32 --class-moves   # the class moves' variance, at the shipped g

The training pseudo-classes of ASSISTments 2009 and 2015 (app.engine.training.term_data; Statics 2011 has
none: all its classes are held out, so it is a set the drift never saw). Each grade of 8 is fitted once with
every class's latest exam cut to 5 scores a student (the term regime, all classes at once), and the hidden
scores are predicted for each drift on the grid. Writes benchmarks/results/term_drift.json and prints the table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.evaluate import grades
from app.engine.metrics import all_metrics
from app.engine.term import DRIFT, Drift, fit_term
from app.engine.training.term_data import available, load_term_set
from benchmarks.term import DATA, KEEP, RESULTS, keep_latest

SETS = ("assist2009", "assist2015")
GRID_G = (0.0, 0.05, 0.15, 0.4, 1.0)
GRID_D = (0.0, 0.02, 0.1)
GRID_PULL = (1.0, 2.0, 3.0, 5.0, 10.0)
GRID_C = (0.0, 0.02, 0.05, 0.1, 0.3)


def score(drifts: list[Drift], n_classes: int) -> dict[str, dict[str, dict[str, float]]]:
    """Set -> drift -> metrics of the hidden scores of the set's training classes."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name in SETS:
        classes = [m for m, _ in load_term_set(name, DATA).train[:n_classes]]
        truth, preds = [], {str(d): [] for d in drifts}
        for grade in grades(len(classes)):
            splits = [keep_latest(classes[j], KEEP, 1000 + j) for j in grade]
            for drift in drifts:
                fit = fit_term([sp.train for sp in splits], drift=drift, device="cpu")
                for n, sp in enumerate(splits):
                    s, i, _ = sp.pairs()
                    preds[str(drift)].append(fit.predict(n, s, i))
            truth += [sp.pairs()[2] for sp in splits]
        y = np.concatenate(truth)
        out[name] = {d: all_metrics(y, np.concatenate(p)) for d, p in preds.items()}
        print(name, {d: round(m["log_loss"], 4) for d, m in out[name].items()}, flush=True)
    return out


def main() -> None:
    """Grid over g's drift and the pull on d (no drift of d), then over d's drift at the best; write the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=16)
    parser.add_argument("--class-moves", action="store_true", help="only the grid over the class moves' variance")
    args = parser.parse_args()
    if not available(DATA):
        print(f"skipped: no longitudinal data in {DATA}")
        return
    torch.set_num_threads(1)
    if args.class_moves:
        moves = score([dataclasses.replace(DRIFT, c=c) for c in GRID_C], args.classes)
        (RESULTS / "term_class_moves.json").write_text(json.dumps(moves, indent=1), encoding="utf-8")
        return
    first = score([Drift(g, 0.0, pull) for g in GRID_G for pull in GRID_PULL], args.classes)

    def mean_loss(table: dict, key: str) -> float:
        return float(np.mean([table[n][key]["log_loss"] for n in SETS]))

    best_g, best_pull = min(
        ((g, pull) for g in GRID_G for pull in GRID_PULL),
        key=lambda gp: mean_loss(first, str(Drift(gp[0], 0.0, gp[1]))),
    )
    second = score([Drift(best_g, d, best_pull) for d in GRID_D if d != 0.0], args.classes)
    table = {n: {**first[n], **second[n]} for n in SETS}
    best = min(table[SETS[0]], key=lambda k: mean_loss(table, k))
    print("best:", best, "mean log loss", round(mean_loss(table, best), 4))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term_drift.json").write_text(json.dumps({"best": best, "table": table}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
