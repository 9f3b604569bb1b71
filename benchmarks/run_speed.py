"""Speed benchmark: diagnosing a 50x40 class and a 2,000x100 grade on CPU, in-process and as a whole process.

    .venv/bin/python benchmarks/run_speed.py [--repeats 5]

The reference is `python -c "import torch, pandas, sqlalchemy"` (the start-up any CLI run pays);
targets: a whole 50x40 process under 1.5x that, a 2,000x100 process under 4x.
Writes benchmarks/results/speed.json and speed.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.diagnose_once import random_class  # noqa: E402

SIZES = ((50, 40, 1.5), (2000, 100, 4.0))


def _process_seconds(args: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Time the reference import, the in-process diagnoses and the whole processes; print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from app.engine.diagnose import diagnose

    reference = _process_seconds(["-c", "import torch, pandas, sqlalchemy"], args.repeats)
    diagnose(random_class(20, 10), device="cpu")  # warm the prior cache
    rows = []
    for students, items, target in SIZES:
        matrix = random_class(students, items)
        in_process = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            diagnose(matrix, device="cpu")
            in_process.append(time.perf_counter() - t0)
        whole = _process_seconds(["benchmarks/diagnose_once.py", str(students), str(items)], args.repeats)
        rows.append({
            "size": f"{students}x{items}",
            "in_process_s": statistics.median(in_process),
            "process_s": whole,
            "ratio_to_import": whole / reference,
            "target_ratio": target,
            "meets_target": whole / reference < target,
        })
    report = {"date": time.strftime("%Y-%m-%d"), "reference_import_s": reference, "rows": rows, "repeats": args.repeats}
    lines = [
        f"Reference `python -c \"import torch, pandas, sqlalchemy\"`: {reference:.2f} s (median of {args.repeats})",
        "",
        "| class | diagnose() in-process | whole process | ratio to import | target | met |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['size']} | {r['in_process_s']:.3f} s | {r['process_s']:.2f} s | {r['ratio_to_import']:.2f}x | < {r['target_ratio']}x | {'yes' if r['meets_target'] else 'NO'} |"
        for r in rows
    ]
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "speed.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
