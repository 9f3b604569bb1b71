"""The import wizard's first page: the gradebook file, the optional question-info and prerequisite files, the class.

The class is needed only for a file without a 班级 column; it starts as the class the file name names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

if TYPE_CHECKING:
    from app.ui.import_wizard.reading import Wizard

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


class FilePage(QWizardPage):
    """Page 1: the files and the class."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__()  # the wizard takes the page in with addPage
        self.wiz = wizard
        self.setAcceptDrops(True)
        self.path_edit = QLineEdit(self)
        self.items_edit = QLineEdit(self)
        self.graph_edit = QLineEdit(self)
        self.class_edit = QComboBox(self)
        self.class_edit.setEditable(True)
        self.class_edit.setMinimumContentsLength(20)
        self.drop_hint = QLabel(self)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #555; border: 2px dashed #aaa; border-radius: 6px; padding: 14px")
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(4)]
        self.browse_buttons: list[QPushButton] = []
        for label, edit in zip(self.form_labels[:3], (self.path_edit, self.items_edit, self.graph_edit), strict=True):
            self.form.addRow(label, self._file_row(edit))
        self.form.addRow(self.form_labels[3], self.class_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(12)
        layout.addWidget(self.drop_hint)
        layout.addStretch(1)
        class_line = self.class_edit.lineEdit()
        assert class_line is not None  # an editable combo box has one
        self.class_line = class_line
        self.path_edit.textChanged.connect(self.completeChanged)

    def _file_row(self, edit: QLineEdit) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton(self)
        button.clicked.connect(lambda: self._browse(edit))
        row.addWidget(button)
        self.browse_buttons.append(button)
        return row

    def retranslate(self) -> None:
        """Re-label the page in the current language."""
        self.setTitle(self.tr("Choose the gradebook"))
        self.setSubTitle(
            self.tr("An Excel or CSV file with one row per student (学号, 姓名, 第1题…) or one row per score.")
        )
        labels = [
            self.tr("Gradebook file:"),
            self.tr("Question info (optional):"),
            self.tr("Prerequisites (optional):"),
            self.tr("Class:"),
        ]
        for label, text in zip(self.form_labels, labels, strict=True):
            label.setText(text)
        for button in self.browse_buttons:
            button.setText(self.tr("Browse…"))
            button.setToolTip(self.tr("Choose the file"))
        self.path_edit.setToolTip(self.tr("The gradebook: an Excel or CSV file, as the exam system exported it"))
        self.items_edit.setToolTip(self.tr("Optional: a separate file with 题号, 满分, 知识点 per question"))
        self.graph_edit.setToolTip(self.tr("Optional: a table of knowledge_point, prerequisite pairs"))
        self.class_edit.setToolTip(self.tr("The class the scores go into; not needed when the file has a 班级 column"))
        self.items_edit.setPlaceholderText(self.tr("a separate file with 题号, 满分, 知识点 per question"))
        self.graph_edit.setPlaceholderText(self.tr("a table of knowledge_point, prerequisite pairs"))
        self.class_line.setPlaceholderText(self.tr("e.g. 八年级(3)班; not needed when the file has a 班级 column"))
        self.drop_hint.setText(self.tr("Drop a gradebook file here"))

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a file"),
            str(Path(edit.text() or self.path_edit.text()).parent),
            self.tr("Tables (*.xlsx *.xlsm *.xls *.csv);;All files (*)"),
        )
        if path:
            edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        """True once a file is given (a file with a 班级 column names its classes itself)."""
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        """Go on only when the file exists."""
        path = Path(self.path_edit.text().strip())
        if not path.is_file():
            self.setSubTitle(self.tr("File not found: {path}").format(path=path))
            return False
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept a drag that carries a gradebook file."""
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(Path(u.toLocalFile()).suffix.lower() in SUFFIXES for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Use a dropped gradebook file."""
        for url in event.mimeData().urls():
            if Path(url.toLocalFile()).suffix.lower() in SUFFIXES:
                self.wiz.set_path(url.toLocalFile())
                event.acceptProposedAction()
                return
