"""The window's status bar (`MessageBar`): the running op's progress with Cancel (`TaskProgress`), and where the data live, when
they were last backed up and the compute device (`StoreStatus`), each following the window's state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from app.ui.base import i18n

if TYPE_CHECKING:
    from app.ui.base.tasks import BackgroundOp, TaskRunner
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class PathLabel(QLabel):
    """A status-bar label whose path (`elide`, a part of its text) is shortened in the middle ("C:\\…\\zhidian.db")
    when the bar is narrow, so a long path never widens the window; `text()` keeps the whole text."""

    elide = ""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Narrow: the path gives way."""
        return QSize(80, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        """At most about 520 pixels wide."""
        hint = super().sizeHint()
        return QSize(min(hint.width(), 520), hint.height())

    def shown_text(self) -> str:
        """The text as drawn: the path shortened in the middle to fit the label's width."""
        text, metrics, width = self.text(), self.fontMetrics(), self.contentsRect().width()
        if metrics.horizontalAdvance(text) <= width:
            return text
        if self.elide and self.elide in text:
            before, after = text.split(self.elide, 1)
            room = width - metrics.horizontalAdvance(before + after)
            text = before + metrics.elidedText(self.elide, Qt.TextElideMode.ElideMiddle, max(room, 24)) + after
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Draw `shown_text()`."""
        painter = QPainter(self)
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())


class MessageBar(QStatusBar):
    """The window's status bar: a message too long for the room left of the permanent parts (where the data live,
    the device) ends in "…" a gap before them instead of running into them; `currentMessage()` keeps it whole."""

    GAP = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.permanent: list[QWidget] = []

    def addPermanentWidget(self, widget: QWidget, stretch: int | None = 0) -> None:  # noqa: N802
        """Add a part on the right, remembered so that messages stop short of it."""
        super().addPermanentWidget(widget, stretch or 0)
        self.permanent.append(widget)

    def message_room(self) -> int:
        """The width a message may take: up to a gap before the leftmost permanent part shown."""
        right = self.width() - self.GAP
        for widget in self.permanent:
            if widget.isVisible():
                right = min(right, widget.x() - self.GAP)
        return max(right - 6, 0)

    def shown_message(self) -> str:
        """The message as drawn: cut with "…" to the room it has."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_room())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Draw the message elided to its room (the parts draw themselves)."""
        if not self.currentMessage():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        room = QRect(6, 0, self.message_room(), self.height())
        painter.drawText(room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.shown_message())


class TaskProgress:
    """The running op's message, progress bar and Cancel in the status bar; a quiet op shows a busy bar and no
    Cancel; an op without a message (a dialog's own work) shows nothing here."""

    def __init__(self, runner: TaskRunner, bar: QStatusBar) -> None:
        self.runner = runner
        self.label = QLabel(bar)
        self.progress_bar = QProgressBar(bar)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(bar)
        self.cancel_button.clicked.connect(self.cancel)
        for w in self._widgets():
            bar.addWidget(w)
            w.hide()
        runner.begun.connect(self._begun)
        runner.progress.connect(lambda fraction: self.progress_bar.setValue(int(fraction * 1000)))
        runner.over.connect(self._over)
        self.retranslate()

    def _widgets(self) -> tuple[QLabel, QProgressBar, QPushButton]:
        return self.label, self.progress_bar, self.cancel_button

    def _begun(self, op: BackgroundOp[Any]) -> None:
        if not op.message:
            return
        self.label.setText(op.message)
        self.progress_bar.setRange(0, 1000 if op.announce else 0)  # a quiet op: a busy bar, no fraction
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(op.cancellable and op.announce)
        for w in self._widgets():
            w.setVisible(op.announce or w is not self.cancel_button)

    def _over(self) -> None:
        for w in self._widgets():
            w.hide()
        self.label.clear()
        self.progress_bar.setRange(0, 1000)

    def cancel(self) -> None:
        """Ask the running op to stop at its next checkpoint."""
        if self.runner.busy:
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(translate("MainWindow", "Stopping…"))

    def retranslate(self) -> None:
        """Re-label Cancel in the current language."""
        self.cancel_button.setText(translate("MainWindow", "Cancel"))


class StoreStatus:
    """Where the data live, when they were last backed up, and the compute device, in the status bar."""

    def __init__(self, state: WindowState, bar: QStatusBar) -> None:
        self.state = state
        self.store_label = PathLabel(bar)
        self.device_label = QLabel(bar)
        bar.addPermanentWidget(self.store_label)
        bar.addPermanentWidget(self.device_label)
        for signal in (state.store_changed, state.backup_changed, state.device_changed):
            signal.connect(self.refresh)

    def refresh(self) -> None:
        """Say where the data live, when they were last backed up, and the compute device."""
        state, label = self.state, self.store_label
        if state.store is None:
            path = (
                translate("MainWindow", "opening…")
                if state.store_problem is None
                else translate("MainWindow", "not open")
            )
            label.setText(translate("MainWindow", "Data: {path}").format(path=path))
            label.elide = ""
            label.setToolTip(state.store_problem or "")
        else:
            full, backup = state.store.location or str(state.store.path), state.last_backup
            if backup is not None:
                from app.services.backups import when_text

                said = translate("MainWindow", "backed up {when}").format(
                    when=when_text(backup.created).get(i18n.language())
                )
                where = translate("MainWindow", "Last backup: {path}").format(path=backup.path)
            else:
                said = translate("MainWindow", "not backed up yet")
                where = translate("MainWindow", "No backup yet: File → Back up now makes one.")
            label.setText(translate("MainWindow", "Data: {path} · {backup}").format(path=full, backup=said))
            label.elide = full
            label.setToolTip(
                translate("MainWindow", "The store: {path}").format(path=full)
                + "\n"
                + where
                + "\n"
                + translate(
                    "MainWindow", "File → Open data folder shows them; File → Restore from backup puts one back."
                )
            )
        device = state.device or translate("MainWindow", "detecting…")
        self.device_label.setText(translate("MainWindow", "Compute: {device}").format(device=device))
        self.device_label.setToolTip(
            translate(
                "MainWindow", "Where diagnoses are computed: the graphics card when one helps, else the processor."
            )
        )
