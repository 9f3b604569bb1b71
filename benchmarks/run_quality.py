"""Quality benchmark: held-out classes of every data set in ../shared/data plus simulated classes.

    .venv/bin/python benchmarks/run_quality.py [--data ../shared/data] [--tasks 4] [--sim-tasks 8] [--no-peers]

Two regimes per class: 20 % of each student's observed scores hidden ("hide20"), and only 5
scores kept per student ("keep5"). Every method predicts the same hidden scores; metrics are
pooled over the held-out classes of a data set. Peers run in benchmarks/.peers-venv (see
peers.py) at the same time. On simulated classes with known mastery it also reports precision
and recall of the weak knowledge points and the coverage of the 90 % intervals.
Writes benchmarks/results/quality.json and quality.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.diagnosis import Thresholds
from app.engine.diagnose import Adaptation, diagnose, predict
from app.engine.evaluate import REGIMES, Split, evaluate_split, keep_n
from app.engine.metrics import all_metrics, auc, rmse
from app.engine.prior import Prior, load_prior
from app.engine.training.baselines import BASELINES
from app.engine.training.datasets import LOADERS, load_dataset
from app.engine.training.simulate import GENERATORS, simulate_class

PEERS_PYTHON = ROOT / "benchmarks" / ".peers-venv" / "bin" / "python"
RESULTS = ROOT / "benchmarks" / "results"
SIM_SEED = 777  # simulated evaluation classes: a seed meta-training (seed 0 stream) does not use
SPARSE = 5.0  # a data set with fewer observed scores per student than this uses all its held-out classes
MIN_HIDDEN = 100  # a data set × regime cell with fewer hidden scores is shown but left out of the means

OWN = {
    "engine (meta-learned prior)": functools.partial(predict, device="cpu"),
    "same model, from scratch": BASELINES["scratch"],
    "ablation: untrained prior, same 10 steps": functools.partial(predict, device="cpu", prior=Prior.default()),
    "KP score rate": BASELINES["kp_score_rate"],
    "item mean": BASELINES["item_mean"],
    "Rasch (MAP)": BASELINES["rasch"],
    "2PL (MAP)": BASELINES["2pl"],
}
OWN_FIRST = next(iter(OWN))
PEERS = ("EduCDM NCDM", "EduCDM DINA", "pyBKT", "girth 2PL")


def _tasks(data_dir: Path, n_tasks: int, n_sim: int) -> dict[str, list]:
    tasks = {}
    for name in LOADERS:
        held_out = load_dataset(name, data_dir).held_out
        per_student = np.mean([m.observed.sum(axis=1).mean() for m in held_out])
        tasks[name] = held_out if per_student < SPARSE else held_out[:n_tasks]
    rng = np.random.default_rng(SIM_SEED)
    tasks["simulated"] = [simulate_class(rng, GENERATORS[j % 3]).matrix for j in range(n_sim)]
    return tasks


def _start_peers(splits: dict[str, Split], workdir: Path) -> subprocess.Popen | None:
    if not PEERS_PYTHON.exists():
        return None
    arrays = {}
    for key, split in splits.items():
        s, i, _ = split.pairs()
        arrays.update(
            {
                f"{key}/train": split.train.fractions,
                f"{key}/q": split.train.q_matrix.astype(int),
                f"{key}/s": s,
                f"{key}/i": i,
            }
        )
    np.savez_compressed(workdir / "splits.npz", **arrays)
    log = open(workdir / "peers.log", "w")  # noqa: SIM115 - the peers process writes to it after we return
    return subprocess.Popen(
        [
            str(PEERS_PYTHON),
            str(ROOT / "benchmarks" / "peers.py"),
            str(workdir / "splits.npz"),
            str(workdir / "preds.npz"),
        ],
        stdout=log,
        stderr=log,
        env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"},
    )


SCRATCH = Adaptation("adam", 500)


def _weak_recovery(n_sim: int) -> dict[str, dict[str, float]]:
    """Precision / recall of "weak" against the truth, and interval coverage, on simulated classes."""
    rng = np.random.default_rng(SIM_SEED + 1)
    sims = [simulate_class(rng, GENERATORS[j % 3]) for j in range(n_sim)]
    out = {}
    for regime in ("all scores", "keep5"):
        counts = {m: np.zeros(3) for m in ("engine", "same model, from scratch", "KP score rate")}
        cover = np.zeros(2)
        for j, sim in enumerate(sims):
            matrix = sim.matrix if regime == "all scores" else keep_n(sim.matrix, 5, seed=j).train
            d = diagnose(matrix, device="cpu")
            scratch = diagnose(matrix, device="cpu", prior=Prior.default(), adaptation=SCRATCH)
            enough = d.evidence >= Thresholds().min_evidence
            q = matrix.q_matrix.astype(float)
            rate = (np.where(matrix.observed, matrix.fractions, 0.0) @ q) / np.maximum(matrix.observed @ q, 1)
            flagged = {
                "engine": d.status == "weak",
                "same model, from scratch": scratch.status == "weak",
                "KP score rate": enough & (rate < Thresholds().weak_below),
            }
            for m, f in flagged.items():
                counts[m] += [np.sum(f & sim.weak), f.sum(), sim.weak.sum()]
            if sim.generator == "mirt":
                inside = (sim.mastery >= d.lower) & (sim.mastery <= d.upper)
                cover += [inside[enough].sum(), enough.sum()]
        for m, (tp, flagged_n, true_n) in counts.items():
            out[f"{regime} / {m}"] = {"precision": tp / max(flagged_n, 1), "recall": tp / max(true_n, 1)}
        out[f"{regime} / engine"]["coverage_90_mirt"] = cover[0] / max(cover[1], 1)
    return out


def _margins(truth: dict, preds: dict, table: dict, splits: dict, reps: int = 500) -> dict:
    """Engine minus every other method, mean over the counted real sets of pooled AUC and RMSE, with a
    90 % bootstrap interval from resampling each set's classes (the unit the split is made by)."""
    rng = np.random.default_rng(SIM_SEED)
    out: dict[str, dict[str, list[float]]] = {}
    for regime in REGIMES:
        names = [n for n in table if n != "simulated" and table[n][regime][OWN_FIRST]["n"] >= MIN_HIDDEN]
        keys = {n: [k for k in splits if k.startswith(f"{n}__{regime}__")] for n in names}
        rivals = [m for m in preds if m != OWN_FIRST and all(set(keys[n]) <= set(preds[m]) for n in names)]

        def diffs(pick: dict[str, list[str]], rival: str, names: list[str] = names) -> tuple[float, float]:
            d_auc, d_rmse = [], []
            for n in names:
                y = np.concatenate([truth[k] for k in pick[n]])
                ours = np.concatenate([preds[OWN_FIRST][k] for k in pick[n]])
                theirs = np.concatenate([preds[rival][k] for k in pick[n]])
                d_auc.append(auc(y, ours) - auc(y, theirs))
                d_rmse.append(rmse(y, ours) - rmse(y, theirs))
            return float(np.nanmean(d_auc)), float(np.nanmean(d_rmse))

        for rival in rivals:
            point = diffs(keys, rival)
            boot = np.array(
                [diffs({n: list(rng.choice(keys[n], size=len(keys[n]))) for n in names}, rival) for _ in range(reps)]
            )
            lo, hi = np.nanpercentile(boot, [5, 95], axis=0)
            out.setdefault(regime, {})[rival] = [point[0], lo[0], hi[0], point[1], lo[1], hi[1]]
    return out


def _fmt(x: float) -> str:
    return "n/a" if x is None or np.isnan(x) else f"{x:.3f}"


def main() -> None:
    """Run every method on every split and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--tasks", type=int, default=4, help="held-out classes per data set")
    parser.add_argument("--sim-tasks", type=int, default=8)
    parser.add_argument("--truth-tasks", type=int, default=30, help="simulated classes for weak-point recovery")
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    load_prior()
    tasks = _tasks(args.data, args.tasks, args.sim_tasks)
    splits = {
        f"{name}__{regime}__{j}": REGIMES[regime](matrix, 1000 + j)
        for name, matrices in tasks.items()
        for regime in REGIMES
        for j, matrix in enumerate(matrices)
    }
    workdir = Path(tempfile.mkdtemp(prefix="zhidian-peers-"))
    peers = None if args.no_peers else _start_peers(splits, workdir)

    truth: dict[str, np.ndarray] = {}
    preds: dict[str, dict[str, np.ndarray]] = {m: {} for m in (*OWN, *PEERS)}
    seconds = {m: 0.0 for m in OWN}
    for key, split in splits.items():
        for method, predictor in OWN.items():
            t0 = time.perf_counter()
            truth[key], preds[method][key] = evaluate_split(predictor, split)
            seconds[method] += time.perf_counter() - t0
        print(f"{key} done  {time.perf_counter() - started:6.0f} s", flush=True)
    recovery = _weak_recovery(args.truth_tasks)

    why = "not run (--no-peers)" if args.no_peers else "not installed (benchmarks/.peers-venv missing)"
    peer_status: dict[str, object] = {p: why for p in PEERS}
    if peers is not None:
        peers.wait()
        if (workdir / "preds.npz").exists():
            out = np.load(workdir / "preds.npz")
            peer_status = json.loads(str(out["status"]))
            for name in out.files:
                if name != "status":
                    key, peer = name.rsplit("/", 1)
                    preds[peer][key] = out[name]
        else:
            peer_status = {p: f"peer run failed, see {workdir / 'peers.log'}" for p in PEERS}

    table: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for name in tasks:
        for regime in REGIMES:
            keys = [k for k in splits if k.startswith(f"{name}__{regime}__")]
            for method, by_key in preds.items():
                have = [k for k in keys if k in by_key]
                if not have:
                    continue
                m = all_metrics(np.concatenate([truth[k] for k in have]), np.concatenate([by_key[k] for k in have]))
                m["complete"] = float(len(have) == len(keys))
                table.setdefault(name, {}).setdefault(regime, {})[method] = m

    report = {
        "margins": _margins(truth, preds, table, splits),
        "date": time.strftime("%Y-%m-%d"),
        "command": "python benchmarks/run_quality.py " + " ".join(sys.argv[1:]),
        "tasks_per_data_set": {n: len(t) for n, t in tasks.items()},
        "metrics": table,
        "weak_recovery": recovery,
        "own_method_seconds": seconds,
        "peer_status": peer_status,
        "total_seconds": time.perf_counter() - started,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(report, indent=1, default=float), encoding="utf-8")
    (RESULTS / "quality.md").write_text(_markdown(report), encoding="utf-8")
    print(_markdown(report))


def _markdown(report: dict) -> str:
    lines = []
    table = report["metrics"]
    real = [n for n in table if n != "simulated"]
    ran = {m for name in table for regime in table[name] for m in table[name][regime]}
    methods = [m for m in (*OWN, *PEERS) if m in ran]  # a peer that was not run gets no row
    for regime in REGIMES:
        lines += [f"### Regime {regime}: AUC / RMSE / ECE (pooled hidden scores per data set)", ""]
        lines.append("| method | " + " | ".join(table) + " | mean of real sets (AUC / RMSE / ECE) |")
        lines.append("|---" * (len(table) + 2) + "|")
        for method in methods:
            cells, means = [], []
            for name in table:
                m = table[name][regime].get(method)
                if m is None:
                    cells.append("failed")
                    continue
                few = m["n"] < MIN_HIDDEN
                star = ("" if m["complete"] else "*") + (f" (n={int(m['n'])})†" if few else "")
                cells.append(f"{_fmt(m['auc'])} / {_fmt(m['rmse'])} / {_fmt(m['ece'])}{star}")
                if name in real and m["complete"] and not few:
                    means.append((m["auc"], m["rmse"], m["ece"]))
            counted = [n for n in real if table[n][regime][OWN_FIRST]["n"] >= MIN_HIDDEN]
            mean = " / ".join(_fmt(x) for x in np.mean(means, axis=0)) if len(means) == len(counted) else "incomplete"
            lines.append(f"| {method} | " + " | ".join(cells) + f" | {mean} |")
        lines.append("")
    lines += [
        "### Engine minus each method (mean over real sets; 90 % bootstrap interval over classes)",
        "",
        "| method | regime | Δ AUC (higher is better) | Δ RMSE (lower is better) |",
        "|---|---|---|---|",
    ]
    for regime, rivals in report.get("margins", {}).items():
        for rival, (a, alo, ahi, r, rlo, rhi) in sorted(rivals.items(), key=lambda kv: kv[1][0]):
            lines.append(
                f"| {rival} | {regime} | {a:+.3f} [{alo:+.3f}, {ahi:+.3f}] | {r:+.3f} [{rlo:+.3f}, {rhi:+.3f}] |"
            )
    lines.append("")
    lines += ["### Log loss", "", "| method | regime | " + " | ".join(table) + " |", "|---" * (len(table) + 2) + "|"]
    for regime in REGIMES:
        for method in methods:
            cells = [
                _fmt(table[n][regime][method]["log_loss"]) if method in table[n][regime] else "failed" for n in table
            ]
            lines.append(f"| {method} | {regime} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Weak knowledge points on simulated classes (truth known)",
        "",
        "| regime / method | precision | recall | 90 % interval coverage (MIRT classes) |",
        "|---|---|---|---|",
    ]
    for key, m in report["weak_recovery"].items():
        lines.append(
            f"| {key} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {_fmt(m.get('coverage_90_mirt', float('nan')))} |"
        )
    lines += ["", "### Peers", ""]
    for peer, status in report["peer_status"].items():
        if isinstance(status, dict):
            errors = sorted({v for v in status.values() if isinstance(v, str)})
            ok = sum(isinstance(v, float) for v in status.values())
            lines.append(
                f"- {peer}: ran on {ok} of {len(status)} splits"
                + (f"; failures: {'; '.join(errors)[:300]}" if errors else "")
            )
        else:
            lines.append(f"- {peer}: {status}")
    lines.append("")
    lines.append("`*` = metrics over the splits the method could run on only (not comparable, left out of the mean).")
    lines.append(f"`†` = fewer than {MIN_HIDDEN} hidden scores in that cell: shown, left out of the means.")
    counts = {n: {r: int(table[n][r][OWN_FIRST]["n"]) for r in REGIMES} for n in table}
    lines.append(
        f"Hidden scores per cell: {json.dumps(counts)}; classes per data set: {json.dumps(report['tasks_per_data_set'])}."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
