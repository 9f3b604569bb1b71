"""Backups of the store a teacher can use: made with SQLite's backup API, rotated, listed, restored.

A copy made while the app runs holds everything committed, WAL included (copying zhidian.db with
the file manager while the app is open can miss what sits in the WAL). Copies go into a folder
beside the store, `<store>-backups/`, named by time and reason; the newest `KEEP` are kept.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

KEEP = 20
"""Backups kept per store; the oldest go first."""

_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")


@dataclass(frozen=True)
class BackupRecord:
    """One backup file."""

    path: Path
    created: dt.datetime
    reason: str  # e.g. "before-import", "daily", "manual", "before-upgrade-0003"
    size: int  # bytes


@dataclass(frozen=True)
class BackupContent:
    """What a backup holds, to choose one to restore (None where the file cannot be read)."""

    classes: tuple[str, ...] | None
    students: int | None
    assessments: int | None
    newest_import: dt.datetime | None


def backup_folder(store: Path) -> Path:
    """The folder holding `store`'s backups."""
    return store.with_name(f"{store.name}-backups")


def make_backup(store: Path, reason: str) -> BackupRecord:
    """Copy the store (with what sits in its WAL) into its backup folder, then drop the oldest beyond `KEEP`."""
    folder = backup_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now()
    target = folder / f"{now:%Y%m%d-%H%M%S-%f}-{_slug(reason)}.db"
    partial = target.with_suffix(".partial")
    with closing(sqlite3.connect(store)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
    partial.replace(target)  # a crash mid-copy leaves a .partial file, never a half backup under a backup's name
    _rotate(store)
    return BackupRecord(target, now, _slug(reason), target.stat().st_size)


def list_backups(store: Path) -> list[BackupRecord]:
    """The store's backups, newest first."""
    folder = backup_folder(store)
    found = []
    for path in folder.glob("*.db") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            created = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
            found.append(BackupRecord(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def backed_up_today(store: Path, reason: str = "daily") -> bool:
    """True when a backup of `reason` was made today."""
    today = dt.date.today()
    return any(b.reason == reason and b.created.date() == today for b in list_backups(store))


def describe_backup(record: BackupRecord) -> BackupContent:
    """Classes, students, exams and the newest import a backup holds, read without changing it."""
    try:
        with closing(sqlite3.connect(f"{record.path.as_uri()}?mode=ro", uri=True)) as connection:
            classes = tuple(name for (name,) in connection.execute("SELECT name FROM classes ORDER BY name"))
            students = connection.execute("SELECT count(*) FROM students").fetchone()[0]
            assessments = connection.execute("SELECT count(*) FROM assessments").fetchone()[0]
            newest = connection.execute("SELECT max(imported_at) FROM import_batches").fetchone()[0]
    except sqlite3.Error:
        return BackupContent(None, None, None, None)
    return BackupContent(classes, students, assessments, dt.datetime.fromisoformat(newest) if newest else None)


def restore_backup(store: Path, record: BackupRecord) -> BackupRecord:
    """Make the store what `record` holds (after backing up the store as it is now); returns that safety copy.

    Nobody else may have the store open meanwhile (the window closes its own connections first).
    """
    safety = make_backup(store, "before-restore")
    with closing(sqlite3.connect(record.path)) as source, closing(sqlite3.connect(store)) as target:
        source.backup(target)
    return safety


def _rotate(store: Path) -> None:
    for old in list_backups(store)[KEEP:]:
        old.path.unlink(missing_ok=True)


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
