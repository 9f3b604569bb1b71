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
