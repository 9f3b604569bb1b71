"""`python -m app backup | restore | check-store`: the teacher's way back when something went wrong."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.cli import main
from app.services.sample import SAMPLE_CLASS, load_sample
from app.storage import list_backups, list_classes, open_database


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_back_up_list_and_restore_what_an_undo_removed(tmp_path: Path, capsys) -> None:
    db = tmp_path / "zhidian.db"
    with open_database(db) as store:
        load_sample(store)
    code, out, _ = _run(capsys, "backup", "--db", str(db), "--json")
    assert code == 0 and Path(json.loads(out)["backup"]).is_file()

    assert _run(capsys, "undo", "--db", str(db))[0] == 0  # the grade export goes: three classes with it
    with open_database(db) as store, store.session() as session:
        assert [c.name for c in list_classes(session)] == [SAMPLE_CLASS]

    code, out, _ = _run(capsys, "restore", "--db", str(db), "--json")
    listed = json.loads(out)["backups"]
    assert [b["reason"] for b in listed] == ["before-undo", "manual"]
    assert listed[0]["classes"] == ["八年级(1)班", "八年级(2)班", SAMPLE_CLASS, "八年级(4)班"]

    code, out, _ = _run(capsys, "--lang", "en", "restore", Path(listed[1]["backup"]).name, "--db", str(db))
    assert code == 0 and out.startswith("Restored ")
    with open_database(db) as store, store.session() as session:
        assert len(list_classes(session)) == 4
    assert list_backups(db)[0].reason == "before-restore"
    code, out, _ = _run(capsys, "--lang", "en", "backup", "--db", str(db))  # says which backup: a file copy
    assert code == 0 and out.startswith("Backs up this PC's store file") and "pg_dump" not in out


def test_check_store_finds_and_repairs_rows_pointing_nowhere(tmp_path: Path, capsys) -> None:
    db = tmp_path / "zhidian.db"
    with open_database(db) as store:
        load_sample(store)
    assert _run(capsys, "check-store", "--db", str(db), "--json")[:2] == (
        0,
        json.dumps({"ok": True, "integrity": [], "dangling": {}, "removed": {}}) + "\n",
    )
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM students WHERE number = '20240301'")  # its scores now point nowhere

    code, out, _ = _run(capsys, "--lang", "en", "check-store", "--db", str(db))
    assert code == 2 and "check-store --repair" in out and "scores" in out
    code, out, _ = _run(capsys, "check-store", "--repair", "--db", str(db), "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] and result["removed"]["scores"] == 60
    assert list_backups(db)[0].reason == "before-repair"
