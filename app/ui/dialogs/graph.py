"""The knowledge-graph dialog: the class subject's prerequisite graph, and importing a prerequisite file."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.charts.style import register_font
from app.core.problems import Problem, Severity
from app.services.class_data import ClassData
from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.widgets.problem_list import ProblemList


class GraphDialog(i18n.Relabelled, QDialog):
    """Shows `data`'s prerequisite graph coloured by class mean mastery; `import_requested` asks the
    window to import a prerequisite file (it reports back with `show_import`)."""

    import_requested = Signal()

    def __init__(self, data: ClassData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        register_font()
        self.data = data
        self.canvas: QWidget | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.import_report = QLabel(self)
        self.import_report.setWordWrap(True)
        self.import_report.hide()
        self.problems = ProblemList(self)
        self.problems.setMaximumHeight(160)
        self.problems.hide()
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.import_requested)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.scroll_area, 1)
        column.addWidget(self.empty)
        column.addWidget(self.import_report)
        column.addWidget(self.problems)
        column.addLayout(bottom)
        fit_to_screen(self, QSize(900, 560))  # or less, on a smaller screen
        self.retranslate()

    def set_data(self, data: ClassData) -> None:
        """Show another class (or the same one reloaded) and redraw."""
        self.data = data
        self.retranslate()

    def points(self) -> list[str]:
        """The knowledge points drawn: the class's, then those only the graph names."""
        d = self.data
        own = list(d.diagnosis.knowledge_points if d.diagnosis else d.matrix.knowledge_points)
        extra = sorted({p for pair in d.prerequisites for p in pair} - set(own))
        return own + extra

    def draw(self) -> None:
        """Draw the graph with the current language (the bundled font renders Chinese)."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from app.charts.exports import knowledge_graph_figure

        mastery = None
        if self.data.diagnosis is not None:
            from app.insight.summaries import knowledge_point_summary

            mastery = {
                s.knowledge_point: s.mean_mastery
                for s in knowledge_point_summary(self.data.diagnosis)
                if not math.isnan(s.mean_mastery)
            }
        figure = knowledge_graph_figure(
            self.points(),
            self.data.prerequisites,
            mastery=mastery,
            threshold=self.data.thresholds.weak_below,
            lang=i18n.language(),
            width=8.5,
        )
        canvas = FigureCanvasQTAgg(figure)
        width, height = figure.get_size_inches() * figure.dpi
        canvas.setMinimumSize(int(width), int(height))
        self.scroll_area.setWidget(canvas)  # the previous canvas is deleted with it
        self.canvas = canvas

    def show_import(self, saved: bool, links: int, problems: Sequence[Problem]) -> None:
        """Report an import: saved with `links` links, or refused; its problems listed with their place."""
        if saved:
            self.import_report.setText(
                self.tr("Saved {n} prerequisite links for {subject}.").format(
                    n=links, subject=self.data.subject or self.data.class_name
                )
            )
            self.import_report.setStyleSheet("color: #1b6e2a")
        elif links == 0 and not problems:
            self.import_report.setText(self.tr("The file holds no prerequisite links; nothing was changed."))
            self.import_report.setStyleSheet("color: #b02a1a")
        else:
            first = next((p for p in problems if p.severity == Severity.ERROR), None)
            self.import_report.setText(
                "\n".join(
                    [
                        self.tr(
                            "The file was not imported; the graph is unchanged. Fix the errors "
                            "below and import it again."
                        ),
                        *([first.text.get(i18n.language())] if first else []),
                    ]
                )
            )
            self.import_report.setStyleSheet("color: #b02a1a")
        self.import_report.show()
        self.problems.show_problems(problems)
        self.problems.setVisible(bool(problems))

    def retranslate(self) -> None:
        """Re-label and redraw in the current language."""
        subject = self.data.subject or self.data.class_name
        self.setWindowTitle(self.tr("Knowledge graph: {subject}").format(subject=subject))
        self.intro.setText(
            self.tr(
                "Arrows go from a prerequisite to the knowledge point that builds on it, in learning order from left "
                "to right. Each box shows the class mean mastery: red below the weak threshold ({threshold:.2f}), "
                "green above it. Learning paths follow this graph."
            ).format(threshold=self.data.thresholds.weak_below)
        )
        self.empty.setText(
            self.tr(
                "No prerequisites are stored for {subject} yet: import a table of knowledge_point, prerequisite pairs."
            ).format(subject=subject)
        )
        self.empty.setVisible(not self.data.prerequisites)
        self.import_button.setText(self.tr("Import prerequisites…"))
        self.import_button.setToolTip(
            self.tr("Read a table of knowledge_point, prerequisite pairs (Excel or CSV) for this subject")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip(self.tr("Close the knowledge graph"))
        self.draw()
