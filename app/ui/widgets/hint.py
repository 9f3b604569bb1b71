"""A hint: small grey wrapped text under a control, saying what it does or why it is off."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def hint_label(parent: QWidget) -> QLabel:
    """An empty hint label (wrapped, grey) for `parent`; its text is set on re-labelling."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555")
    return label
