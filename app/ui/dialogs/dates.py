"""Asking for one date (an exam's, a student's 转入 or 转出): a calendar field and, where the date may be unknown, a
"not known" box. `ask_date` returns (True, the date or None) when the teacher pressed OK, (False, None) otherwise."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class DateDialog(QDialog):
    """One date, or (with `unknown`) none."""

    def __init__(
        self, parent: QWidget | None, title: str, text: str, initial: dt.date | None, *, unknown: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        day = initial or dt.date.today()
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.unknown = QCheckBox(unknown, self)
        self.unknown.setVisible(bool(unknown))
        self.unknown.setChecked(bool(unknown) and initial is None)
        self.unknown.toggled.connect(lambda on: self.edit.setEnabled(not on))
        self.edit.setEnabled(not self.unknown.isChecked())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.unknown)
        layout.addWidget(buttons)

    def chosen(self) -> dt.date | None:
        """The date chosen (None: not known)."""
        if self.unknown.isChecked():
            return None
        day = self.edit.date()
        return dt.date(day.year(), day.month(), day.day())


def ask_date(
    parent: QWidget | None, title: str, text: str, initial: dt.date | None = None, *, unknown: str = ""
) -> tuple[bool, dt.date | None]:
    """Ask for a date; (True, date or None for "not known") on OK, (False, None) on Cancel."""
    dialog = DateDialog(parent, title, text, initial, unknown=unknown)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.chosen()
