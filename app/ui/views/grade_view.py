"""The class against its grade: per knowledge point the class's mean mastery next to the grade's, most behind first.

The grade is every diagnosed class that took the same exams (`ClassData.grade_classes`) with this one; the view
names them, those whose diagnosis is out of date (`grade_stale`) and those of the grade it leaves out because they
are not diagnosed yet (`grade_undiagnosed`), which Analysis → Diagnose the grade diagnoses; without another diagnosed class it says how to get the comparison.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.charts import window as charts
from app.services.class_data import ClassData
from app.ui.base import i18n
from app.ui.widgets.chart import ChartWidget


class GradeView(i18n.Relabelled, QWidget):
    """A chart of `ClassData.grade` and a note naming the classes compared (or how to compare)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self._redraw_pending = False
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.chart = ChartWidget(self, min_height=110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.chart, 1)
        self.retranslate()

    def set_data(self, data: ClassData | None) -> None:
        """Show `data`'s comparison with its grade."""
        self.data = data
        self._render()

    def labels(self) -> charts.GradeLabels:
        """The chart's strings in the current language."""
        return charts.GradeLabels(
            this_class=self.tr("This class (95% interval)"),
            behind=self.tr("This class, behind its grade"),
            grade=self.tr("Grade (95% interval)"),
            mean_mastery=self.tr("Mean mastery"),
        )

    def _render(self) -> None:
        self._redraw_pending = False
        data = self.data
        if data is None or data.diagnosis is None:
            self.note.setText("")
            self.chart.show_message(self.tr("Run the diagnosis to compare the class with its grade."))
            return
        rows = list(data.grade)
        if not rows:
            if data.grade_undiagnosed:
                self.note.setText(
                    self.tr(
                        "To compare {cls} with its grade, diagnose its other classes ({classes}): Analysis → "
                        "Diagnose the grade does them all in one go."
                    ).format(cls=data.class_name, classes=i18n.listed(data.grade_undiagnosed))
                )
            else:
                self.note.setText(
                    self.tr(
                        "To compare {cls} with its grade, import the other classes that took the same exams (a whole "
                        "grade's export imports them all at once) and run the diagnosis on each of them."
                    ).format(cls=data.class_name)
                )
            self.chart.show_message(self.tr("No other class of this grade is diagnosed yet."))
            return
        behind = sum(r.behind for r in rows)
        self.note.setText(
            self.tr(
                "{cls} against its grade ({classes} and this class, the same exams), furthest behind first: "
                "behind on {behind} of {n} points."
            ).format(cls=data.class_name, classes=i18n.listed(data.grade_classes), behind=behind, n=len(rows))
        )
        notes = [self.note.text()]
        if data.grade_stale:
            notes.append(
                self.tr("Out of date, scores changed since: {classes}.").format(classes=i18n.listed(data.grade_stale))
            )
        if data.grade_undiagnosed:
            notes.append(
                self.tr("Not compared, not diagnosed yet: {classes}.").format(
                    classes=i18n.listed(data.grade_undiagnosed)
                )
            )
        if len(notes) > 1:
            self.note.setText(" ".join([*notes, self.tr("Analysis → Diagnose the grade diagnoses them all.")]))
        labels = self.labels()
        self.chart.draw(lambda fig: charts.grade_chart(fig, rows, labels), height=charts.grade_height(len(rows)))

    def retranslate(self) -> None:
        """Re-label (and redraw) in the current language."""
        self.note.setToolTip(
            self.tr(
                "The grade: the diagnosed classes that took the same exams. Behind (red): the class's 95% interval "
                "lies wholly below the grade's mean mastery. The number is class minus grade."
            )
        )
        if not self._redraw_pending:
            self._redraw_pending = True
            QTimer.singleShot(0, self._render)
