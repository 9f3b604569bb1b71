"""Why the term regime under-predicts the latest exam: mean predicted against mean observed, broken down.

    .venv/bin/python benchmarks/term_calibration.py [--classes 16] [--sets assist2009,assist2015,statics2011]

The term benchmark's split (benchmarks/term.py: E1-E3 whole, E4 with 5 scores a student kept, grade-mates whole),
the engine's term fit with the shipped drift, its expected scores as the model gives them (no recalibration;
the last row: with each paper recalibrated, as `predict` returns them), and per set:

- per exam t: the observed score rate of the target classes and the mean the filter's state after exam t
  predicts for the same scores (in sample; E4: the 5 kept scores), and the mean filtered g after exam t;
- the hidden E4 scores by how many students of the grade scored the question in the fit, and by the question's
  score rate among them (the rate the fit calibrated its difficulty, guess and slip on).

Writes benchmarks/results/term_calibration.{json,md}.
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
from app.engine.model import pair_fraction
from app.engine.term import DRIFT, Drift, TermFit, fit_term
from app.engine.training.term_data import TERM_SETS, available, load_term_set
from benchmarks.term import DATA, KEEP, RESULTS, keep_latest

BINS = ((0, 0), (1, 2), (3, 9), (10, 10**9))
"""Students of the grade who scored a hidden question in the fit (the target's own hidden score excluded)."""
RATE_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.99), (0.99, 1.01))
"""Score rate of a hidden question among the grade's scores in the fit."""


def measure(name: str, n_classes: int, drift: Drift) -> dict:
    """Per-exam in-sample means and filtered g, and the hidden scores' means by the question's calibration."""
    classes = [m for m, _ in load_term_set(name, DATA, n_classes).held_out]
    exams = len(classes[0].assessments)
    seen_y, seen_p, seen_g = ([[] for _ in range(exams)] for _ in range(3))
    hidden: list[tuple[float, float, int, float]] = []
    recalibrated: list[np.ndarray] = []
    for grade in grades(len(classes)):
        for j in grade:
            split = keep_latest(classes[j], KEEP, j)
            fit = fit_term([split.train, *[classes[k] for k in grade if k != j]], drift=drift, device="cpu")
            observed = split.train.observed
            for t in range(exams):
                s, i = np.nonzero(observed & (split.train.item_assessment == t)[None, :])
                state = fit.filtered[0].means[t]
                seen_y[t].append(split.train.points[s, i])
                seen_p[t].append(_predict_at(fit, t, s, i))
                seen_g[t].append(state[:, 0].numpy())
            s, i, y = split.pairs()
            mask, scores = fit.fit.task.mask.numpy(), fit.fit.task.y.numpy()
            counts = mask.sum(0)[fit.columns[0][i]]
            rates = ((mask * scores).sum(0) / np.maximum(mask.sum(0), 1))[fit.columns[0][i]]
            raw = dataclasses.replace(fit, shift=None).predict(0, s, i)
            hidden += zip(y, raw, counts.astype(int), np.where(counts > 0, rates, np.nan))
            recalibrated.append(fit.predict(0, s, i))
    per_exam = [
        {
            "observed": float(np.concatenate(seen_y[t]).mean()),
            "predicted": float(np.concatenate(seen_p[t]).mean()),
            "g": float(np.concatenate(seen_g[t]).mean()),
        }
        for t in range(exams)
    ]
    y, p, n, r = (np.array(x) for x in zip(*hidden))

    def cell(pick: np.ndarray) -> dict:
        if not pick.any():
            return {"n": 0}
        return {"n": int(pick.sum()), "observed": float(y[pick].mean()), "predicted": float(p[pick].mean())}

    return {
        "per_exam": per_exam,
        "hidden": cell(np.ones(len(y), dtype=bool)),
        "hidden_recalibrated": {
            "n": len(y),
            "observed": float(y.mean()),
            "predicted": float(np.concatenate(recalibrated).mean()),
        },
        "hidden_by_grade_count": {_bin(lo, hi): cell((n >= lo) & (n <= hi)) for lo, hi in BINS},
        "hidden_by_rate": {_bin(lo, hi): cell((r >= lo) & (r < hi)) for lo, hi in RATE_BINS},
    }


def _bin(lo: float, hi: float) -> str:
    return f"{lo}+" if hi >= 10**9 else f"[{lo}, {min(hi, 1.0)})" if isinstance(lo, float) else f"{lo}-{hi}"


def _predict_at(fit: TermFit, t: int, s: np.ndarray, i: np.ndarray) -> np.ndarray:
    """Class 0's expected scores of (s, i) from its state after exam t (in sample)."""
    params, task = fit._state(0, t)
    with torch.no_grad():
        cols = torch.as_tensor(fit.columns[0][i])
        return pair_fraction(params, task, torch.as_tensor(s), cols).numpy()


def markdown(out: dict) -> str:
    """The two tables of the result."""
    sets = list(out)
    lines = ["| exam | " + " | ".join(f"{n}: observed / predicted / mean g" for n in sets) + " |"]
    lines.append("|---|" + "---|" * len(sets))
    for t in range(len(out[sets[0]]["per_exam"])):
        cells = ["{observed:.3f} / {predicted:.3f} / {g:+.3f}".format(**out[n]["per_exam"][t]) for n in sets]
        lines.append(f"| E{t + 1} (in sample) | " + " | ".join(cells) + " |")
    cells = ["{observed:.3f} / {predicted:.3f}".format(**out[n]["hidden"]) for n in sets]
    lines.append("| E4 hidden | " + " | ".join(cells) + " |")
    cells = ["{observed:.3f} / {predicted:.3f}".format(**out[n]["hidden_recalibrated"]) for n in sets]
    lines.append("| E4 hidden, each paper recalibrated | " + " | ".join(cells) + " |")
    for title, part, bins in (
        ("grade's scores of the hidden question in the fit", "hidden_by_grade_count", BINS),
        ("its score rate among them", "hidden_by_rate", RATE_BINS),
    ):
        lines += ["", f"| {title} | " + " | ".join(f"{n}: hidden, observed / predicted" for n in sets) + " |"]
        lines.append("|---|" + "---|" * len(sets))
        for lo, hi in bins:
            cells = []
            for n in sets:
                c = out[n][part][_bin(lo, hi)]
                cells.append("—" if c["n"] == 0 else f"{c['n']}: {c['observed']:.3f} / {c['predicted']:.3f}")
            lines.append(f"| {_bin(lo, hi)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Measure every set and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=16)
    parser.add_argument("--sets", default=",".join(TERM_SETS))
    args = parser.parse_args()
    if not available(DATA):
        print(f"skipped: no longitudinal data in {DATA}")
        return
    torch.set_num_threads(1)
    out = {name: measure(name, args.classes, DRIFT) for name in args.sets.split(",")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term_calibration.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    (RESULTS / "term_calibration.md").write_text(markdown(out), encoding="utf-8")
    print(markdown(out))


if __name__ == "__main__":
    main()
