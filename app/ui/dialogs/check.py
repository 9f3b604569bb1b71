"""Check the model: hide part of this class's scores, predict them, say plainly how well that went.

The check itself is `app.services.checking.check_class`, run in a worker: it reads the class's
scores from the store there. The dialog is window-modal, so nothing else uses the store meanwhile.
Below the verdict, how reliable the class's knowledge-point profile is beyond each student's overall
level, and the school's own model (`app.services.priors`): its state, training it in the worker
(progress and Cancel), and the switch between it and the shipped model.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.progress import Progress
from app.ui.base import screen
from app.ui.base.worker import Task, describe_error

METRICS = ("auc", "rmse", "log_loss", "ece")


def _pct(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.0%}"


def _num(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.3f}"


class CheckModelDialog(QDialog):
    """Runs `check_class` on a stored class in a worker; `checked(ModelCheck)` when done. Below it the school's own
    model: trained in the worker or switched, then `prior_changed(PriorState)`."""

    checked = Signal(object)
    failed = Signal(str)
    prior_changed = Signal(object)

    def __init__(
        self,
        db: Any,
        class_name: str,
        parent: QWidget | None = None,
        *,
        hide_share: float = 0.2,
        seed: int = 0,
        train_settings: Any = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.class_name, self.hide_share, self.seed = db, class_name, hide_share, seed
        self.train_settings = train_settings  # how the school's model is trained; None: the service's defaults
        self.task: Task | None = None
        self.busy = False  # a check or a training is under way
        self.model_check: Any = None  # the ModelCheck, once done
        self.prior: Any = None  # the school's model's PriorState, once read
        self.prior_note: tuple[str, str] | None = None  # what the last training or switch did, and its message
        self.setMinimumWidth(min(560, screen.available_geometry(parent).width() - 40))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.profile = QLabel(self)
        self.profile.setWordWrap(True)
        self.profile.setTextFormat(Qt.TextFormat.PlainText)
        self.profile.hide()
        self.details_button = QToolButton(self)
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = QTableWidget(len(METRICS) + 1, 2, self)  # the last row: the profile's reliability
        self.details.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.details.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details.setSpan(len(METRICS), 0, 1, 2)
        self.details.hide()
        self.details_button.hide()
        self.prior_box = self._school_model_box()
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
        column.addWidget(self.profile)
        column.addWidget(self.details_button)
        column.addWidget(self.details)
        column.addWidget(self.prior_box)
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

    def _school_model_box(self) -> QGroupBox:
        """The school's own model: its state, Train, and the switch (hidden until its state is read)."""
        box = QGroupBox(self)
        self.prior_text = QLabel(box)
        self.prior_text.setWordWrap(True)
        self.prior_text.setTextFormat(Qt.TextFormat.RichText)
        self.train_progress = QProgressBar(box)
        self.train_progress.setRange(0, 1000)
        self.train_progress.hide()
        self.train_button = QPushButton(box)
        self.train_button.clicked.connect(self.train)
        self.use_local = QRadioButton(box)
        self.use_local.clicked.connect(lambda: self.use_prior(True))
        self.use_shipped = QRadioButton(box)
        self.use_shipped.clicked.connect(lambda: self.use_prior(False))
        train_row = QHBoxLayout()
        train_row.addWidget(self.train_button)
        train_row.addStretch(1)
        switch_row = QHBoxLayout()
        switch_row.addWidget(self.use_local)
        switch_row.addWidget(self.use_shipped)
        switch_row.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.prior_text)
        column.addWidget(self.train_progress)
        column.addLayout(train_row)
        column.addLayout(switch_row)
        box.hide()
        return box

    def start(self) -> Task:
        """Start the check in a worker thread."""
        db, class_name, hide_share, seed = self.db, self.class_name, self.hide_share, self.seed

        def work(progress: Progress) -> Any:
            from app.services.checking import check_class

            return check_class(db, class_name, hide=hide_share, seed=seed, progress=progress)

        self.task = Task.start(work, parent=self)
        self.busy = True
        self.task.progress.connect(lambda f, _m: self.progress.setValue(int(f * 1000)))
        self.task.finished.connect(self._on_result)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(self._on_cancelled)
        self.cancel_button.setEnabled(True)
        self.verdict.setText(self.tr("Hiding scores and predicting them…"))
        return self.task

    def cancel(self) -> None:
        """Stop the running check or training."""
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)

    def _on_result(self, result: Any) -> None:
        self.busy = False
        self.model_check = result
        self.progress.setValue(1000)
        self.cancel_button.hide()
        self._show_result()
        self.refresh_prior()
        self._fit()
        self.checked.emit(result)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self.cancel_button.setEnabled(False)
        self.verdict.setText(self.tr("The check could not be run:") + "<br>" + message.replace("\n", "<br>"))
        self.refresh_prior()
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self.busy = False
        self.cancel_button.setEnabled(False)
        self.verdict.setText(self.tr("Check cancelled."))
        self.refresh_prior()

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

    def profile_words(self, result: Any) -> str:
        """How far the class's scores tell knowledge points apart beyond each student's overall level, and on how
        many other classes of the grade the questions were calibrated, in plain words."""
        words = []
        reliability = result.reliability
        if reliability is not None and math.isnan(reliability.full_length):
            words.append(
                self.tr(
                    "This class has too few scores per knowledge point to tell how reliably they tell knowledge "
                    "points apart beyond each student's overall level: treat weak points as 'this student is "
                    "behind overall'."
                )
            )
        elif reliability is not None and reliability.supports_relative:
            words.append(
                self.tr(
                    "Beyond each student's overall level, this class's scores tell knowledge points apart reliably "
                    "enough ({r:.2f}) to flag points weak relative to a student's own level."
                ).format(r=reliability.full_length)
            )
        elif reliability is not None:
            words.append(
                self.tr(
                    "Beyond each student's overall level, this class's scores tell knowledge points apart only "
                    "weakly (reliability {r:.2f}): treat most weak points as 'this student is behind overall'."
                ).format(r=reliability.full_length)
            )
        if result.peer_classes:
            words.append(
                self.tr("The questions were calibrated on this class and {n} other classes of the grade.").format(
                    n=result.peer_classes
                )
            )
        return "\n".join(words)

    def _show_result(self) -> None:
        result = self.model_check
        if result is None:
            return
        self.verdict.setText(self.plain_words(result))
        profile = self.profile_words(result)
        self.profile.setText(profile)
        self.profile.setVisible(bool(profile))
        self.details_button.show()
        names = {
            "auc": self.tr("AUC (higher is better)"),
            "rmse": self.tr("RMSE (lower is better)"),
            "log_loss": self.tr("Log loss (lower is better)"),
            "ece": self.tr("Calibration error ECE (lower is better)"),
        }
        self.details.setHorizontalHeaderLabels([self.tr("Diagnosis"), self.tr("Score rate")])
        self.details.setVerticalHeaderLabels(
            [names[m] for m in METRICS] + [self.tr("Profile reliability beyond the overall level")]
        )
        for row, metric in enumerate(METRICS):
            for col, source in enumerate((result.engine, result.baseline)):
                self._set_cell(row, col, _num(source.get(metric, math.nan)))
        full = math.nan if result.reliability is None else result.reliability.full_length
        self._set_cell(len(METRICS), 0, "—" if math.isnan(full) else f"{full:.2f}")
        self.details.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.details.resizeRowsToContents()
        height = self.details.horizontalHeader().height() + 2 * self.details.frameWidth()
        height += sum(self.details.rowHeight(r) for r in range(self.details.rowCount()))
        self.details.setFixedHeight(height)

    def _set_cell(self, row: int, col: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.details.setItem(row, col, item)

    # ----------------------------------------------------------------- the school's own model

    def refresh_prior(self) -> None:
        """Read the school's own model's state beside the store and show it (nothing without a store)."""
        if self.db is None:
            return
        from app.services.priors import prior_state

        self.prior = prior_state(self.db)
        self._show_prior()
        self._fit()

    def prior_words(self, state: Any) -> str:
        """The school's own model in plain words: trained or not, better or not, which one diagnoses use."""
        words = []
        kind, message = self.prior_note or ("", "")
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
                la=_num(local.get("auc", math.nan)),
                sa=_num(shipped.get("auc", math.nan)),
                ll=_num(local.get("log_loss", math.nan)),
                sl=_num(shipped.get("log_loss", math.nan)),
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

    def _show_prior(self) -> None:
        state = self.prior
        self.prior_box.setVisible(state is not None)
        if state is None:
            return
        self.prior_text.setText(self.prior_words(state))
        self.train_button.setEnabled(not self.busy)
        self.use_local.setEnabled(not self.busy and state.better)
        self.use_shipped.setEnabled(not self.busy and state.trained)
        (self.use_local if state.in_use else self.use_shipped).setChecked(True)

    def train(self) -> Task | None:
        """Train the school's own model on the store's classes in a worker; Cancel stops it and saves nothing."""
        if self.db is None or self.busy:
            return None
        db, settings = self.db, self.train_settings

        def work(progress: Progress) -> Any:
            from app.services.priors import prior_state, train_local_prior

            train_local_prior(db, settings=settings, progress=progress)
            return prior_state(db)

        self.task = Task.start(work, parent=self)
        self.busy = True
        self.prior_note = ("training", "")
        self.task.progress.connect(lambda f, _m: self.train_progress.setValue(int(f * 1000)))
        self.task.finished.connect(self._on_trained)
        self.task.failed.connect(lambda message: self._training_over("failed", message))
        self.task.cancelled.connect(lambda: self._training_over("cancelled", ""))
        self.train_progress.setValue(0)
        self.train_progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._show_prior()
        self._fit()
        self._reveal(self.train_progress)
        return self.task

    def _on_trained(self, state: Any) -> None:
        self.prior = state
        self._training_over("trained", "")
        self.prior_changed.emit(state)

    def _training_over(self, kind: str, message: str) -> None:
        self.busy = False
        self.prior_note = (kind, message.replace("\n", "<br>"))
        self.train_progress.hide()
        self.cancel_button.hide()
        self._show_prior()
        self._fit()
        self._reveal(self.train_button)

    def use_prior(self, use: bool) -> None:
        """Switch diagnoses to the school's own model (`use`) or back to the shipped one; a refusal is shown."""
        from app.core.problems import Refused
        from app.services.priors import use_local_prior

        try:
            self.prior = use_local_prior(self.db, use)
            self.prior_note = None
        except (Refused, OSError) as error:
            self.prior_note = ("refused", describe_error(error))
        self._show_prior()
        self._fit()
        self.prior_changed.emit(self.prior)

    # ----------------------------------------------------------------- layout and language

    def _reveal(self, widget: QWidget) -> None:
        """Scroll `widget` into view once the layout has settled."""
        QTimer.singleShot(0, self.body, lambda: self.body.ensureWidgetVisible(widget))

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
        self.cancel_button.setToolTip(self.tr("Stop the check or the training; nothing is changed"))
        self.close_button.setToolTip(self.tr("Close this window (a check or training still running is stopped)"))
        self.details_button.setToolTip(
            self.tr("Show AUC, RMSE, log loss and calibration error of the diagnosis beside the score rate's")
        )
        self.details_button.setText(self.tr("Details for specialists (AUC, RMSE…)"))
        self.profile.setToolTip(
            self.tr(
                "How reproducible each student's pattern of strong and weak points is once their overall level is "
                "taken out (0: not at all, 1: fully)"
            )
        )
        self.prior_box.setTitle(self.tr("The school's own model"))
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
        self.train_progress.setToolTip(self.tr("Training the school's model; Cancel stops it"))
        self._show_result()
        self._show_prior()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def done(self, result: int) -> None:
        """Close, stopping the check or the training first."""
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.task.wait(30_000)
        super().done(result)
