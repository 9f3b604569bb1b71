"""Slow work for the window, one piece at a time, in the spirit of Anki's `QueryOp[T]`.

A `BackgroundOp[T]` says what to run (`fn(progress) -> T`, off the UI thread), what to do with its `T` on the UI
thread, and what to say meanwhile. The window's one `TaskRunner` runs one op at a time in a `Task`, so the store
is used by one thread at a time whoever asks (the window, a dialog, the wizard); it turns a failure into a
message (`error`) and a cancel into a status-bar line (`message`).

Two rules live here and nowhere else:
- **one store user at a time**: an op asked for while another runs is refused ("Please wait"), unless it names
  a `latest` key, in which case it waits for its turn;
- **latest request wins**: a waiting op replaces the one waiting with the same `latest` key, and the op running
  with that key is cancelled and its result dropped (a re-read of a file after another mapping change).

An op with a `message` shows it beside a progress bar in the status bar (`TaskProgress`); an op without one
shows its progress where it was asked (`on_progress`: a dialog's own bar). An announced op (the window's own
tasks) is told by `started(op)` and `ended(outcome)`; a quiet one (reading the class to show, a dialog's work)
is not. `over()` follows every op once its handler has run. Work that never touches the store (importing torch
to warm the engine up) runs beside the rest with `run_aside`.

    runner.run(BackgroundOp(lambda progress: diagnose_stored_class(db, name, progress=progress),
                            on_success=self._on_diagnosed, message="Diagnosing…",
                            failure="The diagnosis could not be completed."))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.progress import Progress
from app.ui.base.worker import Task

T = TypeVar("T")
translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


@dataclass(frozen=True)
class BackgroundOp(Generic[T]):
    """What to run in the background and what to do with its result (already-translated texts)."""

    fn: Callable[[Progress], T]
    on_success: Callable[[T], None]
    message: str = ""  # beside the status bar's progress bar while it runs; "": progress shown by `on_progress`
    failure: str = ""  # the first line of the message shown when it fails ("Something went wrong." when empty)
    cancelled: str = ""  # the status-bar line after Cancel ("Cancelled." when empty)
    cancellable: bool = True
    on_failure: Callable[[str, BaseException | None], bool] | None = None  # True: handled, no message box
    on_cancelled: Callable[[], None] | None = None  # after the cancelled status-bar line
    on_progress: Callable[[float], None] | None = None  # fraction done, on the UI thread
    announce: bool = True  # False: a quiet op (a read for showing, a dialog's own work): no started/ended
    latest: str | None = None  # waits for its turn; a newer op with the same key replaces it


class TaskRunner(QObject):
    """Runs `BackgroundOp`s one at a time (a newer one with a running op's `latest` key cancels it).

    Signals: `begun(op)` when any op starts; `started(task)` (its `Task`) and `ended(outcome)` ("finished",
    "failed" or "cancelled", after the op's handler ran) for announced ops; `progress(fraction)` of the running op; `over()`
    after any op's handler ran;
    `busy_changed()` when an op starts or ends; `stopped()` once an op's thread ended; `message(text, ms)` for
    the status bar; `error(text)` for a failure to show.
    """

    begun = Signal(object)
    started = Signal(object)
    ended = Signal(str)
    progress = Signal(float)
    over = Signal()
    busy_changed = Signal()
    stopped = Signal()
    message = Signal(str, int)
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.op: BackgroundOp[Any] | None = None
        self._waiting: dict[str, BackgroundOp[Any]] = {}
        self._superseded: Task | None = None  # the running task whose result a newer request replaced
        self._aside: list[Task] = []

    @property
    def busy(self) -> bool:
        """True while an op runs."""
        return self.task is not None

    @property
    def quiet(self) -> bool:
        """True while the op running is a quiet one (a read for showing, a dialog's own work)."""
        return self.op is not None and not self.op.announce

    def run(self, op: BackgroundOp[T]) -> bool:
        """Start `op` now, or (with a `latest` key) once the running op is over; False, with a status-bar line,
        when another op runs and `op` may not wait."""
        if self.task is None:
            self._start(op)
            return True
        if op.latest is None:
            self.message.emit(translate("MainWindow", "Please wait: another task is running."), 4000)
            return False
        self._waiting.pop(op.latest, None)
        self._waiting[op.latest] = op
        if self.op is not None and self.op.latest == op.latest:  # latest request wins: stop the one running
            self._superseded = self.task
            self.task.cancel()
        return True

    def waiting(self, latest: str) -> BackgroundOp[Any] | None:
        """The op waiting its turn under `latest`, if any."""
        return self._waiting.get(latest)

    def cancel(self, op: BackgroundOp[Any] | None = None) -> None:
        """Ask the running op (or only `op`, running or waiting) to stop at its next checkpoint; a waiting op is
        dropped at once (its `on_cancelled` runs)."""
        if op is not None and op.latest is not None and self._waiting.get(op.latest) is op:
            del self._waiting[op.latest]
            if op.on_cancelled is not None:
                op.on_cancelled()
            return
        if self.task is not None and (op is None or op is self.op):
            self.task.cancel()

    def stop(self, op: BackgroundOp[Any], wait_ms: int = 60_000) -> None:
        """Cancel `op` and, when it runs, wait for its thread to end (a dialog closing, the window quitting)."""
        task = self.task if self.op is op else None
        self.cancel(op)
        if task is not None:
            task.wait(wait_ms)

    def run_aside(self, fn: Callable[[Progress], T], done: Callable[[T | None], None]) -> Task:
        """Run work that never touches the store beside the ops (importing torch); `done(result)` on the UI thread,
        `done(None)` when it failed."""
        task = Task.start(fn, parent=self)
        self._aside.append(task)
        task.finished.connect(done)
        task.failed.connect(lambda _message: done(None))
        task.done.connect(lambda: self._aside.remove(task))
        return task

    def wait_aside(self, wait_ms: int = 60_000) -> None:
        """Wait for the work run aside (it cannot be interrupted) to end."""
        for task in list(self._aside):
            task.wait(wait_ms)

    def _start(self, op: BackgroundOp[Any]) -> None:
        task = Task.start(op.fn, parent=self)
        self.task, self.op = task, op
        task.progress.connect(lambda fraction, _message: self._progress(op, fraction))
        task.finished.connect(lambda result: self._over(task, "finished", lambda: op.on_success(result)))
        task.failed.connect(lambda text: self._over(task, "failed", lambda: self._failed(op, text, task.error)))
        task.cancelled.connect(lambda: self._over(task, "cancelled", lambda: self._cancelled(op)))
        task.done.connect(self.stopped)
        self.busy_changed.emit()
        self.begun.emit(op)
        if op.announce:
            self.started.emit(task)

    def _progress(self, op: BackgroundOp[Any], fraction: float) -> None:
        self.progress.emit(fraction)
        if op.on_progress is not None:
            op.on_progress(fraction)

    def _over(self, task: Task, outcome: str, handler: Callable[[], None]) -> None:
        op = self.op
        announced = op is not None and op.announce and task is not self._superseded
        self.task, self.op = None, None
        self.busy_changed.emit()
        try:
            if task is not self._superseded:
                handler()
        finally:
            self._superseded = None
            if announced:
                self.ended.emit(outcome)
            self.over.emit()
            if self.task is None and self._waiting:
                self._start(self._waiting.pop(next(iter(self._waiting))))

    def _failed(self, op: BackgroundOp[Any], message: str, error: BaseException | None) -> None:
        if op.on_failure is not None and op.on_failure(message, error):
            return
        head = op.failure or translate("MainWindow", "Something went wrong.")
        self.error.emit(f"{head}\n\n{message}")

    def _cancelled(self, op: BackgroundOp[Any]) -> None:
        if op.message:
            self.message.emit(op.cancelled or translate("MainWindow", "Cancelled."), 6000)
        if op.on_cancelled is not None:
            op.on_cancelled()
