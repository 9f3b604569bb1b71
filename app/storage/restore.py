"""Restoring a backup over the store, so that nothing committed is lost.

A sound store is restored inside one transaction of its own: the write lock is taken first (a writer
busy meanwhile, another window or the command line importing, finishes first), then the store as it is
is backed up, then its tables are replaced by the backup's and the transaction commits. Whatever any
writer committed is therefore in the store or in that safety copy, and a crash mid-way leaves the store
as it was. A store that cannot be read (damaged, not SQLite, empty) is copied aside byte for byte, then
the backup's file takes its place. A backup that fails SQLite's check is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.core.fault_points import reached
from app.core.owner_only import create_owner_only, owner_only_folder
from app.core.problems import Text
from app.storage.backups import (
    BackupRecord,
    backup_folder,
    backup_problems,
    copy_snapshot,
    make_backup,
    remove_with_siblings,
)
from app.storage.errors import DamagedBackup
from app.storage.health import file_condition

BUSY_TIMEOUT_S = 20.0
"""How long a restore waits for a writer to finish before giving up (StoreBusy)."""


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did: the backup of the store made just before (None when the store could not be read),
    and the byte-for-byte copy of a store that could not be read (damaged, not SQLite, empty: None when it could,
    or when there was no file at all)."""

    safety_copy: BackupRecord | None
    damaged_copy: Path | None


def restore_backup(store: Path, record: BackupRecord) -> RestoreOutcome:
    """Make the store what `record` holds. DamagedBackup when the backup fails SQLite's check (nothing changes)."""
    problems = backup_problems(record.path)
    if problems:
        raise DamagedBackup(_damaged_backup(record, problems[0]))
    condition = file_condition(store)
    if condition == "sound":
        return RestoreOutcome(_restore_in_place(store, record), None)
    aside = _copy_aside(store, condition)
    _replace_file(store, record)
    return RestoreOutcome(None, aside)


def _restore_in_place(store: Path, record: BackupRecord) -> BackupRecord:
    """Under the store's write lock: back it up, then replace every table by the backup's, in one transaction."""
    with closing(sqlite3.connect(store, timeout=BUSY_TIMEOUT_S, isolation_level=None)) as connection:
        connection.execute("ATTACH DATABASE ? AS backup", (str(record.path),))
        reached("restore.waiting")
        connection.execute("BEGIN IMMEDIATE")  # waits for a writer busy now; none can start after this
        try:
            reached("restore.locked")
            safety = make_backup(store, "before-restore", keep=record.path)  # what every writer committed until now
            _replace_schema_and_rows(connection)
            reached("restore.copying")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return safety


def _replace_schema_and_rows(connection: sqlite3.Connection) -> None:
    """Drop the store's tables, views and triggers, then create the backup's and copy their rows."""
    old = connection.execute(
        "SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type = 'view' DESC"
    ).fetchall()
    for kind, name in old:
        connection.execute(f'DROP {kind.upper()} main."{name}"')  # their indexes and triggers go with them
    new = connection.execute(
        "SELECT type, name, sql FROM backup.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY type = 'table' DESC, type = 'index' DESC, rowid"
    ).fetchall()
    for kind, name, sql in new:
        connection.execute(sql)
        if kind == "table":
            connection.execute(f'INSERT INTO main."{name}" SELECT * FROM backup."{name}"')
            reached("restore.copying")
    if connection.execute("SELECT 1 FROM backup.sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        connection.execute("DELETE FROM main.sqlite_sequence")
        connection.execute("INSERT INTO main.sqlite_sequence SELECT * FROM backup.sqlite_sequence")


def _copy_aside(store: Path, condition: str) -> Path | None:
    """Copy the unreadable store and its WAL (which may hold what was committed last) into the backup folder
    byte for byte, under a name no restore lists; returns where the store went (None: neither file exists)."""
    parts = [s for s in ("", "-wal") if store.with_name(store.name + s).exists()]
    if not parts:
        return None
    folder = owner_only_folder(backup_folder(store), tighten=True)
    aside = folder / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-{condition}-{store.name}.damaged"  # not a backup's name
    for suffix in parts:
        target = aside.with_name(aside.name + suffix)
        create_owner_only(target)
        shutil.copyfile(store.with_name(store.name + suffix), target)
    return aside


def _replace_file(store: Path, record: BackupRecord) -> None:
    """Put a copy of the backup in the store's place (written beside it, then renamed over it), the old WAL
    and shared-memory files removed first so SQLite does not apply them to the restored file."""
    temporary = store.with_name(f"{store.name}.{os.getpid()}.restoring")
    try:
        create_owner_only(temporary)
        with closing(sqlite3.connect(record.path)) as source, closing(sqlite3.connect(temporary)) as copy:
            copy_snapshot(source, copy, "restore.copying")
        for suffix in ("-wal", "-shm", "-journal"):
            store.with_name(store.name + suffix).unlink(missing_ok=True)
        os.replace(temporary, store)
    finally:
        remove_with_siblings(temporary)


def _damaged_backup(record: BackupRecord, problem: str) -> Text:
    return Text(
        f"备份“{record.path.name}”已损坏（{problem}），不能用来恢复；数据库没有改动。请选择另一个备份。",
        f"The backup '{record.path.name}' is damaged ({problem}) and cannot be restored; the store is unchanged. "
        "Choose another backup.",
    )
