"""Several writers at once, a restore racing an import, and kill -9 at named points of the work (fault points,
not sleeps): nothing half-written, nothing lost, and each kill's outcome exactly the one its point means."""

from __future__ import annotations

import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from fault_helpers import Gate, cli, killed_at, long_csv, sound, two_exams_store, wait_until

from app.services.diagnosing import diagnose_stored_class
from app.services.exporting import ExportRequest, export_class
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.services.sample import SAMPLE_CLASS, load_sample, sample_files
from app.storage import (
    StoreChanged,
    backup_folder,
    list_backups,
    list_classes,
    list_diagnosis_runs,
    list_imports,
    open_database,
)


def test_two_imports_at_once_both_land(tmp_path: Path) -> None:
    db = tmp_path / "zhidian.db"
    open_database(db).close()
    files = [long_csv(tmp_path, f"{name}.csv", 2000, seed=n) for n, name in enumerate(("甲班", "乙班"))]

    runs = [cli("import", str(path), "--class", path.stem, "--db", str(db)) for path in files]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs]

    assert outcomes == [(0, ""), (0, "")]
    with open_database(db) as store, store.session() as session:
        assert sorted((c.name, c.students, c.scores) for c in list_classes(session)) == [
            ("乙班", 2000, 40000),
            ("甲班", 2000, 40000),
        ]
    sound(db)


def test_an_import_during_a_diagnosis_loses_neither(tmp_path: Path) -> None:
    db = tmp_path / "zhidian.db"
    with open_database(db) as store:
        load_sample(store)
        other = long_csv(tmp_path, "丙班.csv", 300)
        result: dict[str, object] = {}

        def diagnose() -> None:
            result["runs"] = diagnose_stored_class(store, SAMPLE_CLASS)

        worker = threading.Thread(target=diagnose)
        worker.start()
        importing = cli("import", str(other), "--class", "丙班", "--db", str(db))  # another process meanwhile
        assert importing.wait(timeout=300) == 0
        worker.join(timeout=300)
        with store.session() as session:
            assert len(list_diagnosis_runs(session, SAMPLE_CLASS)) == len(result["runs"]) == 4
            assert "丙班" in [c.name for c in list_classes(session)]
    sound(db)


def test_a_diagnosis_of_scores_that_changed_meanwhile_is_not_saved_and_says_why(tmp_path: Path, monkeypatch) -> None:
    import app.engine.diagnose as engine

    db = tmp_path / "zhidian.db"
    files = sample_files()
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(files.gradebooks[0]), SAMPLE_CLASS))
        real = engine.diagnose_together

        def diagnose_while_the_cli_imports(classes, **kwargs):  # the second exam lands mid-diagnosis
            if not getattr(diagnose_while_the_cli_imports, "done", False):
                diagnose_while_the_cli_imports.done = True
                run = cli("import", str(files.gradebooks[1]), "--class", SAMPLE_CLASS, "--db", str(db))
                assert run.wait(timeout=300) == 0
            return real(classes, **kwargs)

        monkeypatch.setattr(engine, "diagnose_together", diagnose_while_the_cli_imports)
        with pytest.raises(StoreChanged) as refused:
            diagnose_stored_class(store, SAMPLE_CLASS)
        assert "Run the diagnosis again" in refused.value.text.en
        with store.session() as session:
            assert list_diagnosis_runs(session, SAMPLE_CLASS) == []
            assert len(list_imports(session, SAMPLE_CLASS)) == 2


# ---------------------------------------------------------------- a restore and an import at once (issue 18, item 1)


def _classes(db: Path) -> dict[str, tuple[int, int]]:
    with open_database(db) as store, store.session() as session:
        return {c.name: (c.students, c.scores) for c in list_classes(session)}


@pytest.fixture(scope="module")
def one_class(tmp_path_factory) -> Path:
    """A store holding 甲班 (40 students) and one manual backup of it."""
    folder = tmp_path_factory.mktemp("one")
    db = folder / "zhidian.db"
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(long_csv(folder, "甲班.csv", 40)), "甲班"))
        store.make_backup("manual")
    return db


def _copy(source: Path, folder: Path) -> Path:
    """The store and its backups, copied."""
    shutil.copytree(backup_folder(source), backup_folder(folder / source.name))
    return Path(shutil.copy(source, folder / source.name))


def _partial_copies(db: Path) -> list[str]:
    return sorted(p.name for p in backup_folder(db).iterdir() if ".partial" in p.name)


@pytest.mark.slow
def test_a_restore_while_an_import_commits_keeps_the_import_in_the_safety_copy(one_class, tmp_path) -> None:
    db = _copy(one_class, tmp_path)
    (manual,) = list_backups(db)
    gate = Gate(tmp_path / "gate")
    csv = long_csv(tmp_path, "乙班.csv", 200, seed=1)
    importing = cli("import", str(csv), "--class", "乙班", "--db", str(db), points=gate.hold("store.write.commit"))
    gate.wait("store.write.commit", importing)  # every row written, the write lock held, nothing committed
    restoring = cli("restore", manual.path.name, "--db", str(db), "--json", points=gate.hold("restore.waiting"))
    safety_copied = lambda: any(b.reason == "before-restore" for b in list_backups(db))  # noqa: E731 - 8679cec
    wait_until(lambda: gate.reached("restore.waiting") or safety_copied(), restoring)
    gate.release("restore.waiting")  # the restore goes for the write lock the import holds
    gate.release("store.write.commit")  # the import commits
    assert importing.wait(timeout=300) == 0 and restoring.wait(timeout=300) == 0

    assert _classes(db) == {"甲班": (40, 800)}  # what the backup holds
    (safety,) = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert _classes(safety.path) == {"甲班": (40, 800), "乙班": (200, 4000)}  # lost: nothing
    sound(db)


@pytest.mark.slow
def test_an_import_while_a_restore_commits_lands_on_the_restored_store(one_class, tmp_path) -> None:
    db = _copy(one_class, tmp_path)
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(long_csv(tmp_path, "丙班.csv", 30, seed=2)), "丙班"))
    manual = next(b for b in list_backups(db) if b.reason == "manual")
    gate = Gate(tmp_path / "gate")
    restoring = cli("restore", manual.path.name, "--db", str(db), points=gate.hold("restore.copying#1"))
    gate.wait("restore.copying#1", restoring)  # the write lock held, the store half replaced, nothing committed
    importing = cli("import", str(long_csv(tmp_path, "乙班.csv", 200, seed=1)), "--class", "乙班", "--db", str(db))
    wait_until(lambda: any(b.reason == "before-import" for b in list_backups(db)), importing)  # now it waits
    gate.release("restore.copying#1")
    assert restoring.wait(timeout=300) == 0 and importing.wait(timeout=300) == 0

    assert _classes(db) == {"甲班": (40, 800), "乙班": (200, 4000)}
    (safety,) = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert _classes(safety.path) == {"甲班": (40, 800), "丙班": (30, 600)}  # lost: nothing
    sound(db)


# ---------------------------------------------------------------- kill -9 at every named point
#
# Each kill lands at its point (the process ends with SIGKILL there, or the test fails), and each point has one
# outcome: the work is whole or absent, never half, and the backups are as that point leaves them.


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    return long_csv(tmp_path_factory.mktemp("big"), "大班.csv", 1000)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "whole", "backed_up"),
    [
        ("backup.copying", False, False),  # the before-import backup half made: it is not listed, and goes
        ("store.write.begin", False, True),  # backed up, the write lock taken
        ("store.write.commit", False, True),  # every row written, nothing committed
        ("store.write.committed", True, True),
    ],
)
def test_kill_9_during_an_import_leaves_it_whole_or_absent(
    one_class, big_csv, tmp_path, point: str, whole: bool, backed_up: bool
) -> None:
    db = _copy(one_class, tmp_path)
    killed_at(point, "import", str(big_csv), "--class", "大班", "--db", str(db))

    assert bool(_partial_copies(db)) == (point == "backup.copying")
    assert _classes(db) == {"甲班": (40, 800), **({"大班": (1000, 20000)} if whole else {})}
    assert _partial_copies(db) == []  # the half-made copy was removed when the store was opened again
    assert sorted(b.reason for b in list_backups(db)) == ["before-import", "manual"] if backed_up else ["manual"]
    sound(db)


@pytest.fixture(scope="module")
def two_exams(tmp_path_factory) -> Path:
    """A store holding 小班 (20 students, 8 questions) with two exams: a diagnosis makes three runs."""
    return two_exams_store(tmp_path_factory.mktemp("exams"))


def _runs(db: Path) -> int:
    with open_database(db) as store, store.session() as session:
        return len(list_diagnosis_runs(session, "小班"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "runs"),
    [
        ("save", 0),  # computed, nothing written
        ("store.write.commit", 0),  # every run written, nothing committed
        ("store.write.committed", 3),  # the whole diagnosis: over both exams, and each exam alone
    ],
)
def test_kill_9_during_a_diagnosis_keeps_all_of_it_or_none(two_exams, tmp_path, point: str, runs: int) -> None:
    db = Path(shutil.copy(two_exams, tmp_path / "zhidian.db"))
    killed_at(point, "diagnose", "--class", "小班", "--db", str(db))
    assert _runs(db) == runs
    sound(db)


@pytest.fixture(scope="module")
def diagnosed(two_exams, tmp_path_factory) -> Path:
    db = Path(shutil.copy(two_exams, tmp_path_factory.mktemp("diagnosed") / "zhidian.db"))
    with open_database(db) as store:
        diagnose_stored_class(store, "小班")
    return db


EARLIER = b"the teacher's earlier table"


@pytest.mark.slow
@pytest.mark.parametrize("point", ["write", "export.replace"])  # before writing; written whole, not in its place
def test_kill_9_during_an_export_leaves_the_old_file(diagnosed, tmp_path, point: str) -> None:
    db = Path(shutil.copy(diagnosed, tmp_path / "zhidian.db"))
    out = tmp_path / "exports" / "mastery.xlsx"
    out.parent.mkdir()
    out.write_bytes(EARLIER)
    argv = ("export", "mastery", "--class", "小班", "--out", str(out), "--db", str(db))
    killed_at(point, *argv)
    assert out.read_bytes() == EARLIER
    left = sorted(p.name for p in out.parent.iterdir() if p != out)
    assert len(left) == (point == "export.replace") and all(n.startswith("~mastery.") for n in left)
    if left:  # a whole file not yet in its place: the next export replaces the old file and sweeps it away
        with open_database(db) as store:
            export_class(store, ExportRequest("mastery", "小班", out, None, "en"))
        assert [p.name for p in out.parent.iterdir()] == ["mastery.xlsx"]
        with zipfile.ZipFile(out) as workbook:
            assert workbook.testzip() is None
    assert _runs(db) == 3  # the export used the stored diagnosis: nothing was written to the store
    sound(db)


@pytest.mark.slow
def test_kill_9_during_a_backup_leaves_no_backup_and_the_half_copy_goes(one_class, tmp_path) -> None:
    db = _copy(one_class, tmp_path)
    killed_at("backup.copying", "backup", "--db", str(db))
    assert len(_partial_copies(db)) == 1 and [b.reason for b in list_backups(db)] == ["manual"]
    assert _classes(db) == {"甲班": (40, 800)}
    assert _partial_copies(db) == []
    sound(db)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("point", "safety_copy"),
    [
        ("restore.locked", False),  # the write lock taken, nothing copied yet
        ("backup.copying", False),  # the copy of the store as it is half made
        ("restore.copying#1", True),  # copied, the store's first table replaced, nothing committed
    ],
)
def test_kill_9_during_a_restore_leaves_the_store_as_it_was(one_class, tmp_path, point: str, safety_copy: bool) -> None:
    db = _copy(one_class, tmp_path)
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(long_csv(tmp_path, "乙班.csv", 20, seed=1)), "乙班"))
    manual = next(b for b in list_backups(db) if b.reason == "manual")
    killed_at(point, "restore", manual.path.name, "--db", str(db))

    assert _classes(db) == {"甲班": (40, 800), "乙班": (20, 400)}
    safety = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert [_classes(b.path) for b in safety] == ([{"甲班": (40, 800), "乙班": (20, 400)}] if safety_copy else [])
    assert _partial_copies(db) == []
    sound(db)
