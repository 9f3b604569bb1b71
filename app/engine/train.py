"""`python -m app.engine.train [...]`: the stable command that meta-trains the shipped prior (code in
`app.engine.training`), or with `--from-store DB` a school's own prior on the classes of a store.

    python -m app.engine.train --from-store DB [--out DIR] [--device D] [--steps N] [--seed N]

calls `app.services.priors.train_local_prior(DB, out=DIR, device=D, settings=LocalSettings(...),
progress=...)`, which reads the store's classes, trains, saves the prior with its card and returns
the engine's `LocalPrior`; this prints its held-out comparison with the shipped prior.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.engine.local import LocalSettings


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


def from_store_parser() -> argparse.ArgumentParser:
    """The arguments of `--from-store`."""
    parser = argparse.ArgumentParser(prog="python -m app.engine.train --from-store", description=__doc__)
    parser.add_argument("--from-store", type=Path, required=True, metavar="DB", help="the store (zhidian.db)")
    parser.add_argument("--out", type=Path, help="directory for prior.pt and prior.json (default: the store's)")
    parser.add_argument("--device", help="cpu, cuda, mps or auto (default auto)")
    parser.add_argument("--steps", type=int, default=LocalSettings.steps)
    parser.add_argument("--seed", type=int, default=LocalSettings.seed)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the shipped prior's training, or to a school's own with --from-store; returns the exit code
    (2 with the reason on stderr when the store is refused: none there, too few classes, damaged)."""
    argv = sys.argv[1:] if argv is None else argv
    if not any(a == "--from-store" or a.startswith("--from-store=") for a in argv):
        from app.engine.training.train import main as train_shipped

        train_shipped(argv)
        return 0
    args = from_store_parser().parse_args(argv)
    from app.core.problems import Refused, default_language
    from app.services.priors import train_local_prior

    try:
        result = train_local_prior(
            args.from_store,
            out=args.out,
            device=args.device,
            settings=LocalSettings(steps=args.steps, seed=args.seed),
            progress=_Printed(),
        )
    except Refused as refused:
        print(refused.text.get(default_language()), file=sys.stderr)
        return 2
    c = result.comparison
    for name, metrics in (("local prior", c.local), ("shipped prior", c.shipped)):
        print(f"{name:14s} AUC {metrics['auc']:.3f}  RMSE {metrics['rmse']:.3f}  log loss {metrics['log_loss']:.3f}")
    print(f"{c.held_out_classes} held-out classes, {c.hidden_scores} hidden scores: local is better: {c.better}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
