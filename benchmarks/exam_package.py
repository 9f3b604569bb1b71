"""Exam packages: the size of a package, the time and peak memory of exporting, previewing and importing one, and of
refusing the worst hostile ones (a 200 MB zip bomb, a 16 MB manifest, JSON nested 100,000 deep, a paper at the
bounds).

Each step runs in a fresh process, which reports its time and peak resident memory (VmHWM, Linux); the table goes
to benchmarks/EXAM_PACKAGE.md. Run from the repository root:

    nice -n 10 .venv/bin/python benchmarks/exam_package.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.importer.limits import MAX_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_PAPER_QUESTIONS

RESULTS = Path(__file__).resolve().parent / "EXAM_PACKAGE.md"
EXAM = "2026年11月八年级数学第二次月考"
_CHILD = """
import json, sys, time
from pathlib import Path
from app.core.problems import GradebookError, Refused
step, store, package, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
start = time.perf_counter()
from app.storage import open_database
from app.services.packages import (
    PackageImportRequest, PackageRequest, export_package, import_package, preview_package, read_package,
)
try:
    if step == "export":
        with open_database(store) as db:
            done = export_package(db, PackageRequest(sys.argv[5], sys.argv[6], package, with_scores=True))
        outcome = f"{len(done.classes)} classes, {done.students:,} students, {package.stat().st_size / 1024:,.0f} KB"
    elif step == "preview":
        with open_database(store) as db:
            plan = preview_package(db, PackageImportRequest(package))
        outcome = f"{len(plan.classes)} classes planned"
    elif step == "import":
        with open_database(store) as db:
            done = import_package(db, PackageImportRequest(package))
        outcome = f"{len(done.imports)} classes, {sum(s.scores for s in done.imports):,} scores imported"
    elif step == "baseline":
        outcome = "the modules a step imports, nothing read"
    else:
        read = read_package(package)
        outcome = f"read: {len(read.exam.paper.questions):,} questions, {len(read.classes)} classes"
except GradebookError as error:
    first = error.problems[0]
    outcome = "refused: " + first.where("en") + ": " + first.text.en
except Refused as refused:
    outcome = "refused: " + refused.text.en
outcome = outcome if len(outcome) < 110 else outcome[:100] + "…"
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec from the forked parent (this script, grown by its
# fixtures), while VmHWM belongs to the new process's memory alone
hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
peak = int(hwm.split()[1]) / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak}))
"""


def _child(step: str, store: Path, package: Path, *more: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZHIDIAN_LANG": "en", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, step, str(store), str(package), "-", *more],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _grade_store(folder: Path, classes: int, students: int, questions: int) -> Path:
    """A store holding one exam of a whole grade (`classes` × `students`, `questions` tagged questions), imported from
    one long file with a 班级 column."""
    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.storage import open_database

    rows = ["班级,student_id,student_name,assessment,date,item_id,score,max_score,knowledge_points"]
    for c in range(1, classes + 1):
        for s in range(students):
            number = f"2024{c:02d}{s:03d}"
            for q in range(1, questions + 1):
                score = "" if (s + q) % 17 == 0 else (s * 7 + q * 3) % 5
                rows.append(f"八年级({c})班,{number},学生{c}-{s},{EXAM},2026-11-25,{q},{score},4,知识点{q % 10}")
    path = folder / "grade.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = folder / "teacher.db"
    with open_database(store) as db:
        import_parsed(db, ImportRequest(read_checked(path), None, path=str(path)))
    return store


def _hostile(folder: Path) -> dict[str, Path]:
    """The worst packages: each is refused, or read within bounds."""
    from app.core.exam_package import FORMAT, MANIFEST

    files = {}
    bomb = folder / "bomb.zhidian"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps({"format": FORMAT, "version": 1}))
        with archive.open("scores/001.csv", "w") as part:
            chunk = b"0" * 2**20
            for _ in range(MAX_FILE_BYTES // len(chunk) + 1):
                part.write(chunk)
    files[f"zip bomb: {MAX_FILE_BYTES // 2**20 + 1} MB of zeros in {bomb.stat().st_size // 1024} KB"] = bomb
    huge = folder / "manifest.zhidian"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps({"format": FORMAT, "app": "x" * (MAX_MANIFEST_BYTES + 1)}))
    files[f"manifest of {MAX_MANIFEST_BYTES // 2**20} MB + 1 byte"] = huge
    deep = folder / "deep.zhidian"
    with zipfile.ZipFile(deep, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, "[" * 100_000 + "]" * 100_000)
    files["JSON nested 100,000 deep"] = deep
    paper = folder / "paper.zhidian"
    points = [f"知识点{n}" for n in range(100)]
    question = {"max_score": 5, "kind": "", "answer_key": None, "knowledge_points": points}
    manifest = {
        "format": FORMAT,
        "version": 1,
        "exam": {"name": "期中", "date": None},
        "paper": {"name": "期中", "questions": [dict(question, label=f"{n}") for n in range(MAX_PAPER_QUESTIONS)]},
    }
    with zipfile.ZipFile(paper, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    files[f"a paper of {MAX_PAPER_QUESTIONS:,} questions × 100 knowledge points each (the bounds)"] = paper
    return files


def main() -> None:
    """Measure and write the table."""
    rows: list[tuple[str, str, dict[str, object]]] = []
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        from app.services.sample import load_sample
        from app.storage import open_database

        sample = folder / "sample.db"
        with open_database(sample) as db:
            load_sample(db)
        rows.append(("—", "start a process", _child("baseline", sample, sample)))
        cases = [("the sample's grade exam (4 classes, 20 questions)", sample, "八年级(3)班")]
        cases.append(
            ("a grade of 20 classes × 50 students, 25 questions", _grade_store(folder, 20, 50, 25), "八年级(1)班")
        )
        for n, (name, store, class_name) in enumerate(cases):
            package = folder / f"p{n}.zhidian"
            rows.append((name, "export with scores", _child("export", store, package, class_name, EXAM)))
            colleague = folder / f"colleague{n}.db"
            open_database(colleague).close()
            rows.append((name, "preview (show)", _child("preview", colleague, package)))
            rows.append((name, "import into an empty store", _child("import", colleague, package)))
            rows.append((name, "import again (recognised)", _child("import", colleague, package)))
        for name, path in _hostile(folder).items():
            rows.append((name, "read", _child("read", sample, path)))
    lines = [
        "# Exam packages: size, time and peak memory",
        "",
        "`nice -n 10 .venv/bin/python benchmarks/exam_package.py`: each step in a fresh process (its time includes",
        "importing the app's modules; its peak is the process's resident memory). "
        f"{dt.date.today().isoformat()}, {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (shared).",
        "",
        "| package | step | outcome | seconds | peak MB |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for name, step, r in rows:
        lines.append(f"| {name} | {step} | {r['outcome']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
