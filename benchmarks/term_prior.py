"""The prior meta-learned from longitudinal tasks (issue 20 item 1): fine-tuned on term episodes, then judged on the
held-out terms and on the held-out single exams.

    .venv/bin/python benchmarks/term_prior.py train --variant term  --out DIR    # 5 min on 2 threads
    .venv/bin/python benchmarks/term_prior.py train --variant items --out DIR    # 2 min
    .venv/bin/python benchmarks/term_prior.py train --variant mix   --out DIR    # 15 min
    .venv/bin/python benchmarks/term_prior.py evaluate DIR [DIR ...]             # 8 min for three

`train` fine-tunes the shipped prior (MAML as `app.engine.meta`, Adam at lr 0.01) on term episodes of the
**training** pseudo-classes of ASSISTments 2009 and 2015 (`term_data`): a grade of 4 random classes of one set, the
target's latest exam cut to 5 scores a student (benchmarks/term.py's `keep_latest`), its grade-mates whole; the
query is the target's hidden latest-exam scores, after the same joint grade fit over every exam that `fit_term`
calibrates the questions with. Statics 2011 is never trained on. Variants:
- `term`: every parameter of the prior, term episodes only (120 meta-steps of 8, seed 11);
- `items`: the same, but only the question side learns (the groups c, b, a, w, guess, slip: their means,
  precisions and step sizes, the start's c and b coefficients, b's empirical-Bayes power, the partial-credit
  shifts); the student side (g, d, u) stays the shipped one;
- `mix`: every parameter, 15 % term episodes among the shipped prior's own task mix (simulated and real single
  exams, alone and in grades; 150 meta-steps of 64, seed 13).
`evaluate` compares each prior with the shipped one: benchmarks/term.py's term regime on the held-out classes of
all three sets (16 a set, grades of 8, `fit_term` with the shipped drift; AUC and log loss pooled, ΔAUC with a 90 %
bootstrap interval over classes), and the single-exam regimes hide20 / keep5 / grade on 16 held-out classes of
TIMSS, Math1, FrcSub and ECPE (`evaluate.pooled_metrics`, seed 1000). Writes benchmarks/results/term_prior.{json,md}.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.evaluate import engine_predictor, grades, pooled_metrics
from app.engine.meta import Episode, MetaConfig, episode, meta_train
from app.engine.model import GROUPS
from app.engine.prior import EB_GROUPS, INIT_COEFS, Prior, load_prior, read_prior, save_prior
from app.engine.term import fit_term
from app.engine.training.datasets import LOADERS, load_dataset
from app.engine.training.tasks import TaskMix, sample_episode
from app.engine.training.term_data import load_term_set
from benchmarks.quality_report import delta_interval, pooled
from benchmarks.term import DATA, KEEP, keep_latest

RESULTS = ROOT / "benchmarks" / "results"
TRAIN_SETS = ("assist2009", "assist2015")
TERM_SETS = ("assist2009", "assist2015", "statics2011")
SINGLE_SETS = ("timss", "math1", "frcsub", "ecpe")
ITEM_GROUPS = ("c", "b", "a", "w", "guess", "slip")
GRADE = 4  # classes in a training term episode
VARIANTS = {  # steps, meta-batch, seed, share of term episodes
    "term": (120, 8, 11, 1.0),
    "items": (120, 8, 11, 1.0),
    "mix": (150, 64, 13, 0.15),
}


def _question_side_only(prior: Prior) -> None:
    """Zero the gradient of every entry of the prior that is not of the question side (hooks on its parameters)."""
    item = torch.tensor([float(g in ITEM_GROUPS) for g in GROUPS])
    masks = {
        "log_precision": item,
        "mean": item,
        "log_lr": item[None, :].expand(prior.log_lr.shape).clone(),
        "init_coef": torch.tensor([float(c in ("c_slope", "b_intercept", "b_slope")) for c in INIT_COEFS]),
        "eb_power": torch.tensor([float(g == "b") for g in EB_GROUPS]),
        "partial_shift": torch.ones(len(prior.partial_shift)),
    }
    for name, p in prior.named_parameters():
        if p.requires_grad:
            p.register_hook(lambda g, m=masks[name]: g * m)


def train(variant: str, out: Path) -> None:
    """Fine-tune the shipped prior on `variant`'s episodes and save it in `out`."""
    steps, batch, seed, share = VARIANTS[variant]
    terms = {n: [m for m, _ in load_term_set(n, DATA).train] for n in TRAIN_SETS}
    real = {n: load_dataset(n, DATA).train for n in LOADERS} if share < 1.0 else {}
    mix = TaskMix(sim_share=0.25, grade_share=0.4, hide_share=0.5)  # the shipped prior's (its card)

    def sample(rng: np.random.Generator) -> Episode:
        if share >= 1.0 or rng.random() < share:  # (no draw when every episode is a term's)
            pool = terms[TRAIN_SETS[int(rng.integers(len(TRAIN_SETS)))]]
            members = rng.choice(len(pool), GRADE, replace=False)
            split = keep_latest(pool[members[0]], KEEP, int(rng.integers(2**31)))
            return episode(split, [pool[k] for k in members[1:]])
        return sample_episode(real, rng, mix)

    prior = copy.deepcopy(load_prior()).requires_grad_(True)
    if variant == "items":
        _question_side_only(prior)
    started = time.perf_counter()

    def log(step: int, loss: float) -> None:
        print(f"meta-step {step:4d}  query loss {loss:.4f}  {time.perf_counter() - started:6.0f} s", flush=True)

    meta_train(prior, sample, MetaConfig(steps=steps, meta_batch=batch, seed=seed, lr=0.01), log=log)
    prior.requires_grad_(False)
    save_prior(prior, out)


def _term_regime(priors: dict[str, Prior]) -> dict[str, dict]:
    """Each prior on benchmarks/term.py's term regime: pooled AUC, log loss and mean p - mean y, and ΔAUC to the
    shipped one with a 90 % interval over classes (`quality_report.delta_interval`)."""
    out = {}
    for name in TERM_SETS:
        classes = [m for m, _ in load_term_set(name, DATA, 16).held_out]
        truth: dict[str, np.ndarray] = {}
        preds: dict[str, dict[str, np.ndarray]] = {k: {} for k in priors}
        for grade in grades(len(classes)):
            for j in grade:
                split = keep_latest(classes[j], KEEP, j)
                s, i, y = split.pairs()
                truth[str(j)] = y
                peers = [classes[k] for k in grade if k != j]
                for k, prior in priors.items():
                    preds[k][str(j)] = fit_term([split.train, *peers], device="cpu", prior=prior).predict(0, s, i)
        keys = list(truth)
        y = np.concatenate([truth[c] for c in keys])
        out[name] = {}
        for k in priors:
            m = pooled(truth, preds[k], keys)
            row = {"auc": m["auc"], "log_loss": m["log_loss"]}
            row["bias"] = float(np.concatenate([preds[k][c] for c in keys]).mean() - y.mean())
            if k != "shipped":
                delta, lo, hi, *_ = delta_interval(truth, preds[k], preds["shipped"], {name: keys})
                row |= {"delta_auc": delta, "lo": lo, "hi": hi}
            out[name][k] = row
        print(name, json.dumps(out[name]), flush=True)
    return out


def _single_exams(priors: dict[str, Prior]) -> dict[str, dict]:
    """Each prior on the single-exam regimes of the held-out real classes (AUC and log loss)."""
    out: dict[str, dict] = {}
    for name in SINGLE_SETS:
        tasks = load_dataset(name, DATA).held_out[:16]
        out[name] = {
            regime: {k: pooled_metrics(engine_predictor(p), tasks, regime, 1000) for k, p in priors.items()}
            for regime in ("hide20", "keep5", "grade")
        }
        print(name, flush=True)
    return out


def markdown(terms: dict[str, dict], single: dict[str, dict], names: list[str]) -> str:
    """The tables RESULTS.md shows."""
    lines = [
        "Term regime (held-out classes, benchmarks/term.py's split): AUC (ΔAUC to the shipped prior [90 %]) / log loss",
        "",
        "| prior | " + " | ".join(TERM_SETS) + " |",
        "| --- | " + " | ".join("---" for _ in TERM_SETS) + " |",
    ]
    for k in ["shipped", *names]:
        cells = []
        for s in TERM_SETS:
            r = terms[s][k]
            delta = f" ({r['delta_auc']:+.4f} [{r['lo']:+.4f}, {r['hi']:+.4f}])" if k != "shipped" else ""
            cells.append(f"{r['auc']:.4f}{delta} / {r['log_loss']:.4f}")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Single exams (16 held-out classes a set): ΔAUC to the shipped prior, hide20 / keep5 / grade",
        "",
        "| prior | " + " | ".join(SINGLE_SETS) + " |",
        "| --- | " + " | ".join("---" for _ in SINGLE_SETS) + " |",
    ]
    for k in names:
        cells = [
            " / ".join(
                f"{single[s][r][k]['auc'] - single[s][r]['shipped']['auc']:+.4f}" for r in ("hide20", "keep5", "grade")
            )
            for s in SINGLE_SETS
        ]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("train", "evaluate"))
    parser.add_argument("priors", nargs="*", type=Path, help="evaluate: folders holding a prior.pt each")
    parser.add_argument("--variant", choices=tuple(VARIANTS), default="term")
    parser.add_argument("--out", type=Path, help="train: the folder to save the prior in")
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.what == "train":
        train(args.variant, args.out)
        return
    priors = {"shipped": load_prior(), **{p.name: read_prior(p / "prior.pt") for p in args.priors}}
    terms, single = _term_regime(priors), _single_exams(priors)
    names = [p.name for p in args.priors]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "term_prior.json").write_text(json.dumps({"term": terms, "single": single}, indent=1), encoding="utf-8")
    (RESULTS / "term_prior.md").write_text(markdown(terms, single, names), encoding="utf-8")
    print(markdown(terms, single, names))


if __name__ == "__main__":
    main()
