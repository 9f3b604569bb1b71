"""Slow work for the window, one piece at a time, in the spirit of Anki's `QueryOp`.

A `BackgroundOp` says what to run (`fn(progress)`, off the UI thread), what to say beside the
progress bar, and what to do with the result on the UI thread. The window's `TaskRunner` runs
one op at a time in a `Task`: it shows the progress bar and Cancel in the status bar while the
op runs, turns a failure into a message (`show_error`) and a cancel into a status-bar line, and
announces `started(Task)` and `ended(outcome)`. One op at a time means the store is used from
one thread at a time.

A quiet op (`announce=False`) is part of showing something rather than a task of its own (reading
the class to show): it shows a busy bar without Cancel and is not announced by `started`/`ended`;
`over()` follows every op, quiet or not, once its handler has run.

    runner.run(BackgroundOp(lambda progress: diagnose_stored_class(db, name, progress=progress),
                            on_success=self._on_diagnosed, message="Diagnosing…",
                            failure="The diagnosis could not be completed."))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QPushButton

from app.core.progress import Progress
from app.ui.base.worker import Task

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


@dataclass(frozen=True)
class BackgroundOp:
    """What to run in the background and what to do with its result (already-translated texts)."""

    fn: Callable[[Progress], Any]
    on_success: Callable[[Any], None]
    message: str  # beside the progress bar while it runs
    failure: str = ""  # the first line of the message shown when it fails ("Something went wrong." when empty)
    cancelled: str = ""  # the status-bar line after Cancel ("Cancelled." when empty)
    cancellable: bool = True
    on_failure: Callable[[str, BaseException | None], bool] | None = None  # True: handled, no message box
    on_cancelled: Callable[[], None] | None = None  # after the cancelled status-bar line
    announce: bool = True  # False: a quiet op (a read for showing), not announced by started/ended


class TaskRunner(QObject):
    """Runs the window's `BackgroundOp`s one at a time, with a progress bar and Cancel in its status bar.

    Signals: `started(Task)`; `ended(outcome)` with "finished", "failed" or "cancelled", after the
    op's handler ran (both for announced ops only); `over()` after any op's handler ran;
    `busy_changed()` when an op starts or ends; `stopped()` once its thread ended.
    """

    started = Signal(object)
    ended = Signal(str)
    over = Signal()
    busy_changed = Signal()
    stopped = Signal()

    def __init__(self, window: QMainWindow, show_error: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._show_error = show_error
        self.task: Task | None = None
        self.op: BackgroundOp | None = None
        self.progress_label = QLabel(window)
        self.progress_bar = QProgressBar(window)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(window)
        self.cancel_button.clicked.connect(self.cancel)
        for w in self._widgets():
            window.statusBar().addWidget(w)
            w.hide()
        self.retranslate()

    def _widgets(self) -> tuple[QLabel, QProgressBar, QPushButton]:
        return self.progress_label, self.progress_bar, self.cancel_button

    @property
    def busy(self) -> bool:
        """True while an op runs."""
        return self.task is not None

    def run(self, op: BackgroundOp) -> Task | None:
        """Start `op` in a worker thread; None (and a status-bar line) when another op runs."""
        if self.task is not None:
            self._window.statusBar().showMessage(translate("MainWindow", "Please wait: another task is running."), 4000)
            return None
        task = Task.start(op.fn, parent=self)
        self.task, self.op = task, op
        self.progress_label.setText(op.message)
        self.progress_bar.setRange(0, 1000 if op.announce else 0)  # a quiet op: a busy bar, no fraction
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(op.cancellable and op.announce)
        for w in self._widgets():
            w.setVisible(op.announce or w is not self.cancel_button)
        task.progress.connect(lambda fraction, _msg: self.progress_bar.setValue(int(fraction * 1000)))
        task.finished.connect(lambda result: self._over("finished", lambda: op.on_success(result)))
        task.failed.connect(lambda text: self._over("failed", lambda: self._show_failure(op, text, task.error)))
        task.cancelled.connect(lambda: self._over("cancelled", lambda: self._show_cancelled(op)))
        task.done.connect(self.stopped)
        self.busy_changed.emit()
        if op.announce:
            self.started.emit(task)
        return task

    def cancel(self) -> None:
        """Ask the running op to stop at its next checkpoint."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(translate("MainWindow", "Stopping…"))

    @property
    def quiet(self) -> bool:
        """True while the op running is a quiet one (a read for showing, not a task of its own)."""
        return self.op is not None and not self.op.announce

    def _over(self, outcome: str, handler: Callable[[], None]) -> None:
        announced = self.op is None or self.op.announce
        for w in self._widgets():
            w.hide()
        self.progress_label.clear()
        self.progress_bar.setRange(0, 1000)
        self.task, self.op = None, None
        self.busy_changed.emit()
        try:
            handler()
        finally:
            if announced:
                self.ended.emit(outcome)
            self.over.emit()

    def _show_failure(self, op: BackgroundOp, message: str, error: BaseException | None) -> None:
        if op.on_failure is not None and op.on_failure(message, error):
            return
        head = op.failure or translate("MainWindow", "Something went wrong.")
        self._show_error(f"{head}\n\n{message}")

    def _show_cancelled(self, op: BackgroundOp) -> None:
        text = op.cancelled or translate("MainWindow", "Cancelled.")
        self._window.statusBar().showMessage(text, 6000)
        if op.on_cancelled is not None:
            op.on_cancelled()

    def retranslate(self) -> None:
        """Re-label Cancel in the current language."""
        self.cancel_button.setText(translate("MainWindow", "Cancel"))
