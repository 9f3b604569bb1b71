"""Opening the store and reading what the window shows, in the runner's worker, then setting the window's state.

`start` opens the store (after `before`, a restore or a repair, with the store closed) and shows the class shown
last; `show_class` and `refresh_store` read the class to show (and with a refresh the store's classes, imports and
newest backup) as quiet ops: a busy bar, no Cancel. They return at once: the class is in `WindowState.data` once
`class_shown` says so, and `then` (given to either) runs after that. Asked while another op runs, the read waits
for it; asked again meanwhile, the newest request wins (a refresh asked for on the way is kept).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.core.problems import Text
from app.core.progress import Progress
from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp

if TYPE_CHECKING:
    from app.services.class_data import Shown
    from app.services.store import Database
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"
SHOW = "show"  # the `latest` key of the reads for showing


class StoreLoader(QObject):
    """Reads the store for the window. Signals: `store_ready()` once it opened, `device_known(label)` once the
    engine is warm, `class_shown(name)` after a class is shown, `shown()` after any read was applied.
    `when_failed(message, error)`, set by the window, says what to do when the store does not open (True:
    handled; else the message is shown)."""

    store_ready = Signal()
    device_known = Signal(str)
    class_shown = Signal(str)
    shown = Signal()

    def __init__(self, state: WindowState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._refresh_waiting = False
        self._then: list[Callable[[], None]] = []
        self._warming = False
        self._closed = False
        self.when_failed: Callable[[str, BaseException | None], bool] | None = None
        self._fallback: Text | None = None  # why the chosen school server was not opened at the last start

    # ---------------------------------------------------------------- opening

    def start(
        self,
        before: Callable[[Progress], Any] | None = None,
        then: Callable[[Any, BaseException | None], None] | None = None,
        message: str | None = None,
    ) -> None:
        """Open the store in the background and show the class shown last, then warm the engine up.

        `before(progress)` runs first in the same op, with the store closed (a restore, a repair); `then(its
        result, its error)` runs once the store is open again."""
        from app.services.store import open_store

        state = self.state
        if state.runner.busy:
            return
        if state.db is not None:  # a restore replaces the file: nothing of ours may hold it open
            state.db.close()
        state.opened(None)
        path, thresholds, last = state.db_path, state.settings.thresholds, state.settings.last_class
        confidence, cache = state.settings.confidence, state.grain_cache
        chosen = state.settings.current

        def work(progress: Progress) -> tuple[Database, Shown, Any, BaseException | None]:
            from app.services.class_data import read_for_showing

            outcome, error = None, None
            if before is not None:
                try:
                    outcome = before(progress)
                except Exception as failure:  # noqa: BLE001 - the store still opens; `then` says what failed
                    error = failure
            from app.services.server import chosen_server

            server = chosen_server(chosen)
            db, _ = open_store(path, progress) if server is None else open_store(path, progress, server=server)
            if server is not None and not db.server and db.notes:  # the school server could not be reached
                self._fallback = db.notes[-1]
            shown = read_for_showing(
                db,
                None,
                shown=None,
                last=last,
                refresh=True,
                thresholds=thresholds,
                confidence=confidence,
                cache=cache,
            )
            return db, shown, outcome, error

        state.runner.run(
            BackgroundOp(
                work,
                lambda result: self._opened(*result, then=then),
                message=message or translate("MainWindow", "Opening the store…"),
                failure=translate("MainWindow", "The store could not be opened."),
                cancellable=False,
                on_failure=lambda text, error: self.when_failed is not None and self.when_failed(text, error),
            )
        )

    def _opened(
        self,
        db: Database,
        shown: Shown,
        outcome: Any,
        error: BaseException | None,
        *,
        then: Callable[[Any, BaseException | None], None] | None,
    ) -> None:
        self.state.opened(db)
        self.state.show(None)  # the store may hold other things now (a restore): show what it holds
        self._apply(shown)
        if self._fallback is not None:  # say so: the teacher works on this PC's store, not the school's
            fallback, self._fallback = self._fallback, None
            self.state.error.emit(i18n.text(fallback))
        daily = [b for b in db.backups if b.reason == "daily"]
        if daily:
            self.state.say(
                translate("MainWindow", "Today's backup of the store was made: {path}").format(path=daily[-1].path),
                10000,
            )
        self.store_ready.emit()
        if then is not None:
            then(outcome, error)
        QTimer.singleShot(0, self._warm_up)

    def closed(self) -> None:
        """The window closed: nothing more is warmed up or read (a quit right after opening imports no torch)."""
        self._closed = True

    def _warm_up(self) -> None:
        if self._warming or self._closed:
            return
        from app.services.store import warm_up

        self._warming = True
        unavailable = translate("MainWindow", "unavailable")
        self.state.runner.run_aside(warm_up, lambda label: self._device_known(label or unavailable))

    def _device_known(self, label: str) -> None:
        self.state.set_device(label)
        self.device_known.emit(label)

    # ---------------------------------------------------------------- the class shown

    def show_class(self, class_name: str, run_id: int | None = None, then: Callable[[], None] | None = None) -> None:
        """Read and show one class (its current diagnosis unless `run_id`), judged by the teacher's thresholds."""
        if class_name:
            self._read(class_name, run_id, refresh=False, then=then)

    def refresh_store(self, select: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Re-read the store's classes after a change and show `select` (else the class shown, else the first)."""
        self._read(select, None, refresh=True, then=then)

    def _read(self, select: str | None, run_id: int | None, *, refresh: bool, then: Callable[[], None] | None) -> None:
        state, db = self.state, self.state.db
        if db is None or self._closed:
            return
        if then is not None:
            self._then.append(then)
        refresh = refresh or (self._refresh_waiting and state.runner.waiting(SHOW) is not None)
        self._refresh_waiting = refresh
        current, thresholds, shown = state.class_name, state.settings.thresholds, select or state.class_name or ""
        confidence, cache = state.settings.confidence, state.grain_cache

        def work(progress: Progress) -> Shown:
            from app.services.class_data import read_for_showing

            return read_for_showing(
                db,
                select,
                shown=current,
                run_id=run_id,
                refresh=refresh,
                thresholds=thresholds,
                confidence=confidence,
                cache=cache,
            )

        state.runner.run(
            BackgroundOp(
                work,
                self._apply,
                message=translate("MainWindow", "Loading {cls}…").format(cls=shown)
                if shown
                else translate("MainWindow", "Reading the store…"),
                failure=translate("MainWindow", "The class could not be shown."),
                cancellable=False,
                announce=False,
                latest=SHOW,
            )
        )

    def _apply(self, shown: Shown) -> None:
        """Show what a read of the store brought back (on the UI thread)."""
        state = self.state
        self._refresh_waiting = False
        if shown.state is not None:
            state.set_last_backup(shown.last_backup)
            if shown.data is None and shown.error is None:
                state.show(None)
            state.set_store(shown.state)
        if shown.error is not None:
            from app.ui.base.worker import describe_error

            state.error.emit(
                translate("MainWindow", "The class could not be shown.") + "\n\n" + describe_error(shown.error)
            )
        if shown.data is not None:
            state.show(shown.data)
            self.class_shown.emit(shown.data.class_name)
        then, self._then = self._then, []
        for step in then:
            step()
        self.shown.emit()

    def store_path(self) -> Path:
        """The store's file (also when it did not open)."""
        from app.services.backups import store_file

        store = self.state.store
        return Path(store.path) if store is not None and store.path is not None else store_file(self.state.db_path)
