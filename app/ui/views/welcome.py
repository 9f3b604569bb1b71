"""The welcome page an empty store shows: the sample offer (four classes, 八年级(3)班 first), Import, the drop hint."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.base import i18n

TITLE = "Zhidian 知点"


class WelcomePage(i18n.Relabelled, QWidget):
    """What an empty store shows: the sample class offer, Import, and the drop hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(TITLE, self)
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_button = QPushButton(self)
        self.sample_button.setMinimumHeight(40)
        self.import_button = QPushButton(self)
        self.import_button.setMinimumHeight(40)
        self.drop_hint = QLabel(self)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #555; border: 2px dashed #aaa; border-radius: 8px; padding: 24px")
        self.status = QLabel(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.title)
        column.addSpacing(8)
        column.addWidget(self.intro)
        column.addSpacing(16)
        column.addWidget(self.sample_button)
        column.addWidget(self.import_button)
        column.addSpacing(16)
        column.addWidget(self.drop_hint)
        column.addWidget(self.status)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-label the page in the current language."""
        self.intro.setText(
            self.tr(
                "Import a gradebook (per-question scores of one class, or of a whole grade as 智学网, 七天网络 or "
                "好分数 export them) and tag its questions with knowledge points once, to see, for the class and for "
                "every student, which knowledge points are weak, how sure that is, and what to work on first. "
                "Everything stays on this computer."
            )
        )
        self.sample_button.setText(self.tr("Open the sample: four classes of a grade, starting with 八年级(3)班"))
        self.import_button.setText(self.tr("Import a gradebook…"))
        self.drop_hint.setText(self.tr("or drop an Excel (.xlsx, .xls) or CSV gradebook here"))
        self.sample_button.setToolTip(
            self.tr("Import four sample classes of one grade (八年级(1)–(4)班) to see what Zhidian shows")
        )
        self.import_button.setToolTip(
            self.tr("Choose an Excel or CSV gradebook: one class, or a whole grade as the exam system exported it")
        )
        self.drop_hint.setToolTip(self.tr("Drag a gradebook file from the file manager and drop it here"))
