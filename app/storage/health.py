"""Checking the store: SQLite's integrity check, and rows whose references point nowhere (and removing them)."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreHealth:
    """What the check found: SQLite's own complaints, and dangling rows per table."""

    integrity: tuple[str, ...]  # empty when SQLite's integrity check says "ok"
    dangling: dict[str, int]  # table -> rows referencing a row that does not exist

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.integrity and not self.dangling


def check_store(path: Path) -> StoreHealth:
    """Run SQLite's integrity check and foreign-key check on the store at `path` (read only)."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        found = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        dangling = Counter(str(row[0]) for row in connection.execute("PRAGMA foreign_key_check"))
    return StoreHealth(tuple(r for r in found if r != "ok"), dict(sorted(dangling.items())))


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
