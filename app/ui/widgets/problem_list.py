"""A list of file problems (severity, where in the file, what), shared by the import wizard and the graph dialog."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.core.problems import Problem, Severity
from app.ui.base import i18n


class MiddleElided(QStyledItemDelegate):
    """Cells cut in the middle: a long file name gives way, the sheet, row and column at the end stay in sight."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        """Elide in the middle."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class ProblemList(i18n.Relabelled, QTreeWidget):
    """Errors first, each with its location as Excel shows it; "No problems found." when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setRootIsDecorated(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.header().resizeSection(1, 260)
        self.setItemDelegateForColumn(1, MiddleElided(self))
        self._problems: Sequence[Problem] = ()
        self.retranslate()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """List `problems` in the current language."""
        self._problems = problems
        lang = i18n.language()
        self.clear()
        for p in sorted(problems, key=lambda p: (p.severity != Severity.ERROR, p.row or 0)):
            error = p.severity == Severity.ERROR
            severity = self.tr("Error") if error else self.tr("Warning")
            item = QTreeWidgetItem([("✖ " if error else "⚠ ") + severity, p.where(lang), p.text.get(lang)])
            item.setToolTip(1, p.where(lang))
            item.setToolTip(2, p.text.get(lang))
            item.setForeground(0, QBrush(QColor("#b02a1a" if error else "#8a6100")))
            self.addTopLevelItem(item)
        if not problems:
            self.addTopLevelItem(QTreeWidgetItem(["✓", "", self.tr("No problems found.")]))

    def retranslate(self) -> None:
        """Re-label the headers and the rows in the current language."""
        self.setHeaderLabels([self.tr("Severity"), self.tr("Where"), self.tr("Problem")])
        self.show_problems(self._problems)
