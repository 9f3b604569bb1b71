"""Memory and time of reading and importing a grade's long-format exports (issue 19, item 11): 2,000 × 100 in one exam
(200,000 rows and the header) and a term of a grade, 3,000 × 120 × 4 exams (1.44 M rows, about 100 MB).

Each file is read in a fresh process, so its peak resident memory is the reader's (Python, pandas and the app
included). Run from the repository root (writes benchmarks/IMPORT_TERM_RESULTS.md):

    .venv/bin/python benchmarks/bench_import_term.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "IMPORT_TERM_RESULTS.md"
SHAPES = (("2,000 × 100, one exam", 2000, 100, 1), ("3,000 × 120 × 4 exams (a term)", 3000, 120, 4))
CHILD = """
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from app.importer import read_gradebook
book = read_gradebook(Path(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "errors": len(book.errors), "scores": len(book.scores), "students": len(book.students)}))
"""
BEFORE = (
    "Before (main 8679cec): the 200,001-row file was refused by one row (`MAX_ROWS` counted the header) and the term "
    "by the 50 MB file limit; with the limits lifted by hand, that reader (one text object per cell, the file decoded "
    "whole) took 1.6 s / 203 MB and 14.9 s / 804 MB on the same machine (one run each, under `nice`)."
)
IMPORT = """
import json, resource, sys, time
start = time.perf_counter()
from app.cli import main
code = main(["import", sys.argv[1], "--db", sys.argv[2], "--json"])
print(json.dumps({"seconds": time.perf_counter() - start, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "errors": code}))
"""
BARE = "import resource, pandas, numpy; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def write(path: Path, students: int, items: int, exams: int) -> int:
    """A long-format CSV with class, exam and date columns, as a marking system exports a term."""
    rng = np.random.default_rng(0)
    rows = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("student_id,student_name,class,assessment,date,item_id,score,max_score,knowledge_points\n")
        for e in range(exams):
            date = f"2026-{9 + e:02d}-15"
            for s in range(students):
                marks = rng.integers(0, 5, size=items)
                handle.write(
                    "".join(
                        f"2024{s:05d},学生{s},{s // 50 + 1}班,第{e + 1}次考试,{date},Q{i + 1},{marks[i]},4,知识点{i % 20}\n"
                        for i in range(items)
                    )
                )
                rows += items
    return rows


def main() -> None:
    """Measure each shape and write the table."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    bare = float(subprocess.run([sys.executable, "-c", BARE], capture_output=True, text=True, check=True).stdout)
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        for label, students, items, exams in SHAPES:
            path = Path(folder) / "term.csv"
            rows = write(path, students, items, exams)
            size = path.stat().st_size / 2**20
            for what, code, extra in (("read", CHILD, []), ("CLI import", IMPORT, [str(Path(folder) / "z.db")])):
                out = subprocess.run(
                    [sys.executable, "-c", code, str(path), *extra], capture_output=True, text=True, env=env
                )
                last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
                result = json.loads(last) if out.returncode == 0 else {"errors": out.stderr.strip()[-200:]}
                lines.append(
                    f"| {label} | {what} | {rows + 1:,} | {size:.0f} MB | {result.get('seconds', 0):.1f} | "
                    f"{result.get('rss_mb', 0):.0f} | {result.get('errors', '-')} |"
                )
                (Path(folder) / "z.db").unlink(missing_ok=True)
    RESULTS.write_text(
        "\n".join(
            [
                "# Reading a grade's long-format exports",
                "",
                f"Made by `.venv/bin/python benchmarks/bench_import_term.py` on {dt.date.today()}; "
                f"{platform.platform()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}.",
                f"A bare `import pandas, numpy` process peaks at {bare:.0f} MB.",
                "",
                BEFORE,
                "",
                "`read` is `read_gradebook` alone; `CLI import` is `python -m app import FILE --db NEW --json` in one",
                "process (reading, splitting the grade into its classes, storing every score; its `errors` is the exit",
                "code).",
                "",
                "| file | what | rows (with header) | size | s | peak MB | errors |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
                *lines,
                "",
            ]
        ),
        encoding="utf-8",
    )
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
