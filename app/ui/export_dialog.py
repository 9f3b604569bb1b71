"""The export dialog: format, one file or one per student, weak threshold, anonymisation.

It asks what `python -m app export` asks; the window then asks where and exports in the background.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ExportDialog(QDialog):
    """Asks how to export `what` ("plans", "report", "mastery"); the window then asks where."""

    def __init__(self, what: str, weak_below: float | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.export.writers import FORMATS

        self.what = what
        self.weak_below = weak_below
        self.format = QComboBox(self)
        for fmt in FORMATS[what]:
            self.format.addItem("", fmt)
        self.format.currentIndexChanged.connect(self._update)
        self.one_file = QRadioButton(self)
        self.per_student = QRadioButton(self)
        self.one_file.setChecked(True)
        self.layout_group = QButtonGroup(self)
        self.layout_group.addButton(self.one_file)
        self.layout_group.addButton(self.per_student)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.05, 0.95)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(weak_below if weak_below is not None else 0.5)
        self.threshold_hint = QLabel(self)
        self.threshold_hint.setStyleSheet("color: #555")
        self.anonymise = QCheckBox(self)
        self.anonymise_hint = QLabel(self)
        self.anonymise_hint.setWordWrap(True)
        self.anonymise_hint.setStyleSheet("color: #555")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.format_label = QLabel(self)
        self.files_label = QLabel(self)
        self.threshold_label = QLabel(self)
        self.form.addRow(self.format_label, self.format)
        if what == "plans":
            files = QVBoxLayout()
            files.addWidget(self.one_file)
            files.addWidget(self.per_student)
            self.form.addRow(self.files_label, files)
        else:
            for w in (self.files_label, self.one_file, self.per_student):
                w.hide()
        self.form.addRow(self.threshold_label, self.threshold)
        self.form.addRow("", self.threshold_hint)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addSpacing(8)
        column.addWidget(self.anonymise)
        column.addWidget(self.anonymise_hint)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def chosen_format(self) -> str:
        """The format picked: "pdf", "xlsx" or "csv"."""
        return self.format.currentData()

    def chosen_threshold(self) -> float | None:
        """The weak threshold, or None when it is the diagnosis' own."""
        value = round(self.threshold.value(), 2)
        return None if self.weak_below is not None and abs(value - self.weak_below) < 1e-9 else value

    def _update(self) -> None:
        plans_pdf = self.what == "plans" and self.chosen_format() == "pdf"
        self.one_file.setText(
            self.tr("One PDF for the class (a page per student)") if plans_pdf else self.tr("One file for the class")
        )

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        titles = {
            "plans": self.tr("Export practice plans"),
            "report": self.tr("Export the class report"),
            "mastery": self.tr("Export the mastery table"),
        }
        self.setWindowTitle(titles[self.what])
        names = {
            "pdf": self.tr("PDF (for printing)"),
            "xlsx": self.tr("Excel workbook (.xlsx)"),
            "csv": self.tr("CSV table (.csv)"),
        }
        for i in range(self.format.count()):
            self.format.setItemText(i, names[self.format.itemData(i)])
        self.format_label.setText(self.tr("Format:"))
        self.files_label.setText(self.tr("Files:"))
        self.per_student.setText(self.tr("One file per student, into a folder"))
        self.threshold_label.setText(self.tr("Weak below mastery:"))
        self.threshold_hint.setText(
            self.tr("The diagnosis' own threshold is {value:.2f}.").format(value=self.weak_below)
            if self.weak_below is not None
            else self.tr("The class is diagnosed first; this is its threshold.")
        )
        self.anonymise.setText(self.tr("Anonymise"))
        self.anonymise_hint.setText(
            self.tr(
                "Names become pseudonyms and 学号 are left out, as 未成年人学校保护规定 asks for student "
                "information that leaves the school."
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
