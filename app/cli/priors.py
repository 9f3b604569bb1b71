"""The `train-prior` sub-command: train the school's own prior on the store's classes (what Check the model's
"Train on this store's classes" does), and say how it compares with the shipped prior on held-out classes.

    python -m app train-prior [--db DB] [--out DIR] [--device D] [--steps N] [--seed N]
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import SubCommand, device_argument, device_refusal, report, store_arguments
from app.core.problems import Text


class _Printed:
    """Progress printed to stderr every tenth of the way."""

    def __init__(self) -> None:
        self._shown = -1

    def report(self, fraction: float, message: str = "") -> None:
        """Print the report when it crosses the next tenth."""
        tenth = int(fraction * 10)
        if tenth > self._shown:
            self._shown = tenth
            print(f"{fraction:4.0%} {message}", file=sys.stderr, flush=True)

    def cancelled(self) -> bool:
        """Never cancelled from the command line (Ctrl-C stops the process)."""
        return False


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", help="prior.pt 与 prior.json 的文件夹 / folder for them (default: beside the store)")
    parser.add_argument("--steps", type=int, help="训练步数 / meta-training steps (default: the engine's)")
    parser.add_argument("--seed", type=int, help="随机种子 / seed (default: the engine's)")
    device_argument(parser)
    store_arguments(parser)


def run_train_prior(args: argparse.Namespace, lang: str) -> int:
    """Train, save and compare the school's own prior; refused (exit 2) with too few tagged classes."""
    from pathlib import Path

    from app.services.priors import train_local_prior, training_settings
    from app.services.store import store_location

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    result = train_local_prior(
        store_location(args.db),
        out=Path(args.out) if args.out else None,
        device=args.device,
        settings=training_settings(steps=args.steps, seed=args.seed),
        progress=_Printed(),
    )
    c = result.comparison
    local, shipped = c.local, c.shipped
    report(
        args,
        lang,
        {
            "local": local,
            "shipped": shipped,
            "held_out_classes": c.held_out_classes,
            "hidden_scores": c.hidden_scores,
            "better": c.better,
        },
        Text(
            f"本校模型 AUC {local['auc']:.3f}、对数损失 {local['log_loss']:.3f}；随附模型 AUC {shipped['auc']:.3f}、"
            f"对数损失 {shipped['log_loss']:.3f}（留出 {c.held_out_classes} 个班、{c.hidden_scores} 个得分）。"
            + ("本校模型更好，可以使用。" if c.better else "本校模型没有更好，诊断仍用随附模型。"),
            f"School's prior AUC {local['auc']:.3f}, log loss {local['log_loss']:.3f}; shipped prior AUC "
            f"{shipped['auc']:.3f}, log loss {shipped['log_loss']:.3f} ({c.held_out_classes} held-out classes, "
            f"{c.hidden_scores} hidden scores). "
            + (
                "The school's prior is better and can be used."
                if c.better
                else "It is not better: diagnoses keep the shipped prior."
            ),
        ),
    )
    return 0


COMMANDS = (
    SubCommand(
        "train-prior",
        "用本库的班级训练本校模型 / train the school's own prior on the store's classes",
        _arguments,
        run_train_prior,
    ),
)
