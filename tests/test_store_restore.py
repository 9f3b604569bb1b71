"""Backups that stay good and restores that lose nothing (issue 18, items 2, 3, 7 and 14): a damaged, truncated,
garbage, empty or missing store is restored; a damaged store is never backed up; rotation keeps sound backups and
the files beside them go with them; a damaged backup is named and refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fault_helpers import long_csv, sound

from app.cli import main
from app.services.backups import described_backups, restore
from app.services.importing import ImportRequest, import_parsed, read_checked
from app.storage import (
    DamagedBackup,
    DamagedStore,
    EmptyStore,
    backup_folder,
    list_backups,
    list_classes,
    open_database,
)
from app.storage.backups import KEEP, KEEP_SOUND, make_backup


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _classes(db: Path) -> list[str]:
    with open_database(db) as store, store.session() as session:
        return [c.name for c in list_classes(session)]


@pytest.fixture
def backed_up(tmp_path) -> tuple[Path, str]:
    """A store holding 甲班 and a manual backup of it (its name)."""
    db = tmp_path / "zhidian.db"
    with open_database(db) as store:
        import_parsed(store, ImportRequest(read_checked(long_csv(tmp_path, "甲班.csv", 30)), "甲班"))
        return db, store.make_backup("manual").path.name


def _truncated(db: Path) -> bytes:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    return db.read_bytes()


def _garbage(db: Path) -> bytes:
    db.write_bytes(b"\x89 not a store at all \x00" * 500)
    return db.read_bytes()


@pytest.mark.parametrize("damage", [_truncated, _garbage])
def test_a_damaged_store_is_copied_aside_byte_for_byte_and_restored(backed_up, capsys, damage) -> None:
    db, name = backed_up
    damaged = damage(db)

    code, out, err = _run(capsys, "restore", name, "--db", str(db), "--json")

    assert (code, err) == (0, "")
    record = json.loads(out)
    aside = Path(record["damaged_copy"])
    assert aside.read_bytes() == damaged and aside.parent == backup_folder(db) and record["safety_copy"] is None
    assert _classes(db) == ["甲班"] and [b.reason for b in list_backups(db)] == ["manual"]  # the copy is not listed
    sound(db)


def test_restoring_over_a_damaged_store_says_where_the_damaged_copy_went(backed_up, capsys) -> None:
    db, name = backed_up
    _truncated(db)
    code, out, _ = _run(capsys, "restore", name, "--db", str(db))
    assert code == 0 and f"the damaged store was copied as it was to {backup_folder(db)}" in out


def test_a_damaged_store_is_never_backed_up_so_the_good_backups_stay(backed_up, tmp_path) -> None:
    db, _ = backed_up
    with open_database(db) as store:  # a sound daily copy too
        store.make_backup("daily")
    before = sorted(p.name for p in backup_folder(db).iterdir())
    csv = long_csv(tmp_path, "乙班.csv", 10, seed=1)
    _truncated(db)

    for _ in range(KEEP + 5):  # every refused write tried to back the damaged store up first
        with pytest.raises(DamagedStore):
            make_backup(db, "before-import")
    assert main(["import", str(csv), "--class", "乙班", "--db", str(db)]) == 2

    assert sorted(p.name for p in backup_folder(db).iterdir()) == before  # not one damaged copy, not one lost


def _damaged_backup(db: Path, name: str, stamp: str) -> Path:
    """A damaged file under a backup's name, as an older Zhidian's rotation could leave."""
    path = backup_folder(db) / f"{stamp}-before-import.db"
    data = (backup_folder(db) / name).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_rotation_keeps_the_newest_sound_backups_however_many_damaged_ones_are_newer(backed_up) -> None:
    db, name = backed_up
    for n in range(KEEP + 2):  # damaged copies made by 8679cec, newer than the sound one
        _damaged_backup(db, name, f"20990101-0000{n:02d}-000000")
    shutil.copy(backup_folder(db) / name, backup_folder(db) / "20980101-000000-000000-daily.db")  # older, sound
    sound_before = {name, "20980101-000000-000000-daily.db"}

    make_backup(db, "manual")  # sound, but older in name than the damaged ones: rotation runs

    left = {b.path.name for b in list_backups(db)}
    assert sound_before <= left  # the newest KEEP_SOUND sound ones are kept: those two and the new one
    assert len(left) == KEEP + KEEP_SOUND  # the newest KEEP (damaged) and the sound ones beyond them


def test_rotation_takes_a_backups_wal_and_shm_files_with_it(backed_up) -> None:
    db, name = backed_up
    oldest = backup_folder(db) / "19990101-000000-000000-daily.db"
    shutil.copy(backup_folder(db) / name, oldest)
    for suffix in ("-wal", "-shm"):  # left beside it by 8679cec, which read backups in read-only mode
        oldest.with_name(oldest.name + suffix).write_bytes(b"")
    for _ in range(KEEP):
        make_backup(db, "manual")
    assert not [p.name for p in backup_folder(db).iterdir() if p.name.startswith("19990101")]


def test_reading_what_a_backup_holds_leaves_nothing_beside_it(backed_up) -> None:
    db, name = backed_up
    legacy = backup_folder(db) / "20000101-000000-000000-daily.db"
    with sqlite3.connect(db) as source, sqlite3.connect(legacy) as copy:  # a copy that still says WAL
        source.backup(copy)
    described = described_backups(db)
    assert [d.content.classes for d in described] == [("甲班",), ("甲班",)]
    assert sorted(p.name for p in backup_folder(db).iterdir()) == sorted([name, legacy.name])


def test_a_new_backup_is_one_file_that_passed_the_check(backed_up) -> None:
    db, name = backed_up
    with sqlite3.connect(backup_folder(db) / name) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_a_damaged_backup_is_listed_as_damaged_and_refused(backed_up, capsys) -> None:
    db, name = backed_up
    damaged = _damaged_backup(db, name, "20990101-000000-000000")

    code, out, _ = _run(capsys, "restore", "--db", str(db), "--json")
    listed = {Path(b["backup"]).name: b["damaged"] for b in json.loads(out)["backups"]}
    assert code == 0 and listed == {damaged.name: True, name: False}
    assert "[DAMAGED]" in _run(capsys, "restore", "--db", str(db))[1]

    code, _, err = _run(capsys, "restore", damaged.name, "--db", str(db))
    assert code == 2 and f"The backup '{damaged.name}' is damaged" in err and "the store is unchanged" in err
    with pytest.raises(DamagedBackup):
        restore(db, next(b for b in list_backups(db) if b.path == damaged))
    assert _classes(db) == ["甲班"] and not [b for b in list_backups(db) if b.reason == "before-restore"]


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_an_empty_or_missing_store_says_so_and_offers_the_newest_backup(backed_up, capsys, state: str) -> None:
    db, name = backed_up
    if state == "empty":
        db.write_bytes(b"")
    else:
        db.unlink()

    with pytest.raises(EmptyStore) as refused:
        open_database(db)
    assert refused.value.newest_backup.name == name and f"python -m app restore {name}" in refused.value.text.en
    code, _, err = _run(capsys, "check-store", "--db", str(db))
    assert code == 2 and f"is {'empty (0 bytes)' if state == 'empty' else 'missing'}" in err and name in err
    assert _run(capsys, "summary", "--db", str(db))[0] == 2

    assert _run(capsys, "restore", name, "--db", str(db))[0] == 0
    assert _classes(db) == ["甲班"]
    assert _run(capsys, "check-store", "--db", str(db))[:2] == (0, "The store is sound.\n")


def test_restoring_the_oldest_backup_does_not_rotate_it_away(backed_up) -> None:
    db, name = backed_up
    for _ in range(KEEP - 1):
        make_backup(db, "daily")
    oldest = list_backups(db)[-1]
    assert oldest.path.name == name and len(list_backups(db)) == KEEP
    restore(db, oldest)
    assert oldest.path.exists() and len(list_backups(db)) == KEEP + 1  # the copy made before it, and it kept
