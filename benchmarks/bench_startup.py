"""How long the window takes to appear, from process start (target: well under 1.5 s).

    .venv/bin/python benchmarks/bench_startup.py [--repeat 5]

Runs `main.py --smoke` offscreen against a fresh store and prints the median wall time until
the window reports it is shown, next to the interpreter's own start-up for reference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time_to_window(folder: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    args = [
        sys.executable,
        str(ROOT / "main.py"),
        "--smoke",
        "--db",
        str(folder / "z.db"),
        "--settings",
        str(folder / "z.ini"),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=folder)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.communicate(timeout=120)
    if not line.startswith("window shown after"):
        raise RuntimeError(f"unexpected first line: {line!r}")
    return elapsed


def _bare_python() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def main() -> None:
    """Print the median time to window over several runs."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    window = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:  # a fresh store each time, as at first start
            window.append(_time_to_window(Path(tmp)))
    bare = [_bare_python() for _ in range(args.repeat)]
    print("| measure | median s |\n| --- | ---: |")
    print(f"| process start → main window shown (offscreen, new store) | {statistics.median(window):.2f} |")
    print(f"| bare `python -c pass` | {statistics.median(bare):.2f} |")


if __name__ == "__main__":
    main()
