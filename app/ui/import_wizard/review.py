"""What the import wizard's preview asks before a file lands, beside the mapping (issue 19): how each column's '/'
and '—' marks are read, with their counts, each flippable; and each student of the file who looks like a student of
the class under another number or spelling, with the teacher's choice: the same student, or a new one.

The words of each choice are here; the rules are `app.services.import_review`'s (`conventions`, `flipped`,
`look_alikes`). Strings keep the preview page's translation context ("PreviewPage").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.gradebook import MarkReading

if TYPE_CHECKING:
    from app.core.gradebook import MarkConvention
    from app.services.import_review import LookAlike

translate = QCoreApplication.translate
SAME, NEW = "same", "new"


def convention_text(convention: MarkConvention) -> str:
    """One column's mark as read now: "Question 22: “/” in 4 cells: not chosen (missing, not 0)"."""
    reading = (
        translate("PreviewPage", "not chosen (missing, not 0)")
        if convention.reading is MarkReading.MISSING
        else translate("PreviewPage", "left blank (0 points)")
    )
    text = translate("PreviewPage", "Question {item}: “{mark}” in {n} cells: {reading}").format(
        item=convention.item_id, mark=convention.mark, n=convention.count, reading=reading
    )
    if convention.reading is not convention.default:
        text += " " + translate("PreviewPage", "(changed by you)")
    return text


def look_alike_text(alike: LookAlike) -> str:
    """Why a student of the file may be one of the class's."""
    why = {
        "variant": translate("PreviewPage", "a variant character"),
        "width": translate("PreviewPage", "full/half width or spaces"),
        "one_apart": translate("PreviewPage", "one character apart"),
    }.get(str(alike.likeness), str(alike.likeness))
    return translate(
        "PreviewPage", "{name} ({number}) in the file looks like the class's {other} ({other_number}): {why}"
    ).format(
        name=alike.file_name, number=alike.file_number, other=alike.class_name, other_number=alike.class_number, why=why
    )


class ReviewBox(QWidget):
    """The marks to flip and the look-alike students to decide on; hidden parts when there is nothing to ask.

    Signals: `flip_requested(MarkConvention)`, `choice_changed()` when a look-alike's choice changed."""

    flip_requested = Signal(object)
    choice_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conventions: list[MarkConvention] = []
        self.alikes: list[LookAlike] = []
        self.choices: dict[str, str | None] = {}  # file number -> SAME / NEW / None (not chosen yet)
        self.marks_box = QGroupBox(self)
        self.marks = QListWidget(self.marks_box)
        self.marks.itemSelectionChanged.connect(self._update_flip)
        self.marks.itemDoubleClicked.connect(lambda _item: self._flip())
        self.flip_button = QPushButton(self.marks_box)
        self.flip_button.clicked.connect(self._flip)
        marks = QHBoxLayout(self.marks_box)
        marks.setContentsMargins(6, 2, 6, 4)
        marks.addWidget(self.marks, 1)
        marks.addWidget(self.flip_button, 0, Qt.AlignmentFlag.AlignTop)
        self.alikes_box = QGroupBox(self)
        self.alikes_grid = QGridLayout(self.alikes_box)
        self.alikes_grid.setColumnStretch(0, 1)  # the words take the room; the choice stays its own size
        self.alike_rows: list[tuple[QLabel, QComboBox]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.marks_box)
        layout.addWidget(self.alikes_box)
        self.retranslate()
        self.show_review([], [])

    def show_review(self, conventions: Sequence[MarkConvention], alikes: Sequence[LookAlike]) -> None:
        """Show the marks of the last read and the look-alikes (keeping the choices already made)."""
        self.conventions, self.alikes = list(conventions), list(alikes)
        chosen = self.marks.currentRow()
        self.marks.clear()
        for convention in self.conventions:
            item = QListWidgetItem(convention_text(convention))
            item.setToolTip(translate("PreviewPage", "Double-click or press “Read the other way” to flip it"))
            self.marks.addItem(item)
        if 0 <= chosen < self.marks.count():
            self.marks.setCurrentRow(chosen)
        rows = min(self.marks.count(), 3)  # as tall as three marks at most, so the preview keeps its room
        row_height = self.marks.sizeHintForRow(0) if self.marks.count() else 0
        self.marks.setFixedHeight(rows * row_height + 2 * self.marks.frameWidth() + 2)
        self.marks_box.setVisible(bool(self.conventions))
        self._update_flip()
        self.choices = {a.file_number: self.choices.get(a.file_number) for a in self.alikes}
        for label, combo in self.alike_rows:
            label.deleteLater()
            combo.deleteLater()
        self.alike_rows = []
        for row, alike in enumerate(self.alikes):
            label = QLabel(look_alike_text(alike), self.alikes_box)
            label.setWordWrap(True)
            combo = QComboBox(self.alikes_box)
            combo.addItem(translate("PreviewPage", "(choose)"), None)
            combo.addItem(translate("PreviewPage", "the same student"), SAME)
            combo.addItem(translate("PreviewPage", "a new student"), NEW)
            combo.setCurrentIndex(max(combo.findData(self.choices[alike.file_number]), 0))
            combo.activated.connect(lambda _i, number=alike.file_number, c=combo: self._choose(number, c.currentData()))
            self.alikes_grid.addWidget(label, row, 0)
            self.alikes_grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignTop)
            self.alike_rows.append((label, combo))
        self.alikes_box.setVisible(bool(self.alikes))

    def choose(self, file_number: str, choice: str | None) -> None:
        """Say whether the file's student `file_number` is the class's look-alike (SAME) or a new student (NEW)."""
        for alike, (_label, combo) in zip(self.alikes, self.alike_rows, strict=True):
            if alike.file_number == file_number:
                combo.setCurrentIndex(max(combo.findData(choice), 0))
        self._choose(file_number, choice)

    def unanswered(self) -> int:
        """How many look-alikes still wait for a choice."""
        return sum(choice is None for choice in self.choices.values())

    def same_as(self) -> dict[str, str]:
        """File number -> class number of the students the teacher said are the same (`ImportRequest.same_as`)."""
        return {a.file_number: a.class_number for a in self.alikes if self.choices.get(a.file_number) == SAME}

    def _choose(self, file_number: str, choice: str | None) -> None:
        self.choices[file_number] = choice
        self.choice_changed.emit()

    def _flip(self) -> None:
        row = self.marks.currentRow()
        if 0 <= row < len(self.conventions) and self.flip_button.isEnabled():
            self.flip_requested.emit(self.conventions[row])

    def _update_flip(self) -> None:
        self.flip_button.setEnabled(0 <= self.marks.currentRow() < len(self.conventions))

    def set_enabled(self, enabled: bool) -> None:
        """Allow changes (not while the file is read or imported)."""
        self.marks.setEnabled(enabled)
        self.flip_button.setEnabled(enabled and 0 <= self.marks.currentRow() < len(self.conventions))
        for _label, combo in self.alike_rows:
            combo.setEnabled(enabled)

    def retranslate(self) -> None:
        """Re-label in the current language (the rows are re-made on the next read)."""
        self.marks_box.setTitle(translate("PreviewPage", "Marks in question columns"))
        self.marks.setToolTip(translate("PreviewPage", "How each column's “/” and “—” cells are read"))
        self.flip_button.setText(translate("PreviewPage", "Read the other way"))
        self.flip_button.setToolTip(
            translate("PreviewPage", "Switch the chosen column between “not chosen (missing)” and “left blank (0)”")
        )
        self.alikes_box.setTitle(translate("PreviewPage", "Looks like the same student"))
        self.alikes_box.setToolTip(
            translate(
                "PreviewPage", "The same student: their scores join the class's record; a new student: kept apart"
            )
        )
        self.show_review(self.conventions, self.alikes)
