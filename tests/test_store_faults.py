"""Failures that become clear messages with nothing lost (issue 18, items 5, 6, 8, 9 and 12): a full disk, a
read-only medium or folder, a data folder that cannot be used, one damaged page, and files others could read."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from fault_helpers import ENV, ROOT, app_command, long_csv, needs_namespace, on_small_disk, run_cli, sound

from app.cli import main
from app.core.locations import DATA_DIR_VARIABLE, DataFolderUnusable, data_folder
from app.services.diagnosing import PartlySaved, diagnose_classes
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.storage import DiskFull, backup_folder, list_backups, list_diagnosis_runs, open_database
from app.storage.errors import disk_full_text


def _store(folder: Path, *classes: tuple[str, int]) -> Path:
    """`folder/zhidian.db` holding the classes named, each of that many students, two knowledge points."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "zhidian.db"
    with open_database(db) as store:
        for n, (name, students) in enumerate(classes):
            parsed = read_checked(long_csv(folder, f"{name}.csv", students, items=8, seed=n))
            import_parsed(store, ImportRequest(parsed, name))
    for csv in folder.glob("*.csv"):
        csv.unlink()
    return db


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- a full disk (item 5)


@needs_namespace
def test_a_backup_on_a_full_disk_says_so_and_leaves_no_partial_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data, ("甲班", 200))
    code, _, err, after = on_small_disk(
        data, tmp_path / "run", app_command("backup", "--db", str(tmp_path / "run/disk/zhidian.db")), free_kb=64
    )
    assert code == 2 and "is full" in err
    assert [p.name for p in (after / "zhidian.db-backups").iterdir()] == []  # no .partial, no .partial-journal
    sound(after / "zhidian.db")


@needs_namespace
def test_an_import_on_a_full_disk_says_the_disk_is_full_not_savepoint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data)
    csv = long_csv(tmp_path, "大班.csv", 2000)
    db = tmp_path / "run/disk/zhidian.db"
    code, _, err, after = on_small_disk(
        data, tmp_path / "run", app_command("import", str(csv), "--class", "大班", "--db", str(db)), free_kb=96
    )
    assert code == 2 and err.strip() == disk_full_text(db).en and "savepoint" not in err
    sound(after / "zhidian.db")
    with open_database(after / "zhidian.db") as store:
        assert not store.backups and list_backups(after / "zhidian.db") == []


_OPEN = (
    "import json, sys; from app.services.store import cannot_write, open_store; db, state = open_store(sys.argv[1]); "
    "print(json.dumps({'classes': [c.name for c in state.classes], 'notes': [n.en for n in state.notes], "
    "'read_only': state.read_only and state.read_only.en, 'cannot_write': bool(cannot_write(db.path)), "
    "'writing': db.read_only is False}))"
)


@needs_namespace
def test_the_window_opens_a_store_whose_daily_backup_fails_and_says_it_was_skipped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data, ("甲班", 200))
    db = tmp_path / "run/disk/zhidian.db"
    code, out, err, after = on_small_disk(data, tmp_path / "run", [sys.executable, "-c", _OPEN, str(db)], free_kb=64)
    assert code == 0, err
    state = json.loads(out)
    assert state["classes"] == ["甲班"] and state["read_only"] is None
    assert state["writing"] and not state["cannot_write"]  # a full disk is not a read-only one
    assert state["notes"] == [
        f"Today's backup was skipped: the disk is full ({backup_folder(db)}). Free some space or check the "
        "folder's permissions; the store opened as usual."
    ]
    assert list((after / "zhidian.db-backups").iterdir()) == []


def test_a_backup_cut_short_is_removed_when_the_store_is_next_opened(tmp_path: Path) -> None:
    db = _store(tmp_path / "data", ("甲班", 20))
    folder = backup_folder(db)
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    for suffix in ("", "-journal"):  # what a process killed on a full disk left
        (folder / f"20260101-000000-000000-daily.db.{dead.stdout.strip()}.partial{suffix}").write_bytes(b"x" * 100)
    open_database(db).close()
    assert list(folder.iterdir()) == []


def test_diagnosing_every_class_says_which_were_saved_when_the_disk_fills(tmp_path: Path, monkeypatch) -> None:
    import app.services.diagnosing as diagnosing

    db = _store(tmp_path / "data", ("1班", 12), ("2班", 12), ("3班", 12), ("4班", 12))
    real = diagnosing.save_runs

    def fourth_fills_the_disk(store, diagnosed, progress):
        if diagnosed.class_name == "4班":
            raise DiskFull(disk_full_text(db))
        return real(store, diagnosed, progress)

    monkeypatch.setattr(diagnosing, "save_runs", fourth_fills_the_disk)
    with open_database(db) as store:
        with pytest.raises(PartlySaved) as stopped:
            diagnose_classes(store, ["1班", "2班", "3班", "4班"], device="cpu")
        with store.session() as session:
            runs = {name: len(list_diagnosis_runs(session, name)) for name in ("1班", "2班", "3班", "4班")}
    assert runs == {"1班": 1, "2班": 1, "3班": 1, "4班": 0} and stopped.value.saved == ["1班", "2班", "3班"]
    assert stopped.value.text.en.startswith("The diagnoses of 1班, 2班, 3班 were saved; those of 4班 were not: ")
    assert "the store is unchanged" not in stopped.value.text.en


# ---------------------------------------------------------------- a read-only medium or folder (item 6)


READ_COMMANDS = [
    (("summary",), "1 class"),
    (("check-store",), "The store is sound."),
    (("export", "mastery", "--out", "{out}/mastery.csv"), "Exported 1 file(s):"),
    (("export", "scores", "--anonymise", "--out", "{out}/scores.csv"), "Exported 1 file(s):"),
]


@needs_namespace
@pytest.mark.parametrize(("argv", "said"), READ_COMMANDS)
def test_reading_and_exporting_work_on_a_read_only_medium(tmp_path: Path, argv: tuple[str, ...], said: str) -> None:
    data = tmp_path / "data"
    _store(data, ("甲班", 20))
    out = tmp_path / "out"
    out.mkdir()
    disk = tmp_path / "run/disk"
    command = app_command("--data-dir", str(disk), *(a.format(out=out) for a in argv), "--db", str(disk / "zhidian.db"))
    code, stdout, err, after = on_small_disk(data, tmp_path / "run", command, read_only=True)
    assert code == 0, err
    assert said in stdout
    assert _files(after) == _files(data)  # not one byte written
    if "export" in argv:
        assert len(list(out.iterdir())) == 1


@needs_namespace
def test_a_write_on_a_read_only_medium_is_refused_in_plain_words(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data, ("甲班", 20))
    disk = tmp_path / "run/disk"
    csv = long_csv(tmp_path, "乙班.csv", 5)
    code, _, err, after = on_small_disk(
        data, tmp_path / "run", app_command("import", str(csv), "--db", str(disk / "zhidian.db")), read_only=True
    )
    assert code == 2 and err.startswith(f"No permission to write the store '{disk / 'zhidian.db'}'")
    assert _files(after) == _files(data)


@needs_namespace
def test_the_window_opens_a_read_only_store_and_says_why(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data, ("甲班", 20))
    db = tmp_path / "run/disk/zhidian.db"
    code, out, err, _ = on_small_disk(data, tmp_path / "run", [sys.executable, "-c", _OPEN, str(db)], read_only=True)
    assert code == 0, err
    state = json.loads(out)
    assert state["classes"] == ["甲班"] and state["notes"] == []
    assert state["read_only"].startswith(f"Read-only: '{db}' cannot be written")
    assert state["cannot_write"] and not state["writing"]  # the window takes no lock and opens it read-only


def _without_write_permission(folder: Path, argv: list[str]) -> tuple[int, str, str]:
    """Run `argv` with `folder` and everything in it read-only to it: its write bits cleared, and where this runs as
    root, without the capabilities that let root write anyway."""
    for path in [*folder.rglob("*"), folder]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, *argv], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.skipif(os.name != "posix" or (os.geteuid() == 0 and not shutil.which("setpriv")), reason="POSIX bits")
@pytest.mark.parametrize(("argv", "said"), READ_COMMANDS)
def test_reading_and_exporting_work_without_permission_to_write(
    tmp_path: Path, argv: tuple[str, ...], said: str
) -> None:
    data = tmp_path / "data"
    db = _store(data, ("甲班", 20))
    out = tmp_path / "out"
    out.mkdir()
    before = _files(data)
    command = app_command("--data-dir", str(data), *(a.format(out=out) for a in argv), "--db", str(db))
    code, stdout, err = _without_write_permission(data, command)
    assert code == 0, err
    assert said in stdout and _files(data) == before


# ---------------------------------------------------------------- a data folder that cannot be used (item 8)


def test_a_data_folder_that_is_a_file_is_a_plain_refusal(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("notes", encoding="utf-8")
    code, out, err = run_cli("--data-dir", str(not_a_folder), "summary")
    assert (code, out) == (2, "")
    assert err.strip() == f"The data folder '{not_a_folder}' is a file, not a folder. Name a folder with --data-dir."


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is how Linux moves the data folder")
def test_a_data_folder_that_cannot_be_created_is_a_typed_error(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    monkeypatch.delenv(DATA_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "file" / "data"))
    with pytest.raises(DataFolderUnusable) as refused:
        data_folder()
    assert refused.value.text.en.startswith(f"The data folder '{tmp_path / 'file' / 'data' / 'Zhidian'}' cannot be")


# ---------------------------------------------------------------- one damaged page (item 9)


def _damage_table(db: Path, table: str) -> None:
    """Overwrite the root page of `table` with garbage, leaving the rest of the file as it is."""
    with closing(sqlite3.connect(db)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("argv", [("summary",), ("export", "scores", "--out", "{out}")])
def test_a_damaged_page_is_a_store_error_with_exit_2(tmp_path: Path, capsys, argv: tuple[str, ...]) -> None:
    db = _store(tmp_path / "data", ("甲班", 20))
    _damage_table(db, "scores")
    code = main(["--lang", "en", *(a.format(out=tmp_path / "s.csv") for a in argv), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"The store '{db}' is damaged. Restore a backup")


# ---------------------------------------------------------------- privacy on disk (item 12)


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_the_store_backups_and_exports_with_names_are_owner_only(tmp_path: Path, capsys, monkeypatch) -> None:
    old = os.umask(0o022)
    try:
        monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "data"))
        db = _store(data_folder(), ("甲班", 10))
        with open_database(db) as store:
            backup = store.make_backup("manual").path
        named, anonymised = tmp_path / "out" / "m.csv", tmp_path / "out" / "a.csv"
        assert main(["export", "scores", "--out", str(named), "--db", str(db)]) == 0
        assert main(["export", "scores", "--anonymise", "--out", str(anonymised), "--db", str(db)]) == 0
    finally:
        os.umask(old)
    modes = {
        p: stat.S_IMODE(p.stat().st_mode) for p in (data_folder(), db, backup_folder(db), backup, named, anonymised)
    }
    assert modes == {
        data_folder(): 0o700,
        db: 0o600,
        backup_folder(db): 0o700,
        backup: 0o600,
        named: 0o600,
        anonymised: 0o644,  # no names, no numbers: it may follow the umask
    }


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
def test_a_store_others_could_read_is_made_owner_only_when_opened(tmp_path: Path) -> None:
    db = _store(tmp_path / "data", ("甲班", 5))
    db.chmod(0o644)
    open_database(db).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_deleted_class_leaves_no_name_in_the_file(tmp_path: Path) -> None:
    from app.services.classes import delete_class

    db = _store(tmp_path / "data", ("甲班", 40), ("乙班", 3))
    with closing(sqlite3.connect(db)) as connection:
        names = [
            n
            for (n,) in connection.execute(
                "SELECT students.name FROM students JOIN classes c ON c.id = class_id WHERE c.name = '甲班'"
            )
        ]
    names = [n for n in names if n not in ("学生0", "学生1", "学生2")]  # 乙班 has students of those names too
    assert len(names) == 37
    shutil.rmtree(backup_folder(db), ignore_errors=True)  # backups keep what was deleted, by design
    with open_database(db) as store:
        delete_class(store, "甲班")
    data = db.read_bytes()
    assert [n for n in names if n.encode() in data] == []
