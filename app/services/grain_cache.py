"""The window's grouped diagnoses (`services.grain_diagnosis`) kept for showing a class again: one engine fit per
show was 0.06–0.14 s on the sample, more on a big grade. A cache belongs to one store: given another store, or the
same file opened again (a restore), it starts empty. Light to import: the window holds one from its start.

    cache = GrainCache()
    found = cache.get(db, key, lambda: grain_diagnosis(db, ...))  # the same key again: no work
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.grain_diagnosis import GrainDiagnosis
    from app.storage import Database

SIZE = 4
"""Grouped diagnoses kept: the classes a teacher goes back and forth between."""


class GrainCache:
    """The last SIZE grouped diagnoses of one store, by a key of everything they were made from (`class_data`'s
    `_grain_key`); a failure is not kept, so the next show tries again."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, GrainDiagnosis | None] = OrderedDict()
        self._store: weakref.ref[Database] | None = None
        self._lock = threading.Lock()  # the reads run on the runner's worker, a dropped one may still be finishing

    def get(self, db: Database, key: Hashable, make: Callable[[], GrainDiagnosis | None]) -> GrainDiagnosis | None:
        """The grouped diagnosis kept for `key` in `db`, else `make()`'s, kept (the oldest goes past SIZE)."""
        with self._lock:
            if self._store is None or self._store() is not db:
                self._entries.clear()
                self._store = weakref.ref(db)
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        found = make()
        with self._lock:
            if self._store() is db:
                self._entries[key] = found
                while len(self._entries) > SIZE:
                    self._entries.popitem(last=False)
        return found
