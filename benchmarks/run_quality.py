"""Quality benchmark: held-out classes of every data set in ../shared/data plus simulated classes.

    .venv/bin/python benchmarks/run_quality.py [--tasks 24] [--sim-tasks 16] [--no-peers] [--no-local]
        [--methods "Rasch (MAP);2PL (MAP)"]   # the engine and only these of the project's own methods

Three regimes (app.engine.evaluate): "hide20" hides 20 % of each student's observed scores, "keep5"
keeps 5 per student, and "grade" keeps 5 per student of a target class whose grade-mates come whole
(classes cut into grades of 8 in the held-out order; TIMSS classes are real classes of different
schools that took the same booklets, the other sets' are pseudo-classes, so theirs are pseudo-grades).
Every method predicts the same hidden scores; the baselines are fitted on the same pooled grade.
Metrics are pooled over a set's classes, with 90 % bootstrap intervals over classes. Also: a school's
own prior trained on each set's training classes against the shipped prior, the split-half
reliability of the knowledge-point profiles, calibration against its noise floor, and on simulated
classes the precision and recall of weak points and the coverage of the 90 % intervals. Peers run in
benchmarks/.peers-venv (see peers.py) alongside. Writes benchmarks/results/quality.json and quality.md.
"""

from __future__ import annotations

import argparse
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
from app.core.logits import logit, sigmoid
from app.engine.diagnose import Adaptation, diagnose, predict
from app.engine.evaluate import REGIMES, Split, engine_predictor, evaluate_split, keep_n, regime_splits
from app.engine.grade import stack_grade
from app.engine.local import LocalSettings, train_local_prior
from app.engine.prior import Prior, load_prior
from app.engine.profile import profile_reliability
from app.engine.training.baselines import BASELINES
from app.engine.training.datasets import LOADERS, load_dataset
from app.engine.training.simulate import GENERATORS, simulate_class, simulate_grade
from benchmarks.quality_report import (
    ENGINE,
    auc_interval,
    calibration_floor,
    counted,
    delta_interval,
    keys_of,
    markdown,
    pooled,
)

PEERS_PYTHON = ROOT / "benchmarks" / ".peers-venv" / "bin" / "python"
RESULTS = ROOT / "benchmarks" / "results"
SIM_SEED = 777  # simulated evaluation classes: a seed meta-training (seed 0 stream) does not use
LOCAL_HISTORY = 40  # training classes of a set that stand for a school's history
ALONE = "engine, class alone (grade regime)"


def _alone(train, students, items, peers):  # type: ignore[no-untyped-def]
    return predict(train, students, items, device="cpu")


def _averaged_with(baseline: str):  # type: ignore[no-untyped-def]
    """The engine's and a baseline's predictions averaged on the logit scale (an ensemble, for comparison only)."""
    engine = engine_predictor()

    def predictor(train, students, items, peers):  # type: ignore[no-untyped-def]
        both = (engine(train, students, items, peers), BASELINES[baseline](train, students, items, peers))
        return sigmoid(0.5 * logit(both[0], 1e-4) + 0.5 * logit(both[1], 1e-4))

    return predictor


OWN = {
    ENGINE: engine_predictor(),
    ALONE: _alone,
    "same model, from scratch": BASELINES["scratch"],
    "ablation: untrained prior, same 10 steps": engine_predictor(Prior.default()),
    "ablation: MAP optimum (Adam, 300 steps)": engine_predictor(adaptation=Adaptation("adam", 300)),
    "engine and Rasch, logit average": _averaged_with("rasch"),
    "engine and 2PL, logit average": _averaged_with("2pl"),
    "KP score rate": BASELINES["kp_score_rate"],
    "item mean": BASELINES["item_mean"],
    "Rasch (MAP)": BASELINES["rasch"],
    "2PL (MAP)": BASELINES["2pl"],
}
IRT = ("Rasch (MAP)", "2PL (MAP)")
PEERS = ("EduCDM NCDM", "EduCDM DINA", "pyBKT", "girth 2PL")


def _tasks(data_dir: Path, n_tasks: int, n_sim: int) -> dict[str, list]:
    tasks = {name: load_dataset(name, data_dir).held_out[:n_tasks] for name in LOADERS}
    rng = np.random.default_rng(SIM_SEED)
    tasks["simulated"] = [s.matrix for j in range(0, n_sim, 8) for s in simulate_grade(rng, 8, GENERATORS[j // 8 % 3])]
    return tasks


def _start_peers(splits: dict[str, tuple[Split, list]], workdir: Path, regimes: list[str]) -> subprocess.Popen | None:
    if not PEERS_PYTHON.exists():
        return None
    arrays = {}
    for key, (split, peers) in splits.items():
        if key.split("__")[1] not in regimes:
            continue
        s, i, _ = split.pairs()
        train = stack_grade(split.train, peers)[0] if peers else split.train
        arrays.update(
            {f"{key}/train": train.fractions, f"{key}/q": train.q_matrix.astype(int), f"{key}/s": s, f"{key}/i": i}
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


def _weak_recovery(n_sim: int) -> dict[str, dict[str, float]]:
    """Precision / recall of "weak" against the truth, and interval coverage, on simulated classes."""
    rng = np.random.default_rng(SIM_SEED + 1)
    sims = [simulate_class(rng, GENERATORS[j % 3]) for j in range(n_sim)]
    out, t = {}, Thresholds()
    for regime in ("all scores", "keep5"):
        counts = {m: np.zeros(3) for m in ("engine", "same model, from scratch", "KP score rate")}
        cover = np.zeros(2)
        ranked: dict[str, list[np.ndarray]] = {"engine": [], "rate": [], "truth": []}  # cells with enough evidence
        for j, sim in enumerate(sims):
            matrix = sim.matrix if regime == "all scores" else keep_n(sim.matrix, 5, seed=j).train
            d = diagnose(matrix, device="cpu")
            scratch = diagnose(matrix, device="cpu", prior=Prior.default(), adaptation=Adaptation("adam", 500))
            enough = d.evidence >= t.min_evidence
            q = matrix.q_matrix.astype(float)
            rate = (np.where(matrix.observed, matrix.fractions, 0.0) @ q) / np.maximum(matrix.observed @ q, 1)
            flagged = {
                "engine": d.status == "weak",
                "same model, from scratch": scratch.status == "weak",
                "KP score rate": enough & (rate < t.weak_below),
            }
            for m, f in flagged.items():
                counts[m] += [np.sum(f & sim.weak), f.sum(), sim.weak.sum()]
            for key, values in (("engine", d.mastery), ("rate", rate), ("truth", sim.weak)):
                ranked[key].append(values[enough])
            if sim.generator == "mirt":
                inside = (sim.mastery >= d.lower) & (sim.mastery <= d.upper)
                cover += [inside[enough].sum(), enough.sum()]
        for m, (tp, flagged_n, true_n) in counts.items():
            out[f"{regime} / {m}"] = {"precision": tp / max(flagged_n, 1), "recall": tp / max(true_n, 1)}
        out[f"{regime} / engine"]["coverage_90_mirt"] = cover[0] / max(cover[1], 1)
        engine, rate, truth = (np.concatenate(ranked[k]) for k in ("engine", "rate", "truth"))
        out[f"{regime} / engine"]["precision_at_rate_recall"] = _precision_at_recall(engine, truth, rate < t.weak_below)
    return out


def _precision_at_recall(score: np.ndarray, truth: np.ndarray, other: np.ndarray) -> float:
    """Precision of flagging the lowest `score` cells, as many as needed to reach the recall of the flags `other`
    (over the same cells): the two rankings compared at one operating point."""
    recall = (other & truth).sum() / max(truth.sum(), 1)
    found = np.cumsum(truth[np.argsort(score, kind="stable")])
    k = int(np.searchsorted(found / max(truth.sum(), 1), recall)) + 1
    return float(found[k - 1] / k)


def _reliability(tasks: dict[str, list]) -> dict[str, dict[str, float]]:
    out = {}
    for name, matrices in tasks.items():
        found = [profile_reliability(m) for m in matrices]
        out[name] = {
            "split_half": float(np.nanmean([r.split_half for r in found])),
            "full_length": float(np.nanmean([r.full_length for r in found])),
            "supported": int(sum(r.supports_relative for r in found)),
            "classes": len(found),
        }
    return out


def _local_priors(data_dir: Path, splits: dict, truth: dict, shipped_preds: dict, steps: int) -> dict[str, dict]:
    """Per real set: a prior trained on LOCAL_HISTORY of its training classes, against the shipped prior."""
    out = {}
    for name in LOADERS:
        history = load_dataset(name, data_dir).train[:LOCAL_HISTORY]
        result = train_local_prior(history, device="cpu", settings=LocalSettings(steps=steps))
        local = engine_predictor(result.prior)
        regimes = {}
        for regime in REGIMES:
            keys = keys_of(splits, name, regime)
            if not keys:  # no split of this regime hid any score (junyi's short sequences under keep5)
                continue
            ours = {k: evaluate_split(local, *splits[k])[1] for k in keys}
            shipped = {k: shipped_preds[k] for k in keys}
            regimes[regime] = {
                "local": pooled(truth, ours, keys),
                "shipped": pooled(truth, shipped, keys),
                "delta": delta_interval(truth, ours, shipped, {name: keys})[:3],
            }
        out[name] = {
            "history_classes": len(history),
            "card": result.card,
            "comparison": result.card["held_out_comparison"],
            "regimes": regimes,
        }
        print(f"local prior {name} done", flush=True)
    return out


def main() -> None:
    """Run every method on every split and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--tasks", type=int, default=24, help="held-out classes per data set (at most)")
    parser.add_argument("--sim-tasks", type=int, default=16)
    parser.add_argument("--truth-tasks", type=int, default=30, help="simulated classes for weak-point recovery")
    parser.add_argument("--local-steps", type=int, default=LocalSettings.steps)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--peer-regimes", default="hide20,keep5", help="regimes the peers run on (they are slow)")
    parser.add_argument("--no-local", action="store_true")
    parser.add_argument(
        "--methods", default=";".join(OWN), help="the project's own methods to run, separated by ; (default: all)"
    )
    parser.add_argument("--name", default="quality", help="results/NAME.json and NAME.md (default quality)")
    args = parser.parse_args()
    chosen = {m: f for m, f in OWN.items() if m in args.methods.split(";") or m == ENGINE}
    torch.set_num_threads(1)
    started = time.perf_counter()
    load_prior()
    tasks = _tasks(args.data, args.tasks, args.sim_tasks)
    splits = {
        f"{name}__{regime}__{j}": pair
        for name, matrices in tasks.items()
        for regime in REGIMES
        for j, pair in enumerate(regime_splits(matrices, regime, 1000))
        if pair[0].hidden.any()
    }
    workdir = Path(tempfile.mkdtemp(prefix="zhidian-peers-"))
    peers = None if args.no_peers else _start_peers(splits, workdir, args.peer_regimes.split(","))
    truth: dict[str, np.ndarray] = {}
    preds: dict[str, dict[str, np.ndarray]] = {m: {} for m in (*chosen, *PEERS)}
    seconds = {m: 0.0 for m in chosen}
    for key, (split, grade) in splits.items():
        for method, predictor in chosen.items():
            if method == ALONE and "__grade__" not in key:
                continue
            t0 = time.perf_counter()
            truth[key], preds[method][key] = evaluate_split(predictor, split, grade)
            seconds[method] += time.perf_counter() - t0
        print(f"{key} done  {time.perf_counter() - started:6.0f} s", flush=True)
    recovery = _weak_recovery(args.truth_tasks)
    local = {} if args.no_local else _local_priors(args.data, splits, truth, preds[ENGINE], args.local_steps)
    peer_status = _collect_peers(peers, workdir, args.no_peers, preds)
    report = _report(tasks, splits, truth, preds, recovery, local, peer_status, seconds, started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(report, indent=1, default=float), encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


def _collect_peers(peers: subprocess.Popen | None, workdir: Path, skipped: bool, preds: dict) -> dict[str, object]:
    why = "not run (--no-peers)" if skipped else "not installed (benchmarks/.peers-venv missing)"
    if peers is None:
        return {p: why for p in PEERS}
    peers.wait()
    if not (workdir / "preds.npz").exists():
        return {p: f"peer run failed, see {workdir / 'peers.log'}" for p in PEERS}
    out = np.load(workdir / "preds.npz")
    for name in out.files:
        if name != "status":
            key, peer = name.rsplit("/", 1)
            preds[peer][key] = out[name]
    return json.loads(str(out["status"]))


def _report(tasks, splits, truth, preds, recovery, local, peer_status, seconds, started) -> dict:  # type: ignore[no-untyped-def]
    table: dict[str, dict[str, dict[str, dict]]] = {}
    for name in tasks:
        for regime in REGIMES:
            keys = keys_of(splits, name, regime)
            table.setdefault(name, {}).setdefault(regime, {})  # empty where no split of the regime hid a score
            for method, by_key in preds.items():
                if keys and all(k in by_key for k in keys):
                    m = pooled(truth, by_key, keys)
                    m["auc_interval"] = auc_interval(truth, by_key, keys)
                    table.setdefault(name, {}).setdefault(regime, {})[method] = m
    margins, per_set, calibration = {}, {}, {}
    for regime in REGIMES:
        names = counted(table, regime)
        keys = {n: keys_of(splits, n, regime) for n in names}
        rivals = [m for m in preds if m != ENGINE and all(m in table[n][regime] for n in names)]
        margins[regime] = {r: delta_interval(truth, preds[ENGINE], preds[r], keys) for r in rivals}
        per_set[regime] = {}
        present = [n for n in table if table[n][regime]]
        for n in present:
            best = max(IRT, key=lambda m: table[n][regime][m]["auc"])
            per_set[regime][n] = (
                best,
                delta_interval(truth, preds[ENGINE], preds[best], {n: keys_of(splits, n, regime)})[:3],
            )
        calibration[regime] = {}
        for n in present:
            k = keys_of(splits, n, regime)
            y, p = np.concatenate([truth[x] for x in k]), np.concatenate([preds[ENGINE][x] for x in k])
            calibration[regime][n] = {
                "ece": table[n][regime][ENGINE]["ece"],
                "floor": calibration_floor(p),
                "bias": float(p.mean() - y.mean()),
            }
    return {
        "date": time.strftime("%Y-%m-%d"),
        "command": "python benchmarks/run_quality.py " + " ".join(sys.argv[1:]),
        "tasks_per_data_set": {n: len(t) for n, t in tasks.items()},
        "methods": [*preds],
        "metrics": table,
        "margins": margins,
        "per_set_best": per_set,
        "calibration": calibration,
        "reliability": _reliability({n: t for n, t in tasks.items()}),
        "weak_recovery": recovery,
        "local_prior": local,
        "own_method_seconds": seconds,
        "peer_status": peer_status,
        "total_seconds": time.perf_counter() - started,
    }


if __name__ == "__main__":
    main()
