"""Run a core function `fn(progress)` in a QThread, with throttled progress and cooperative Cancel.

The core never sees Qt: it gets a `Progress` whose `report` becomes a signal and whose
`cancelled()` reads a flag that Cancel sets. The UI gets a `Task` living in the main thread, so
slots connected to it (lambdas included) always run on the UI thread.

    task = Task.start(lambda progress: diagnose(matrix, progress=progress), parent=self)
    task.progress.connect(bar.set_progress)
    task.finished.connect(self._show)          # result
    task.failed.connect(self._error)           # readable message
    task.cancelled.connect(self._stopped)
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.problems import error_text
from app.core.progress import Cancelled, Progress
from app.ui.base import i18n

log = logging.getLogger(__name__)

THROTTLE_S = 0.05

_live: dict[QThread, _Worker] = {}


def live_threads() -> list[QThread]:
    """QThreads started by `Task` that have not stopped yet."""
    return [t for t in list(_live) if t.isRunning()]


def busy_threads() -> list[QThread]:
    """QThreads started by `Task` whose function has not returned: work left running."""
    return [t for t, w in list(_live.items()) if t.isRunning() and not w.returned.is_set()]


class _WorkerProgress:
    """The `Progress` the core function gets: reports become signals, at most every THROTTLE_S."""

    def __init__(self, worker: _Worker) -> None:
        self._worker = worker
        self._last = 0.0

    def report(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last >= THROTTLE_S:
            self._last = now
            self._worker.progress.emit(float(min(max(fraction, 0.0), 1.0)), str(message))

    def cancelled(self) -> bool:
        return self._worker.cancel_requested.is_set()


def describe_error(error: BaseException) -> str:
    """A readable message for an exception, in the current language (`core.problems.error_text`)."""
    return error_text(error).get(i18n.language())


class _Worker(QObject):
    """Lives in the worker thread; runs the function once."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str, object)
    cancelled = Signal()

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._fn = fn
        self.cancel_requested = threading.Event()
        self.returned = threading.Event()

    @Slot()
    def run(self) -> None:
        outcome: tuple[Any, tuple]
        try:
            result = self._fn(_WorkerProgress(self))
        except Cancelled:
            outcome = (self.cancelled, ())
        except Exception as error:  # noqa: BLE001 - every failure becomes a message, never a crash
            log.error("background task failed:\n%s", traceback.format_exc())
            outcome = (self.failed, (describe_error(error), error))
        else:  # a function that returns has done its work, even if Cancel came too late to stop it
            outcome = (self.finished, (result,))
        # mark the work done before the UI thread can hear of it, then let the thread end
        self.returned.set()
        signal, args = outcome
        signal.emit(*args)
        self.thread().quit()


class Task(QObject):
    """A running background job, seen from the UI thread.

    Signals: progress(fraction, message), finished(result), failed(message), cancelled(), and
    done() after any of the last three, once the thread has stopped.
    """

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.error: BaseException | None = None
        self._thread = QThread()
        self._worker = _Worker(fn)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._thread.finished.connect(self._on_thread_finished)
        self._outcome: tuple[str, Any] | None = None

    @classmethod
    def start(cls, fn: Callable[[Progress], Any], parent: QObject | None = None) -> Task:
        """Create the task and start its thread."""
        task = cls(fn, parent)
        _live[task._thread] = task._worker
        task._thread.start()
        return task

    def cancel(self) -> None:
        """Ask the function to stop at its next checkpoint."""
        self._worker.cancel_requested.set()

    def is_cancel_requested(self) -> bool:
        """True once `cancel` was called."""
        return self._worker.cancel_requested.is_set()

    def is_running(self) -> bool:
        """True until the thread has stopped."""
        return self._thread.isRunning()

    def wait(self, ms: int = 10_000) -> bool:
        """Block until the thread stops (use only when quitting); True if it did."""
        return self._thread.wait(ms)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.finished.emit(result)

    @Slot(str, object)
    def _on_failed(self, message: str, error: object) -> None:
        self.error = error if isinstance(error, BaseException) else None
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.cancelled.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        _live.pop(self._thread, None)
        self.done.emit()
