"""The window's model: what it knows, in one place, with a signal for each change.

The store handle (`db`, opened by `app.services.store`), the store's state (its classes and imports), the class
shown (`ClassData`), the newest backup, why the store did not open, the compute device, the teacher's settings
and the one `TaskRunner` every action and dialog runs its store work on. Controllers read it and change it
through its setters; the window and the views follow its signals, so no one assigns another's state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.services.grain_cache import GrainCache
from app.ui.base.tasks import TaskRunner

if TYPE_CHECKING:
    from app.services.class_data import ClassData
    from app.services.store import BackupRecord, Database, StoreState
    from app.ui.base.settings import AppSettings


class WindowState(QObject):
    """What the window shows and holds.

    Signals: `store_changed()` (the handle, the store's state or the reason it did not open), `class_changed()`
    (the class shown), `backup_changed()`, `device_changed()`, and `message(text, ms)` / `error(text)` for the
    status bar and the message box (the runner's too).
    """

    store_changed = Signal()
    class_changed = Signal()
    backup_changed = Signal()
    device_changed = Signal()
    message = Signal(str, int)
    error = Signal(str)

    def __init__(self, settings: AppSettings, db_path: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.db_path = db_path  # the store's file as asked for (None: the data folder's)
        self.runner = TaskRunner(self)
        self.runner.message.connect(self.message)
        self.runner.error.connect(self.error)
        self._db: Database | None = None
        self._store: StoreState | None = None
        self._problem: str | None = None
        self._data: ClassData | None = None
        self._backup: BackupRecord | None = None
        self._device: str | None = None
        self.grain_cache = GrainCache()  # the class's groups, kept for showing it again (the loader's reads)

    # ---------------------------------------------------------------- the store

    @property
    def db(self) -> Database | None:
        """The open store (None before it opened, while it is closed for a restore, or when it did not open)."""
        return self._db

    @property
    def store(self) -> StoreState | None:
        """Its classes and imports, as last read."""
        return self._store

    @property
    def read_only(self) -> bool:
        """True when the open store can only be read (no permission, a read-only medium): nothing may change it."""
        return self._store is not None and self._store.read_only is not None

    @property
    def writable(self) -> bool:
        """True when a store is open and may be changed."""
        return self._db is not None and not self.read_only

    @property
    def store_problem(self) -> str | None:
        """Why the store did not open, while it does not."""
        return self._problem

    def opened(self, db: Database | None) -> None:
        """The store is open now (None: closed, its state forgotten); the reason it did not open goes."""
        self._db, self._problem = db, None
        if db is None:
            self._store = None
        self.store_changed.emit()

    def set_store(self, state: StoreState) -> None:
        """What the store holds now."""
        self._store = state
        self.store_changed.emit()

    def set_problem(self, message: str | None) -> None:
        """Why the store did not open (None: no problem)."""
        self._problem = message
        self.store_changed.emit()

    # ---------------------------------------------------------------- what is shown

    @property
    def data(self) -> ClassData | None:
        """The class shown (None: no class)."""
        return self._data

    @property
    def class_name(self) -> str | None:
        """The name of the class shown."""
        return self._data.class_name if self._data is not None else None

    def show(self, data: ClassData | None) -> None:
        """Show `data` (None: no class), remembered as the class shown last."""
        self._data = data
        if data is not None:
            self.settings.last_class = data.class_name
        self.class_changed.emit()

    def forget_class(self, names: set[str]) -> None:
        """Stop showing the class shown if it is one of `names` (deleted, undone)."""
        if self._data is not None and self._data.class_name in names:
            self.show(None)

    @property
    def last_backup(self) -> BackupRecord | None:
        """The store's newest backup."""
        return self._backup

    def set_last_backup(self, record: BackupRecord | None) -> None:
        """A backup was made (or read)."""
        self._backup = record
        self.backup_changed.emit()

    @property
    def device(self) -> str | None:
        """The compute device's label, once the engine is warm."""
        return self._device

    def set_device(self, label: str) -> None:
        """The engine is warm: diagnoses run on `label`."""
        self._device = label
        self.device_changed.emit()

    # ---------------------------------------------------------------- what may be done

    @property
    def idle(self) -> bool:
        """True while no op runs: store work may start."""
        return not self.runner.busy

    def say(self, text: str, ms: int = 8000) -> None:
        """A line in the status bar."""
        self.message.emit(text, ms)
