"""One window per store: a lock file beside the store (QLockFile), taken at start and held until quitting.

A second start on the same store finds the lock held by a running Zhidian and says so, without
opening a window. A lock left behind by a Zhidian that crashed (its process is gone) is stale and
is taken over. A lock written on another computer (a portable copy on a USB stick, or a shared
folder) cannot be checked from here: the teacher is asked whether to open anyway.

The command line is not locked out: it writes through the store's own transactions, which wait
for each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

STORE_NAME = "zhidian.db"
"""The store's file name in the data folder (`app.storage.default_db_path`; a test keeps them equal)."""


def store_path(store: str | Path | None) -> Path:
    """The store's file: `store`, or None: the store in the data folder."""
    if store is None:
        from app.core.locations import data_folder

        store = data_folder() / STORE_NAME
    return Path(store).expanduser().resolve()


def lock_path(store: str | Path | None) -> Path:
    """The lock file of the store at `store` (None: the store in the data folder)."""
    store = store_path(store)
    return store.with_name(f"{store.name}.lock")


@dataclass(frozen=True)
class Holder:
    """Who holds a lock: process id, host name and program name as the lock file records them."""

    pid: int
    host: str
    app: str

    @property
    def elsewhere(self) -> bool:
        """True when the lock was taken on another computer (its process cannot be checked from here)."""
        return bool(self.host) and self.host != QSysInfo.machineHostName()


class InstanceLock:
    """The lock of one store. `acquire()` is True when this process holds it (taking a stale one over)."""

    def __init__(self, store: str | Path | None) -> None:
        self.path = lock_path(store)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(self.path))
        # 0: never stale by age, only when its process is gone (a teacher keeps the window open for hours)
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        """Take the lock now (no waiting); False when another running Zhidian (or another computer) holds it."""
        return self._lock.tryLock(0)

    def holder(self) -> Holder | None:
        """Who holds the lock, when someone else does and the file says."""
        pid, host, app = self._lock.getLockInfo()  # (0, "", "") when the file says nothing
        return Holder(int(pid), str(host), str(app)) if pid else None

    def take_over(self) -> bool:
        """Remove a lock the teacher says is left over (e.g. from another computer) and take it."""
        self._lock.removeStaleLockFile()
        if self._lock.tryLock(0):
            return True
        self.path.unlink(missing_ok=True)
        return self._lock.tryLock(0)

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._lock.isLocked()

    def release(self) -> None:
        """Give the lock up (done when quitting)."""
        if self._lock.isLocked():
            self._lock.unlock()


class NoLock:
    """No lock, for a store whose folder cannot be written: nothing there can be written, by us or another window."""

    held = False

    def release(self) -> None:
        """Nothing to give up."""
