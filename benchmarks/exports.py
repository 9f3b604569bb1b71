"""How long a class's exports take: plans, 学习手册, report, 讲评 and 分层, for 40 and 200 students.

    python benchmarks/exports.py            # writes benchmarks/EXPORTS.md

The 40-student class is the bundled sample's 八年级(3)班 (three exams, 11 knowledge points),
diagnosed once; the 200-student class is the same data five times over under new student ids
(a whole grade in one export). Times are the export alone (the diagnosis is loaded, not refit),
best of three, on this machine's CPU with torch's default threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.export import export_groups, export_handbook, export_plans, export_report, export_review
from app.insight.plans import DiagnosedClass, PlanSettings
from app.services.exporting import load_diagnosed_class
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import open_database

SETTINGS = PlanSettings(generated=dt.date(2026, 11, 30))


def _times(data: DiagnosedClass, n: int) -> DiagnosedClass:
    """The class `n` times over, each copy under its own student ids."""
    if n == 1:
        return data
    m, d = data.matrix, data.diagnosis

    def ids(base: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"{sid}-{k}" for k in range(n) for sid in base)

    matrix = dataclasses.replace(
        m,
        student_ids=ids(m.student_ids),
        student_names=tuple(name for _ in range(n) for name in m.student_names),
        points=np.tile(m.points, (n, 1)),
        answers=None if m.answers is None else np.tile(m.answers, (n, 1)),
    )
    diagnosis = dataclasses.replace(
        d,
        student_ids=ids(d.student_ids),
        mastery=np.tile(d.mastery, (n, 1)),
        lower=np.tile(d.lower, (n, 1)),
        upper=np.tile(d.upper, (n, 1)),
        evidence=np.tile(d.evidence, (n, 1)),
        status=np.tile(d.status, (n, 1)),
        ability=None if d.ability is None else np.tile(d.ability, n),
    )
    success = None if data.predicted_success is None else np.tile(data.predicted_success, (n, 1))
    return DiagnosedClass(data.class_name, matrix, diagnosis, success, data.prerequisites)


def _best(export: Callable[[DiagnosedClass, Path], object], data: DiagnosedClass, out: Path, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        export(data, out)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Time each export at 40 and 200 students and write EXPORTS.md."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with open_database(folder / "zhidian.db") as db:
            load_sample(db)
            base = load_diagnosed_class(db, SAMPLE_CLASS)
        exports: dict[str, Callable[[DiagnosedClass, Path], object]] = {
            "plans (PDF, whole class)": lambda d, o: export_plans(d, o / "plans.pdf", lang="zh", settings=SETTINGS),
            "plans (PDF, one file per student)": lambda d, o: export_plans(
                d, o / "each", lang="zh", per_student=True, settings=SETTINGS
            ),
            "学习手册 (PDF, one page per student)": lambda d, o: export_handbook(
                d, o / "handbook.pdf", lang="zh", settings=SETTINGS
            ),
            "class report (PDF)": lambda d, o: export_report(d, o / "report.pdf", lang="zh", settings=SETTINGS),
            "讲评 list (PDF)": lambda d, o: export_review(d, o / "review.pdf", lang="zh", settings=SETTINGS),
            "分层 groups (PDF)": lambda d, o: export_groups(d, o / "groups.pdf", lang="zh", settings=SETTINGS),
        }
        rows = []
        for name, export in exports.items():
            cells = []
            for n in (1, 5):
                data = _times(base, n)
                out = folder / f"{n}"
                out.mkdir(exist_ok=True)
                cells.append(_best(export, data, out))
            rows.append((name, *cells))
            print(f"{name}: {cells[0]:.2f} s / {cells[1]:.2f} s", flush=True)
    lines = [
        "# Export times",
        "",
        f"`python benchmarks/exports.py`, {dt.date.today().isoformat()}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared; other work was running). Best of three, seconds.",
        "The 40-student class is the sample's 八年级(3)班 (3 exams, 11 knowledge points); 200 students is it five "
        "times over. Target (issue 12): plans for 40 students under 5 s.",
        "",
        "| export | 40 students | 200 students |",
        "|---|---:|---:|",
        *[f"| {name} | {a:.2f} | {b:.2f} |" for name, a, b in rows],
        "",
    ]
    (ROOT / "benchmarks" / "EXPORTS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
