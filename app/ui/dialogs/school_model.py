"""The school's own model in the check-the-model dialog: its state in plain words, Train, and the switch between it
and the shipped model (`app.services.priors`). The box only shows; the dialog runs the training and the switch."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.services.priors import PriorState


def number(value: float | None) -> str:
    """A metric with three decimals, "—" when there is none."""
    return "—" if value is None or math.isnan(value) else f"{value:.3f}"


class SchoolModelBox(QGroupBox):
    """The school's own model (hidden until its state is shown). Signals: `train_requested()`,
    `use_requested(use)` (True: the school's model, False: the shipped one)."""

    train_requested = Signal()
    use_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: PriorState | None = None
        self.note: tuple[str, str] | None = None  # what the last training or switch did, and its message
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.train_button = QPushButton(self)
        self.train_button.clicked.connect(self.train_requested)
        self.use_local = QRadioButton(self)
        self.use_local.clicked.connect(lambda: self.use_requested.emit(True))
        self.use_shipped = QRadioButton(self)
        self.use_shipped.clicked.connect(lambda: self.use_requested.emit(False))
        train_row = QHBoxLayout()
        train_row.addWidget(self.train_button)
        train_row.addStretch(1)
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.use_local)
        switch_row.addWidget(self.use_shipped)
        switch_row.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addWidget(self.progress)
        column.addLayout(train_row)
        column.addLayout(switch_row)
        self.hide()

    def show_state(self, state: PriorState | None, *, busy: bool) -> None:
        """Show `state` (None: hidden), its buttons enabled unless `busy` (a check or training runs)."""
        self.state = state
        self.setVisible(state is not None)
        if state is None:
            return
        self.text.setText(self.words(state))
        self.train_button.setEnabled(not busy)
        self.use_local.setEnabled(not busy and state.better)
        self.use_shipped.setEnabled(not busy and state.trained)
        (self.use_local if state.in_use else self.use_shipped).setChecked(True)

    def words(self, state: PriorState) -> str:
        """The school's own model in plain words: trained or not, better or not, which one diagnoses use."""
        words = []
        kind, message = self.note or ("", "")
        notes = {
            "training": self.tr("Training on this store's classes… This can take a few minutes; Cancel stops it."),
            "trained": self.tr("<b>Training finished.</b>"),
            "cancelled": self.tr("Training cancelled; nothing was changed."),
            "failed": self.tr("<b>The school's model could not be trained:</b>") + " " + message,
            "refused": message,
        }
        if kind in notes:
            words.append(notes[kind])
        if not state.trained:
            words.append(
                self.tr(
                    "No model of this school has been trained yet. Zhidian can train one on this store's classes "
                    "tagged with knowledge points, starting from the shipped model; it is used only if it predicts "
                    "classes it has not seen better than the shipped model."
                )
            )
        else:
            comparison = state.comparison
            held = int(comparison.get("held_out_classes", 0))
            if state.better:
                trained = self.tr(
                    "Trained on {n} classes on {date}. Checked on classes kept out of its training ({held} of them), "
                    "it predicted hidden scores better than the shipped model."
                )
            else:
                trained = self.tr(
                    "Trained on {n} classes on {date}. Checked on classes kept out of its training ({held} of them), "
                    "it did not predict hidden scores better than the shipped model, so it is not used."
                )
            trained = trained.format(n=state.classes, date=state.date, held=held)
            local, shipped = comparison.get("local", {}), comparison.get("shipped", {})
            numbers = self.tr(
                "School's model against shipped model: AUC {la} against {sa} (higher is better), "
                "log loss {ll} against {sl} (lower is better)."
            ).format(
                la=number(local.get("auc", math.nan)),
                sa=number(shipped.get("auc", math.nan)),
                ll=number(local.get("log_loss", math.nan)),
                sl=number(shipped.get("log_loss", math.nan)),
            )
            words.append(f"{trained}<br><small>{numbers}</small>")
        if state.in_use:
            words.append(self.tr("<b>Diagnoses now use the school's model.</b>"))
        else:
            words.append(self.tr("<b>Diagnoses now use the shipped model.</b>"))
        words.append(
            self.tr("Diagnoses already made keep the model that made them: run the diagnosis again to apply a change.")
        )
        return "<br>".join(words)

    def retranslate(self) -> None:
        """Re-label the box (and the state shown) in the current language."""
        self.setTitle(self.tr("The school's own model"))
        self.train_button.setText(self.tr("Train on this store's classes"))
        self.train_button.setToolTip(
            self.tr(
                "Train a model on every class of this store tagged with knowledge points, check it on classes kept "
                "out of its training, and use it only if it predicts them better than the shipped model"
            )
        )
        self.use_local.setText(self.tr("Use the school's model"))
        self.use_local.setToolTip(
            self.tr("New diagnoses use the model trained on this school's classes (only if it predicted better)")
        )
        self.use_shipped.setText(self.tr("Use the shipped model"))
        self.use_shipped.setToolTip(self.tr("New diagnoses use the model that comes with Zhidian"))
        self.progress.setToolTip(self.tr("Training the school's model; Cancel stops it"))
        if self.state is not None:
            self.text.setText(self.words(self.state))
