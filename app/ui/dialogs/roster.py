"""The Students tab of Manage classes: a class's roster over the term, and the student tools (issue 19): merge two
records of one student (undoable), mark a student 转出 from a date or 转入 from a date, take that back.

The page only lists and asks; the window's `RosterController` reads the roster, confirms, runs the change through
`app.services.roster` and gives the page the roster again (`set_roster`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n

if TYPE_CHECKING:
    from app.services.roster import MergeRecord, RosterEntry


class StudentsPage(i18n.Relabelled, QWidget):
    """One class's students with their 转入 / 转出 dates, the merges in force, and the tools.

    Signals: `class_chosen(class)`, `merge_requested(class, number, number)`, `left_requested(class, number)`,
    `joined_requested(class, number)`, `clear_requested(class, number)`, `undo_merge_requested(merge_id)`.
    """

    class_chosen = Signal(str)
    merge_requested = Signal(str, str, str)
    left_requested = Signal(str, str)
    joined_requested = Signal(str, str)
    clear_requested = Signal(str, str)
    undo_merge_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self.class_name: str | None = None
        self.entries: list[RosterEntry] = []
        self.merges: list[MergeRecord] = []
        self.class_label = QLabel(self)
        self.class_picker = QComboBox(self)
        self.class_picker.setMinimumContentsLength(14)
        self.class_picker.activated.connect(lambda _i: self.class_chosen.emit(self.class_picker.currentText()))
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.merge_button = QPushButton(self)
        self.left_button = QPushButton(self)
        self.joined_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.merge_button.clicked.connect(self._merge)
        self.left_button.clicked.connect(lambda: self._one(self.left_requested.emit))
        self.joined_button.clicked.connect(lambda: self._one(self.joined_requested.emit))
        self.clear_button.clicked.connect(lambda: self._one(self.clear_requested.emit))
        self.merges_label = QLabel(self)
        self.merges_table = QTableWidget(0, 4, self)
        self.merges_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.merges_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.merges_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.merges_table.verticalHeader().hide()
        self.merges_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.merges_table.horizontalHeader().setStretchLastSection(True)
        self.merges_table.setMaximumHeight(110)
        self.merges_table.itemSelectionChanged.connect(self._update_buttons)
        self.undo_merge_button = QPushButton(self)
        self.undo_merge_button.clicked.connect(self._undo_merge)
        self.note = QLabel(self)
        self.note.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.class_label)
        top.addWidget(self.class_picker)
        top.addStretch(1)
        side = QVBoxLayout()
        for button in (self.merge_button, self.left_button, self.joined_button, self.clear_button):
            side.addWidget(button)
        side.addStretch(1)
        grid = QGridLayout(self)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.table, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addWidget(self.merges_label, 2, 0, 1, 2)
        grid.addWidget(self.merges_table, 3, 0)
        grid.addWidget(self.undo_merge_button, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.note, 4, 0, 1, 2)
        grid.setRowStretch(1, 1)
        self.retranslate()

    # ================================================================ what is listed

    def set_classes(self, names: Sequence[str], chosen: str | None) -> None:
        """The classes to choose from, `chosen` picked (the roster itself comes with `set_roster`)."""
        self.class_picker.clear()
        self.class_picker.addItems(list(names))
        if chosen is not None and chosen in names:
            self.class_picker.setCurrentText(chosen)

    def set_roster(self, class_name: str, entries: Sequence[RosterEntry], merges: Sequence[MergeRecord]) -> None:
        """Show `class_name`'s students and its merges in force."""
        self.class_name, self.entries, self.merges = class_name, list(entries), list(merges)
        if self.class_picker.currentText() != class_name:
            self.class_picker.setCurrentText(class_name)
        self.table.clearSelection()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = [
                entry.number,
                entry.name or "",
                entry.joined_on.isoformat() if entry.joined_on else "",
                entry.left_on.isoformat() if entry.left_on else "",
                str(entry.scores),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.merges_table.clearSelection()
        self.merges_table.setRowCount(len(self.merges))
        for row, merge in enumerate(self.merges):
            cells = [merge.kept, merge.merged, str(merge.scores), f"{merge.merged_at:%Y-%m-%d %H:%M}"]
            for column, text in enumerate(cells):
                self.merges_table.setItem(row, column, QTableWidgetItem(text))
        self._update_buttons()

    def chosen_numbers(self) -> list[str]:
        """The numbers of the students chosen in the roster, in its order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.entries[r].number for r in rows if r < len(self.entries)]

    def choose_numbers(self, numbers: Sequence[str]) -> None:
        """Choose these students in the roster."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row, entry in enumerate(self.entries):
            if entry.number in numbers:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def entry(self, number: str) -> RosterEntry | None:
        """The roster's entry of student `number`."""
        return next((e for e in self.entries if e.number == number), None)

    def chosen_merge(self) -> MergeRecord | None:
        """The merge chosen in the list of merges."""
        rows = {index.row() for index in self.merges_table.selectionModel().selectedRows()}
        row = rows.pop() if len(rows) == 1 else -1
        return self.merges[row] if 0 <= row < len(self.merges) else None

    def set_busy(self, busy: bool) -> None:
        """Disable every change while a task runs."""
        self.busy = busy
        self._update_buttons()

    # ================================================================ requests

    def _merge(self) -> None:
        numbers = self.chosen_numbers()
        if self.class_name and len(numbers) == 2:
            self.merge_requested.emit(self.class_name, numbers[0], numbers[1])

    def _one(self, emit: Callable[[str, str], object]) -> None:
        numbers = self.chosen_numbers()
        if self.class_name and len(numbers) == 1:
            emit(self.class_name, numbers[0])

    def _undo_merge(self) -> None:
        merge = self.chosen_merge()
        if merge is not None:
            self.undo_merge_requested.emit(merge.merge_id)

    def _update_buttons(self) -> None:
        chosen, idle = len(self.chosen_numbers()), not self.busy
        self.merge_button.setEnabled(idle and chosen == 2)
        for button in (self.left_button, self.joined_button):
            button.setEnabled(idle and chosen == 1)
        one = self.entry(self.chosen_numbers()[0]) if chosen == 1 else None
        self.clear_button.setEnabled(idle and one is not None and (one.joined_on or one.left_on) is not None)
        self.undo_merge_button.setEnabled(idle and self.chosen_merge() is not None)

    # ================================================================ language

    def retranslate(self) -> None:
        """Re-label the page in the current language."""
        self.class_label.setText(self.tr("Class:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Student number"),
                self.tr("Name"),
                self.tr("Joined (转入)"),
                self.tr("Left (转出)"),
                self.tr("Scores"),
            ]
        )
        self.table.setToolTip(self.tr("Choose one student, or two records of the same student to merge them"))
        self.merge_button.setText(self.tr("Merge the two students…"))
        self.merge_button.setToolTip(
            self.tr("Two records of one student (another number, another spelling): their scores join, undoably")
        )
        self.left_button.setText(self.tr("Left the class (转出)…"))
        self.left_button.setToolTip(
            self.tr("From the date on, the student is no longer in the class's figures, plans and groups")
        )
        self.joined_button.setText(self.tr("Joined the class (转入)…"))
        self.joined_button.setToolTip(self.tr("Before the date, the student is not counted in the class's exams"))
        self.clear_button.setText(self.tr("Clear 转入 / 转出"))
        self.clear_button.setToolTip(self.tr("Take back the student's 转入 and 转出 dates"))
        self.merges_label.setText(self.tr("Merges (a merge can be undone):"))
        self.merges_table.setHorizontalHeaderLabels(
            [self.tr("Kept"), self.tr("Merged into it"), self.tr("Scores moved"), self.tr("When")]
        )
        self.undo_merge_button.setText(self.tr("Undo merge…"))
        self.undo_merge_button.setToolTip(self.tr("The merged record gets its scores back"))
        self.note.setText(
            self.tr("After a merge or a 转入 / 转出, diagnose the class again so that its figures follow.")
        )
