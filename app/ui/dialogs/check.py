"""Check the model: hide part of this class's scores, predict them, say plainly how well that went.

The check is `app.services.checking.check_class`, run on the window's runner (so nothing else uses the store
meanwhile); its verdict and the profile's words are the service's (`verdict`, `profile_text`, `calibration_text`),
the same as `python -m app check` prints. Below them, the school's own model (`SchoolModelBox`): its state,
training it on the runner (progress and Cancel), and the switch between it and the shipped model.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
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
from app.services.grain import shown_reliability
from app.ui.base import i18n, screen
from app.ui.base.tasks import BackgroundOp, TaskRunner
from app.ui.base.worker import describe_error
from app.ui.dialogs.school_model import SchoolModelBox, number

if TYPE_CHECKING:
    from app.services.checking import ModelCheck
    from app.services.priors import LocalSettings, PriorState
    from app.services.store import Database

METRICS = ("auc", "rmse", "log_loss", "ece")


def _pct(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.0%}"


class CheckModelDialog(i18n.Relabelled, QDialog):
    """Runs `check_class` on a stored class on the runner; `checked(ModelCheck)` when done. Below it the school's own
    model: trained on the runner or switched, then `prior_changed(PriorState)`; `prior_read(PriorState)` after
    every read of its state; `training_over(kind)` ("trained", "cancelled", "failed")."""

    checked = Signal(object)
    failed = Signal(str)
    prior_changed = Signal(object)
    prior_read = Signal(object)
    training_over = Signal(str)

    def __init__(
        self,
        db: Database,
        class_name: str,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        hide_share: float = 0.2,
        seed: int = 0,
        train_settings: LocalSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.class_name, self.runner, self.hide_share, self.seed = db, class_name, runner, hide_share, seed
        self.train_settings = train_settings  # how the school's model is trained; None: the service's defaults
        self.op: BackgroundOp[Any] | None = None  # the check or training running
        self.model_check: ModelCheck | None = None
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
        self.details.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.details.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.details.setSpan(len(METRICS), 0, 1, 2)
        self.details.hide()
        self.details_button.hide()
        self.prior_box = box = SchoolModelBox(self)
        box.train_requested.connect(self.train)
        box.use_requested.connect(self.use_prior)
        self.prior_text, self.train_button, self.train_progress = box.text, box.train_button, box.progress
        self.use_local, self.use_shipped = box.use_local, box.use_shipped
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        body = self.content = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.intro, self.progress, self.verdict, self.profile, self.details_button, self.details, box):
            column.addWidget(widget)
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

    @property
    def busy(self) -> bool:
        """True while a check or a training runs."""
        return self.op is not None

    def _run(self, op: BackgroundOp[Any]) -> bool:
        if self.op is not None or not self.runner.run(op):
            return False
        self.op = op
        self.cancel_button.setEnabled(op.cancellable)
        return True

    def _over(self) -> None:
        self.op = None
        self.cancel_button.setEnabled(False)

    # ----------------------------------------------------------------- the check

    def start(self) -> bool:
        """Start the check on the runner, once what runs there now is over (False: a check or training runs)."""
        db, class_name, hide_share, seed = self.db, self.class_name, self.hide_share, self.seed

        def work(progress: Progress) -> tuple[ModelCheck, PriorState]:
            from app.services.checking import check_class
            from app.services.priors import prior_state

            return check_class(db, class_name, hide=hide_share, seed=seed, progress=progress), prior_state(db)

        started = self._run(
            BackgroundOp(
                work,
                lambda result: self._on_checked(*result),
                on_progress=lambda fraction: self.progress.setValue(int(fraction * 1000)),
                on_failure=self._on_failed,
                on_cancelled=self._on_cancelled,
                announce=False,
                latest="check",
            )
        )
        if started:
            self.verdict.setText(self.tr("Hiding scores and predicting them…"))
        return started

    def cancel(self) -> None:
        """Stop the running check or training."""
        if self.op is not None:
            self.runner.cancel(self.op)
            self.cancel_button.setEnabled(False)

    def _on_checked(self, result: ModelCheck, prior: PriorState) -> None:
        self._on_result(result)
        self._show_prior(prior)
        self.checked.emit(result)

    def _on_result(self, result: ModelCheck) -> None:
        self._over()
        self.model_check = result
        self.progress.setValue(1000)
        self.cancel_button.hide()
        self._show_result()
        self._fit()

    def _on_failed(self, message: str, error: BaseException | None) -> bool:
        self._over()
        self.verdict.setText(self.tr("The check could not be run:") + "<br>" + message.replace("\n", "<br>"))
        self.refresh_prior()
        self.failed.emit(message)
        return True

    def _on_cancelled(self) -> None:
        self._over()
        self.verdict.setText(self.tr("Check cancelled."))
        self.refresh_prior()

    def plain_words(self, result: ModelCheck) -> str:
        """The verdict in plain words (the service's, as the CLI prints it), in the current language."""
        from app.services.checking import rival_text, verdict

        e, b = result.engine, result.baseline
        head = self.tr(
            "We hid {n} of this class's scores ({share:.0%} of each student's), re-ran the diagnosis "
            "without them, and predicted them."
        ).format(n=int(result.hidden_scores), share=result.hide)
        found = f"<b>{i18n.text(verdict(result).text)}</b>"
        error = self.tr("Its predictions were off by {e} of a question's points on average (score rate: {b}).").format(
            e=_pct(e.get("rmse", math.nan)), b=_pct(b.get("rmse", math.nan))
        )
        ranking = self.tr(
            "Given a hidden answer that was right and one that was wrong, it rated the right one "
            "higher {e} of the time (score rate: {b}; 50% is guessing)."
        ).format(e=_pct(e.get("auc", math.nan)), b=_pct(b.get("auc", math.nan)))
        rivals = "".join(f"<br><b>{i18n.text(rival_text(r))}</b>" for r in result.rivals)
        return f"{head}<br><br>{found}<br>{error}<br>{ranking}{rivals}"

    def profile_words(self, result: ModelCheck) -> str:
        """How far the class's scores tell knowledge points apart beyond each student's overall level, and on how
        many other classes of the grade the questions were calibrated (the service's words)."""
        from app.services.checking import calibration_text, profile_text

        return "\n".join(i18n.text(t) for t in (profile_text(result), calibration_text(result)) if t is not None)

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
        rivals = {r.name: r for r in result.rivals}
        columns = [(self.tr("Diagnosis"), result.engine), (self.tr("Score rate"), result.baseline)]
        if "rasch" in rivals:  # on the same hidden scores
            columns.append((self.tr("Rasch, same data"), rivals["rasch"].rival))
        if "latest_exam" in rivals:  # on the latest exam's hidden scores only: the diagnosis beside it on those
            latest = rivals["latest_exam"]
            columns += [
                (self.tr("Diagnosis, latest exam"), latest.engine),
                (self.tr("Latest exam alone"), latest.rival),
            ]
        sources = [source for _, source in columns]
        self.details.setColumnCount(len(sources))
        self.details.setSpan(len(METRICS), 0, 1, len(sources))
        self.details.setHorizontalHeaderLabels([header for header, _ in columns])
        header = self.details.horizontalHeader()  # five columns' names wrap onto two lines rather than being cut
        header.setMinimumHeight(2 * header.fontMetrics().lineSpacing() + 8 if len(columns) > 3 else 0)
        if "latest_exam" in rivals:
            on_latest = self.tr("On the latest exam's {n} hidden scores only").format(
                n=rivals["latest_exam"].hidden_scores
            )
            for col in (len(columns) - 2, len(columns) - 1):
                item = self.details.horizontalHeaderItem(col)
                if item is not None:
                    item.setToolTip(on_latest)
        self.details.setVerticalHeaderLabels(
            [names[m] for m in METRICS] + [self.tr("Profile reliability beyond the overall level")]
        )
        for row, metric in enumerate(METRICS):
            for col, source in enumerate(sources):
                self._set_cell(row, col, number(source.get(metric, math.nan)))
        full = math.nan if result.reliability is None else result.reliability.full_length
        self._set_cell(len(METRICS), 0, shown_reliability(full))
        self.details.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.details.resizeRowsToContents()
        height = max(header.height(), header.minimumHeight()) + 2 * self.details.frameWidth()
        height += sum(self.details.rowHeight(r) for r in range(self.details.rowCount()))
        self.details.setFixedHeight(height)

    def _set_cell(self, row: int, col: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.details.setItem(row, col, item)

    # ----------------------------------------------------------------- the school's own model

    @property
    def prior(self) -> PriorState | None:
        """The school's model's state, as last read."""
        return self.prior_box.state

    def refresh_prior(self) -> None:
        """Read the school's own model's state beside the store on the runner and show it (`prior_read`)."""
        from app.services.priors import prior_state

        db = self.db
        self.runner.run(
            BackgroundOp(lambda _progress: prior_state(db), self._show_prior, announce=False, latest="school-model")
        )

    def _show_prior(self, state: PriorState | None = None) -> None:
        self.prior_box.show_state(state or self.prior, busy=self.busy)
        self._fit()
        if state is not None:
            self.prior_read.emit(state)

    def train(self) -> bool:
        """Train the school's own model on the store's classes on the runner; Cancel stops it and saves nothing."""
        db, settings = self.db, self.train_settings

        def work(progress: Progress) -> PriorState:
            from app.services.priors import prior_state, train_local_prior

            train_local_prior(db, settings=settings, progress=progress)
            return prior_state(db)

        box = self.prior_box
        if not self._run(
            BackgroundOp(
                work,
                self._on_trained,
                on_progress=lambda fraction: box.progress.setValue(int(fraction * 1000)),
                on_failure=self._training_failed,
                on_cancelled=lambda: self._training_over("cancelled", ""),
                announce=False,
                latest="check",
            )
        ):
            return False
        box.note = ("training", "")
        box.progress.setValue(0)
        box.progress.show()
        self.cancel_button.show()
        self._show_prior()
        self._reveal(box.progress)
        return True

    def _on_trained(self, state: PriorState) -> None:
        self._training_over("trained", "", state)
        self.prior_changed.emit(state)

    def _training_failed(self, message: str, _error: BaseException | None) -> bool:
        self._training_over("failed", message)
        return True

    def _training_over(self, kind: str, message: str, state: PriorState | None = None) -> None:
        self._over()
        box = self.prior_box
        box.note = (kind, message.replace("\n", "<br>"))
        box.progress.hide()
        self.cancel_button.hide()
        self._show_prior(state)
        self._reveal(box.train_button)
        self.training_over.emit(kind)

    def use_prior(self, use: bool) -> None:
        """Switch diagnoses to the school's own model (`use`) or back to the shipped one (on the runner); a refusal
        is shown in the box."""
        from app.services.priors import use_local_prior

        db = self.db
        self.runner.run(
            BackgroundOp(
                lambda _progress: use_local_prior(db, use),
                self._on_switched,
                on_failure=self._switch_refused,
                announce=False,
                latest="school-model",
            )
        )

    def _on_switched(self, state: PriorState) -> None:
        self.prior_box.note = None
        self._show_prior(state)
        self.prior_changed.emit(state)

    def _switch_refused(self, message: str, error: BaseException | None) -> bool:
        self.prior_box.note = ("refused", describe_error(error) if error is not None else message)
        self._show_prior()
        self.prior_changed.emit(self.prior)
        return True

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
        wide = self.details.isVisible() and self.details.columnCount() > 3  # room for the latest exam's columns
        width = max(self.width(), self.minimumWidth(), 720 if wide else 600)
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
        self.prior_box.retranslate()
        self._show_result()

    def done(self, result: int) -> None:
        """Close, stopping the check or the training first."""
        if self.op is not None:
            self.runner.stop(self.op, 30_000)
        super().done(result)
