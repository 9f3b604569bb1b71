"""Several writers at once, and kill -9 in the middle of work: nothing half-written, nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.services.diagnosing import diagnose_stored_class
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.services.sample import SAMPLE_CLASS, load_sample, sample_files
from app.storage import StoreChanged, list_classes, list_diagnosis_runs, list_imports, open_database

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "ZHIDIAN_LANG": "en", "PYTHONIOENCODING": "utf-8"}


def _long_csv(folder: Path, name: str, students: int, items: int = 20, seed: int = 0) -> Path:
    rows = ["student_id,student_name,item_id,score,max_score,knowledge_points"]
    rows += [
        f"S{seed}-{s:05d},学生{s},Q{i},{(s * 7 + i * 3 + seed) % 5},4,{'代数' if i % 2 else '几何'}"
        for s in range(students)
        for i in range(items)
    ]
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


def _sound(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_two_imports_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "zhidian.db"
    open_database(db).close()
    files = [_long_csv(tmp_path, f"{name}.csv", 2000, seed=n) for n, name in enumerate(("甲班", "乙班"))]

    runs = [_cli("import", str(path), "--class", path.stem, "--db", str(db)) for path in files]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]

    assert outcomes == [(0, ""), (0, "")]
    with open_database(db) as store, store.session() as session:
        assert sorted((c.name, c.students, c.scores) for c in list_classes(session)) == [
            ("乙班", 2000, 40000),
            ("甲班", 2000, 40000),
        ]
    _sound(db)


def test_an_import_during_a_diagnosis_loses_neither(tmp_path: Path) -> None:
    db = tmp_path / "zhidian.db"
    with open_database(db) as store:
        load_sample(store)
        other = _long_csv(tmp_path, "丙班.csv", 300)
        result: dict[str, object] = {}

        def diagnose() -> None:
            result["runs"] = diagnose_stored_class(store, SAMPLE_CLASS)

        worker = threading.Thread(target=diagnose)
        worker.start()
        importing = _cli("import", str(other), "--class", "丙班", "--db", str(db))  # another process meanwhile
        assert importing.wait(timeout=300) == 0
        worker.join(timeout=300)
        with store.session() as session:
            assert len(list_diagnosis_runs(session, SAMPLE_CLASS)) == len(result["runs"]) == 4
            assert "丙班" in [c.name for c in list_classes(session)]
    _sound(db)


def test_a_diagnosis_of_scores_that_changed_meanwhile_is_not_saved_and_says_why(tmp_path: Path, monkeypatch) -> None:
    import app.engine.diagnose as engine

    db = tmp_path / "zhidian.db"
    files = sample_files()
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(files.gradebooks[0]), SAMPLE_CLASS))
        real = engine.diagnose

        def diagnose_while_the_cli_imports(matrix, **kwargs):  # the second exam lands mid-diagnosis
            if not getattr(diagnose_while_the_cli_imports, "done", False):
                diagnose_while_the_cli_imports.done = True
                run = _cli("import", str(files.gradebooks[1]), "--class", SAMPLE_CLASS, "--db", str(db))
                assert run.wait(timeout=300) == 0
            return real(matrix, **kwargs)

        monkeypatch.setattr(engine, "diagnose", diagnose_while_the_cli_imports)
        with pytest.raises(StoreChanged) as refused:
            diagnose_stored_class(store, SAMPLE_CLASS)
        assert "Run the diagnosis again" in refused.value.text.en
        with store.session() as session:
            assert list_diagnosis_runs(session, SAMPLE_CLASS) == []
            assert len(list_imports(session, SAMPLE_CLASS)) == 2


# The CLI takes about 5 s to import the big file, 7 s to diagnose the sample and 18 s to export its
# plans on a 2-core machine (reading, computing, then writing at the end): the kills below land in
# every phase, the writing included.


@pytest.mark.slow
@pytest.mark.parametrize("delay", [1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0])
def test_kill_9_during_an_import_leaves_it_whole_or_absent(tmp_path: Path, delay: float) -> None:
    db = tmp_path / "zhidian.db"
    open_database(db).close()
    path = _long_csv(tmp_path, "大班.csv", 20000)
    run = _cli("import", str(path), "--class", "大班", "--db", str(db))
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)

    _sound(db)
    with open_database(db) as store, store.session() as session:
        classes = list_classes(session)
    assert [(c.students, c.scores) for c in classes] in ([], [(20000, 400000)])


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "zhidian.db"
    with open_database(db) as store:
        load_sample(store)
    return db


@pytest.mark.slow
@pytest.mark.parametrize("delay", [2.0, 4.0, 5.0, 5.5, 6.0, 6.5])
def test_kill_9_during_a_diagnosis_keeps_all_of_it_or_none(sample_store: Path, tmp_path: Path, delay: float) -> None:
    db = tmp_path / "zhidian.db"
    db.write_bytes(sample_store.read_bytes())
    run = _cli("diagnose", "--class", SAMPLE_CLASS, "--db", str(db))
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    _sound(db)
    with open_database(db) as store, store.session() as session:
        assert len(list_diagnosis_runs(session, SAMPLE_CLASS)) in (0, 4)  # the whole diagnosis, or none


@pytest.mark.slow
@pytest.mark.parametrize("delay", [3.0, 8.0, 12.0, 15.0, 17.0])
def test_kill_9_during_an_export_leaves_the_old_file_or_the_whole_new_one(
    sample_store: Path, tmp_path: Path, delay: float
) -> None:
    db = tmp_path / "zhidian.db"
    db.write_bytes(sample_store.read_bytes())
    out = tmp_path / "plans.pdf"
    out.write_bytes(b"the teacher's earlier plans")
    run = _cli("export", "plans", "--class", SAMPLE_CLASS, "--out", str(out), "--db", str(db))
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert out.read_bytes() == b"the teacher's earlier plans" or out.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == ["plans.pdf"]
    _sound(db)
