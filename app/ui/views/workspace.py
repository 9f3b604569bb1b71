"""The workspace: the class and diagnosis pickers, Run diagnosis and Check, the banner, the class and student views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.ui.base import i18n

if TYPE_CHECKING:
    from app.services.class_data import ClassData
    from app.ui.views.class_view import ClassView
    from app.ui.views.groups_view import GroupsView
    from app.ui.views.review_view import ReviewView
    from app.ui.views.student_view import StudentView

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class Workspace(QWidget):
    """Shows one class: pickers and buttons on top, the out-of-date banner, the views in tabs.

    The window connects the pickers and buttons and relabels it (`retranslate`); the views are
    created, and matplotlib imported, the first time a class is shown (`ensure_views`).
    `paper_requested()` when the class view asks to edit an exam's paper; `banner_tags` is True when
    the banner offers tagging (the class's questions test no knowledge point) rather than a diagnosis.
    The 讲评 and 分层 tabs follow the student view; `export_requested(what)` when one asks to export.
    """

    paper_requested = Signal()
    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.class_view: ClassView | None = None
        self.student_view: StudentView | None = None
        self.review_view: ReviewView | None = None
        self.groups_view: GroupsView | None = None
        self.banner_tags = False
        self.class_label = QLabel(self)
        self.class_picker = QComboBox(self)
        self.class_picker.setMinimumContentsLength(14)
        self.class_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run_label = QLabel(self)
        self.run_picker = QComboBox(self)
        self.run_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.diagnose_button = QPushButton(self)
        self.check_button = QPushButton(self)
        top = QHBoxLayout()
        top.addWidget(self.class_label)
        top.addWidget(self.class_picker)
        top.addSpacing(16)
        top.addWidget(self.run_label)
        top.addWidget(self.run_picker)
        top.addStretch(1)
        top.addWidget(self.diagnose_button)
        top.addWidget(self.check_button)

        self.banner = QFrame(self)
        self.banner.setStyleSheet(
            "QFrame { background: #fff4d6; border: 1px solid #e0b64c; border-radius: 4px } QLabel { border: none }"
        )
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_button = QPushButton(self.banner)
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(QLabel("⚠", self.banner))
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.banner_button)
        self.banner.hide()

        self.tabs = QTabWidget(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    def ensure_views(self) -> tuple[ClassView, StudentView]:
        """The class and student views, created (and matplotlib imported) on first use."""
        if self.class_view is None or self.student_view is None:
            from app.ui.views.class_view import ClassView
            from app.ui.views.groups_view import GroupsView
            from app.ui.views.review_view import ReviewView
            from app.ui.views.student_view import StudentView

            self.class_view = ClassView(self.tabs)
            self.student_view = StudentView(self.tabs)
            self.review_view = ReviewView(self.tabs)
            self.groups_view = GroupsView(self.tabs)
            self.class_view.student_activated.connect(self.open_student)
            self.class_view.paper_requested.connect(self.paper_requested)
            self.review_view.export_requested.connect(self.export_requested)
            self.groups_view.export_requested.connect(self.export_requested)
            self.tabs.addTab(self.class_view, "")
            self.tabs.addTab(self.student_view, "")
            self.tabs.addTab(self.review_view, "")
            self.tabs.addTab(self.groups_view, "")
            self.retranslate(None)
        return self.class_view, self.student_view

    def set_classes(self, names: Sequence[str], current: str | None) -> None:
        """List the store's classes in the class picker, keeping `current` selected."""
        self.class_picker.clear()
        self.class_picker.addItems(list(names))
        if current is not None and current in names:
            self.class_picker.setCurrentText(current)

    def show_data(self, data: ClassData | None) -> None:
        """Show `data` (None: no class) in the pickers, the banner and the views."""
        if data is not None:
            self.class_picker.setCurrentText(data.class_name)
        self.fill_run_picker(data)
        if data is not None or self.class_view is not None:
            class_view, student_view = self.ensure_views()
            class_view.set_data(data)
            student_view.set_data(data)
            if self.review_view is not None and self.groups_view is not None:
                self.review_view.set_data(data)
                self.groups_view.set_data(data)
        self.update_banner(data)

    def fill_run_picker(self, data: ClassData | None) -> None:
        """List the class's diagnosis runs, the one shown selected; labels the run shown in `data.run_label`."""
        self.run_picker.clear()
        if data is None:
            return
        class_assessments = set(data.matrix.assessments)
        for run in data.runs:
            if run.state_after is not None and set(run.assessments) == class_assessments:
                scope = translate("MainWindow", "now: after {exam}").format(exam=run.state_after)
            elif run.state_after is not None:
                scope = translate("MainWindow", "after {exam}").format(exam=run.state_after)
            elif set(run.assessments) == class_assessments:
                scope = translate("MainWindow", "all assessments")
            else:
                scope = i18n.listed(run.assessments)
            label = translate("MainWindow", "{when} · {scope} · {device}").format(
                when=run.created.strftime("%Y-%m-%d %H:%M"), scope=scope, device=run.device
            )
            self.run_picker.addItem(label, run.run_id)
        if not data.runs:
            self.run_picker.addItem(translate("MainWindow", "not diagnosed yet"), None)
        index = self.run_picker.findData(data.run_id)
        if index >= 0:
            self.run_picker.setCurrentIndex(index)
        if data.diagnosis is not None:
            d = data.diagnosis
            data.run_label = translate("MainWindow", "Diagnosis: model {model}, {device}, {seconds:.1f} s").format(
                model=d.model_version, device=d.device, seconds=d.seconds
            )
            if anchored := int(str(d.settings.get("anchored_items", 0))):
                data.run_label += translate(
                    "MainWindow", "; {n} questions started from an earlier grade's calibration of the paper"
                ).format(n=anchored)

    def update_banner(self, data: ClassData | None) -> None:
        """Offer to tag a class whose questions test no knowledge point, to diagnose a class never diagnosed,
        or to re-run an out-of-date diagnosis."""
        self.banner_tags = data is not None and not data.matrix.knowledge_points
        if data is None or (data.diagnosis is not None and not data.stale):
            self.banner.hide()
            return
        if self.banner_tags:
            self.banner_text.setText(
                translate(
                    "MainWindow",
                    "The questions of this class are not tagged with knowledge points yet: tag the exam's paper "
                    "(knowledge points, full marks, answers) to diagnose it.",
                )
            )
            self.banner_button.setText(translate("MainWindow", "Tag the paper…"))
        elif data.diagnosis is None:
            self.banner_text.setText(translate("MainWindow", "This class has not been diagnosed yet."))
            self.banner_button.setText(translate("MainWindow", "Run diagnosis"))
        else:
            self.banner_text.setText(
                translate(
                    "MainWindow", "The scores or the exam's paper changed since this diagnosis: it is out of date."
                )
            )
            self.banner_button.setText(translate("MainWindow", "Re-run diagnosis"))
        self.banner_button.setToolTip(self.banner_text.text())
        self.banner.show()

    def show_tab(self, index: int) -> None:
        """Show the class view (0) or the student view (1), once they exist."""
        if self.class_view is not None:
            self.tabs.setCurrentIndex(index)

    def open_student(self, student_id: str) -> None:
        """Show one student in the student view."""
        if self.student_view is not None:
            self.student_view.show_student(student_id)
            self.tabs.setCurrentWidget(self.student_view)

    def step_student(self, step: int) -> None:
        """Show the next (`step` 1) or previous (-1) student in the student view."""
        if self.student_view is not None:
            self.tabs.setCurrentWidget(self.student_view)
            if step > 0:
                self.student_view.next()
            else:
                self.student_view.previous()

    def retranslate(self, data: ClassData | None) -> None:
        """Re-label everything in the current language (`data`: the class shown, for the run picker and banner)."""
        self.class_label.setText(translate("MainWindow", "Class:"))
        self.run_label.setText(translate("MainWindow", "Diagnosis:"))
        self.diagnose_button.setText(translate("MainWindow", "Run diagnosis"))
        self.check_button.setText(translate("MainWindow", "Check the model…"))
        self.class_picker.setToolTip(translate("MainWindow", "The class shown"))
        self.run_picker.setToolTip(
            translate(
                "MainWindow", "The diagnosis shown: the newest over all exams, or an earlier one, or one exam alone"
            )
        )
        self.diagnose_button.setToolTip(
            translate("MainWindow", "Diagnose the class shown from all its exams, in the background (F5)")
        )
        self.check_button.setToolTip(
            translate(
                "MainWindow", "Hide some of the class's scores and see how well the diagnosis predicts them (Ctrl+M)"
            )
        )
        if self.class_view is not None:
            self.tabs.setTabText(0, translate("MainWindow", "Class"))
            self.tabs.setTabText(1, translate("MainWindow", "Student"))
            self.tabs.setTabText(2, translate("MainWindow", "讲评 (review)"))
            self.tabs.setTabText(3, translate("MainWindow", "分层 (groups)"))
            self.tabs.setTabToolTip(0, translate("MainWindow", "The class: weak points, heat map, questions, grade"))
            self.tabs.setTabToolTip(1, translate("MainWindow", "One student: mastery, learning path, progress"))
            self.tabs.setTabToolTip(2, translate("MainWindow", "The questions to go over in class first"))
            self.tabs.setTabToolTip(3, translate("MainWindow", "Students in groups by their weak points"))
        if data is not None:
            self.fill_run_picker(data)
        self.update_banner(data)
