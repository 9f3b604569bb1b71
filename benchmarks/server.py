"""A school's server under load: 8 teachers' processes each importing and diagnosing one class of a 2,000-student
grade at once (against one process doing its share alone, and one doing all eight), and a school's year (5,000
students, 20 exams of 25 questions, 2.5 M scores): reading a class for the window, and `summary`, as the owner and
as a teacher (row-level security on).

Needs a PostgreSQL superuser's URL on a throwaway cluster (a database `zhidian_bench*` is created and dropped):

    ZHIDIAN_BENCH_PG=postgresql://postgres:PW@127.0.0.1:PORT/postgres nice -n 10 .venv/bin/python benchmarks/server.py

It prints one JSON object; benchmarks/SERVER.md gives the numbers of a run and how it was made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.core.gradebook import SCORE_COLUMNS, GradebookAssessment, GradebookStudent, Item, ParsedGradebook
from app.core.logits import sigmoid

RESULTS = Path(__file__).resolve().parent / "SERVER.md"
KPS = ("有理数", "整式", "方程", "不等式", "函数", "几何", "统计", "概率")


def grade_book(class_index: int, students: int, exams: int, questions: int, seed: int = 0) -> ParsedGradebook:
    """One class's gradebook: `exams` exams of `questions` questions, each tagged with one or two of `KPS`, scores
    from a logistic model of ability and difficulty (the same papers for every class)."""
    rng = np.random.default_rng(seed * 1000 + class_index)
    paper = np.random.default_rng(seed)
    tags = [
        (KPS[paper.integers(len(KPS))],) + ((KPS[paper.integers(len(KPS))],) if paper.random() < 0.3 else ())
        for _ in range(exams * questions)
    ]
    difficulty = paper.normal(0, 1, exams * questions)
    top = paper.choice([2.0, 3.0, 5.0, 10.0], exams * questions)
    ability = rng.normal(0, 1, students)
    numbers = [f"{class_index:02d}{s:04d}" for s in range(students)]
    p = sigmoid(ability[:, None] - difficulty[None, :])
    points = np.round(rng.binomial(top.astype(int)[None, :].repeat(students, 0), p)).astype(float)
    names = [f"期{e + 1:02d}" for e in range(exams)]
    items = [
        Item(names[j // questions], f"Q{j % questions + 1}", float(top[j]), tuple(dict.fromkeys(tags[j])))
        for j in range(exams * questions)
    ]
    frame = pd.DataFrame(
        {
            "student_id": np.repeat(numbers, exams * questions),
            "assessment": [names[j // questions] for j in range(exams * questions)] * students,
            "item_id": [f"Q{j % questions + 1}" for j in range(exams * questions)] * students,
            "score": points.reshape(-1),
            "answer": [None] * (students * exams * questions),
        },
        columns=list(SCORE_COLUMNS),
    )
    digest = hashlib.sha256(f"{class_index}-{students}-{exams}-{questions}-{seed}".encode()).hexdigest()
    return ParsedGradebook(
        source=f"class{class_index}.csv",
        content_hash=digest,
        assessments=[
            GradebookAssessment(n, dt.date(2026, 9, 1) + dt.timedelta(days=7 * e)) for e, n in enumerate(names)
        ],
        students=[GradebookStudent(n, f"学生{n}") for n in numbers],
        items=items,
        scores=frame,
    )


def class_name(index: int) -> str:
    return f"八年级({index + 1})班"


def _client(url: str, index: int, students: int, barrier: Any = None) -> dict[str, float]:
    """One teacher's process: import their class, then diagnose it (within the grade, as the window does)."""
    import torch

    torch.set_num_threads(1)
    from app.services.diagnosing import diagnose_stored_class
    from app.storage import import_gradebook, open_database

    book = grade_book(index, students, 1, 25)
    with open_database(url):
        pass  # connected and every module loaded before the clock starts
    if barrier is not None:
        barrier.wait()  # every client ready: they start together
    began, started, cpu = time.perf_counter(), time.time(), time.process_time()
    with open_database(url) as db:
        with db.writing() as session:
            import_gradebook(session, book, class_name(index))
        imported = time.perf_counter()
        diagnose_stored_class(db, class_name(index), trajectory=False)
    done = time.perf_counter()
    return {
        "import": imported - began,
        "diagnose": done - imported,
        "total": done - began,
        "cpu": time.process_time() - cpu,
        "start": started,
        "end": time.time(),
    }


def _fresh(admin: str, name: str) -> str:
    from app.storage.server import init_server

    url = make_url(admin)
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    target = url.set(database=name).render_as_string(hide_password=False)
    init_server(target)
    return target


def _drop(admin: str, name: str) -> None:
    engine = create_engine(make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as c:
        found = {
            t: int(c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() or 0)
            for t in ("classes", "students", "scores", "diagnosis_runs", "diagnosis_results")
        }
    engine.dispose()
    return found


def _watch(admin: str, database: str, waits: Counter[str], stop: threading.Event) -> None:
    """Sample, every 20 ms, what the benchmark's server connections are doing: running, or waiting for what."""
    import psycopg

    with psycopg.connect(admin.replace("postgresql+psycopg", "postgresql"), autocommit=True) as watcher:
        while not stop.is_set():
            for state, kind, event in watcher.execute(
                "SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid()",
                (database,),
            ):
                if state == "active":
                    waits[f"{kind}:{event}" if kind else "running"] += 1
                elif state == "idle in transaction":
                    waits["client working in a transaction"] += 1
            time.sleep(0.02)


def concurrent_grade(admin: str, clients: int = 8, students: int = 250) -> dict[str, object]:
    """Wall time of `clients` processes at once, of one doing one class alone, and of one doing all in turn."""
    context = multiprocessing.get_context("spawn")
    out: dict[str, object] = {}
    url = _fresh(admin, "zhidian_bench_one")
    with context.Pool(1) as pool:
        out["one_class_alone"] = pool.apply(_client, (url, 0, students))
    _drop(admin, "zhidian_bench_one")

    url = _fresh(admin, "zhidian_bench_seq")
    began = time.perf_counter()
    with context.Pool(1) as pool:
        for index in range(clients):
            pool.apply(_client, (url, index, students))
    out["one_client_all_classes_s"] = time.perf_counter() - began
    out["sequential_counts"] = _counts(url)
    _drop(admin, "zhidian_bench_seq")

    url = _fresh(admin, "zhidian_bench_at_once")
    waits: Counter[str] = Counter()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(admin, "zhidian_bench_at_once", waits, stop))
    watcher.start()
    with context.Manager() as manager, context.Pool(clients) as pool:
        barrier = manager.Barrier(clients)
        runs = pool.starmap(_client, [(url, i, students, barrier) for i in range(clients)])
    stop.set()
    watcher.join()
    out["at_once_server_samples"] = dict(waits.most_common())
    out["at_once_wall_s"] = max(r["end"] for r in runs) - min(r["start"] for r in runs)
    out["at_once_clients"] = runs
    out["at_once_counts"] = _counts(url)
    _drop(admin, "zhidian_bench_at_once")
    return out


def school_year(admin: str, classes: int = 20, students: int = 250, exams: int = 20, questions: int = 25) -> dict:
    """Load a school's year through the app's import, then time showing a class and `summary`."""
    from app.services.class_data import load_class_data
    from app.services.store import store_state, store_totals
    from app.storage import import_gradebook, open_database
    from app.storage.server import add_teacher

    url = _fresh(admin, "zhidian_bench_year")
    out: dict[str, object] = {}
    folder = Path(tempfile.mkdtemp(prefix="zhidian-bench-"))
    file_store = folder / "zhidian.db"
    for where, key in ((url, "load_s"), (str(file_store), "load_file_s")):
        began = time.perf_counter()
        with open_database(where) as db:
            for index in range(classes):
                book = grade_book(index, students, exams, questions)
                with db.writing() as session:
                    import_gradebook(session, book, class_name(index))
        out[key] = time.perf_counter() - began
    out["counts"] = _counts(url)
    teacher, shown_class = "bench_teacher", class_name(min(3, classes - 1))
    add_teacher(url, teacher, [shown_class], "bench-pw")
    login = make_url(url).set(username=teacher, password="bench-pw").render_as_string(hide_password=False)
    for who, where in (("file", str(file_store)), ("owner", url), ("teacher", login)):
        with open_database(where) as db:
            shown = []
            for _ in range(3):
                t = time.perf_counter()
                data = load_class_data(db, shown_class)
                shown.append(time.perf_counter() - t)
            t = time.perf_counter()
            totals = store_totals(db)
            state = store_state(db)
            summary_in_process = time.perf_counter() - t
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "app", "summary", "--json", "--db", where],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        summary_command = time.perf_counter() - t
        out[who] = {
            "show_class_s": shown,
            "class_scores": int(np.isfinite(data.matrix.points).sum()),
            "summary_in_process_s": summary_in_process,
            "summary_command_s": summary_command,
            "classes_seen": len(state.classes),
            "scores_seen": totals.scores,
            "summary_classes": len(json.loads(done.stdout)["by_class"]),
        }
    shutil.rmtree(folder)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import app.cli"], cwd=ROOT, check=True)
    out["python_start_s"] = time.perf_counter() - start
    engine = create_engine(make_url(admin).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS zhidian_bench_year WITH (FORCE)")
        connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{teacher}"')
    engine.dispose()
    return out


def main() -> None:
    admin = os.environ.get("ZHIDIAN_BENCH_PG")
    if not admin:
        sys.exit("set ZHIDIAN_BENCH_PG to a PostgreSQL superuser's URL on a throwaway cluster")
    which = sys.argv[1:] or ["grade", "year"]
    results: dict[str, object] = {
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "when": dt.datetime.now().isoformat(timespec="minutes"),
    }
    if "grade" in which:
        results["grade"] = concurrent_grade(admin)
    if "year" in which:
        results["year"] = school_year(admin)
    print(json.dumps(results, ensure_ascii=False, indent=1, default=float))


if __name__ == "__main__":
    main()
