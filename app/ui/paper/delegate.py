"""The editors of the paper table's cells: a kind combo box, numbers and answer letters that refuse what
cannot be one, knowledge points completed from the subject's known points (after 、 or ; too)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.choices import LETTERS, normalize_answer
from app.core.paper import QuestionKind

_Index = QModelIndex | QPersistentModelIndex
KIND, MAX, ANSWER, POINTS, ABILITY, DIFFICULTY = range(1, 7)
_POINT_SPLIT = re.compile(r"[;,；，、|｜]")
_ANSWER_CHARS = re.compile(f"[{LETTERS}{LETTERS.lower()}\\s、,，;；/|+]*")
_NUMBER_CHARS = re.compile(r"[0-9.%]*")
ABILITIES = ("了解", "理解", "掌握", "运用", "综合")


def kind_name(kind: QuestionKind | str) -> str:
    """A question kind in the current language (单选题, 多选题, 其他)."""
    names = {
        QuestionKind.SINGLE: QCoreApplication.translate("PaperTable", "Single choice"),
        QuestionKind.MULTIPLE: QCoreApplication.translate("PaperTable", "Multiple choice"),
        QuestionKind.OTHER: QCoreApplication.translate("PaperTable", "Other"),
    }
    return names[QuestionKind(kind)]


class AnswerValidator(QValidator):
    """Letters A–H (any case, full width, separated or not); anything else is not typed at all."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable: blank or an answer; Intermediate: on the way to one; Invalid: a character no answer has."""
        if not text.strip() or normalize_answer(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if _ANSWER_CHARS.fullmatch(unicodedata.normalize("NFKC", text)):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos


class NumberValidator(QValidator):
    """A number from `low` (excluded when `open_low`) to `high`; a percentage for a rate; nothing else typed."""

    def __init__(self, low: float, high: float | None, open_low: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high, self.open_low = low, high, open_low

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable: blank or a number in range; Intermediate: digits on the way; Invalid: anything else."""
        compact = text.strip()
        if not _NUMBER_CHARS.fullmatch(compact):
            return QValidator.State.Invalid, text, pos
        if not compact:
            return QValidator.State.Acceptable, text, pos
        try:
            value = float(compact.rstrip("%")) / (100 if compact.endswith("%") else 1)
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        above = value > self.low if self.open_low else value >= self.low
        if above and (self.high is None or value <= self.high):
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos


class PointsCompleter(QCompleter):
    """Completes the knowledge point being typed, the one after the last 、 or ;, keeping those before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        """Complete only the last point of the cell."""
        return [_POINT_SPLIT.split(path)[-1].strip()]

    def pathFromIndex(self, index: _Index) -> str:  # noqa: N802
        """The cell's text with its last point replaced by the completion."""
        completion = super().pathFromIndex(index)
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        found = list(_POINT_SPLIT.finditer(typed))
        head = typed[: found[-1].end()] if found else ""
        return head + completion


class PaperDelegate(QStyledItemDelegate):
    """Creates each column's editor; a committed value also goes into the other selected rows."""

    def __init__(
        self, table: QWidget, points: Callable[[], list[str]], set_selected: Callable[[int, str, int], None]
    ) -> None:
        super().__init__(table)
        self.table_points, self.set_selected = points, set_selected  # the table's points; its other selected rows
        self.known_points: list[str] = []

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        """A combo box for the kind, else a line edit with the column's validator or completer."""
        col = index.column()
        if col == KIND:
            combo = QComboBox(parent)
            for kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.OTHER):
                combo.addItem(kind_name(kind), kind.value)
            combo.activated.connect(lambda _i: self.commitData.emit(combo))
            return combo
        edit = QLineEdit(parent)
        edit.setFrame(False)
        if col == MAX:
            edit.setValidator(NumberValidator(0, None, True, edit))
        elif col == DIFFICULTY:
            edit.setValidator(NumberValidator(0, 1, False, edit))
        elif col == ANSWER:
            edit.setValidator(AnswerValidator(edit))
        elif col in (POINTS, ABILITY):
            words = self._points() if col == POINTS else list(ABILITIES)
            completer = PointsCompleter(QStringListModel(words, edit), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
        return edit

    def _points(self) -> list[str]:
        return sorted(dict.fromkeys([*self.known_points, *self.table_points()]))

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        """Start from the cell's value."""
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        """Store the value; with several rows selected, into all of them. A refused value changes nothing."""
        if isinstance(editor, QComboBox):
            value = str(editor.currentData())
        elif isinstance(editor, QLineEdit):
            if not editor.hasAcceptableInput():
                return  # refused in place: the cell keeps its value
            value = editor.text()
        else:
            return
        if model.setData(index, value, Qt.ItemDataRole.EditRole):
            self.set_selected(index.column(), value, index.row())
