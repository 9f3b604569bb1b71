"""Settings: the thresholds that turn a mastery into weak (薄弱), developing (待巩固) or mastered (已掌握), and the
confidence a weak flag needs (less sure is 暂不确定, "not sure yet").

They apply to every view, chart, the knowledge graph, the exports and `python -m app` alike (the settings file,
`app.core.settings`): the window reads the class again with them once they change. What may be set is
`app.core.diagnosis.thresholds_problem`'s rule, which `Thresholds` itself enforces, and
`app.core.settings.confidence_problem`'s.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.diagnosis import Thresholds, thresholds_problem
from app.core.settings import Settings, confidence_problem
from app.ui.base import i18n, screen
from app.ui.base.settings import AppSettings
from app.ui.dialogs.data_location import DataLocationTab


class SettingsDialog(i18n.Relabelled, QDialog):
    """The teacher's thresholds, and where the store is (数据位置); OK stores them (refused while weak below is not
    under mastered from, or a server is chosen without its host, database or user). `location_changed` says the
    store to open changed."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.location_changed = False
        self.tabs = QTabWidget(self)
        mastery = QWidget(self.tabs)
        self.location = DataLocationTab(settings, self.tabs)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.weak = self._spin(settings.thresholds.weak_below)
        self.mastered = self._spin(settings.thresholds.mastered_from)
        self.confidence = self._spin(settings.confidence)
        self.confidence.setRange(0.5, 0.99)
        self.weak_label, self.mastered_label, self.confidence_label = QLabel(self), QLabel(self), QLabel(self)
        self.weak_label.setBuddy(self.weak)
        self.mastered_label.setBuddy(self.mastered)
        self.confidence_label.setBuddy(self.confidence)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.defaults_button = QPushButton(self)
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.weak_label, self.weak)
        form.addRow(self.mastered_label, self.mastered)
        form.addRow(self.confidence_label, self.confidence)
        inner = QVBoxLayout(mastery)
        inner.addWidget(self.intro)
        inner.addLayout(form)
        inner.addStretch(1)
        self.tabs.addTab(mastery, "")
        self.tabs.addTab(self.location, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.weak.valueChanged.connect(self._check)
        self.mastered.valueChanged.connect(self._check)
        self.confidence.valueChanged.connect(self._check)
        for field in (self.location.host, self.location.database, self.location.user):
            field.textChanged.connect(self._check)
        self.location.server.toggled.connect(self._check)
        self.retranslate()
        self._check()
        screen.fit_dialog(self, QSize(520, self.sizeHint().height()))

    def _spin(self, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(0.0, 1.0)
        spin.setDecimals(2)
        spin.setSingleStep(0.05)
        spin.setValue(value)
        return spin

    def chosen(self) -> tuple[float, float]:
        """(weak below, mastered from) as set in the dialog."""
        return round(self.weak.value(), 2), round(self.mastered.value(), 2)

    def restore_defaults(self) -> None:
        """Put the defaults (0.50 and 0.80, confidence 0.80) back in the fields."""
        self.weak.setValue(Thresholds().weak_below)
        self.mastered.setValue(Thresholds().mastered_from)
        self.confidence.setValue(Settings().confidence)

    def _problem(self) -> str | None:
        problem = thresholds_problem(*self.chosen()) or confidence_problem(round(self.confidence.value(), 2))
        return problem.get(i18n.language()) if problem is not None else self.location.problem()

    def _check(self) -> None:
        problem = self._problem()
        self.problem.setText(problem or "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(problem is None)

    def accept(self) -> None:
        """Store the thresholds, the confidence and the store's location (when they are usable) and close."""
        if self._problem() is not None:
            return
        self.settings.set_thresholds(*self.chosen())
        self.settings.confidence = round(self.confidence.value(), 2)
        self.location_changed = self.location.apply(self.settings)
        super().accept()

    def retranslate(self) -> None:
        """Re-label the dialog in the current language."""
        self.setWindowTitle(self.tr("Settings"))
        self.tabs.setTabText(0, self.tr("Mastery"))
        self.tabs.setTabText(1, self.tr("Data location (数据位置)"))
        self.intro.setText(
            self.tr(
                "A student's mastery of a knowledge point (0 to 1) is weak below the first threshold, mastered from "
                "the second, and developing in between. The class and student views, the charts, the knowledge "
                "graph and the exports all use these."
            )
        )
        self.weak_label.setText(self.tr("Weak (薄弱) below:"))
        self.mastered_label.setText(self.tr("Mastered (已掌握) from:"))
        self.confidence_label.setText(self.tr("Flag as weak when at least this sure:"))
        self.confidence.setToolTip(
            self.tr(
                "How sure the diagnosis must be that a mastery is below the weak threshold before a point is flagged; "
                "less sure is “not sure yet” (default 0.80)"
            )
        )
        self.weak.setToolTip(self.tr("A mastery under this is weak (default 0.50)"))
        self.mastered.setToolTip(self.tr("A mastery from this up is mastered (default 0.80)"))
        self.defaults_button.setText(self.tr("Defaults"))
        self.defaults_button.setToolTip(self.tr("Back to weak below 0.50 and mastered from 0.80"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if ok is not None:
            ok.setToolTip(self.tr("Keep these thresholds and show the class by them"))
        if cancel is not None:
            cancel.setToolTip(self.tr("Keep the thresholds as they were"))
        self._check()
