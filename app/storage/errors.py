"""Store errors the teacher is told about, in Chinese or English."""

from __future__ import annotations

from app.core.problems import GradebookError, Problem, Refused


class StoreError(Refused):
    """A store operation that cannot be done, with a bilingual reason."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer Zhidian than this one."""


class NotADatabase(StoreError):
    """The file is not a Zhidian database."""


class NotFound(StoreError):
    """A class, assessment, import or diagnosis run that the store does not hold."""


class DuplicateImport(GradebookError):
    """The same file (same content hash) was imported before."""

    def __init__(self, problem: Problem, earlier_batch_id: int) -> None:
        super().__init__([problem])
        self.earlier_batch_id = earlier_batch_id


class StoreBusy(StoreError):
    """Another Zhidian (a window or the CLI) held the store for longer than we wait."""


class ReadOnlyStore(StoreError):
    """The store (or its folder) cannot be written: no permission, or a read-only medium."""


class DiskFull(StoreError):
    """The disk holding the store is full."""


class DamagedStore(StoreError):
    """The store's file is damaged; a backup can be restored."""


class UpgradeFailed(StoreError):
    """Upgrading the store's schema failed and was rolled back; the store is as it was."""


class StoreChanged(StoreError):
    """The class changed while a diagnosis ran (another window or the CLI imported or corrected scores)."""
