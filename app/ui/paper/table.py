"""The table of a paper's questions (试卷), edited in place: the import wizard's tagging step and the class view's
paper dialog both show it.

Columns: 题号 (read-only), 题型, 满分, 答案, 知识点, 能力要求, 预估难度. A full mark the file did not give
(the highest score seen) shows in italics with a "?" until the teacher types or confirms it; a choice
question whose letters wait for a key is marked in its 答案 cell. Input that cannot be a value is
refused in place (the editor does not take it). Editing with several rows selected puts the value
into all of them; Fill down (Ctrl+D) copies the current cell into the selected rows below it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.core.choices import kind_of, normalize_answer
from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.core.text import split_knowledge_points
from app.ui.paper.delegate import PaperDelegate, kind_name

_Index = QModelIndex | QPersistentModelIndex
LABEL, KIND, MAX, ANSWER, POINTS, ABILITY, DIFFICULTY = range(7)
NEEDS_KEY = QColor("#fff3cd")  # a pale yellow: a choice question whose letters wait for a key
POINT_SEPARATOR = "、"


def _number(value: float | None) -> str:
    return "" if value is None or math.isnan(value) else f"{value:g}"


@dataclass
class PaperRow:
    """One question as the table holds it while the teacher edits it."""

    label: str
    kind: QuestionKind = QuestionKind.OTHER
    max_score: float | None = None
    guessed: bool = False  # max_score is the highest score seen, not yet confirmed
    answer: str | None = None
    points: tuple[str, ...] = ()
    ability: str | None = None
    difficulty: float | None = None
    letters: bool = False  # the file holds the letters chosen for it: it needs a key to be scored

    @classmethod
    def of(cls, question: PaperQuestion, guessed: bool = False, letters: bool = False) -> PaperRow:
        """The row of a paper's question."""
        return cls(
            question.label,
            question.kind,
            question.max_score,
            guessed and question.max_score is not None,
            question.answer_key,
            question.knowledge_points,
            question.ability,
            question.difficulty,
            letters,
        )

    def question(self) -> PaperQuestion:
        """The paper's question this row says (an unconfirmed full mark says nothing)."""
        return PaperQuestion(
            self.label,
            None if self.guessed else self.max_score,
            self.points,
            self.kind,
            self.answer,
            self.ability,
            self.difficulty,
        )

    @property
    def needs_key(self) -> bool:
        """A choice question (or one holding letters) without an answer key."""
        return self.answer is None and (self.kind is not QuestionKind.OTHER or self.letters)


class PaperModel(QAbstractTableModel):
    """The questions of one paper; `edited()` after every change the teacher makes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PaperRow] = []

    def set_rows(self, rows: Iterable[PaperRow]) -> None:
        """Show `rows` (a new paper)."""
        self.beginResetModel()
        self.rows = [dataclasses.replace(r) for r in rows]
        self.endResetModel()

    def paper(self, name: str, subject: str = "", source: str = "") -> Paper:
        """The paper the table says."""
        return Paper(name, tuple(r.question() for r in self.rows), subject, source)

    def points(self) -> list[str]:
        """The knowledge points typed so far, in order of first appearance."""
        return list(dict.fromkeys(p for r in self.rows for p in r.points))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """One row per question."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        """Seven columns."""
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """The column headers (rows are numbered)."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return [
            QCoreApplication.translate("PaperTable", "Question"),
            QCoreApplication.translate("PaperTable", "Type"),
            QCoreApplication.translate("PaperTable", "Full marks"),
            QCoreApplication.translate("PaperTable", "Answer"),
            QCoreApplication.translate("PaperTable", "Knowledge points"),
            QCoreApplication.translate("PaperTable", "Ability"),
            QCoreApplication.translate("PaperTable", "Difficulty"),
        ][section]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Every cell but the question's label can be edited."""
        base = super().flags(index)
        return base if index.column() == LABEL else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        """A cell: its text, its value for editing, and the marks of a guess or a missing key."""
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == KIND:
                return kind_name(row.kind)
            if col == MAX and row.guessed:
                return f"{_number(row.max_score)} ?"
            return self.edit_text(row, col)
        if role == Qt.ItemDataRole.FontRole and col == MAX and row.guessed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == MAX and row.guessed:
            return QBrush(QColor("#8a6100"))
        if role == Qt.ItemDataRole.BackgroundRole and col == ANSWER and row.needs_key:
            return QBrush(NEEDS_KEY)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    @staticmethod
    def edit_text(row: PaperRow, col: int) -> str:
        """The cell's value as typed (the kind as its code)."""
        values = [
            row.label,
            str(row.kind.value),
            _number(row.max_score),
            row.answer or "",
            POINT_SEPARATOR.join(row.points),
            row.ability or "",
            _number(row.difficulty),
        ]
        return values[col]

    def _tooltip(self, row: PaperRow, col: int) -> str | None:
        if col == MAX and row.guessed:
            return QCoreApplication.translate(
                "PaperTable", "A guess: the highest score seen in the file. Type the full marks to confirm them."
            )
        if col == ANSWER and row.needs_key:
            return QCoreApplication.translate(
                "PaperTable", "No answer key yet: type the right letters (e.g. B, or ACD) so the choices are scored."
            )
        if col == POINTS:
            return QCoreApplication.translate(
                "PaperTable", "Several knowledge points are separated by 、 or ; — new ones can be typed."
            )
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Take a typed value; False (and no change) when it cannot be one."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == LABEL:
            return False
        row = self.rows[index.row()]
        changed = self._parse(row, index.column(), str(value if value is not None else "").strip())
        if changed is None:
            return False
        self.rows[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.edited.emit()
        return True

    @staticmethod
    def _parse(row: PaperRow, col: int, text: str) -> PaperRow | None:
        replace = dataclasses.replace
        if col == KIND:
            try:
                return replace(row, kind=QuestionKind(text))
            except ValueError:
                return None
        if col == ANSWER:
            key = normalize_answer(text) if text else None
            if text and key is None:
                return None
            kind = kind_of(key, row.kind) if key and (row.kind is not QuestionKind.OTHER or row.letters) else row.kind
            return replace(row, answer=key, kind=kind)
        if col == POINTS:
            return replace(row, points=split_knowledge_points(text))
        if col == ABILITY:
            return replace(row, ability=text or None)
        ok, number = _parse_number(text)
        if not ok:
            return None
        if col == MAX:
            if number is not None and number <= 0:
                return None
            return replace(row, max_score=number, guessed=False)
        if number is not None and not 0 <= number <= 1:  # DIFFICULTY: an expected score rate
            return None
        return replace(row, difficulty=number)

    def confirm_guesses(self, rows: Sequence[int] | None = None) -> int:
        """Take the guessed full marks of `rows` (all rows when None) as they are; how many were guesses."""
        wanted = range(len(self.rows)) if rows is None else rows
        confirmed = [r for r in wanted if self.rows[r].guessed]
        for r in confirmed:
            self.rows[r] = dataclasses.replace(self.rows[r], guessed=False)
            self.dataChanged.emit(self.index(r, MAX), self.index(r, MAX))
        if confirmed:
            self.edited.emit()
        return len(confirmed)


def _parse_number(text: str) -> tuple[bool, float | None]:
    """(True, the number typed) or (True, None) when blank; (False, None) when it is not a number."""
    if not text:
        return True, None
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        return False, None
    return (True, value) if math.isfinite(value) else (False, None)


class PaperTable(QTableView):
    """The paper's questions, editable: several rows at once, Fill down (Ctrl+D), Delete clears cells.

    `edited()` after every change; `set_known_points` gives the knowledge points to complete from.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper_model = PaperModel(self)
        self.paper_model.edited.connect(self.edited)
        self.setModel(self.paper_model)
        self.delegate = PaperDelegate(self, lambda: self.paper_model.points(), self.set_selected)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(POINTS, QHeaderView.ResizeMode.Stretch)
        for col, width in ((LABEL, 80), (KIND, 110), (MAX, 80), (ANSWER, 70), (ABILITY, 80), (DIFFICULTY, 80)):
            self.setColumnWidth(col, width)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Ctrl+D fills down; Delete (or Backspace) empties the selected cells; other keys as a table has them."""
        if event.key() == Qt.Key.Key_D and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.fill_down()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selected()
        else:
            super().keyPressEvent(event)

    def set_rows(self, rows: Iterable[PaperRow]) -> None:
        """Show `rows`."""
        self.paper_model.set_rows(rows)

    def set_known_points(self, points: Iterable[str]) -> None:
        """The knowledge points the store knows, offered while typing (beside those typed in the table)."""
        self.delegate.known_points = list(points)

    def selected_rows(self) -> list[int]:
        """The rows with a selected cell, in order."""
        model = self.selectionModel()
        return sorted({index.row() for index in model.selectedIndexes()}) if model is not None else []

    def set_selected(self, col: int, value: str, origin: int) -> None:
        """Put `value` into column `col` of every selected row but `origin` (the row just edited)."""
        for row in self.selected_rows():
            if row != origin:
                self.paper_model.setData(self.paper_model.index(row, col), value)

    def fill_down(self) -> int:
        """Copy the current cell into the selected rows below it (with none below, the cell above into it);
        how many cells changed."""
        current = self.currentIndex()
        if not current.isValid() or current.column() == LABEL:
            return 0
        col = current.column()
        below = [r for r in self.selected_rows() if r > current.row()]
        source = current.row()
        if not below:
            if current.row() == 0:
                return 0
            source, below = current.row() - 1, [current.row()]
        value = self.paper_model.data(self.paper_model.index(source, col), Qt.ItemDataRole.EditRole)
        return sum(self.paper_model.setData(self.paper_model.index(r, col), value) for r in below)

    def clear_selected(self) -> None:
        """Empty the selected cells (the question labels and kinds stay)."""
        for index in self.selectionModel().selectedIndexes() if self.selectionModel() else []:
            if index.column() not in (LABEL, KIND):
                self.paper_model.setData(index, "")
