"""Class view: knowledge-point weakness chart, student × point heat map, item analysis, assessments, the grade.

The heat map can be filtered by 学号 or name; a double-click or Enter on a student opens the student view.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.charts import window as charts
from app.charts.layout import LABEL
from app.core.vocabulary import Status
from app.insight.grain import GrainKind
from app.insight.progress import class_progress, followup_text
from app.insight.summaries import (
    item_analysis,
    knowledge_point_score_rates,
    knowledge_point_summary,
)
from app.services.class_data import ClassData
from app.services.grain import reliability_gate, shown_reliability
from app.ui.base import i18n
from app.ui.views.grade_view import GradeView
from app.ui.views.models import SORT_ROLE, HeatMapModel, ItemAnalysisModel, StudentFilter, status_name
from app.ui.widgets.chart import ChartWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def reliability(value: float) -> str:
    """A profile's reliability as shown, by the rule the command line prints it with (`services.grain`)."""
    return shown_reliability(value)


def chart_labels() -> charts.Labels:
    """The chart strings in the current language (one place, shared by both views)."""
    return charts.Labels(
        mastery=QCoreApplication.translate("Charts", "Mastery"),
        share_weak=QCoreApplication.translate("Charts", "Share of students weak"),
        mean_mastery=QCoreApplication.translate("Charts", "Class mean mastery (95% interval)"),
        not_enough=status_name(Status.INSUFFICIENT),
        score_rate=QCoreApplication.translate("Charts", "Score rate"),
        no_weak=QCoreApplication.translate("Charts", "No weak knowledge points: nothing to catch up on."),
        assessments=QCoreApplication.translate("Charts", "Assessment"),
        weak=status_name(Status.WEAK),
        developing=status_name(Status.DEVELOPING),
        mastered=status_name(Status.MASTERED),
    )


def make_table(
    model, parent: QWidget, proxy: QSortFilterProxyModel | None = None
) -> tuple[QTableView, QSortFilterProxyModel]:
    """A sortable read-only table over `model` (through `proxy`, a plain sorting proxy by default), sorting on
    SORT_ROLE."""
    proxy = proxy or QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(False)
    return view, proxy


class ClassView(i18n.Relabelled, QWidget):
    """Everything about one class; emits `student_activated(student_id)` on a heat-map double-click or Enter
    and `paper_requested()` when the teacher asks to edit an exam's paper (item analysis tab)."""

    student_activated = Signal(str)
    paper_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ClassData | None = None
        self._redraw_pending = False

        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)

        self.weakness_title = QLabel(self)
        self.weakness_title.setStyleSheet("font-weight: bold")
        self.weakness_title.setWordWrap(True)  # beside the groups' check box it must not widen the chart's side
        self.weakness_chart = ChartWidget(self, min_height=110)
        self.weakness_note = QLabel(self)
        self.weakness_note.setWordWrap(True)
        self.kinds_note = QLabel(self)
        self.kinds_note.setWordWrap(True)
        self.kinds_note.setTextFormat(Qt.TextFormat.PlainText)
        self.class_notes = QLabel(self)  # what could not be made for the class shown (its groups: why)
        self.class_notes.setWordWrap(True)
        self.class_notes.setTextFormat(Qt.TextFormat.PlainText)
        self.grain_note = QLabel(self)  # the coarser grain when the class's points cannot be told apart
        self.grain_note.setWordWrap(True)
        self.grain_note.setTextFormat(Qt.TextFormat.PlainText)
        # where the points cannot be told apart but groups of them can, the chart shows the groups first
        self.show_points = QCheckBox(self)  # ticked: the points as detail (a check box: a button's height squeezed
        self.show_points.toggled.connect(lambda _: self._render())  # the chart on small screens)
        self.group_note = QLabel(self)  # why groups, and which points each holds
        self.group_note.setWordWrap(True)
        self.group_note.setTextFormat(Qt.TextFormat.PlainText)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        title = QHBoxLayout()
        title.addWidget(self.weakness_title, 1)
        title.addWidget(self.show_points)
        lv.addLayout(title)
        lv.addWidget(self.weakness_chart, 1)
        lv.addWidget(self.group_note)
        lv.addWidget(self.weakness_note)

        self.heat_model = HeatMapModel(self)
        self.heat_filter = StudentFilter(self)
        self.heat_view, self.heat_proxy = make_table(self.heat_model, self, self.heat_filter)
        self.heat_view.doubleClicked.connect(self._on_double_click)
        self.heat_view.installEventFilter(self)
        self.find_label = QLabel(self)
        self.find_edit = QLineEdit(self)
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self.heat_filter.set_text)
        self.find_edit.returnPressed.connect(self._open_first_found)
        self.find_label.setBuddy(self.find_edit)
        self.found_label = QLabel(self)
        self.heat_legend = QLabel(self)
        self.heat_legend.setWordWrap(True)
        heat = QWidget(self)
        hv = QVBoxLayout(heat)
        find = QHBoxLayout()
        find.addWidget(self.find_label)
        find.addWidget(self.find_edit, 1)
        find.addWidget(self.found_label)
        hv.addLayout(find)
        hv.addWidget(self.heat_view, 1)
        hv.addWidget(self.heat_legend)
        hv.addWidget(self.grain_note)  # beside the points' map; full width above the views it took their room
        self.heat_filter.rowsInserted.connect(self._show_found)
        self.heat_filter.rowsRemoved.connect(self._show_found)
        self.heat_filter.modelReset.connect(self._show_found)

        self.item_model = ItemAnalysisModel(self)
        self.item_view, self.item_proxy = make_table(self.item_model, self)
        self.item_view.horizontalHeader().setStretchLastSection(True)
        self.item_note = QLabel(self)
        self.item_note.setWordWrap(True)
        self.paper_button = QPushButton(self)
        self.paper_button.clicked.connect(self.paper_requested)
        items = QWidget(self)
        iv = QVBoxLayout(items)
        iv.addWidget(self.item_view, 1)
        below = QHBoxLayout()
        below.addWidget(self.item_note, 1)
        below.addWidget(self.paper_button)
        iv.addLayout(below)

        self.assessment_chart = ChartWidget(self, min_height=110)
        self.assessment_note = QLabel(self)
        self.assessment_note.setWordWrap(True)
        compare = QWidget(self)
        cv = QVBoxLayout(compare)
        cv.addWidget(self.assessment_chart, 1)
        cv.addWidget(self.assessment_note)

        # the term's progress has its own tab: below the assessments' chart it got two lines and a scroll bar
        self.progress_chart = ChartWidget(self, min_height=110)  # start of term against now, with intervals
        self.progress_note = QLabel(self)  # since the start of term, the class mean (insight.progress)
        self.progress_note.setWordWrap(True)
        self.progress_note.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # not mid-box
        # the notes scroll when the screen is short: laid out whole they raised the window's least height
        self.progress_notes = QScrollArea(self)
        self.progress_notes.setWidgetResizable(True)
        self.progress_notes.setFrameShape(QFrame.Shape.NoFrame)
        self.progress_notes.setWidget(self.progress_note)
        self.progress_notes.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        progress = QWidget(self)
        pv = QVBoxLayout(progress)
        pv.addWidget(self.progress_chart, 2)
        pv.addWidget(self.progress_notes, 1)

        self.grade_view = GradeView(self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(heat, "")
        self.tabs.addTab(items, "")
        self.tabs.addTab(compare, "")
        self.tabs.addTab(progress, "")
        self.tabs.addTab(self.grade_view, "")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.kinds_note)  # full width: under the chart it would squeeze it on small screens
        layout.addWidget(self.class_notes)
        layout.addWidget(splitter, 1)
        self.retranslate()

    # ----------------------------------------------------------------- data

    def set_data(self, data: ClassData | None) -> None:
        """Show `data` (None clears the view); another class starts at its groups, where it has them."""
        if data is None or self.data is None or data.class_name != self.data.class_name:
            self.show_points.setChecked(False)
        self.data = data
        d = data.diagnosis if data else None
        self.heat_model.set_diagnosis(d, data.student_names() if data and d else (), data.findings if data else None)
        self.item_model.set_items(item_analysis(data.matrix) if data else [])
        self.heat_view.resizeColumnsToContents()
        self.item_view.resizeColumnsToContents()
        self.grade_view.set_data(data)
        self._show_found()
        self._render()

    def _render(self) -> None:
        self._redraw_pending = False
        data = self.data
        labels = chart_labels()
        self.header.setText(self._header_text())
        kinds = self.kinds_text()
        self.kinds_note.setText(kinds)
        self.kinds_note.setVisible(bool(kinds))
        notes = "\n".join(i18n.text(note) for note in data.notes) if data is not None else ""
        self.class_notes.setText(notes)
        self.class_notes.setVisible(bool(notes))
        grain = self.grain_text()
        self.grain_note.setText(grain)
        at_grain = data.at_grain if data is not None else None
        self.show_points.setVisible(at_grain is not None)
        groups = at_grain is not None and not self.show_points.isChecked()
        self.grain_note.setVisible(bool(grain) and not groups)  # shown by group, the line under the chart says it
        self.weakness_title.setText(
            self.tr("Weakness per group (weakest first)")
            if groups
            else self.tr("Weakness per knowledge point (weakest first)")
        )
        # the groups' line takes the bars' note's place (the axes say what it said): two notes took the chart's room
        self.group_note.setText(self.group_text() if groups else "")
        self.group_note.setToolTip(self.group_points() if groups else "")
        self.group_note.setVisible(groups)
        self.weakness_note.setVisible(not groups)
        if data is None or data.diagnosis is None:
            self.weakness_chart.show_message(self.tr("Run the diagnosis to see mastery per knowledge point."))
        else:
            summaries = (
                at_grain.summaries(i18n.language(), LABEL)  # cut to a row's width, each group's count kept
                if at_grain is not None and groups
                else knowledge_point_summary(data.diagnosis)
            )
            self.weakness_chart.draw(
                lambda fig: charts.weakness_chart(fig, summaries, labels, data.thresholds),
                height=charts.weakness_height(len(summaries)),
            )
        self._render_assessments(labels)

    def _render_assessments(self, labels: charts.Labels) -> None:
        data = self.data
        self._render_progress()
        if data is None or len(data.matrix.assessments) < 2:
            self.assessment_chart.show_message(
                self.tr("Import another assessment of this class to compare assessments.")
            )
            self.assessment_note.setText("")
            return
        names, values = data.class_trajectory()
        kps = list(data.diagnosis.knowledge_points) if data.diagnosis else list(data.matrix.knowledge_points)
        if len(names) >= 2:
            label = self.tr("Class mean mastery")
            term = all(d.settings.get("state_after") for _, d in data.states())
            note = (
                self.tr(
                    "Mastery after each assessment, carried through the term in date order; "
                    "a missing bar means no student had enough evidence on the point yet."
                )
                if term
                else self.tr(
                    "Mastery diagnosed from each assessment alone; "
                    "a missing bar means the assessment did not test the point."
                )
            )
        else:
            names = list(data.matrix.assessments)
            values = knowledge_point_score_rates(data.matrix)
            kps = list(data.matrix.knowledge_points)
            label = labels.score_rate
            note = self.tr("Score rate per assessment; run the diagnosis to compare mastery.")
        self.assessment_chart.draw(
            lambda fig: charts.assessment_chart(fig, kps, names, values, label, labels),
            height=charts.assessment_height(len(kps), len(names)),
        )
        self.assessment_note.setText(note)

    def _render_progress(self) -> None:
        """The progress tab: each point's class mean at the start of term against now, with intervals, and the
        notes (`progress_text`)."""
        data = self.data
        states = data.states() if data is not None else []
        notes = self.progress_text()
        self.progress_note.setText(notes)
        self.progress_notes.setVisible(bool(notes))  # an empty box took a third of the tab from the message
        if data is None or len(states) < 2:
            self.progress_chart.show_message(
                self.tr("Progress over the term appears once two exams of this class are diagnosed.")
            )
            return
        rows = class_progress(states)
        if not rows:
            self.progress_chart.show_message(self.tr("No knowledge point is judged after two exams yet."))
            return
        labels = charts.ProgressLabels(
            rose=self.tr("Now: rose beyond its uncertainty"),
            fell=self.tr("Now: fell beyond its uncertainty"),
            within=self.tr("Now: within its uncertainty"),
            key=self.tr(
                "Class mean mastery with its {level:.0%} interval: hollow, the start of term (after {start}); "
                "below it, now (after {now})"
            ).format(level=data.thresholds.interval_level, start=states[0][0], now=states[-1][0]),
            mean_mastery=self.tr("Class mean mastery"),
            since=self.tr("(from {exam})"),
        )
        self.progress_chart.draw(
            lambda fig: charts.progress_chart(fig, rows, states[0][0], labels),
            height=charts.progress_height(len(rows)),
        )

    def group_text(self) -> str:
        """Why the chart shows groups: the class's points cannot be told apart, these groups can (profile reliability
        from → to); "" when the class has no supported grain. Their points are in the tooltip (`group_points`)."""
        at_grain = self.data.at_grain if self.data is not None else None
        if at_grain is None:
            return ""
        grain = at_grain.grain
        return self.tr(
            "By group ({kind}): the points cannot be told apart here, these groups can (profile reliability "
            "{fine} → {r}); hover for their points."
        ).format(
            kind=i18n.text(grain.kind.text), fine=reliability(grain.fine_reliability), r=reliability(grain.reliability)
        )

    def group_points(self) -> str:
        """The points of each group shown, one group a line, then what the bars are; "" without a supported grain."""
        at_grain = self.data.at_grain if self.data is not None else None
        if at_grain is None:
            return ""
        lang = i18n.language()
        return "\n".join([*(g.shown(lang) for g in at_grain.groups), "", self.weakness_note.text()])

    def grain_text(self) -> str:
        """When the class's points cannot be told apart: the coarser grain that can (units of the knowledge graph,
        the paper's 大题 or points tested together, `services.grain`) with its reliability, its groups named in
        the tooltip with their points, or that none can; "" otherwise."""
        grain = self.data.grain if self.data is not None else None
        if grain is None:
            return ""
        if grain.supported:  # the groups go in the tooltip: listed here they took the charts' room on small screens
            self.grain_note.setToolTip("\n".join(grain.shown(i18n.language())))
            kind = {
                GrainKind.UNITS: self.tr(
                    "Points cannot be told apart here (reliability {fine}); the knowledge graph's units can "
                    "({r}; hover for them, their points stay as detail)."
                ),
                GrainKind.MAIN_QUESTIONS: self.tr(
                    "Points cannot be told apart here (reliability {fine}); the paper's 大题 can "
                    "({r}; hover for them, their points stay as detail)."
                ),
                GrainKind.TAGGED: self.tr(
                    "Points cannot be told apart here (reliability {fine}); groups of points tested together can "
                    "({r}; hover for them)."
                ),
            }[grain.kind]
            return kind.format(fine=reliability(grain.fine_reliability), r=reliability(grain.reliability))
        self.grain_note.setToolTip("")
        return self.tr(
            "Points cannot be told apart here (reliability {fine}), nor groups of them (best {r}): a weak "
            "point mostly means a student weak overall."
        ).format(fine=reliability(grain.fine_reliability), r=reliability(grain.reliability))

    def progress_text(self) -> str:
        """The class since the start of term: the points whose class mean rose or fell beyond its uncertainty from
        the first exam's state to now (`insight.progress.class_progress`), how the points of the plans handed out
        changed by the next exam, and how the profile's reliability grew; "" with fewer than two states."""
        data = self.data
        states = data.states() if data is not None else []
        if len(states) < 2:
            return ""
        found = class_progress(states)

        def listed(direction: int) -> str:
            went = [
                f"{p.knowledge_point} ({p.start.mastery:.2f}→{p.now.mastery:.2f})"
                for p in found
                if p.direction == direction
            ]
            return i18n.listed(went) if went else self.tr("none")

        text = self.tr(
            "Since the start of term (after {start}) to now (after {now}), beyond its uncertainty the class mean "
            "rose on: {up}; fell on: {down}."
        ).format(start=states[0][0], now=states[-1][0], up=listed(1), down=listed(-1))
        if data is not None:
            text += "".join("\n" + i18n.text(followup_text(f)) for f in data.shown_followups())
        if data is not None and data.reliability_growth:
            grew = " → ".join(f"{exam} {reliability(r)}" for exam, r in data.reliability_growth)
            text += "\n" + self.tr(
                "How far the points can be told apart (profile reliability, {gate:.2f} needed) after each exam: {grew}"
            ).format(gate=reliability_gate(), grew=grew)
        return text

    def kinds_text(self) -> str:
        """How many students are behind overall (at the teacher's confidence), and whether points can be flagged for
        a student specifically (the class's profile reliability); "" for a run that does not tell the two apart."""
        found = self.data.findings if self.data is not None else None
        if found is None or found.overall is None:
            return ""
        if found.point_specific:
            text = self.tr(
                "{n} of {total} students behind overall · point-specific flags shown (profile reliability {r})"
            )
        else:
            text = self.tr(
                "{n} of {total} students behind overall · point-specific flags not supported (profile reliability {r})"
            )
        return text.format(
            n=int(found.behind.sum()),
            total=len(found.behind),
            r=reliability(found.reliability),
        )

    def _header_text(self) -> str:
        data = self.data
        if data is None:
            return self.tr("No class loaded.")
        m = data.matrix
        text = self.tr(
            "{cls}: {students} students, {items} questions, {kps} knowledge points, assessments: {assessments}"
        ).format(
            cls=data.class_name,
            students=len(m.student_ids),
            items=len(m.item_ids),
            kps=len(m.knowledge_points),
            assessments=i18n.listed(m.assessments),
        )
        if data.run_label:
            text += "\n" + data.run_label
        return text

    def _on_double_click(self, index: QModelIndex) -> None:
        source = self.heat_proxy.mapToSource(index)
        if self.data and self.data.diagnosis and source.isValid():
            self.student_activated.emit(self.data.diagnosis.student_ids[source.row()])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter on a heat-map row opens that student."""
        key = event.key() if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress else None
        if watched is self.heat_view and key in ENTER_KEYS and self.heat_view.currentIndex().isValid():
            self._on_double_click(self.heat_view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _open_first_found(self) -> None:
        """Enter in the find box: open the first student shown."""
        if self.heat_proxy.rowCount():
            self._on_double_click(self.heat_proxy.index(0, 0))

    def _show_found(self) -> None:
        shown, total = self.heat_proxy.rowCount(), self.heat_model.rowCount()
        self.found_label.setText(
            self.tr("{shown} of {total}").format(shown=shown, total=total) if self.heat_filter.needle else ""
        )

    # ----------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.show_points.setText(self.tr("Points (detail)"))
        self.show_points.setToolTip(
            self.tr(
                "This class's points cannot be told apart, groups of them can: the chart shows the groups; ticked, "
                "every knowledge point as detail"
            )
        )
        self.weakness_note.setText(
            self.tr(
                "Bars: class mean mastery with its 95% interval; right: share of students diagnosed weak. "
                "Students without enough evidence for a point are left out of it."
            )
        )
        self.kinds_note.setToolTip(
            self.tr(
                "Weak overall: expected below the weak threshold on an average question. The profile reliability "
                "(0 to 1) says how well this class's scores tell a student's points apart beyond their overall level. "
                "Where flags are shown, the student view marks points weak relative to each student's own level; "
                "where they are not supported, most weak points here mean 'behind overall'."
            )
        )
        symbols = "   ".join(f"{status.symbol} {status_name(status)}" for status in Status)
        self.heat_legend.setText(
            self.tr(
                "{symbols} — numbers are mastery (0–1). Click a header to sort; double-click a student, or press "
                "Enter, to open the student view."
            ).format(symbols=symbols)
        )
        self.item_note.setText(
            self.tr(
                "Score rate: share of the points earned. "
                "Discrimination: score rate of the top 27% minus the bottom 27%; ⚠ marks questions below 0.2."
            )
        )
        self.paper_button.setText(self.tr("Edit the paper…"))
        self.paper_button.setToolTip(self.tr("Knowledge points, full marks and answer keys of an exam's questions"))
        self.find_label.setText(self.tr("Find:"))
        self.find_edit.setPlaceholderText(self.tr("学号 or name"))
        self.find_edit.setToolTip(
            self.tr("Show only the students whose 学号 or name contains this; Enter opens the first of them")
        )
        self.heat_view.setToolTip(
            self.tr("Mastery of each student per knowledge point; double-click or Enter opens the student")
        )
        self.item_view.setToolTip(
            self.tr("Per question: score rate, discrimination and, for choice questions, the answers chosen")
        )
        self.tabs.setTabText(0, self.tr("Heat map"))
        self.tabs.setTabText(1, self.tr("Item analysis"))
        self.tabs.setTabText(2, self.tr("Assessments"))
        self.tabs.setTabText(3, self.tr("Progress"))
        self.tabs.setTabText(4, self.tr("Against the grade"))
        self.tabs.setTabToolTip(0, self.tr("Every student's mastery of every knowledge point"))
        self.tabs.setTabToolTip(1, self.tr("Score rate, discrimination and answers chosen per question"))
        self.tabs.setTabToolTip(2, self.tr("How the class moved from one assessment to the next"))
        self.tabs.setTabToolTip(
            3,
            self.tr(
                "The class since the start of term: which points moved beyond their uncertainty, how planned points "
                "changed by the next exam, how far the points can be told apart"
            ),
        )
        self.tabs.setTabToolTip(4, self.tr("The class's mean mastery against the other classes of its grade"))
        self._show_found()
        self.heat_model.retranslate()
        self.item_model.retranslate()
        if not self._redraw_pending:
            self._redraw_pending = True
            QTimer.singleShot(0, self._render)
