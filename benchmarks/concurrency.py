"""Several writers at once and kills mid-work, on a store: what happens, written to benchmarks/CONCURRENCY.md.

    python benchmarks/concurrency.py

Each scenario runs the real CLI in separate processes (and the services in a thread, as the
window does) on a fresh store, then checks the store with SQLite's integrity and foreign-key
checks. The same scenarios are tests (tests/test_safety_concurrency.py); this records their
outcomes and times on this machine.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.diagnosing import diagnose_stored_class
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import list_classes, list_diagnosis_runs, open_database
from app.storage.database import HEAD_REVISION

ENV = {**os.environ, "ZHIDIAN_LANG": "en", "PYTHONIOENCODING": "utf-8"}


def _csv(folder: Path, name: str, students: int, seed: int = 0) -> Path:
    rows = ["student_id,student_name,item_id,score,max_score,knowledge_points"]
    rows += [f"S{seed}-{s:05d},学生{s},Q{i},{(s + i + seed) % 5},4,代数" for s in range(students) for i in range(20)]
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _cli(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _sound(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        dangling = len(connection.execute("PRAGMA foreign_key_check").fetchall())
    return "sound" if integrity == "ok" and not dangling else f"DAMAGED ({integrity}, {dangling} dangling)"


def two_imports(folder: Path) -> str:
    db = folder / "z.db"
    open_database(db).close()
    runs = [_cli("import", str(_csv(folder, f"{n}.csv", 5000, n)), "--class", str(n), "--db", str(db)) for n in (1, 2)]
    codes = [run.wait(timeout=600) for run in runs]
    with open_database(db) as store, store.session() as session:
        classes = len(list_classes(session))
    return f"exit codes {codes}; {classes} classes stored; store {_sound(db)}"


def import_during_diagnosis(folder: Path) -> str:
    db = folder / "z.db"
    with open_database(db) as store:
        load_sample(store)
        done: dict[str, int] = {}
        worker = threading.Thread(target=lambda: done.update(runs=len(diagnose_stored_class(store, SAMPLE_CLASS))))
        worker.start()
        code = _cli("import", str(_csv(folder, "x.csv", 2000)), "--class", "x", "--db", str(db)).wait(timeout=600)
        worker.join()
        with store.session() as session:
            kept = len(list_diagnosis_runs(session, SAMPLE_CLASS))
    return f"import exit {code}; diagnosis saved {kept} of {done.get('runs')} runs; store {_sound(db)}"


def old_store_three_openers(folder: Path) -> str:
    from alembic import command
    from sqlalchemy import create_engine

    from app.storage.database import alembic_config

    db = folder / "old.db"
    with create_engine(f"sqlite:///{db}").begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
    code = f"from app.storage import open_database; d = open_database({str(db)!r}); print(d.backup is not None)"
    runs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(3)
    ]
    upgraded = sorted(run.communicate(timeout=600)[0].strip() for run in runs)
    with sqlite3.connect(db) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return (
        f"backups made {upgraded.count('True')} (one upgrade), at head: {revision == HEAD_REVISION}; store {_sound(db)}"
    )


def kills(
    folder: Path, argv: list[str], delays: list[float], check: Callable[[Path], str], prepare: Callable[[Path], None]
) -> str:
    outcomes = []
    for n, delay in enumerate(delays):
        db = folder / f"k{n}.db"
        prepare(db)
        run = _cli(*[a.replace("{db}", str(db)).replace("{dir}", str(folder)) for a in argv])
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        outcomes.append(f"{delay:g} s: {check(db)}")
    return "; ".join(outcomes)


def main() -> None:
    """Run every scenario and write the table."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = _csv(folder, "big.csv", 20000)

        def empty(db: Path) -> None:
            open_database(db).close()

        def sample(db: Path) -> None:
            with open_database(db) as store:
                load_sample(store)

        def classes(db: Path) -> str:
            with open_database(db) as store, store.session() as session:
                found = [(c.students, c.scores) for c in list_classes(session)]
            return f"{'whole' if found else 'absent'}, {_sound(db)}"

        def runs(db: Path) -> str:
            with open_database(db) as store, store.session() as session:
                return f"{len(list_diagnosis_runs(session, SAMPLE_CLASS))} runs, {_sound(db)}"

        scenarios = {
            "two CLI imports at once (5,000 students each)": lambda: two_imports(folder / "a"),
            "a CLI import while the services diagnose (the window)": lambda: import_during_diagnosis(folder / "b"),
            "three processes open a schema-0001 store at once": lambda: old_store_three_openers(folder / "c"),
            "kill -9 during an import of 400,000 scores": lambda: kills(
                folder / "d", ["import", str(big), "--class", "k", "--db", "{db}"], [1, 2, 3, 4, 5], classes, empty
            ),
            "kill -9 during a diagnosis": lambda: kills(
                folder / "e", ["diagnose", "--class", SAMPLE_CLASS, "--db", "{db}"], [2, 4, 5, 6], runs, sample
            ),
        }
        for name, scenario in scenarios.items():
            (folder / name).mkdir(exist_ok=True)
            for sub in "abcde":
                (folder / sub).mkdir(exist_ok=True)
            started = time.perf_counter()
            outcome = scenario()
            rows.append((name, outcome, time.perf_counter() - started))
            print(f"{name}: {outcome}", flush=True)
    lines = [
        "# Several writers and kills: outcomes",
        "",
        f"`python benchmarks/concurrency.py`, {dt.date.today()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. The same scenarios are tests "
        "(tests/test_safety_concurrency.py).",
        "",
        "| scenario | outcome | seconds |",
        "| --- | --- | ---: |",
        *(f"| {name} | {outcome} | {seconds:.1f} |" for name, outcome, seconds in rows),
        "",
    ]
    (ROOT / "benchmarks" / "CONCURRENCY.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
