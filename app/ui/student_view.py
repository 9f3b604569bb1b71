"""Student view: mastery with intervals, the learning path, mastery across assessments; prev/next."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.charts import window as charts
from app.services.class_data import ClassData
from app.ui import i18n
from app.ui.chart import ChartWidget
from app.ui.class_view import chart_labels


class StudentView(QWidget):
    """One student at a time; `current_changed(student_id)` when the shown student changes."""

    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self.index = -1
        self._redraw_pending = False

        self.prev_button = QPushButton(self)
        self.prev_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.prev_button.clicked.connect(self.previous)
        self.next_button = QPushButton(self)
        self.next_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.next_button.clicked.connect(self.next)
        self.picker = QComboBox(self)
        self.picker.setMinimumContentsLength(16)
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.picker)
        nav.addWidget(self.next_button)
        nav.addWidget(self.summary, 1)

        self.mastery_box = QGroupBox(self)
        self.mastery_chart = ChartWidget(self, min_height=280)
        mb = QVBoxLayout(self.mastery_box)
        mb.addWidget(self.mastery_chart)

        self.path_box = QGroupBox(self)
        self.path_chart = ChartWidget(self, min_height=150)
        self.path_text = QTextBrowser(self)
        self.path_text.setOpenLinks(False)
        pb = QVBoxLayout(self.path_box)
        pb.addWidget(self.path_chart, 3)
        pb.addWidget(self.path_text, 2)

        self.trajectory_box = QGroupBox(self)
        self.trajectory_chart = ChartWidget(self, min_height=170)
        tb = QVBoxLayout(self.trajectory_box)
        tb.addWidget(self.trajectory_chart)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.path_box)
        right.addWidget(self.trajectory_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.mastery_box)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(split, 1)
        self.retranslate()

    # ----------------------------------------------------------------- data and navigation

    def set_data(self, data: ClassData | None) -> None:
        """Show `data`'s students; keeps the current student when it is still there."""
        current = self.current_student_id()
        self.data = data
        self.picker.blockSignals(True)
        self.picker.clear()
        d = data.diagnosis if data else None
        if data and d:
            for sid, name in zip(d.student_ids, data.student_names(), strict=True):
                self.picker.addItem(f"{sid}  {name or ''}".strip(), sid)
        self.picker.blockSignals(False)
        ids = list(d.student_ids) if d else []
        self.index = ids.index(current) if current in ids else (0 if ids else -1)
        if self.index >= 0:
            self.picker.setCurrentIndex(self.index)
        self._render()

    def current_student_id(self) -> str | None:
        """学号 of the student shown, if any."""
        if self.data and self.data.diagnosis and 0 <= self.index < len(self.data.diagnosis.student_ids):
            return self.data.diagnosis.student_ids[self.index]
        return None

    def show_student(self, student_id: str) -> None:
        """Jump to the student with 学号 `student_id`."""
        if self.data and self.data.diagnosis and student_id in self.data.diagnosis.student_ids:
            self.picker.setCurrentIndex(self.data.diagnosis.student_ids.index(student_id))

    def next(self) -> None:
        """Show the next student (wraps around)."""
        if self.picker.count():
            self.picker.setCurrentIndex((self.picker.currentIndex() + 1) % self.picker.count())

    def previous(self) -> None:
        """Show the previous student (wraps around)."""
        if self.picker.count():
            self.picker.setCurrentIndex((self.picker.currentIndex() - 1) % self.picker.count())

    def _on_pick(self, index: int) -> None:
        if index < 0 or index == self.index:
            return
        self.index = index
        self._render()
        sid = self.current_student_id()
        if sid:
            self.current_changed.emit(sid)

    # ----------------------------------------------------------------- drawing

    def _render(self) -> None:
        self._redraw_pending = False
        labels = chart_labels()
        data = self.data
        d = data.diagnosis if data is not None else None
        has = data is not None and d is not None and self.index >= 0
        for w in (self.prev_button, self.next_button, self.picker):
            w.setEnabled(has)
        if data is None or d is None or not has:
            message = self.tr("Run the diagnosis to see each student's mastery.")
            for chart in (self.mastery_chart, self.path_chart, self.trajectory_chart):
                chart.show_message(message)
            self.summary.setText("")
            self.path_text.clear()
            return
        s = self.index
        self.mastery_chart.draw(
            lambda fig: charts.student_mastery_chart(
                fig,
                d.knowledge_points,
                d.mastery[s],
                d.lower[s],
                d.upper[s],
                list(d.status[s]),
                labels,
                data.thresholds,
            )
        )
        steps = data.learning_path(s)
        self.path_chart.draw(lambda fig: charts.learning_path_chart(fig, steps, labels))
        self.path_text.setHtml(self._path_html(steps))
        names, values = data.trajectory(d.student_ids[s])
        if len(names) >= 2:
            kps = list(d.knowledge_points)
            self.trajectory_chart.draw(
                lambda fig: charts.trajectory_chart(fig, names, kps, values, labels.mastery, labels)
            )
        elif len(data.matrix.assessments) >= 2:
            self.trajectory_chart.show_message(self.tr("Run the diagnosis again to see mastery across assessments."))
        else:
            self.trajectory_chart.show_message(
                self.tr("One assessment so far: mastery over time appears after the next one is imported.")
            )
        counts = {st: int((d.status[s] == st).sum()) for st in ("weak", "developing", "mastered", "insufficient")}
        self.summary.setText(
            self.tr(
                "{weak} weak, {developing} developing, {mastered} mastered, {insufficient} without enough evidence"
            ).format(**counts)
        )

    def _path_html(self, steps: list) -> str:
        if not steps:
            return "<p>" + self.tr("No weak knowledge points: nothing to catch up on.") + "</p>"
        lang = i18n.language()
        rows = []
        for step in steps:
            reason = getattr(step, "reason", None)
            why = reason.get(lang) if reason is not None and hasattr(reason, "get") else ""
            rows.append(f"<li><b>{_esc(step.knowledge_point)}</b> — {_esc(why) or f'{step.mastery:.2f}'}</li>")
        return "<ol style='margin-left: -20px'>" + "".join(rows) + "</ol>"

    # ----------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.prev_button.setText(self.tr("◀ Previous"))
        self.prev_button.setToolTip(self.tr("Previous student (Alt+Left)"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("Next student (Alt+Right)"))
        self.mastery_box.setTitle(self.tr("Mastery per knowledge point (with interval)"))
        self.path_box.setTitle(self.tr("Learning path: weak points, prerequisites first"))
        self.trajectory_box.setTitle(self.tr("Mastery across assessments"))
        if not self._redraw_pending:
            self._redraw_pending = True
            QTimer.singleShot(0, self._render)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
