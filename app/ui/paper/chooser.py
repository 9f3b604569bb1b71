"""Choose a stored paper to copy its tags from: its name, its question count, the classes whose exams use it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen

if TYPE_CHECKING:
    from app.services.tagging import PaperRecord


class StoredPaperDialog(QDialog):
    """Lists stored papers (newest first); `chosen()` is the id of the one picked."""

    def __init__(self, papers: Sequence[PaperRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Copy from a stored paper"))
        fit_to_screen(self, QSize(720, 380))  # or less, on a smaller screen
        self.intro = QLabel(
            self.tr("Its full marks, answers and knowledge points go into the questions of the same label.")
        )
        self.intro.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Paper"), self.tr("Questions"), self.tr("Used by"), self.tr("Saved")])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for paper in papers:
            used = i18n.listed(f"{cls} {exam}" for cls, exam in paper.used_by) or self.tr("no exam")
            item = QTreeWidgetItem([paper.name, str(paper.questions), used, paper.created.strftime("%Y-%m-%d %H:%M")])
            item.setData(0, Qt.ItemDataRole.UserRole, paper.paper_id)
            item.setToolTip(2, used)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.intro.setText(self.tr("No paper is stored yet: papers are stored when an exam is tagged."))
        self.list.itemDoubleClicked.connect(lambda _item, _col: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def chosen(self) -> int | None:
        """The id of the paper picked, if any."""
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
