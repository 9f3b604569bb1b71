"""The import wizard's second page: how the file was understood, the mapping to fix it, every problem.

It shows the wizard's last read of the file: the mapping controls (changing one re-reads the
file, after a short pause), the first rows with each column's role, what was found, and every
problem with its place. The role colours only tell the columns apart; they are not statuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.core.problems import Severity
from app.ui.problem_list import ProblemList

if TYPE_CHECKING:
    from app.core.gradebook import ParsedGradebook
    from app.importer import Layout
    from app.ui.import_wizard import ImportWizard

ROLE_COLOURS = {
    "student_id": "#cfe2ff",
    "student_name": "#e2d9f3",
    "item": "#d1e7dd",
    "score": "#d1e7dd",
    "max_score": "#fff3cd",
    "knowledge_points": "#fff3cd",
    "assessment": "#f8d7da",
    "date": "#f8d7da",
    "class": "#f8d7da",
}


def role_name(role: str) -> str:
    """A column role in the current language."""
    names = {
        "student_id": QCoreApplication.translate("ImportWizard", "Student ID"),
        "student_name": QCoreApplication.translate("ImportWizard", "Name"),
        "item": QCoreApplication.translate("ImportWizard", "Question"),
        "score": QCoreApplication.translate("ImportWizard", "Score"),
        "max_score": QCoreApplication.translate("ImportWizard", "Max score"),
        "knowledge_points": QCoreApplication.translate("ImportWizard", "Knowledge points"),
        "assessment": QCoreApplication.translate("ImportWizard", "Assessment"),
        "date": QCoreApplication.translate("ImportWizard", "Date"),
        "class": QCoreApplication.translate("ImportWizard", "Class"),
        "total_ignored": QCoreApplication.translate("ImportWizard", "Total (ignored)"),
        "rank_ignored": QCoreApplication.translate("ImportWizard", "Rank (ignored)"),
        "ignored": QCoreApplication.translate("ImportWizard", "Ignored"),
    }
    return names.get(str(role), str(role))


class PreviewPage(QWizardPage):
    """Page 2: how the file was understood, the mapping, the problems."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        # mapping controls
        self.sheet = QComboBox(self)
        self.kind = QComboBox(self)
        self.header_row = QSpinBox(self)
        self.id_column = QComboBox(self)
        self.name_column = QComboBox(self)
        self.max_row = QSpinBox(self)
        self.kp_row = QSpinBox(self)
        self.item_sheet = QComboBox(self)
        self.assessment = QLineEdit(self)
        self.date = QLineEdit(self)
        for spin in (self.header_row, self.max_row, self.kp_row):
            spin.setRange(0, 100000)
        for combo in (self.sheet, self.kind, self.id_column, self.name_column, self.item_sheet):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.assessment.setMinimumWidth(180)
        self.mapping_box = QGroupBox(self)
        self.mapping = QFormLayout(self.mapping_box)
        self.mapping_labels = []
        for w in (
            self.sheet,
            self.kind,
            self.header_row,
            self.id_column,
            self.name_column,
            self.max_row,
            self.kp_row,
            self.item_sheet,
            self.assessment,
            self.date,
        ):
            label = QLabel(self.mapping_box)
            self.mapping_labels.append(label)
            self.mapping.addRow(label, w)
        self.understood = QLabel(self)
        self.understood.setWordWrap(True)
        self.understood.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.mapping_box)
        lv.addWidget(self.understood, 1)

        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.preview_title = QLabel(self)
        self.problems_title = QLabel(self)
        self.problems = ProblemList(self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.preview_title)
        rv.addWidget(self.preview, 3)
        rv.addWidget(self.problems_title)
        rv.addWidget(self.problems, 2)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([400, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(split, 1)
        layout.addWidget(self.verdict)

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
        ):
            spin.valueChanged.connect(lambda v, f=field: self._changed(f, v or None))
        self.assessment.textEdited.connect(lambda t: self._changed("assessment", t.strip() or None))
        self.date.textEdited.connect(lambda t: self._changed("date", t.strip() or None))

    def initializePage(self) -> None:  # noqa: N802
        """Read the file when the page opens."""
        self.wiz.reparse()

    def isComplete(self) -> bool:  # noqa: N802
        """Import only a file read without errors."""
        return self.wiz.can_import()

    def _changed(self, field: str, value: Any) -> None:
        if self._filling:
            return
        self.wiz.overrides[field] = value
        self._debounce.start()

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
        labels = [
            self.tr("Sheet:"),
            self.tr("Layout:"),
            self.tr("Header row:"),
            self.tr("Student ID column:"),
            self.tr("Name column:"),
            self.tr("Max-score row:"),
            self.tr("Knowledge-point row:"),
            self.tr("Question info sheet:"),
            self.tr("Assessment:"),
            self.tr("Date:"),
        ]
        for label, text in zip(self.mapping_labels, labels, strict=True):
            label.setText(text)
        for spin in (self.max_row, self.kp_row):
            spin.setSpecialValueText(self.tr("none"))
        self.header_row.setSpecialValueText(self.tr("automatic"))
        self.date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.preview_title.setText(self.tr("First rows of the sheet, with the role of each column:"))
        self.problems_title.setText(self.tr("Problems:"))
        self.show_result()

    # --------------------------------------------------------------- showing a parse

    def show_result(self) -> None:
        """Fill the controls, preview, summary and problems from the wizard's last parse."""
        wiz = self.wiz
        layout, parsed, problems = wiz.file_layout, wiz.parsed, wiz.problems
        self._filling = True
        try:
            self._fill_controls(layout)
            self._fill_preview(layout)
        finally:
            self._filling = False
        self.problems.show_problems(problems)
        self.understood.setText(self._summary(layout, parsed))
        errors = sum(p.severity == Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        if wiz.parsing:
            text = self.tr("Reading the file…")
        elif errors:
            text = self.tr(
                "{errors} error(s) must be fixed before importing: correct the mapping above or the file, then "
                "come back."
            ).format(errors=errors)
        elif parsed is not None:
            text = self.tr("Ready to import into {cls}.").format(cls=wiz.class_name())
            if warnings:
                text += " " + self.tr("{n} warning(s): these cells are imported as missing or as shown.").format(
                    n=warnings
                )
        else:
            text = ""
        self.verdict.setText(text)
        self.verdict.setStyleSheet("color: #b02a1a; font-weight: bold" if errors else "")
        self.busy.setVisible(wiz.parsing)
        self.completeChanged.emit()

    def _fill_controls(self, layout: Layout | None) -> None:
        sheets = list(layout.sheet_names) if layout else []
        self.sheet.clear()
        for name in sheets:
            self.sheet.addItem(name, name)
        if layout and layout.sheet:
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
            elif chosen is None:
                combo.addItem(self.tr("(choose a column)"), None)
            for c in columns:
                combo.addItem(f"{c.letter} · {c.header}" if c.header else c.letter, c.letter)
            if chosen is not None:
                combo.setCurrentIndex(combo.findData(chosen.letter))
        wide = layout is not None and str(layout.kind) == "wide"
        self.max_row.setValue(layout.max_score_row or 0 if layout else 0)
        self.kp_row.setValue(layout.knowledge_points_row or 0 if layout else 0)
        self.max_row.setEnabled(wide)
        self.kp_row.setEnabled(wide)
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
            self.date.setText(layout.date.isoformat() if layout and layout.date else "")

    def _fill_preview(self, layout: Layout | None) -> None:
        self.preview.clear()
        if layout is None:
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            return
        rows = layout.preview
        width = max((len(r) for r in rows), default=0)
        self.preview.setColumnCount(width)
        self.preview.setRowCount(len(rows))
        by_index = {c.index: c for c in layout.columns}
        headers = []
        for j in range(width):
            column = by_index.get(j)
            letter = column.letter if column else _letter(j)
            role = role_name(column.role) if column else ""
            headers.append(f"{letter}\n{role}")
        self.preview.setHorizontalHeaderLabels(headers)
        special = {
            layout.header_row: self.tr("header"),
            layout.max_score_row: self.tr("max scores"),
            layout.knowledge_points_row: self.tr("knowledge points"),
        }
        self.preview.setVerticalHeaderLabels(
            [f"{r + 1} · {special[r + 1]}" if special.get(r + 1) else str(r + 1) for r in range(len(rows))]
        )
        for i, row in enumerate(rows):
            for j in range(width):
                text = str(row[j]) if j < len(row) and row[j] is not None else ""
                item = QTableWidgetItem(text)
                column = by_index.get(j)
                colour = ROLE_COLOURS.get(str(column.role)) if column else None
                if i + 1 == layout.header_row or i + 1 in (layout.max_score_row, layout.knowledge_points_row):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if colour and i + 1 >= layout.header_row:
                    item.setBackground(QBrush(QColor(colour)))
                elif column is not None and str(column.role).endswith("ignored"):
                    item.setForeground(QBrush(QColor("#888888")))
                self.preview.setItem(i, j, item)
        self.preview.resizeColumnsToContents()
        for j in range(width):
            self.preview.setColumnWidth(j, min(self.preview.columnWidth(j), 140))

    def _summary(self, layout: Layout | None, parsed: ParsedGradebook | None) -> str:
        if layout is None:
            return ""
        kind = self.tr("one row per student") if str(layout.kind) == "wide" else self.tr("one row per score")
        sources = {
            "header_rows": self.tr("the 满分/知识点 rows under the header"),
            "item_sheet": self.tr("sheet “{sheet}”").format(sheet=layout.item_sheet),
            "item_file": self.tr("file “{file}”").format(file=layout.item_file),
            "long_columns": self.tr("columns of the sheet"),
            "defaults": self.tr("nowhere: every question counts 1 point and tests no knowledge point"),
        }
        lines = [
            self.tr("Read as {kind}; header in row {row}.").format(kind=kind, row=layout.header_row),
            self.tr("Max scores and knowledge points from {source}.").format(
                source=sources.get(str(layout.item_source), str(layout.item_source))
            ),
        ]
        if parsed is not None:
            date = parsed.assessments[0].date if parsed.assessments else None
            missing = int(parsed.scores["score"].isna().sum()) if len(parsed.scores) else 0
            lines.append(
                self.tr(
                    "Found {students} students, {items} questions ({points:g} points), {kps} knowledge points, "
                    "{missing} missing scores, in assessment “{assessment}”{date}."
                ).format(
                    students=len(parsed.students),
                    items=len(parsed.items),
                    points=sum(i.max_score for i in parsed.items),
                    kps=len(parsed.knowledge_points),
                    missing=missing,
                    assessment="、".join(a.name for a in parsed.assessments),
                    date=f" ({date.isoformat()})" if date else "",
                )
            )
            if parsed.items:
                shown = [
                    f"{i.item_id} ({i.max_score:g}: {'、'.join(i.knowledge_points) or '—'})" for i in parsed.items[:6]
                ]
                more = len(parsed.items) - len(shown)
                lines.append(
                    self.tr("Questions: {list}").format(list="; ".join(shown)) + (f" … (+{more})" if more > 0 else "")
                )
        return "\n".join(lines)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
