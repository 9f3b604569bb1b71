"""Check the model: hide part of this class's scores, predict them, say plainly how well that went.

The check itself is `app.services.checking.check_class`, run in a worker: it reads the class's
scores from the store there. The dialog is window-modal, so nothing else uses the store meanwhile.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.progress import Progress
from app.ui import screen
from app.ui.worker import Task

METRICS = ("auc", "rmse", "log_loss", "ece")


def _pct(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.0%}"


class CheckModelDialog(QDialog):
    """Runs `check_class` on a stored class in a worker; `checked(ModelCheck)` when done."""

    checked = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        db: Any,
        class_name: str,
        parent: QWidget | None = None,
        *,
        hide_share: float = 0.2,
        seed: int = 0,
    ) -> None:
        super().__init__(parent)
        self.db, self.class_name, self.hide_share, self.seed = db, class_name, hide_share, seed
        self.task: Task | None = None
        self.model_check: Any = None  # the ModelCheck, once done
        self.setMinimumWidth(min(560, screen.available_geometry(parent).width() - 40))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.details_button = QToolButton(self)
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QTableWidget(len(METRICS), 2, self)
        self.details.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.details.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details.hide()
        self.details_button.hide()
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        body = self.content = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.intro)
        column.addWidget(self.progress)
        column.addWidget(self.verdict)
        column.addWidget(self.details_button)
        column.addWidget(self.details)
        column.addStretch(1)
        self.body = QScrollArea(self)  # on a small screen the verdict and details scroll above the buttons
        self.body.setWidget(body)
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outer = layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._fit()

    def start(self) -> Task:
        """Start the check in a worker thread."""
        db, class_name, hide_share, seed = self.db, self.class_name, self.hide_share, self.seed

        def work(progress: Progress) -> Any:
            from app.services.checking import check_class

            return check_class(db, class_name, hide=hide_share, seed=seed, progress=progress)

        self.task = Task.start(work, parent=self)
        self.task.progress.connect(lambda f, _m: self.progress.setValue(int(f * 1000)))
        self.task.finished.connect(self._on_result)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(self._on_cancelled)
        self.cancel_button.setEnabled(True)
        self.verdict.setText(self.tr("Hiding scores and predicting them…"))
        return self.task

    def cancel(self) -> None:
        """Stop the running check."""
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)

    def _on_result(self, result: Any) -> None:
        self.model_check = result
        self.progress.setValue(1000)
        self.cancel_button.hide()
        self._show_result()
        self._fit()
        self.checked.emit(result)

    def _on_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(False)
        self.verdict.setText(self.tr("The check could not be run:") + "<br>" + message.replace("\n", "<br>"))
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self.cancel_button.setEnabled(False)
        self.verdict.setText(self.tr("Check cancelled."))

    def plain_words(self, result: Any) -> str:
        """The verdict in plain words, in the current language."""
        e, b = result.engine, result.baseline
        n = int(result.hidden_scores)
        head = self.tr(
            "We hid {n} of this class's scores ({share:.0%} of each student's), re-ran the diagnosis "
            "without them, and predicted them."
        ).format(n=n, share=result.hide)
        if result.engine_better:
            verdict = self.tr("<b>The diagnosis predicts better than the simple score rate.</b>")
        elif e.get("rmse", math.inf) <= b.get("rmse", math.inf) * 1.02:
            verdict = self.tr("<b>The diagnosis predicts about as well as the simple score rate.</b>")
        else:
            verdict = self.tr(
                "<b>On this class the diagnosis does not predict better than the simple score rate;</b> "
                "read its weak points with care."
            )
        error = self.tr("Its predictions were off by {e} of a question's points on average (score rate: {b}).").format(
            e=_pct(e.get("rmse", math.nan)), b=_pct(b.get("rmse", math.nan))
        )
        ranking = self.tr(
            "Given a hidden answer that was right and one that was wrong, it rated the right one "
            "higher {e} of the time (score rate: {b}; 50% is guessing)."
        ).format(e=_pct(e.get("auc", math.nan)), b=_pct(b.get("auc", math.nan)))
        return f"{head}<br><br>{verdict}<br>{error}<br>{ranking}"

    def _show_result(self) -> None:
        result = self.model_check
        if result is None:
            return
        self.verdict.setText(self.plain_words(result))
        self.details_button.show()
        names = {
            "auc": self.tr("AUC (higher is better)"),
            "rmse": self.tr("RMSE (lower is better)"),
            "log_loss": self.tr("Log loss (lower is better)"),
            "ece": self.tr("Calibration error ECE (lower is better)"),
        }
        self.details.setHorizontalHeaderLabels([self.tr("Diagnosis"), self.tr("Score rate")])
        self.details.setVerticalHeaderLabels([names[m] for m in METRICS])
        for row, metric in enumerate(METRICS):
            for col, source in enumerate((result.engine, result.baseline)):
                value = source.get(metric, math.nan)
                item = QTableWidgetItem("—" if math.isnan(value) else f"{value:.3f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.details.setItem(row, col, item)
        self.details.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.details.resizeRowsToContents()
        height = self.details.horizontalHeader().height() + 2 * self.details.frameWidth()
        height += sum(self.details.rowHeight(r) for r in range(self.details.rowCount()))
        self.details.setFixedHeight(height)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._fit()

    def _fit(self) -> None:
        """Grow to show the whole verdict (and details) where the screen has room; the rest scrolls."""
        width = max(self.width(), self.minimumWidth(), 600)
        margins = self.outer.contentsMargins()
        inner = width - margins.left() - margins.right()
        content = self.content
        height = content.heightForWidth(inner) if content.hasHeightForWidth() else content.sizeHint().height()
        height += self.buttons.sizeHint().height() + self.outer.spacing() + margins.top() + margins.bottom()
        screen.fit_to_screen(self, QSize(width, max(height, self.height())))

    def retranslate(self) -> None:
        """Re-label the dialog (and the result shown) in the current language."""
        self.setWindowTitle(self.tr("Check the model"))
        self.intro.setText(
            self.tr(
                "How far can you trust the diagnosis of {cls}? Zhidian hides some of the scores, diagnoses without "
                "them, and checks its predictions of the hidden scores against the simple per-knowledge-point "
                "score rate that exam platforms show."
            ).format(cls=self.class_name)
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the check; nothing is changed"))
        self.close_button.setToolTip(self.tr("Close this window (a check still running is stopped)"))
        self.details_button.setToolTip(
            self.tr("Show AUC, RMSE, log loss and calibration error of the diagnosis beside the score rate's")
        )
        self.details_button.setText(self.tr("Details for specialists (AUC, RMSE…)"))
        self._show_result()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def done(self, result: int) -> None:
        """Close, stopping the check first."""
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.task.wait(30_000)
        super().done(result)
