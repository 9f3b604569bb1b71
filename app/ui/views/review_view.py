"""The 讲评 tab: the questions to go over in class first, with the wrong answers chosen and who chose them.

The list is `app.insight.review.review_list`; selecting a question lists, per wrong answer, the students
who gave it (or, for a question without answer letters, those who lost marks). Export writes the same
list (PDF, XLSX or CSV) through the window's export dialog.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.insight.review import ReviewItem, review_list
from app.services.class_data import ClassData
from app.ui.base import i18n
from app.ui.views.class_view import make_table
from app.ui.views.models import ReviewModel, people_text, short_item


class ReviewView(i18n.Relabelled, QWidget):
    """The 讲评 list of the class shown; `export_requested("review")` when the teacher clicks Export."""

    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self.items: list[ReviewItem] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.top_label = QLabel(self)
        self.top = QSpinBox(self)
        self.top.setRange(3, 40)
        self.top.setValue(10)
        self.top.valueChanged.connect(lambda _v: self._fill())
        self.top_label.setBuddy(self.top)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export_requested.emit("review"))
        self.model = ReviewModel(self)
        self.view, self.proxy = make_table(self.model, self)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.view.selectionModel().selectionChanged.connect(self._on_selected)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setMinimumHeight(60)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.top_label)
        top.addWidget(self.top)
        top.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate()

    def set_data(self, data: ClassData | None) -> None:
        """Show the 讲评 list of `data` (empty before a diagnosis)."""
        self.data = data
        self._fill()

    def _fill(self) -> None:
        data = self.data
        diagnosis = data.diagnosis if data is not None else None
        diagnosed = data is not None and diagnosis is not None
        self.items = review_list(data.matrix, diagnosis, top=self.top.value()) if data and diagnosis else []
        names = dict(zip(data.matrix.student_ids, data.matrix.student_names)) if data is not None else {}
        self.model.set_items(self.items, names)
        self.view.resizeColumnsToContents()
        self.export_button.setEnabled(diagnosed)
        self.top.setEnabled(diagnosed)
        if self.items:
            self.view.selectRow(0)
        self._show_intro()
        self._show_details()

    def selected(self) -> ReviewItem | None:
        """The question selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        source = self.proxy.mapToSource(rows[0])
        return self.items[source.row()] if source.isValid() else None

    def _on_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()

    def _show_details(self) -> None:
        item = self.selected()
        if item is None:
            self.details.setHtml("")
            return
        names = self.model.names
        head = self.tr("{question} of {exam}: score rate {rate:.0%}, {points}").format(
            question=short_item(item.item_id, item.assessment),
            exam=item.assessment,
            rate=item.score_rate,
            points=i18n.listed(item.knowledge_points),
        )
        lines = [f"<p><b>{escape(head)}</b></p>"]
        if item.answer_key:
            lines.append("<p>" + escape(self.tr("Key: {key}").format(key=item.answer_key)) + "</p>")
            if not item.wrong_options:
                lines.append("<p>" + escape(self.tr("Nobody gave a wrong answer.")) + "</p>")
            for wrong in item.wrong_options:
                label = self.tr("Chose {answer} ({n}):").format(answer=wrong.answer, n=len(wrong.students))
                lines.append(f"<p><b>{escape(label)}</b> {escape(people_text(wrong.students, names))}</p>")
        else:
            label = self.tr("Lost marks ({n}):").format(n=len(item.lost_marks))
            lines.append(f"<p><b>{escape(label)}</b> {escape(people_text(item.lost_marks, names))}</p>")
        self.details.setHtml("".join(lines))

    def _show_intro(self) -> None:
        data = self.data
        if data is None or data.diagnosis is None:
            self.intro.setText(self.tr("Run the diagnosis to see the questions to go over in class."))
        elif not self.items:
            self.intro.setText(self.tr("No question was sat by the class."))
        else:
            self.intro.setText(
                self.tr(
                    "The questions to go over in class first: many marks lost, a question that separates students "
                    "well, and knowledge points many are weak on. Select one to see who chose each wrong answer."
                )
            )

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.top_label.setText(self.tr("Questions:"))
        self.top.setToolTip(self.tr("How many questions the list holds"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save this 讲评 list as PDF, Excel or CSV"))
        self.view.setToolTip(self.tr("Select a question to see who chose each wrong answer"))
        self.details.setToolTip(self.tr("Who chose each wrong answer of the selected question"))
        self.model.retranslate()
        self._show_intro()
        self._show_details()
