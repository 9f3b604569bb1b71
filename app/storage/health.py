"""Checking the store: SQLite's integrity check, and rows whose references point nowhere (and removing them);
SQLite's quick check of any store or backup file, and what a store's file is (missing, empty, damaged, sound)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SQLITE_HEADER = b"SQLite format 3\x00"

Condition = Literal["missing", "empty", "not-sqlite", "damaged", "sound"]


@dataclass(frozen=True)
class StoreHealth:
    """What the check found: SQLite's own complaints, and dangling rows per table."""

    integrity: tuple[str, ...]  # empty when SQLite's integrity check says "ok"
    dangling: dict[str, int]  # table -> rows referencing a row that does not exist

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.integrity and not self.dangling


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads the file at `path` without changing it: `mode=ro`, or where SQLite cannot make the
    WAL's shared-memory file beside it (a read-only medium or folder) `immutable=1`: nobody can change it there."""
    uri = f"{path.as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return uri
    except sqlite3.OperationalError:  # "unable to open database file", "attempt to write a readonly database"
        return f"{path.as_uri()}?immutable=1"


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file at `path` (see `read_only_uri`)."""
    return sqlite3.connect(read_only_uri(path), uri=True)


def check_store(path: Path) -> StoreHealth:
    """Run SQLite's integrity check and foreign-key check on the store at `path` (read only)."""
    with closing(read_only_connection(path)) as connection:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        dangling = Counter(str(row[0]) for row in connection.execute("PRAGMA foreign_key_check"))
    return StoreHealth(tuple(r for r in found if r != "ok"), dict(sorted(dangling.items())))


def quick_check(connection: sqlite3.Connection) -> tuple[str, ...]:
    """SQLite's quick check of the database on `connection`: its complaints, none when it is sound."""
    try:
        found = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:  # not a database at all, or too damaged to check
        return (str(error),)
    return tuple(r for r in found if r != "ok")


def file_condition(path: Path) -> Condition:
    """What the file at `path` is: missing, empty (0 bytes), not SQLite at all, damaged (fails SQLite's quick
    check) or sound. Read only."""
    if not path.exists():
        return "missing"
    size = path.stat().st_size
    if size == 0:
        return "empty"
    with open(path, "rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "not-sqlite"
    try:
        with closing(read_only_connection(path)) as connection:
            return "damaged" if quick_check(connection) else "sound"
    except sqlite3.Error:
        return "damaged"


def repair_store(path: Path) -> dict[str, int]:
    """Delete the rows whose references point nowhere, in one transaction; returns how many per table.

    The caller backs the store up first. Damage SQLite's integrity check reports is not repaired
    here: that is what restoring a backup is for.
    """
    removed: Counter[str] = Counter()
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            while rows := connection.execute("PRAGMA foreign_key_check").fetchall():
                for table, rowid, *_ in rows:
                    connection.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                    removed[str(table)] += 1
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return dict(sorted(removed.items()))
