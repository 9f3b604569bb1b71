"""Message boxes built by the window (`app.ui.dialogs.confirm`) answered in tests: what each said, which button was the
default, and a press of the button the test names (the default when it names none).

    def test_x(boxes):
        boxes.answers.append("Delete class")     # press it in the next box; nothing queued: the default
        ...
        assert boxes.shown[-1].default == "Cancel"
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class Shown:
    """One box as the teacher would have seen it."""

    text: str
    details: str
    buttons: list[str]
    default: str | None
    pressed: str | None


@dataclass
class Boxes:
    """Boxes shown so far, and the buttons to press in the next ones (by their text)."""

    shown: list[Shown] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    def run(self, box) -> int:
        default = box.defaultButton()
        buttons = box.buttons()
        answer = self.answers.pop(0) if self.answers else None
        button = default if answer is None else next((b for b in buttons if b.text() == answer), None)
        if answer is not None and button is None:
            raise AssertionError(f"no button {answer!r} in the box: {[b.text() for b in buttons]}")
        self.shown.append(
            Shown(
                box.text(),
                box.informativeText(),
                [b.text() for b in buttons],
                default.text() if default is not None else None,
                button.text() if button is not None else None,
            )
        )
        if button is not None:
            button.click()
        return 0


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Answer the window's own message boxes (QMessageBox.exec) instead of showing them."""
    from PySide6.QtWidgets import QMessageBox

    answered = Boxes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answered.run(box))
    return answered
