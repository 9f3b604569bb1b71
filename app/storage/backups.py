"""Backups of the store a teacher can use: made with SQLite's backup API, checked, rotated, listed.

A copy made while the app runs holds everything committed, WAL included (copying zhidian.db with
the file manager while the app is open can miss what sits in the WAL). Copies go into a folder
beside the store, `<store>-backups/` (owner-only), named by time and reason. Each is one self-contained
file (no WAL) that passed SQLite's quick check before it got its name: a damaged store is never backed up,
so it cannot rotate good backups out. The newest `KEEP` are kept, and never fewer than `KEEP_SOUND` sound
ones however many newer ones there are. A copy cut short (a full disk, a kill) is removed at once or, after
a crash, the next time the store is opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.core.fault_points import reached
from app.core.owner_only import create_owner_only, owner_only_folder
from app.core.problems import Text
from app.core.processes import left_behind
from app.storage.errors import DamagedStore, EmptyStore, classified
from app.storage.health import quick_check

KEEP = 20
"""Backups kept per store; the oldest go first."""
KEEP_SOUND = 3
"""The newest backups that pass SQLite's quick check are kept even past `KEEP`."""
STEP_PAGES = 256
"""Pages copied per step of SQLite's backup API (the copy is one snapshot however many steps it takes)."""
_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.db$")
_PARTIAL = re.compile(r"\.(?P<pid>\d+)\.partial(-journal|-wal|-shm)?$")
_SIBLINGS = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class BackupRecord:
    """One backup file."""

    path: Path
    created: dt.datetime
    reason: str  # e.g. "before-import", "daily", "manual", "before-upgrade-0003"
    size: int  # bytes


@dataclass(frozen=True)
class BackupContent:
    """What a backup holds, to choose one to restore (None where the file cannot be read); `sound` is False when
    it fails SQLite's quick check (it is not restored then)."""

    classes: tuple[str, ...] | None
    students: int | None
    assessments: int | None
    newest_import: dt.datetime | None
    sound: bool = True


def backup_folder(store: Path) -> Path:
    """The folder holding `store`'s backups."""
    return store.with_name(f"{store.name}-backups")


def make_backup(store: Path, reason: str, *, keep: Path | None = None) -> BackupRecord:
    """Copy the store (with what sits in its WAL) into its backup folder, check the copy, then drop the oldest
    beyond `KEEP` (never `keep`: the backup a restore is putting back); DamagedStore (and no backup) when the
    store fails SQLite's quick check."""
    folder = owner_only_folder(backup_folder(store), tighten=True)
    now = dt.datetime.now()
    target = folder / f"{now:%Y%m%d-%H%M%S-%f}-{_slug(reason)}.db"
    partial = folder / f"{target.name}.{os.getpid()}.partial"
    try:
        create_owner_only(partial)
        with (
            closing(sqlite3.connect(store, isolation_level=None)) as source,
            closing(sqlite3.connect(partial, isolation_level=None)) as copy,
        ):
            copy_snapshot(source, copy, "backup.copying")
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, no WAL beside it
            problems = quick_check(copy)
        if problems:
            raise DamagedStore(_not_backed_up(store, problems[0]))
        partial.replace(target)
    except sqlite3.DatabaseError as error:  # a store too damaged to copy at all, a full disk, …
        found = classified(store, error)
        if isinstance(found, DamagedStore):
            raise DamagedStore(_not_backed_up(store, str(error))) from error
        if found is None:
            raise
        raise found from error
    finally:
        remove_with_siblings(partial)
    _rotate(store, keep)
    return BackupRecord(target, now, _slug(reason), target.stat().st_size)


def copy_snapshot(source: sqlite3.Connection, target: sqlite3.Connection, point: str) -> None:
    """Copy `source` whole into `target` with SQLite's backup API, in steps but as one snapshot: a read
    transaction on `source` stays open throughout, so a writer committing meanwhile does not restart it.
    `point` names the fault point passed after each step."""
    source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        source.backup(target, pages=STEP_PAGES, progress=lambda *_: reached(point))
    finally:
        source.execute("COMMIT")


def remove_with_siblings(path: Path) -> None:
    """Remove `path` and the journal, WAL and shared-memory files SQLite may have left beside it."""
    for name in (path.name, *(path.name + s for s in _SIBLINGS)):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink(missing_ok=True)


def sweep_partial_copies(store: Path) -> list[Path]:
    """Remove the half-made backups a crashed or killed Zhidian left in the store's backup folder (those of a
    process still running are left alone); returns what was removed."""
    folder = backup_folder(store)
    removed = []
    for path in folder.iterdir() if folder.is_dir() else ():
        match = _PARTIAL.search(path.name)
        if match and left_behind(int(match["pid"]), path):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def refuse_lost_store(path: Path) -> None:
    """EmptyStore when the store is missing or empty (0 bytes) while its backups are there: it was lost, not new."""
    if path.exists() and path.stat().st_size > 0:
        return
    backups = list_backups(path)
    if not backups:
        return
    newest = backups[0]
    state = Text("是空的（0 字节）", "is empty (0 bytes)") if path.exists() else Text("不见了", "is missing")
    raise EmptyStore(
        Text(
            f"数据库“{path}”{state.zh}，但它旁边有 {len(backups)} 个备份，最新的是 {newest.created:%Y-%m-%d %H:%M} "
            f"的“{newest.path.name}”。请恢复它：文件 → 从备份恢复，或 python -m app restore {newest.path.name}"
            f"（若要新建一个空的数据库，请先把文件夹“{backup_folder(path)}”移走）",
            f"The store '{path}' {state.en}, but its backups are beside it ({len(backups)}); the newest is "
            f"'{newest.path.name}' of {newest.created:%Y-%m-%d %H:%M}. Restore it: File → Restore from backup, or "
            f"python -m app restore {newest.path.name} (to start a new, empty store instead, move the folder "
            f"'{backup_folder(path)}' away first)",
        ),
        newest.path,
    )


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


def backup_problems(path: Path) -> tuple[str, ...]:
    """SQLite's complaints about the backup file at `path` (quick check); none when it is sound."""
    try:
        with closing(_reader(path)) as connection:
            return quick_check(connection)
    except sqlite3.Error as error:
        return (str(error),)


def describe_backup(record: BackupRecord) -> BackupContent:
    """Classes, students, exams and the newest import a backup holds, and whether it is sound, read without
    changing it."""
    sound = not backup_problems(record.path)
    try:
        with closing(_reader(record.path)) as connection:
            classes = tuple(name for (name,) in connection.execute("SELECT name FROM classes ORDER BY name"))
            students = connection.execute("SELECT count(*) FROM students").fetchone()[0]
            assessments = connection.execute("SELECT count(*) FROM assessments").fetchone()[0]
            newest = connection.execute("SELECT max(imported_at) FROM import_batches").fetchone()[0]
    except sqlite3.Error:
        return BackupContent(None, None, None, None, sound=False)
    newest_import = dt.datetime.fromisoformat(newest) if newest else None
    return BackupContent(classes, students, assessments, newest_import, sound=sound)


def _reader(path: Path) -> sqlite3.Connection:
    """A connection that only reads a backup. Not `mode=ro`: a backup made by an older Zhidian still says WAL,
    and a read-only connection would leave its -wal and -shm files behind."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA query_only=ON")
    return connection


def _rotate(store: Path, kept: Path | None) -> None:
    """Drop the backups beyond the newest `KEEP`, but never one of the newest `KEEP_SOUND` sound ones, nor `kept`."""
    backups = list_backups(store)
    if len(backups) <= KEEP:
        return
    keep = {b.path for b in backups[:KEEP]} | ({kept} if kept else set())
    sound = 0
    for backup in backups:
        if sound == KEEP_SOUND:
            break
        if not backup_problems(backup.path):
            keep.add(backup.path)
            sound += 1
    for backup in backups:
        if backup.path not in keep:
            remove_with_siblings(backup.path)


def _not_backed_up(store: Path, problem: str) -> Text:
    return Text(
        f"数据库“{store}”已损坏（{problem}），所以没有备份它，也没有做这次改动；已有的备份都保留着。"
        "请从备份恢复（文件 → 从备份恢复，或 python -m app restore）。",
        f"The store '{store}' is damaged ({problem}), so it was not backed up and nothing was changed; the "
        "backups there are all kept. Restore a backup (File → Restore from backup, or python -m app restore).",
    )


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
