"""Tables of the quality benchmark: pooled metrics, bootstrap intervals over classes, calibration floors, markdown."""

from __future__ import annotations

import json

import numpy as np

from app.engine.evaluate import REGIMES
from app.engine.metrics import all_metrics, auc, ece, rmse

ENGINE = "engine (meta-learned prior)"
MIN_HIDDEN = 100  # a data set x regime cell with fewer hidden scores is shown but left out of the means
REPS = 300
LEVEL = (5, 95)  # a 90 % interval


def keys_of(splits: dict, name: str, regime: str) -> list[str]:
    """The split keys of one data set and regime."""
    return [k for k in splits if k.startswith(f"{name}__{regime}__")]


def pooled(truth: dict, preds: dict, keys: list[str]) -> dict[str, float]:
    """Metrics over the hidden scores of `keys` pooled."""
    return all_metrics(np.concatenate([truth[k] for k in keys]), np.concatenate([preds[k] for k in keys]))


def calibration_floor(p: np.ndarray, draws: int = 50, seed: int = 0) -> float:
    """Mean ECE of a perfectly calibrated predictor `p` on as many scores (outcomes drawn as Bernoulli(p))."""
    rng = np.random.default_rng(seed)
    return float(np.mean([ece((rng.random(len(p)) < p).astype(float), p) for _ in range(draws)]))


def _resample(keys: dict[str, list[str]], rng: np.random.Generator) -> dict[str, list[str]]:
    return {n: list(rng.choice(k, size=len(k))) for n, k in keys.items()}


def _mean_delta(truth: dict, ours: dict, theirs: dict, keys: dict[str, list[str]]) -> tuple[float, float]:
    d_auc, d_rmse = [], []
    for group in keys.values():
        y = np.concatenate([truth[k] for k in group])
        a, b = (np.concatenate([p[k] for k in group]) for p in (ours, theirs))
        d_auc.append(auc(y, a) - auc(y, b))
        d_rmse.append(rmse(y, a) - rmse(y, b))
    return float(np.nanmean(d_auc)), float(np.nanmean(d_rmse))


def delta_interval(truth: dict, ours: dict, theirs: dict, keys: dict[str, list[str]], seed: int = 0) -> list[float]:
    """[dAUC, lo, hi, dRMSE, lo, hi]: mean over the sets in `keys` of ours minus theirs, with a 90 %
    bootstrap interval from resampling each set's classes (the unit the split is made by)."""
    rng = np.random.default_rng(seed)
    point = _mean_delta(truth, ours, theirs, keys)
    boot = np.array([_mean_delta(truth, ours, theirs, _resample(keys, rng)) for _ in range(REPS)])
    lo, hi = np.nanpercentile(boot, LEVEL, axis=0)
    return [point[0], lo[0], hi[0], point[1], lo[1], hi[1]]


def auc_interval(truth: dict, preds: dict, keys: list[str], seed: int = 0) -> list[float]:
    """[AUC, lo, hi] pooled over `keys`, with a 90 % bootstrap interval over classes."""
    rng = np.random.default_rng(seed)

    def one(group: list[str]) -> float:
        return auc(np.concatenate([truth[k] for k in group]), np.concatenate([preds[k] for k in group]))

    boot = [one(list(rng.choice(keys, size=len(keys)))) for _ in range(REPS)]
    lo, hi = np.nanpercentile(boot, LEVEL)
    return [one(keys), float(lo), float(hi)]


def counted(table: dict, regime: str) -> list[str]:
    """Real data sets whose cell has enough hidden scores to count in the means."""
    return [n for n in table if n != "simulated" and table[n][regime].get(ENGINE, {"n": 0})["n"] >= MIN_HIDDEN]


def _fmt(x: float | None) -> str:
    return "n/a" if x is None or np.isnan(x) else f"{x:.3f}"


def _interval(v: list[float]) -> str:
    return f"{v[0]:+.3f} [{v[1]:+.3f}, {v[2]:+.3f}]"


def markdown(report: dict) -> str:
    """All tables of a report as markdown."""
    table, lines = report["metrics"], []
    for regime in REGIMES:
        names = list(table)
        methods = [m for m in report["methods"] if any(m in table[n][regime] for n in names)]
        lines += [f"### Regime {regime}: AUC [90 % interval over classes] / RMSE / ECE", ""]
        lines += ["| method | " + " | ".join(names) + " | mean of counted real sets (AUC / RMSE / ECE) |"]
        lines += ["|---" * (len(names) + 2) + "|"]
        for method in methods:
            cells, means = [], []
            for n in names:
                m = table[n][regime].get(method)
                if m is None:
                    cells.append("—")
                    continue
                few = f" (n={int(m['n'])})†" if m["n"] < MIN_HIDDEN else ""
                a = m["auc_interval"]
                cells.append(f"{_fmt(a[0])} [{_fmt(a[1])}, {_fmt(a[2])}] / {_fmt(m['rmse'])} / {_fmt(m['ece'])}{few}")
                if n in counted(table, regime):
                    means.append((m["auc"], m["rmse"], m["ece"]))
            mean = " / ".join(_fmt(x) for x in np.mean(means, axis=0)) if means else "—"
            lines.append(f"| {method} | " + " | ".join(cells) + f" | {mean} |")
        lines.append("")
    lines += ["### Engine minus each method (mean over counted real sets; 90 % bootstrap interval over classes)", ""]
    lines += ["| method | regime | Δ AUC (higher is better) | Δ RMSE (lower is better) |", "|---|---|---|---|"]
    for regime, rivals in report["margins"].items():
        for rival, v in sorted(rivals.items(), key=lambda kv: kv[1][0]):
            lines.append(f"| {rival} | {regime} | {_interval(v[:3])} | {_interval(v[3:])} |")
    lines += ["", "### Engine minus the best of Rasch and 2PL, per set (90 % interval over classes)", ""]
    sets = list(report["per_set_best"]["hide20"])
    lines += ["| regime | " + " | ".join(sets) + " |", "|---" * (len(sets) + 1) + "|"]
    for regime, found in report["per_set_best"].items():
        cells = (f"{_interval(found[n][1])} ({found[n][0]})" if n in found else "—" for n in sets)
        lines.append(f"| {regime} | " + " | ".join(cells) + " |")
    lines += ["", "### Calibration: pooled ECE, its floor, and mean predicted minus mean observed (engine)", ""]
    lines += ["| regime | set | ECE | floor | ECE − floor | mean p − mean y |", "|---|---|---|---|---|---|"]
    for regime, sets in report["calibration"].items():
        for n, c in sets.items():
            lines.append(
                f"| {regime} | {n} | {c['ece']:.3f} | {c['floor']:.3f} | {c['ece'] - c['floor']:+.3f} | {c['bias']:+.3f} |"
            )
    lines += ["", "### Knowledge-point profile beyond the student's overall level (split-half, per class)", ""]
    lines += [
        "| set | split-half r | full-length reliability | classes supporting relative flags |",
        "|---|---|---|---|",
    ]
    for n, r in report["reliability"].items():
        lines.append(
            f"| {n} | {_fmt(r['split_half'])} | {_fmt(r['full_length'])} | {r['supported']} of {r['classes']} |"
        )
    lines += ["", "### Weak knowledge points on simulated classes (truth known)", ""]
    lines += [
        "| regime / method | precision | recall | 90 % interval coverage (MIRT classes) | precision at the KP score "
        "rate's recall (cells with enough evidence, ranked by mastery) |",
        "|---|---|---|---|---|",
    ]
    for key, m in report["weak_recovery"].items():
        cover = _fmt(m.get("coverage_90_mirt", float("nan")))
        at_rate = _fmt(m.get("precision_at_rate_recall", float("nan")))
        lines.append(f"| {key} | {_fmt(m['precision'])} | {_fmt(m['recall'])} | {cover} | {at_rate} |")
    if report.get("local_prior"):
        lines += ["", "### A school's own prior (trained on the set's training classes) against the shipped prior", ""]
        lines += [
            "| set | regime | local AUC / RMSE / ECE | shipped AUC / RMSE / ECE | Δ AUC [90 %] | its own check: better |"
        ]
        lines += ["|---|---|---|---|---|---|"]
        for n, entry in report["local_prior"].items():
            for regime, r in entry["regimes"].items():
                loc, shp = r["local"], r["shipped"]
                lines.append(
                    f"| {n} | {regime} | {_fmt(loc['auc'])} / {_fmt(loc['rmse'])} / {_fmt(loc['ece'])} | "
                    f"{_fmt(shp['auc'])} / {_fmt(shp['rmse'])} / {_fmt(shp['ece'])} | {_interval(r['delta'])} | "
                    f"{entry['comparison']['better']} |"
                )
    lines += ["", "### Peers", ""]
    for peer, status in report["peer_status"].items():
        lines.append(f"- {peer}: {status if isinstance(status, str) else _peer_summary(status)}")
    counts = {n: {r: int(table[n][r].get(ENGINE, {"n": 0})["n"]) for r in REGIMES} for n in table}
    lines += [
        "",
        f"`†` = fewer than {MIN_HIDDEN} hidden scores in that cell: shown, left out of the means.",
        f"Hidden scores per cell: {json.dumps(counts)}; classes per data set: {json.dumps(report['tasks_per_data_set'])}.",
    ]
    return "\n".join(lines) + "\n"


def _peer_summary(status: dict) -> str:
    errors = sorted({v for v in status.values() if isinstance(v, str)})
    ok = sum(isinstance(v, float) for v in status.values())
    return f"ran on {ok} of {len(status)} splits" + (f"; failures: {'; '.join(errors)[:300]}" if errors else "")
