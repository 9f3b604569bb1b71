"""The stored scores of one exam (read only): students × questions as imported, with full marks in the header,
missing scores shown as "—" and marked, corrected cells marked, and the letters chosen on choice questions.

One mistyped score can be corrected (double-click the cell, or Correct…): `CorrectionDialog` shows
the stored value and takes the new one (a number from 0 to the full marks, or empty for missing);
`correct_requested(student_id, question, points)` asks the window to store it, which records the
change and marks the class's diagnoses out of date.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n, screen

if TYPE_CHECKING:
    from app.services.classes import ScoreGrid

PREFERRED = QSize(1000, 620)
MISSING = "—"
MISSING_BACKGROUND = QColor("#eeeeee")
CORRECTED_BACKGROUND = QColor("#fff1b8")
ModelIndex = QModelIndex | QPersistentModelIndex


def points_text(points: float) -> str:
    """A score as shown: 3, 2.5 (no trailing zeros)."""
    return f"{points:g}"


def parse_points(text: str, full_marks: float) -> tuple[bool, float | None]:
    """(valid, points) for what the teacher typed: empty is a missing score (None); otherwise a number from 0 to
    `full_marks` (a comma as decimal point accepted)."""
    text = text.strip().replace("，", ".").replace(",", ".")
    if not text:
        return True, None
    try:
        value = float(text)
    except ValueError:
        return False, None
    return (math.isfinite(value) and 0 <= value <= full_marks), value


class ScoreGridModel(QAbstractTableModel):
    """A `ScoreGrid` as a read-only table: rows are students (学号 and 姓名 in the row header), columns questions."""

    def __init__(self, grid: ScoreGrid, parent: QWidget | None = None, *, correctable: bool = True) -> None:
        super().__init__(parent)
        self.grid = grid
        self.correctable = correctable  # False: a read-only store, no cell says it can be corrected

    def set_grid(self, grid: ScoreGrid) -> None:
        """Show another grid (the same exam after a correction)."""
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """One row per student."""
        return 0 if parent.isValid() else len(self.grid.student_ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """One column per question."""
        return 0 if parent.isValid() else len(self.grid.labels)

    def cell(self, row: int, column: int) -> tuple[float | None, str | None, bool]:
        """(points or None when missing, the letters chosen or None, corrected) of one cell."""
        value = float(self.grid.points[row, column])
        answer = self.grid.answers[row, column]
        return (
            None if math.isnan(value) else value,
            str(answer) if answer not in (None, "") else None,
            bool(self.grid.corrected[row, column]),
        )

    def student(self, row: int) -> str:
        """姓名（学号） of a row, or the 学号 alone."""
        name = self.grid.student_names[row]
        number = self.grid.student_ids[row]
        return f"{name}（{number}）" if name else number

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell: its score (— when missing) after the letters chosen, marked when missing or corrected."""
        if not index.isValid():
            return None
        points, letters, corrected = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            shown = MISSING if points is None else points_text(points)
            return f"{letters}  {shown}" if letters else shown
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if corrected:
                return QBrush(CORRECTED_BACKGROUND)
            return QBrush(MISSING_BACKGROUND) if points is None else None
        if role == Qt.ItemDataRole.FontRole and corrected:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            label, full = self.grid.labels[index.column()], float(self.grid.max_scores[index.column()])
            lines = [
                self.tr("{student}, question {question} (full marks {full})").format(
                    student=self.student(index.row()), question=label, full=points_text(full)
                ),
                self.tr("missing (absent or blank)")
                if points is None
                else self.tr("{points} points").format(points=points_text(points)),
            ]
            if letters:
                lines.append(self.tr("chose {letters}").format(letters=letters))
            if corrected:
                lines.append(self.tr("corrected after the import"))
            if self.correctable:
                lines.append(self.tr("Double-click to correct"))
            return "\n".join(lines)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Questions with their full marks across the top, students (姓名（学号）) down the side."""
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            if horizontal:
                full = points_text(float(self.grid.max_scores[section]))
                return self.tr("{question}\n/{full}").format(question=self.grid.labels[section], full=full)
            return self.student(section)
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return self.tr("Question {question}: full marks {full}").format(
                question=self.grid.labels[section], full=points_text(float(self.grid.max_scores[section]))
            )
        return None


class CorrectionDialog(QDialog):
    """One score's stored value and the new one: a number from 0 to the full marks, or empty for missing."""

    def __init__(
        self,
        student: str,
        question: str,
        full_marks: float,
        old: float | None,
        letters: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.full_marks = full_marks
        self.old = old
        self.setWindowTitle(self.tr("Correct a score"))
        self.what = QLabel(
            self.tr("{student}, question {question} (full marks {full})").format(
                student=student, question=question, full=points_text(full_marks)
            ),
            self,
        )
        self.what.setWordWrap(True)
        self.old_label = QLabel(MISSING if old is None else points_text(old), self)
        self.old_label.setToolTip(self.tr("The score stored now"))
        self.letters_label = QLabel(letters or MISSING, self)
        self.letters_label.setToolTip(self.tr("The letters chosen, as imported (they do not change)"))
        self.edit = QLineEdit("" if old is None else points_text(old), self)
        self.edit.setToolTip(
            self.tr("A number from 0 to {full}; leave it empty for a missing score (absent)").format(
                full=points_text(full_marks)
            )
        )
        self.edit.setPlaceholderText(self.tr("empty = missing"))
        self.edit.textChanged.connect(self._check)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.note = QLabel(
            self.tr(
                "The correction is recorded, and the class's diagnosis is marked out of date: run it again to use "
                "the corrected score."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.addButton(self.tr("Save correction"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip(self.tr("Store the new score in place of the old one"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setToolTip(self.tr("Keep the stored score"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Stored now:"), self.old_label)
        if letters:
            form.addRow(self.tr("Chose:"), self.letters_label)
        else:
            self.letters_label.hide()
        form.addRow(self.tr("New score:"), self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._check()
        self.edit.selectAll()
        screen.fit_dialog(self, QSize(460, self.sizeHint().height()))

    def value(self) -> tuple[bool, float | None]:
        """(valid, new points or None for missing)."""
        return parse_points(self.edit.text(), self.full_marks)

    def _check(self) -> None:
        valid, points = self.value()
        if not valid:
            self.problem.setText(
                self.tr("A score is a number from 0 to {full}, or empty for missing.").format(
                    full=points_text(self.full_marks)
                )
            )
        else:
            self.problem.clear()
        self.save_button.setEnabled(valid and points != self.old)


class ScoresDialog(i18n.Relabelled, QDialog):
    """One exam's stored scores; `correct_requested(student_id, question, points or None)` to correct one. In a
    store that can only be read (`read_only`) the scores are shown and Correct… is off, saying why."""

    correct_requested = Signal(str, str, object)

    def __init__(self, grid: ScoreGrid, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.model = ScoreGridModel(grid, self, correctable=not read_only)
        self.correction: CorrectionDialog | None = None  # the last correction dialog opened
        self.busy = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setDefaultSectionSize(56)
        self.table.doubleClicked.connect(lambda index: self.correct(index.row(), index.column()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.correct_button = QPushButton(self)
        self.buttons.addButton(self.correct_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.correct_button.clicked.connect(self._correct_current)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update_buttons()
        screen.fit_dialog(self, PREFERRED)

    @property
    def grid(self) -> ScoreGrid:
        """The grid shown."""
        return self.model.grid

    def set_grid(self, grid: ScoreGrid) -> None:
        """Show the exam's scores again (after a correction), keeping the cell chosen."""
        current = self.table.currentIndex()
        self.model.set_grid(grid)
        self.retranslate()
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    def set_busy(self, busy: bool) -> None:
        """No correction while a task runs (one store user at a time)."""
        self.busy = busy
        self._update_buttons()

    def correct(self, row: int, column: int) -> None:
        """Ask for the new score of one cell; emits `correct_requested` when the teacher saves it."""
        if self.busy or self.read_only:
            return
        points, letters, _ = self.model.cell(row, column)
        dialog = CorrectionDialog(
            self.model.student(row),
            self.grid.labels[column],
            float(self.grid.max_scores[column]),
            points,
            letters,
            parent=self,
        )
        self.correction = dialog
        student_id, question = self.grid.student_ids[row], self.grid.labels[column]
        dialog.accepted.connect(lambda: self._send(dialog, student_id, question))
        dialog.open()

    def _send(self, dialog: CorrectionDialog, student_id: str, question: str) -> None:
        valid, points = dialog.value()
        if valid:
            self.correct_requested.emit(student_id, question, points)

    def _correct_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.correct(index.row(), index.column())

    def _update_buttons(self) -> None:
        self.correct_button.setEnabled(not self.busy and not self.read_only and self.table.currentIndex().isValid())

    def retranslate(self) -> None:
        """Re-label the dialog in the current language."""
        grid = self.grid
        self.setWindowTitle(self.tr("Stored scores: {exam} · {cls}").format(exam=grid.assessment, cls=grid.class_name))
        missing = int(sum(1 for v in grid.points.flat if math.isnan(v)))
        self.intro.setText(
            self.tr(
                "{exam} of {cls} as stored: {students} students × {questions} questions, {missing} missing. "
                "Each column head gives the question and its full marks; choice questions show the letters chosen."
            ).format(
                exam=grid.assessment,
                cls=grid.class_name,
                students=len(grid.student_ids),
                questions=len(grid.labels),
                missing=missing,
            )
        )
        if self.read_only:
            self.legend.setText(
                self.tr(
                    "— grey: missing (absent or blank) · bold on yellow: corrected after the import. "
                    "The store can only be read (see the banner): no score can be corrected."
                )
            )
            self.table.setToolTip(self.tr("The scores as stored"))
            self.correct_button.setToolTip(
                self.tr("The store can only be read (see the banner): no score can be corrected.")
            )
        else:
            self.legend.setText(
                self.tr(
                    "— grey: missing (absent or blank) · bold on yellow: corrected after the import. "
                    "Double-click a cell (or choose it and press Correct…) to correct a mistyped score."
                )
            )
            self.table.setToolTip(self.tr("The scores as stored; double-click a cell to correct it"))
            self.correct_button.setToolTip(self.tr("Correct the chosen score (the change is recorded)"))
        self.correct_button.setText(self.tr("Correct…"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(self.tr("Close this window"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.model.columnCount() - 1, 0))
