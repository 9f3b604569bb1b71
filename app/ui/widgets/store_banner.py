"""The banner above the window's pages that says what the teacher must know about the store as a whole: that it can
only be read and why (a locked-down PC, a write-protected USB stick), and what could not be done on opening it
(today's backup skipped: the disk is full). It follows `WindowState.store_changed`; it hides when there is
nothing to say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from app.ui.base import i18n

if TYPE_CHECKING:
    from app.ui.state import WindowState


class StoreBanner(QFrame):
    """A read-only store's reason and the notes of its opening, in one banner."""

    def __init__(self, state: WindowState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setStyleSheet(
            "QFrame { background: #fde8e4; border: 1px solid #d9826f; border-radius: 4px } QLabel { border: none }"
        )
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("⚠", self), 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        state.store_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Say why the store is read-only and what its opening could not do; hide when neither."""
        store = self.state.store
        lines = []
        if store is not None:
            if store.read_only is not None:
                lines.append(i18n.text(store.read_only))
            lines += [i18n.text(note) for note in store.notes]
        self.text.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Say it again in the new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
