"""Restore from backup: the store's backups, newest first, each with when, why, its size and what it holds.

The list is read in the window's worker (`app.services.backups.described_backups`) before the
dialog opens; choosing one emits `restore_requested(BackupRecord)` and the window asks to confirm
(Cancel is the default), backs the store up as it is, restores and opens the store again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.backups import backup_kind, reason_text, size_text, when_text
from app.ui.base import i18n, screen

if TYPE_CHECKING:
    from app.services.backups import DescribedBackup

PREFERRED = QSize(940, 460)


class BackupDialog(i18n.Relabelled, QDialog):
    """The backups of one store; `restore_requested(BackupRecord)` when the teacher picks one to restore."""

    restore_requested = Signal(object)
    folder_requested = Signal()

    def __init__(
        self, store: Path, backups: Sequence[DescribedBackup], parent: QWidget | None = None, *, server: bool = False
    ) -> None:
        super().__init__(parent)
        self.store, self.server = Path(store), server
        self.backups = list(backups)
        self.kind = QLabel(self)  # which backup this store gets: a file copy, or a pg_dump of the school server
        self.kind.setWordWrap(True)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(len(self.backups), 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._restore())
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore)
        self.folder_button.clicked.connect(self.folder_requested)
        self.buttons.rejected.connect(self.reject)
        self.close_button.setDefault(True)  # Enter closes; restoring is a deliberate click
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.retranslate()
        screen.fit_dialog(self, PREFERRED)

    def selected(self) -> DescribedBackup | None:
        """The backup chosen in the list (None when none or when it cannot be read)."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        chosen = self.backups[rows.pop()]
        return chosen if chosen.readable else None

    def select(self, row: int) -> None:
        """Choose the backup in `row`."""
        self.table.selectRow(row)

    def _restore(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.restore_requested.emit(chosen.record)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _fill(self) -> None:
        lang = i18n.language()
        for row, backup in enumerate(self.backups):
            record, content = backup.record, backup.content
            cells = [
                when_text(record.created).get(lang),
                reason_text(record.reason).get(lang),
                size_text(record.size),
                self.holds(backup),
                f"{content.newest_import:%Y-%m-%d %H:%M}" if content.newest_import else "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{record.created:%Y-%m-%d %H:%M:%S}\n{record.path}" if column != 3 else text)
                if not backup.readable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def holds(self, backup: DescribedBackup) -> str:
        """What a backup holds, in words (its classes, students and exams)."""
        content = backup.content
        if not backup.readable:
            return self.tr("cannot be read (damaged or not a Zhidian store)")
        classes = list(content.classes or ())
        shown = i18n.listed(classes[:6]) + (
            self.tr(" and {n} more").format(n=len(classes) - 6) if len(classes) > 6 else ""
        )
        if not classes:
            return self.tr("nothing yet (an empty store)")
        return self.tr("{classes}: {students} students, {exams} exams").format(
            classes=shown, students=content.students, exams=content.assessments
        )

    def retranslate(self) -> None:
        """Re-label the dialog in the current language."""
        self.setWindowTitle(self.tr("Restore from backup"))
        self.kind.setText(i18n.text(backup_kind(self.server)))
        self.intro.setText(
            self.tr(
                "Backups of the store {store}, newest first. Zhidian makes one each day it is first opened, and "
                "before every import, undo, deletion, paper change, restore and upgrade; the newest 20 are kept in "
                "{folder}. Restoring first backs up the store as it is now, so a restore can itself be undone."
            ).format(store=self.store, folder=self.store.with_name(f"{self.store.name}-backups"))
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Why"), self.tr("Size"), self.tr("What it holds"), self.tr("Newest import")]
        )
        self.intro.setVisible(not self.server)  # a file store's backups: when they are made, where they are kept
        self.empty.setText(self.tr("This store has no backup yet. File → Back up now makes one."))
        self.empty.setVisible(not self.backups)
        self.table.setVisible(bool(self.backups))
        self.restore_button.setText(self.tr("Restore…"))
        self.restore_button.setToolTip(
            self.tr("Put the chosen backup back in place of the store (asks first; the store is backed up before)")
        )
        self.folder_button.setText(self.tr("Open backup folder"))
        self.folder_button.setToolTip(self.tr("Show the backup files in the file manager"))
        self.close_button.setToolTip(self.tr("Close without restoring anything"))
        self.table.setToolTip(self.tr("Choose a backup, then press Restore…"))
        self._fill()
