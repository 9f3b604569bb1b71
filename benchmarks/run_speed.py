"""Speed benchmark: diagnosing a 50x40 class and a 2,000x100 grade on CPU.

    .venv/bin/python benchmarks/run_speed.py [--repeats 5]

Three timings per size: diagnose() in-process; a bare process that imports the engine and
diagnoses once (benchmarks/diagnose_once.py); and the real CLI, `python -m app diagnose --class C
--db DB --json` on a store the class was imported into, start to finish (load from SQLite,
diagnose, store the run). The reference is `python -c "import torch, pandas, sqlalchemy"`;
targets on the CLI: 50x40 under 1.5x the reference, 2,000x100 under 4x.
Writes benchmarks/results/speed.json and speed.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.diagnose_once import random_class

SIZES = ((50, 40, 1.5), (2000, 100, 4.0))


def _store_with(matrix, folder: Path) -> Path:
    """Import `matrix` as one class through the CLI (long CSV), returning the store's path."""
    s, i = np.nonzero(np.ones_like(matrix.points, dtype=bool))
    kps = [";".join(k for k, on in zip(matrix.knowledge_points, row) if on) for row in matrix.q_matrix]
    points = matrix.points[s, i]
    pd.DataFrame(
        {
            "student_id": np.asarray(matrix.student_ids)[s],
            "item_id": np.asarray(matrix.item_ids)[i],
            "score": np.where(np.isnan(points), None, points),
            "max_score": matrix.max_scores[i],
            "knowledge_points": np.asarray(kps)[i],
        }
    ).to_csv(folder / "class.csv", index=False)
    db = folder / "store.db"
    subprocess.run(
        [sys.executable, "-m", "app", "import", str(folder / "class.csv"), "--class", "C", "--db", str(db)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return db


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
        with tempfile.TemporaryDirectory() as folder:
            db = _store_with(matrix, Path(folder))
            cli = _process_seconds(
                ["-m", "app", "diagnose", "--class", "C", "--db", str(db), "--device", "cpu", "--json"], args.repeats
            )
        rows.append(
            {
                "size": f"{students}x{items}",
                "in_process_s": statistics.median(in_process),
                "process_s": whole,
                "cli_s": cli,
                "ratio_to_import": cli / reference,
                "target_ratio": target,
                "meets_target": cli / reference < target,
            }
        )
    report = {"date": time.strftime("%Y-%m-%d"), "reference_import_s": reference, "rows": rows, "repeats": args.repeats}
    lines = [
        f'Reference `python -c "import torch, pandas, sqlalchemy"`: {reference:.2f} s (median of {args.repeats})',
        "",
        "| class | diagnose() in-process | bare engine process | CLI `diagnose`, start to finish | CLI / reference | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['size']} | {r['in_process_s']:.3f} s | {r['process_s']:.2f} s | {r['cli_s']:.2f} s | {r['ratio_to_import']:.2f}x | < {r['target_ratio']}x | {'yes' if r['meets_target'] else 'NO'} |"
        for r in rows
    ]
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "speed.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    (out / "speed.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
