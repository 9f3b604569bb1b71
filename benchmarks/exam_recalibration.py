"""What calibration in the large per paper would do for one exam: hide20 / keep5 / grade, mean p - mean y and AUC.

    .venv/bin/python benchmarks/exam_recalibration.py [--tasks 16]

The quality benchmark's held-out classes and splits (seed 1000, `app.engine.evaluate.regime_splits`). Each split
is fitted as `predict` fits it (the class in its grade, the shipped prior); its hidden scores are predicted as
the fit gives them and moved by the logit shift (`app.engine.recalibration`) that makes the fit's expected
scores of its own scores (the class's kept ones, its grade-mates' in the grade regime) average them, as the term
does per paper. Also that in-sample mean predicted - mean observed. Not wired into `predict` for one exam; a measurement.
Writes benchmarks/results/exam_recalibration.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.progress import NullProgress
from app.engine.diagnose import ENGINE_ADAPTATION, fit_grade
from app.engine.evaluate import REGIMES, regime_splits
from app.engine.metrics import all_metrics
from app.engine.model import expected_fraction
from app.engine.recalibration import paper_shifts, shifted
from app.engine.training.datasets import LOADERS, load_dataset

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"


def cell(name: str, regime: str, n_tasks: int) -> dict[str, float]:
    """In-sample and hidden mean p - mean y, plain and shifted, and the hidden AUC of both, over the set's tasks."""
    truth, plain, moved, seen_y, seen_p = [], [], [], [], []
    for split, peers in regime_splits(load_dataset(name, DATA).held_out[:n_tasks], regime, 1000):
        if not split.hidden.any():
            continue
        fit = fit_grade(split.train, peers, "cpu", None, ENGINE_ADAPTATION, NullProgress())
        with torch.no_grad():
            every = expected_fraction(fit.params, fit.task).numpy()
        kept = fit.task.mask.numpy() > 0  # the fit's own scores: the class's kept ones and its grade-mates'
        y_kept = fit.task.y.numpy()[kept]
        shift = paper_shifts(every[kept], y_kept, np.zeros(int(kept.sum()), dtype=int), 1)[0]
        p = every[: len(split.train.student_ids)]
        truth.append(split.truth[split.hidden])
        plain.append(p[split.hidden])
        moved.append(shifted(p[split.hidden], shift))
        seen_y.append(y_kept)
        seen_p.append(every[kept])
    y, p, q = (np.concatenate(x) for x in (truth, plain, moved))
    return {
        "hidden": len(y),
        "in_sample_bias": float(np.concatenate(seen_p).mean() - np.concatenate(seen_y).mean()),
        "bias": float(p.mean() - y.mean()),
        "bias_shifted": float(q.mean() - y.mean()),
        "auc": all_metrics(y, p)["auc"],
        "auc_shifted": all_metrics(y, q)["auc"],
    }


def main() -> None:
    """Every set and regime; print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=16)
    args = parser.parse_args()
    if not (DATA / "README.md").exists():
        print(f"skipped: no data in {DATA}")
        return
    torch.set_num_threads(1)
    out = {name: {r: cell(name, r, args.tasks) for r in REGIMES} for name in LOADERS}
    lines = [
        "| set | regime | hidden | in sample | mean p − mean y | shifted | AUC | AUC shifted |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, cells in out.items():
        for r, c in cells.items():
            lines.append(
                f"| {name} | {r} | {c['hidden']} | {c['in_sample_bias']:+.3f} | {c['bias']:+.3f} | "
                f"{c['bias_shifted']:+.3f} | {c['auc']:.4f} | {c['auc_shifted']:.4f} |"
            )
    table = "\n".join(lines) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "exam_recalibration.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    (RESULTS / "exam_recalibration.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
