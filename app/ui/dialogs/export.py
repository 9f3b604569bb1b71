"""The export dialog: format, one file or one per student, the 讲评 list's length, anonymisation.

It asks what `python -m app export` asks; the window then asks where and exports in the background.
The thresholds are the teacher's (Settings), shown here but not set here: one set of thresholds for
the views and every export. The 分层 export prints the groups of the 分层 tab as they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.diagnosis import Thresholds
from app.export.kinds import ExportKind
from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.widgets.hint import hint_label


class ExportDialog(i18n.Relabelled, QDialog):
    """Asks how to export a `kind` of `EXPORT_KINDS` (its formats, one file or one per student, what else it asks);
    the window then asks where. `members`: the groups shown in the 分层 tab (student ids, group A first), exported
    as they are."""

    def __init__(
        self,
        kind: ExportKind,
        thresholds: Thresholds,
        parent: QWidget | None = None,
        *,
        top: int = 10,
        members: Sequence[Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind, self.what = kind, kind.name
        self.thresholds = thresholds
        self.members = tuple(tuple(m) for m in members) if members else None
        self.format = QComboBox(self)
        for fmt in kind.formats:
            self.format.addItem("", fmt)
        self.format.currentIndexChanged.connect(self._update)
        self.one_file = QRadioButton(self)
        self.per_student = QRadioButton(self)
        self.one_file.setChecked(True)
        self.layout_group = QButtonGroup(self)
        self.layout_group.addButton(self.one_file)
        self.layout_group.addButton(self.per_student)
        self.top = QSpinBox(self)
        self.top.setRange(3, 40)
        self.top.setValue(top)
        self.groups = QSpinBox(self)
        self.groups.setRange(2, 4)
        self.groups.setValue(len(self.members) if self.members else 3)
        self.groups_note = QLabel(self)
        self.groups_note.setWordWrap(True)
        self.thresholds_note = hint_label(self)
        self.anonymise = QCheckBox(self)
        self.anonymise_hint = hint_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.format_label = QLabel(self)
        self.files_label = QLabel(self)
        self.top_label = QLabel(self)
        self.groups_label = QLabel(self)
        self.form.addRow(self.format_label, self.format)
        hidden: list[QWidget] = []
        if kind.per_student:
            files = QVBoxLayout()
            files.addWidget(self.one_file)
            files.addWidget(self.per_student)
            self.form.addRow(self.files_label, files)
        else:
            hidden += [self.files_label, self.one_file, self.per_student]
        if "top" in kind.options:
            self.form.addRow(self.top_label, self.top)
        else:
            hidden += [self.top_label, self.top]
        if "n_groups" in kind.options and self.members is None:
            self.form.addRow(self.groups_label, self.groups)
        else:
            hidden += [self.groups_label, self.groups]
        if "n_groups" not in kind.options:
            hidden.append(self.groups_note)
        for w in hidden:
            w.hide()
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        if "n_groups" in kind.options:
            column.addWidget(self.groups_note)
        column.addWidget(self.thresholds_note)
        column.addSpacing(8)
        column.addWidget(self.anonymise)
        column.addWidget(self.anonymise_hint)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.retranslate()
        fit_to_screen(self, QSize(max(480, self.sizeHint().width()), self.sizeHint().height()))

    def chosen_format(self) -> str:
        """The format picked: "pdf", "xlsx" or "csv"."""
        return self.format.currentData()

    def chosen_per_student(self) -> bool:
        """True for one file per student (plans and handbooks only)."""
        return self.kind.per_student and self.per_student.isChecked()

    def _update(self) -> None:
        pdf = self.chosen_format() == "pdf"
        if self.what == "handbook":
            self.one_file.setText(self.tr("One PDF for the class (one page per student)"))
            self.per_student.setText(self.tr("One PDF per student, into a folder"))
        elif self.what == "plans" and pdf:
            self.one_file.setText(
                self.tr("One PDF for the class (one section per student; a long plan runs on to the next page)")
            )
            self.per_student.setText(self.tr("One file per student, into a folder"))
        else:
            self.one_file.setText(self.tr("One file for the class"))
            self.per_student.setText(self.tr("One file per student, into a folder"))

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.setWindowTitle(self.tr("Export: {what}").format(what=i18n.text(self.kind.title)))
        names = {
            "pdf": self.tr("PDF (for printing)"),
            "xlsx": self.tr("Excel workbook (.xlsx)"),
            "csv": self.tr("CSV table (.csv)"),
        }
        for i in range(self.format.count()):
            self.format.setItemText(i, names[self.format.itemData(i)])
        self.format.setToolTip(self.tr("PDF to print; Excel or CSV to edit"))
        self.format_label.setText(self.tr("Format:"))
        self.files_label.setText(self.tr("Files:"))
        self.one_file.setToolTip(self.tr("Everything in one file, to print at once"))
        self.per_student.setToolTip(self.tr("A folder with one file per student, named after them, to hand out"))
        self.top_label.setText(self.tr("Questions:"))
        self.top.setToolTip(self.tr("How many questions the 讲评 list holds, those to go over first"))
        self.groups_label.setText(self.tr("Groups:"))
        self.groups.setToolTip(self.tr("How many groups (2–4) to make by weak-point pattern"))
        if self.members:
            sizes = i18n.listed(
                self.tr("{letter}: {n}").format(letter=chr(ord("A") + i), n=len(m)) for i, m in enumerate(self.members)
            )
            self.groups_note.setText(
                self.tr("The groups as shown in the 分层 tab, with the moves made there ({sizes} students).").format(
                    sizes=sizes
                )
            )
        else:
            self.groups_note.setText(self.tr("The students are grouped by their pattern of weak points."))
        self.thresholds_note.setText(
            self.tr(
                "Weak below mastery {weak:.2f}, mastered from {mastered:.2f}: the thresholds of Settings, as in the "
                "window."
            ).format(weak=self.thresholds.weak_below, mastered=self.thresholds.mastered_from)
        )
        self.anonymise.setText(self.tr("Anonymise"))
        self.anonymise.setToolTip(self.tr("Replace names by pseudonyms and leave 学号 out"))
        self.anonymise_hint.setText(
            self.tr(
                "Names become pseudonyms and 学号 are left out, as 未成年人学校保护规定 asks for student "
                "information that leaves the school."
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Export…"))
        ok.setToolTip(self.tr("Choose where to save, then export in the background (progress in the status bar)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without exporting"))
        self._update()
