"""Asking before a change that takes something away: the safe choice (Cancel / 取消) is the default.

    if confirm(parent, "Delete the class 八年级(3)班 …?", tr("Delete class")):
        ...

The button that goes ahead says what it does ("Delete class", "Restore"), never a bare "Yes", and
Enter or Esc in the box cancels. `choose` is the same box with several named ways on.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from app.ui.views.welcome import TITLE


def build_box(
    parent: QWidget | None,
    text: str,
    choices: Sequence[str],
    *,
    details: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    cancel: bool = True,
) -> tuple[QMessageBox, list[QAbstractButton]]:
    """A message box offering `choices` (its buttons, in that order) and, with `cancel`, Cancel as the default."""
    box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    if details:
        box.setInformativeText(details)
    buttons: list[QAbstractButton] = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in choices]
    if cancel:
        safe = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(safe)
        box.setEscapeButton(safe)
    return box, buttons


def choose(
    parent: QWidget | None,
    text: str,
    choices: Sequence[str],
    *,
    details: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    cancel: bool = True,
) -> int | None:
    """Ask; the index in `choices` of the button pressed, None for Cancel (the default) or closing the box."""
    box, buttons = build_box(parent, text, choices, details=details, icon=icon, cancel=cancel)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def confirm(parent: QWidget | None, text: str, action: str, *, details: str = "") -> bool:
    """Ask before a change; True only when the teacher pressed the button named `action` (Cancel is the default)."""
    return choose(parent, text, [action], details=details) == 0
