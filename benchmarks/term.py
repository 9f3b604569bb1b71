"""Term benchmark: a class's earlier exams whole plus the latest exam with 5 scores a student; predict the rest.

    .venv/bin/python benchmarks/term.py [--classes 16] [--sets assist2009,assist2015,statics2011] [--no-bkt]

Data: real knowledge-tracing logs cut into terms of 4 exams (app.engine.training.term_data, from
../shared/data/dkvmn_kt; skipped when absent). The held-out pseudo-classes of each set are cut into grades of 8
(app.engine.evaluate.grades); each class is the target once: its exams E1-E3 whole, E4 with 5 random scores a
student kept (seed = the class's number), its grade-mates whole. Every method predicts the same hidden E4 scores:

- engine, term: app.engine.term.fit_term (questions calibrated on the grade's joint fit, students filtered
  through the exams in date order with the shipped drift and class moves, each paper recalibrated in the large);
  ablations: no drift, no pull on d, no class moves, the untrained prior, no recalibration;
- engine, pooled term: what `predict` did before (one fit of every exam as one pool), and on the latest exam alone;
- Rasch (MAP) fitted on the pooled grade: over the whole term, recency-weighted (an exam's scores weigh half per
  later exam), on the latest exam alone;
- pyBKT (one skill per knowledge point, the attempts in their real order, hidden ones as -1), run in
  benchmarks/.peers-venv when it exists (see peers-requirements.txt); fitted once per grade, on every class's
  split at once (each class's latest exam cut to its kept scores: less data than the others get; per split
  it cost 40 s a fit on this machine).

AUC pooled over a set's hidden scores with a 90 % bootstrap interval over classes; differences to the engine
with the same resampling. Writes benchmarks/results/term.json and term.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.score_matrix import ScoreMatrix
from app.engine.diagnose import predict
from app.engine.evaluate import Split, grades
from app.engine.metrics import all_metrics
from app.engine.prior import Prior
from app.engine.term import DRIFT, NO_DRIFT, Drift, fit_term
from app.engine.training.baselines import pooled, rasch, rasch_recency
from app.engine.training.term_data import EXAM_ATTEMPTS, EXAMS, TERM_SETS, TermStudent, available, load_term_set
from benchmarks.quality_report import auc_interval, delta_interval

RESULTS = ROOT / "benchmarks" / "results"
PEERS_PYTHON = ROOT / "benchmarks" / ".peers-venv" / "bin" / "python"
DATA = ROOT.parent / "shared" / "data"
KEEP = 5
ENGINE = "engine, term (date order, drift)"
Predictor = Callable[[ScoreMatrix, np.ndarray, np.ndarray, Sequence[ScoreMatrix]], np.ndarray]


def keep_latest(matrix: ScoreMatrix, n: int, seed: int) -> Split:
    """The class with its latest exam cut to `n` random scores a student (students with <= n hide none)."""
    rng = np.random.default_rng(seed)
    latest = matrix.item_assessment == matrix.item_assessment.max()
    hidden = np.zeros(matrix.points.shape, dtype=bool)
    for s, row in enumerate(matrix.observed & latest[None, :]):
        seen = np.flatnonzero(row)
        if len(seen) > n:
            hidden[s, rng.permutation(seen)[n:]] = True
    train = dataclasses.replace(matrix, points=np.where(hidden, np.nan, matrix.points))
    return Split(train=train, hidden=hidden, truth=matrix.fractions)


def latest_only(matrix: ScoreMatrix) -> tuple[ScoreMatrix, np.ndarray]:
    """(the matrix on its latest exam's questions only, new column of every old one (-1 if dropped))."""
    keep = matrix.item_assessment == matrix.item_assessment.max()
    column = np.full(len(keep), -1)
    column[keep] = np.arange(int(keep.sum()))
    return (
        dataclasses.replace(
            matrix,
            item_ids=tuple(np.asarray(matrix.item_ids)[keep]),
            assessments=(matrix.assessments[-1],),
            item_assessment=np.zeros(int(keep.sum()), dtype=int),
            points=matrix.points[:, keep],
            max_scores=matrix.max_scores[keep],
            q_matrix=matrix.q_matrix[keep],
        ),
        column,
    )


def _term(drift: Drift = DRIFT, prior: Prior | None = None, recalibrate: bool = True) -> Predictor:
    def run(train: ScoreMatrix, s: np.ndarray, i: np.ndarray, peers: Sequence[ScoreMatrix]) -> np.ndarray:
        fit = fit_term([train, *peers], drift=drift, device="cpu", prior=prior, recalibrate=recalibrate)
        return fit.predict(0, s, i)

    return run


def _engine_pooled(train: ScoreMatrix, s: np.ndarray, i: np.ndarray, peers: Sequence[ScoreMatrix]) -> np.ndarray:
    return predict(train, s, i, peers=peers, device="cpu")


def _alone(method: Predictor) -> Predictor:
    """`method` on the latest exam only (target and grade-mates)."""

    def run(train: ScoreMatrix, s: np.ndarray, i: np.ndarray, peers: Sequence[ScoreMatrix]) -> np.ndarray:
        latest, column = latest_only(train)
        return method(latest, s, column[i], [latest_only(p)[0] for p in peers])

    return run


METHODS: dict[str, Predictor] = {
    ENGINE: _term(),
    "ablation: no drift": _term(NO_DRIFT),
    "ablation: no pull on d": _term(dataclasses.replace(DRIFT, pull=1.0)),
    "ablation: no class moves": _term(dataclasses.replace(DRIFT, c=0.0)),
    "ablation: untrained prior": _term(prior=Prior.default()),
    "ablation: no recalibration": _term(recalibrate=False),
    "engine, pooled term (predict before)": _engine_pooled,
    "engine, latest exam alone": _alone(_engine_pooled),
    "Rasch, pooled term": pooled(rasch),
    "Rasch, recency-weighted": pooled(rasch_recency),
    "Rasch, latest exam alone": _alone(pooled(rasch)),
}
BKT = "pyBKT"


def _attempt_rows(students: list[TermStudent], hidden: dict[tuple[int, str], int], user0: int) -> list[list[int]]:
    """[user, skill, correct (-1 hidden), position, number of the hidden score or -1] of every attempt in time
    order; `hidden` numbers the hidden (student, item id) pairs."""
    rows = []
    for s, st in enumerate(students):
        for t in range(EXAMS):
            seen: dict[int, int] = {}
            for pos in range(t * EXAM_ATTEMPTS, (t + 1) * EXAM_ATTEMPTS):
                ex = int(st.exercise[pos])
                seen[ex] = seen.get(ex, 0) + 1
                n = hidden.get((s, f"E{t + 1}/{ex}#{seen[ex]}"), -1)
                rows.append([user0 + s, int(st.skill[pos]), -1 if n >= 0 else int(st.correct[pos]), pos, n])
    return rows


def _bkt_input(splits: list[Split], students: list[list[TermStudent]]) -> np.ndarray:
    """A grade's attempts as rows for pyBKT, every class's hidden scores numbered (column 4) in the order of its
    split.pairs(), its class in column 5."""
    rows, start = [], 0
    for j, (split, group) in enumerate(zip(splits, students)):
        s, i, _ = split.pairs()
        hidden = {(int(a), split.train.item_ids[b]): n for n, (a, b) in enumerate(zip(s, i))}
        rows += [[*row, j] for row in _attempt_rows(group, hidden, start)]
        start += len(group)
    return np.array(rows, dtype=int)


BKT_SCRIPT = """
import sys, numpy as np, pandas as pd
from pyBKT.models import Model
data = np.load(sys.argv[1]); out = {}
for key in data.files:
    rows = data[key]
    df = pd.DataFrame({"order_id": np.arange(len(rows)), "user_id": rows[:, 0],
                       "skill_name": ["k%d" % k for k in rows[:, 1]], "correct": rows[:, 2]})
    model = Model(seed=0, num_fits=1)
    model.fit(data=df[df.correct >= 0])
    out[key] = model.predict(data=df)["correct_predictions"].to_numpy()
    print(key, flush=True)
np.savez(sys.argv[2], **out)
"""


def _bkt(grade_rows: dict[str, np.ndarray], keys: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """pyBKT's predictions of every class's hidden scores, fitted once per grade (in the peers' venv)."""
    out: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(Path(tmp) / "in.npz", **grade_rows)
        subprocess.run(
            [str(PEERS_PYTHON), "-c", BKT_SCRIPT, str(Path(tmp) / "in.npz"), str(Path(tmp) / "out.npz")],
            check=True,
            env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"},
        )
        with np.load(Path(tmp) / "out.npz") as found:
            for grade, rows in grade_rows.items():
                pred = found[grade]
                for j, key in enumerate(keys[grade]):
                    mine = (rows[:, 5] == j) & (rows[:, 4] >= 0)
                    p = np.empty(int(mine.sum()))
                    p[rows[mine, 4]] = pred[mine]
                    out[key] = p
    return out


def run(sets: list[str], n_classes: int, bkt: bool) -> dict:
    """Every method on every held-out split of `sets`; truth, predictions and timings."""
    truth: dict[str, np.ndarray] = {}
    preds: dict[str, dict[str, np.ndarray]] = {m: {} for m in [*METHODS, BKT]}
    seconds: dict[str, float] = dict.fromkeys(METHODS, 0.0)
    bkt_rows: dict[str, np.ndarray] = {}
    bkt_keys: dict[str, list[str]] = {}
    info = {}
    for name in sets:
        data = load_term_set(name, DATA, n_classes)
        classes = data.held_out
        info[name] = {
            "classes": len(classes),
            "students": sum(len(g) for _, g in classes),
            "skills": len(data.skills),
            "questions per class (mean)": float(np.mean([len(m.item_ids) for m, _ in classes])),
        }
        for g, grade in enumerate(grades(len(classes))):
            splits = {j: keep_latest(classes[j][0], KEEP, j) for j in grade}
            for j in grade:
                split = splits[j]
                peers = [classes[k][0] for k in grade if k != j]
                s, i, y = split.pairs()
                key = f"{name}__term__{j}"
                truth[key] = y
                for method, fn in METHODS.items():
                    started = time.perf_counter()
                    preds[method][key] = np.asarray(fn(split.train, s, i, peers), dtype=float)
                    seconds[method] += time.perf_counter() - started
                print(f"{key}: {len(y)} hidden, engine AUC {all_metrics(y, preds[ENGINE][key])['auc']:.3f}", flush=True)
            bkt_rows[f"{name}__{g}"] = _bkt_input([splits[j] for j in grade], [classes[j][1] for j in grade])
            bkt_keys[f"{name}__{g}"] = [f"{name}__term__{j}" for j in grade]
    if bkt and bkt_rows:
        started = time.perf_counter()
        preds[BKT] = _bkt(bkt_rows, bkt_keys)
        seconds[BKT] = time.perf_counter() - started
    if not preds[BKT]:
        del preds[BKT]
    return {"truth": truth, "preds": preds, "seconds": seconds, "info": info}


def tables(result: dict) -> tuple[dict, str]:
    """(summary numbers, markdown): per set and method AUC [90 % interval], RMSE, mean p - mean y, and the
    engine minus each method."""
    truth, preds = result["truth"], result["preds"]
    sets = list(result["info"])
    summary: dict = {"info": result["info"], "seconds": result["seconds"], "sets": {}}
    lines = [
        "| method | " + " | ".join(sets) + " |",
        "|---|" + "---|" * len(sets),
    ]
    for method in preds:
        cells = []
        for name in sets:
            keys = [k for k in truth if k.startswith(f"{name}__")]
            y = np.concatenate([truth[k] for k in keys])
            p = np.concatenate([preds[method][k] for k in keys])
            a = auc_interval(truth, preds[method], keys)
            m = all_metrics(y, p)
            bias = float(p.mean() - y.mean())
            summary["sets"].setdefault(name, {})[method] = {"auc": a, "rmse": m["rmse"], "bias": bias, "n": len(y)}
            cells.append(f"{a[0]:.3f} [{a[1]:.3f}, {a[2]:.3f}] / {m['rmse']:.3f} / {bias:+.3f}")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| engine, term minus … (ΔAUC [90 % interval]) | " + " | ".join(sets) + " |",
        "|---|" + "---|" * len(sets),
    ]
    for method in preds:
        if method == ENGINE:
            continue
        cells = []
        for name in sets:
            keys = {name: [k for k in truth if k.startswith(f"{name}__")]}
            d = delta_interval(truth, preds[ENGINE], preds[method], keys)
            summary["sets"][name][method]["engine_minus"] = d
            cells.append(f"{d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}]")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return summary, "\n".join(lines) + "\n"


def main() -> None:
    """Run the benchmark and write benchmarks/results/term.json and term.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=16, help="held-out classes per set (at most)")
    parser.add_argument("--sets", default=",".join(TERM_SETS))
    parser.add_argument("--no-bkt", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # batched small Cholesky factors run several times slower on 2 busy threads
    if not available(DATA):
        print(f"skipped: no longitudinal data in {DATA} (see app/engine/training/term_data.py)")
        return
    started = time.perf_counter()
    result = run(args.sets.split(","), args.classes, not args.no_bkt and PEERS_PYTHON.exists())
    summary, table = tables(result)
    summary["drift"] = dataclasses.asdict(DRIFT)
    summary["wall_seconds"] = time.perf_counter() - started
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    (RESULTS / "term.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
