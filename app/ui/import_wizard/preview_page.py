"""The import wizard's second page: how the file was understood, the mapping to fix it, every problem.

It shows the wizard's last read of the file: the mapping controls (changing one re-reads the
file, after a short pause), the classes of a whole-grade file with a tick box each, the first rows
with each column's role, what was found, and every problem with its place. Next goes to the
tagging step when the questions lack knowledge points, full marks or answer keys; "Tag questions…"
goes there in any case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.core.problems import Severity
from app.ui.base import i18n
from app.ui.import_wizard.review import ReviewBox
from app.ui.import_wizard.understood import fill_preview, summary
from app.ui.widgets.problem_list import ProblemList

if TYPE_CHECKING:
    from app.importer import Layout
    from app.ui.import_wizard.reading import Wizard

NAMES = "\0names"  # the Student ID column's "none": students are matched by name


class PreviewPage(QWizardPage):
    """Page 2: how the file was understood, the mapping, the classes, the problems."""

    def __init__(self, wizard: Wizard) -> None:
        super().__init__()  # the wizard takes the page in with addPage
        self.wiz = wizard
        # mapping controls
        self.sheet = QComboBox(self)
        self.kind = QComboBox(self)
        self.header_row = QSpinBox(self)
        self.id_column = QComboBox(self)
        self.name_column = QComboBox(self)
        self.max_row = QSpinBox(self)
        self.kp_row = QSpinBox(self)
        self.answer_row = QSpinBox(self)
        self.item_sheet = QComboBox(self)
        self.assessment = QLineEdit(self)
        self.date = QLineEdit(self)
        for spin in (self.header_row, self.max_row, self.kp_row, self.answer_row):
            spin.setRange(0, 100000)
        for combo in (self.sheet, self.kind, self.id_column, self.name_column, self.item_sheet):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.assessment.setMinimumWidth(180)
        self.mapping_box = QGroupBox(self)
        self.mapping = QFormLayout(self.mapping_box)
        self.mapping_labels = []
        self.mapping_controls: tuple[QWidget, ...] = (  # in the order of their labels and tooltips
            self.sheet,
            self.kind,
            self.header_row,
            self.id_column,
            self.name_column,
            self.max_row,
            self.kp_row,
            self.answer_row,
            self.item_sheet,
            self.assessment,
            self.date,
        )
        for w in self.mapping_controls:
            label = QLabel(self.mapping_box)
            self.mapping_labels.append(label)
            self.mapping.addRow(label, w)
        self.classes_box = QGroupBox(self)
        self.classes = QListWidget(self.classes_box)
        self.classes.setMaximumHeight(110)
        self.classes.itemChanged.connect(lambda _item: self._classes_changed())
        QVBoxLayout(self.classes_box).addWidget(self.classes)
        self.classes_box.hide()
        self.review = ReviewBox(self)
        self.review.flip_requested.connect(self.wiz.flip)
        self.review.choice_changed.connect(self.show_verdict)
        self.understood = QLabel(self)
        self.understood.setWordWrap(True)
        self.understood.setStyleSheet("background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 4px")
        self.understood.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.understood_area = QScrollArea(self)  # a long summary scrolls instead of squeezing the preview
        self.understood_area.setWidget(self.understood)
        self.understood_area.setWidgetResizable(True)
        self.understood_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.understood_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.understood_area.setMinimumHeight(36)
        self.understood_area.setMaximumHeight(110)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 4, 0)
        lv.addWidget(self.mapping_box)
        lv.addWidget(self.classes_box)
        lv.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.preview_title = QLabel(self)
        self.problems_title = QLabel(self)
        self.problems = ProblemList(self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.tag_button = QPushButton(self)
        self.tag_button.clicked.connect(self.wiz.go_tagging)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.understood_area)
        rv.addWidget(self.review)  # in sight, not below the mapping: it asks something
        for view in (self.preview, self.problems):  # on a small screen they scroll rather than push Import off it
            view.setMinimumHeight(48)
        rv.addWidget(self.preview_title)
        rv.addWidget(self.preview, 3)
        rv.addWidget(self.problems_title)
        rv.addWidget(self.problems, 2)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([360, 740])
        bottom = QHBoxLayout()
        bottom.addWidget(self.verdict, 1)
        bottom.addWidget(self.tag_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

        self._filling = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.wiz.reparse)
        for combo, field in (
            (self.sheet, "sheet"),
            (self.kind, "layout"),
            (self.id_column, "student_id_column"),
            (self.name_column, "name_column"),
            (self.item_sheet, "item_sheet"),
        ):
            combo.activated.connect(lambda _i, f=field, c=combo: self._changed(f, c.currentData()))
        for spin, field in (
            (self.header_row, "header_row"),
            (self.max_row, "max_score_row"),
            (self.kp_row, "knowledge_points_row"),
            (self.answer_row, "answer_row"),
        ):
            spin.valueChanged.connect(lambda v, f=field: self._changed(f, v or None))
        self.assessment.textEdited.connect(lambda t: self._changed("assessment", t.strip() or None))
        self.date.textEdited.connect(lambda t: self._changed("date", t.strip() or None))

    def initializePage(self) -> None:  # noqa: N802
        """Read the file when the page opens (coming back from the tagging step keeps the last read)."""
        self.wiz.reparse()

    def isComplete(self) -> bool:  # noqa: N802
        """Import (or go on to tagging) only a file read without errors, into at least one class."""
        return self.wiz.can_import()

    def nextId(self) -> int:  # noqa: N802
        """The tagging step when the questions need it (or the teacher asked for it); else this page is the last."""
        return self.wiz.tagging_id if self.wiz.wants_tagging() else -1

    def _changed(self, field: str, value: Any) -> None:
        if self._filling:
            return
        if field == "student_id_column":  # a column, or none: students known by name
            self.wiz.overrides["ids_from_names"] = value == NAMES
            value = None if value == NAMES else value
        self.wiz.overrides[field] = value
        self._debounce.start()

    def _classes_changed(self) -> None:
        if not self._filling:
            self.show_verdict()

    def ticked_classes(self) -> list[str]:
        """The classes of the file ticked for import, in file order."""
        items = [self.classes.item(i) for i in range(self.classes.count())]
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def retranslate(self) -> None:
        """Re-label the page in the current language."""
        self.setTitle(self.tr("Check how the file was understood"))
        self.setSubTitle(
            self.tr(
                "Fix the mapping on the left if a column or row was misread; "
                "every problem is listed with where to find it."
            )
        )
        self.mapping_box.setTitle(self.tr("Mapping"))
        self.classes_box.setTitle(self.tr("Classes in the file (untick those not to import)"))
        labels = [
            self.tr("Sheet:"),
            self.tr("Layout:"),
            self.tr("Header row:"),
            self.tr("Student ID column:"),
            self.tr("Name column:"),
            self.tr("Max-score row:"),
            self.tr("Knowledge-point row:"),
            self.tr("Answer-key row:"),
            self.tr("Question info sheet:"),
            self.tr("Assessment:"),
            self.tr("Date:"),
        ]
        for label, text in zip(self.mapping_labels, labels, strict=True):
            label.setText(text)
        tips = [
            self.tr("The sheet holding the scores"),
            self.tr("Wide: a row per student, a column per question; long: a row per student and question"),
            self.tr("The row of column headers (automatic: found from the headers)"),
            self.tr("The column holding the 学号; “none” when the file has no student numbers (matched by name)"),
            self.tr("The column holding the names (optional)"),
            self.tr("The row holding each question's full marks, if the sheet has one"),
            self.tr("The row holding each question's knowledge points, if the sheet has one"),
            self.tr("The row holding the choice questions' answer keys, if the sheet has one"),
            self.tr("A sheet with one row per question (题号, 满分, 知识点)"),
            self.tr("The exam's name, as the views show it"),
            self.tr("The exam's date, as YYYY-MM-DD"),
        ]
        for control, tip in zip(self.mapping_controls, tips, strict=True):
            control.setToolTip(tip)
        for spin in (self.max_row, self.kp_row, self.answer_row):
            spin.setSpecialValueText(self.tr("none"))
        self.header_row.setSpecialValueText(self.tr("automatic"))
        self.date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.preview_title.setText(self.tr("First rows of the sheet, with the role of each column:"))
        self.problems_title.setText(self.tr("Problems:"))
        self.tag_button.setText(self.tr("Tag questions…"))
        self.tag_button.setToolTip(self.tr("Set knowledge points, full marks and answer keys before importing"))
        self.show_result()

    # --------------------------------------------------------------- showing a parse

    def show_result(self) -> None:
        """Fill the controls, classes, preview, summary and problems from the wizard's last parse."""
        wiz = self.wiz
        layout, parsed = wiz.file_layout, wiz.parsed
        self._filling = True
        try:
            self._fill_controls(layout)
            dated = parsed.assessments[0].date if parsed is not None and parsed.assessments else None
            if dated is not None and not self.date.hasFocus() and not self.date.text():
                self.date.setText(dated.isoformat())  # from the title or the file's name
            self._fill_classes(wiz.classes, wiz.imported_classes)
            fill_preview(self.preview, layout)
        finally:
            self._filling = False
        self.problems.show_problems(wiz.problems)
        self.understood.setText(summary(layout, parsed))
        self.review.show_review(list(parsed.conventions) if parsed is not None else [], wiz.look_alikes)
        self.show_verdict()

    def show_verdict(self) -> None:
        """Say whether the file can be imported, and into which classes."""
        wiz = self.wiz
        errors = sum(p.severity == Severity.ERROR for p in wiz.problems)
        warnings = len(wiz.problems) - errors
        targets = wiz.target_classes()
        if wiz.importing:
            text = self.tr("Importing…")
        elif wiz.parsing:
            text = self.tr("Reading the file…")
        elif wiz.file_layout is not None and wiz.file_layout.sheet_choice and wiz.parsed is None:
            text = self.tr("Several sheets look like gradebooks: choose the sheet to import (Sheet, on the left).")
        elif errors:
            text = self.tr(
                "{errors} error(s) must be fixed before importing: correct the mapping above or the file, then "
                "come back."
            ).format(errors=errors)
        elif wiz.parsed is not None and wiz.needs_date():
            text = self.tr("When was the exam? The file does not say: give its date (YYYY-MM-DD) on the left.")
        elif wiz.parsed is not None and self.review.unanswered():
            text = self.tr(
                "{n} student(s) of the file look like students of the class: say for each whether it is the same "
                "student or a new one."
            ).format(n=self.review.unanswered())
        elif wiz.parsed is not None and not targets:
            if wiz.classes:
                text = self.tr("Tick at least one class to import.")
            else:
                text = self.tr("Name the class on the first page (Back): the file has no 班级 column.")
        elif wiz.parsed is not None:
            text = self.tr("Ready to import into {cls}.").format(cls=i18n.listed(targets))
            if wiz.wants_tagging():
                text = self.tr("Next: check the questions' knowledge points, full marks and answers.")
            if warnings:
                text += " " + self.tr("{n} warning(s): these cells are imported as missing or as shown.").format(
                    n=warnings
                )
        else:
            text = ""
        if wiz.import_error:
            text = wiz.import_error
        self.verdict.setText(text)
        self.verdict.setStyleSheet("color: #b02a1a; font-weight: bold" if errors or wiz.import_error else "")
        self.busy.setVisible(wiz.parsing or wiz.importing)
        self.review.set_enabled(not wiz.parsing and not wiz.importing)
        self.date.setStyleSheet("border: 2px solid #b02a1a" if wiz.needs_date() and not wiz.parsing else "")
        self.tag_button.setEnabled(wiz.can_import() and wiz.currentPage() is self)
        self.setFinalPage(False)  # makes the wizard ask `nextId` again: Next to tagging, or Import here
        self.completeChanged.emit()

    def _fill_classes(self, classes: dict[str, int], imported: set[str]) -> None:
        before = {self.classes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.classes.count())}
        unticked = set(before) - set(self.ticked_classes())
        self.classes.clear()
        for name, count in classes.items():
            item = QListWidgetItem(self.tr("{cls} ({n} students)").format(cls=name, n=count))
            item.setData(Qt.ItemDataRole.UserRole, name)
            if name in imported:  # its part of the file is in the store already
                item.setText(self.tr("{cls} ({n} students): imported before").format(cls=name, n=count))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = name not in unticked and name not in imported
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.classes.addItem(item)
        self.classes_box.setVisible(bool(classes))

    def _fill_controls(self, layout: Layout | None) -> None:
        sheets = list(layout.sheet_names) if layout else []
        self.sheet.clear()
        if layout and layout.sheet_choice:  # several sheets look like gradebooks: none is taken unasked
            self.sheet.addItem(self.tr("(choose a sheet)"), None)
        for name in sheets:
            self.sheet.addItem(name, name)
        if layout and layout.sheet and not layout.sheet_choice:
            self.sheet.setCurrentIndex(max(self.sheet.findData(layout.sheet), 0))
        self.sheet.setEnabled(bool(sheets))
        self.kind.clear()
        self.kind.addItem(self.tr("Wide: one row per student"), "wide")
        self.kind.addItem(self.tr("Long: one row per student × question"), "long")
        if layout:
            self.kind.setCurrentIndex(self.kind.findData(str(layout.kind)))
        self.header_row.setValue(layout.header_row if layout else 0)
        columns = list(layout.columns) if layout else []
        for combo, role, optional in ((self.id_column, "student_id", False), (self.name_column, "student_name", True)):
            combo.clear()
            chosen = next((c for c in columns if str(c.role) == role), None)
            if optional:
                combo.addItem(self.tr("(none)"), None)
            else:
                if chosen is None and not (layout and layout.ids_from_names):
                    combo.addItem(self.tr("(choose a column)"), None)
                combo.addItem(self.tr("none: match students by name"), NAMES)
            for c in columns:
                combo.addItem(f"{c.letter} · {c.header}" if c.header else c.letter, c.letter)
            if not optional and layout is not None and layout.ids_from_names:
                combo.setCurrentIndex(combo.findData(NAMES))
            elif chosen is not None:
                combo.setCurrentIndex(combo.findData(chosen.letter))
        wide = layout is not None and str(layout.kind) == "wide"
        for spin, row in (
            (self.max_row, layout.max_score_row if layout else None),
            (self.kp_row, layout.knowledge_points_row if layout else None),
            (self.answer_row, layout.answer_row if layout else None),
        ):
            spin.setValue(row or 0)
            spin.setEnabled(wide)
        self.item_sheet.clear()
        self.item_sheet.addItem(self.tr("(automatic)"), None)
        for name in sheets:
            if layout is None or name != layout.sheet:
                self.item_sheet.addItem(name, name)
        if layout and layout.item_sheet and str(layout.item_source) == "item_sheet":
            self.item_sheet.setCurrentIndex(max(self.item_sheet.findData(layout.item_sheet), 0))
        self.item_sheet.setEnabled(bool(sheets))
        if not self.assessment.hasFocus():
            self.assessment.setText(layout.assessment if layout else "")
        if not self.date.hasFocus():
            self.date.setText(
                layout.date.isoformat() if layout and layout.date else self.wiz.overrides.get("date") or ""
            )
