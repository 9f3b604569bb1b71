"""Import wizard: pick or drop a file, see how it was understood, fix the mapping, import only when clean.

Page 1 picks the gradebook (and, optionally, a question-info file and a prerequisite graph) and
the class. Page 2 reads the file in a worker with the current mapping, shows the first rows
with each column's role, the questions found, and every problem with its location; changing a
mapping control re-reads the file. Import (the Finish button) is enabled only with no errors;
the wizard then hands an `ImportRequest` to the window, which stores it in the background.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.problems import GradebookError, Problem, Severity
from app.ui.jobs import ImportRequest
from app.ui.problem_list import ProblemList
from app.ui.worker import Task, describe_error

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
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


def guess_class_name(path: str | Path) -> str:
    """A class name from a file name such as `八年级3班_2026-10-12_第一次月考.xlsx` (the part naming a 班)."""
    stem = Path(path).stem
    for part in stem.replace(" ", "_").split("_"):
        if "班" in part or part.lower().startswith("class"):
            return part
    return ""


def guess_assessment_name(path: str | Path) -> str | None:
    """The exam in a file name such as `八年级3班_2026-10-12_第一次月考.xlsx` (its last part), if it has one."""
    parts = [p for p in Path(path).stem.replace(" ", "_").split("_") if p]
    if len(parts) < 2:
        return None
    last = parts[-1]
    if "班" in last or any(ch.isdigit() for ch in last[:4]):
        return None
    return last


def role_name(role: str) -> str:
    """A column role in the current language."""
    from PySide6.QtCore import QCoreApplication

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


def _file_row(parent: QWidget, edit: QLineEdit, on_browse) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    button = QPushButton(parent)
    button.clicked.connect(on_browse)
    row.addWidget(button)
    edit.browse_button = button  # type: ignore[attr-defined]
    return row


class FilePage(QWizardPage):
    """Page 1: the files and the class."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
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
        self.form.addRow(self.form_labels[0], _file_row(self, self.path_edit, lambda: self._browse(self.path_edit)))
        self.form.addRow(self.form_labels[1], _file_row(self, self.items_edit, lambda: self._browse(self.items_edit)))
        self.form.addRow(self.form_labels[2], _file_row(self, self.graph_edit, lambda: self._browse(self.graph_edit)))
        self.form.addRow(self.form_labels[3], self.class_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(12)
        layout.addWidget(self.drop_hint)
        layout.addStretch(1)
        for edit in (self.path_edit, self.class_edit.lineEdit()):
            edit.textChanged.connect(self.completeChanged)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Choose the gradebook"))
        self.setSubTitle(self.tr("An Excel or CSV file with one row per student (学号, 姓名, 第1题…) or one row per score."))
        labels = [self.tr("Gradebook file:"), self.tr("Question info (optional):"),
                  self.tr("Prerequisites (optional):"), self.tr("Class:")]
        for label, text in zip(self.form_labels, labels):
            label.setText(text)
        for edit in (self.path_edit, self.items_edit, self.graph_edit):
            edit.browse_button.setText(self.tr("Browse…"))
        self.items_edit.setPlaceholderText(self.tr("a separate file with 题号, 满分, 知识点 per question"))
        self.graph_edit.setPlaceholderText(self.tr("a table of knowledge_point, prerequisite pairs"))
        self.class_edit.lineEdit().setPlaceholderText(self.tr("e.g. 八年级(3)班"))
        self.drop_hint.setText(self.tr("Drop a gradebook file here"))

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), str(Path(edit.text() or self.path_edit.text()).parent),
                                              self.tr("Tables (*.xlsx *.xlsm *.xls *.csv);;All files (*)"))
        if path:
            edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path_edit.text().strip() and self.class_edit.currentText().strip())

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path_edit.text().strip())
        if not path.is_file():
            self.setSubTitle(self.tr("File not found: {path}").format(path=path))
            return False
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(Path(u.toLocalFile()).suffix.lower() in SUFFIXES for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if Path(url.toLocalFile()).suffix.lower() in SUFFIXES:
                self.wiz.set_path(url.toLocalFile())
                event.acceptProposedAction()
                return


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
        for w in (self.sheet, self.kind, self.header_row, self.id_column, self.name_column, self.max_row, self.kp_row,
                  self.item_sheet, self.assessment, self.date):
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
        for combo, field in ((self.sheet, "sheet"), (self.kind, "layout"), (self.id_column, "student_id_column"),
                             (self.name_column, "name_column"), (self.item_sheet, "item_sheet")):
            combo.activated.connect(lambda _i, f=field, c=combo: self._changed(f, c.currentData()))
        for spin, field in ((self.header_row, "header_row"), (self.max_row, "max_score_row"),
                            (self.kp_row, "knowledge_points_row")):
            spin.valueChanged.connect(lambda v, f=field: self._changed(f, v or None))
        self.assessment.textEdited.connect(lambda t: self._changed("assessment", t.strip() or None))
        self.date.textEdited.connect(lambda t: self._changed("date", t.strip() or None))

    def initializePage(self) -> None:  # noqa: N802
        self.wiz.reparse()

    def isComplete(self) -> bool:  # noqa: N802
        return self.wiz.can_import()

    def _changed(self, field: str, value: Any) -> None:
        if self._filling:
            return
        self.wiz.overrides[field] = value
        self._debounce.start()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Check how the file was understood"))
        self.setSubTitle(self.tr("Fix the mapping on the left if a column or row was misread; every problem is listed with where to find it."))
        self.mapping_box.setTitle(self.tr("Mapping"))
        labels = [self.tr("Sheet:"), self.tr("Layout:"), self.tr("Header row:"), self.tr("Student ID column:"),
                  self.tr("Name column:"), self.tr("Max-score row:"), self.tr("Knowledge-point row:"),
                  self.tr("Question info sheet:"), self.tr("Assessment:"), self.tr("Date:")]
        for label, text in zip(self.mapping_labels, labels):
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
            text = self.tr("{errors} error(s) must be fixed before importing: correct the mapping above or the file, then "
                           "come back.").format(errors=errors)
        elif parsed is not None:
            text = self.tr("Ready to import into {cls}.").format(cls=wiz.class_name())
            if warnings:
                text += " " + self.tr("{n} warning(s): these cells are imported as missing or as shown.").format(n=warnings)
        else:
            text = ""
        self.verdict.setText(text)
        self.verdict.setStyleSheet("color: #b02a1a; font-weight: bold" if errors else "")
        self.busy.setVisible(wiz.parsing)
        self.completeChanged.emit()

    def _fill_controls(self, layout: Any) -> None:
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
        wide = bool(layout) and str(layout.kind) == "wide"
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

    def _fill_preview(self, layout: Any) -> None:
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
        special = {layout.header_row: self.tr("header"), layout.max_score_row: self.tr("max scores"),
                   layout.knowledge_points_row: self.tr("knowledge points")}
        self.preview.setVerticalHeaderLabels([
            f"{r + 1} · {special[r + 1]}" if special.get(r + 1) else str(r + 1) for r in range(len(rows))])
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

    def _summary(self, layout: Any, parsed: Any) -> str:
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
            self.tr("Max scores and knowledge points from {source}.").format(source=sources.get(str(layout.item_source), str(layout.item_source))),
        ]
        if parsed is not None:
            date = parsed.assessments[0].date if parsed.assessments else None
            missing = int(parsed.scores["score"].isna().sum()) if len(parsed.scores) else 0
            lines.append(self.tr(
                "Found {students} students, {items} questions ({points:g} points), {kps} knowledge points, "
                "{missing} missing scores, in assessment “{assessment}”{date}.").format(
                students=len(parsed.students), items=len(parsed.items),
                points=sum(i.max_score for i in parsed.items), kps=len(parsed.knowledge_points), missing=missing,
                assessment="、".join(a.name for a in parsed.assessments),
                date=f" ({date.isoformat()})" if date else ""))
            if parsed.items:
                shown = [f"{i.item_id} ({i.max_score:g}: {'、'.join(i.knowledge_points) or '—'})" for i in parsed.items[:6]]
                more = len(parsed.items) - len(shown)
                lines.append(self.tr("Questions: {list}").format(list="; ".join(shown)) + (f" … (+{more})" if more > 0 else ""))
        return "\n".join(lines)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class ImportWizard(QWizard):
    """The import wizard; `import_requested(ImportRequest)` when the teacher clicks Import."""

    import_requested = Signal(object)
    parsed_ready = Signal()  # after every (re-)read of the file, for tests

    def __init__(self, path: str | None = None, *, classes: list[str] = (), default_class: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(1100, 720)
        self.overrides: dict[str, Any] = {}
        self.file_layout: Any = None
        self.parsed: Any = None
        self.problems: list[Problem] = []
        self.prerequisites: list[tuple[str, str]] | None = None
        self.task: Task | None = None
        self.parsing = False
        self._again = False
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.file_page.class_edit.addItems(list(classes))
        self.file_page.class_edit.setCurrentText(default_class or "")
        if path:
            self.set_path(path)
        self.retranslate()

    # --------------------------------------------------------------- inputs

    def set_path(self, path: str) -> None:
        """Use `path` as the gradebook (a new file forgets the mapping overrides)."""
        self.file_page.path_edit.setText(path)
        self.overrides.clear()
        assessment = guess_assessment_name(path)
        if assessment:  # the teacher sees it in the mapping and can change it
            self.overrides["assessment"] = assessment
        guess = guess_class_name(path)
        if guess and not self.file_page.class_edit.currentText().strip():
            self.file_page.class_edit.setCurrentText(guess)

    def class_name(self) -> str:
        return self.file_page.class_edit.currentText().strip()

    def options(self) -> tuple[Any, list[Problem]]:
        """The ImportOptions from the overrides, and problems with the overrides themselves."""
        from app.importer import ImportOptions

        values = dict(self.overrides)
        problems = []
        date_text = values.pop("date", None)
        if date_text:
            try:
                values["date"] = dt.date.fromisoformat(str(date_text))
            except ValueError:
                from app.problems import Text

                problems.append(Problem(Severity.ERROR, Text(f"日期“{date_text}”无法识别，请写成 2026-10-12",
                                                             f"cannot read the date '{date_text}': write it as 2026-10-12"),
                                        Path(self.file_page.path_edit.text()).name))
        if values.get("layout") is None:
            values.pop("layout", None)
        return ImportOptions(**values), problems

    # --------------------------------------------------------------- reading in the background

    def reparse(self) -> None:
        """Read the file with the current mapping in a worker (queued if one is running)."""
        if self.parsing:
            self._again = True
            return
        path = Path(self.file_page.path_edit.text().strip())
        items = self.file_page.items_edit.text().strip()
        graph = self.file_page.graph_edit.text().strip()
        options, option_problems = self.options()
        self.parsing = True
        self.preview_page.show_result()

        def work(progress):
            from app.importer import detect_layout, read_gradebook

            problems = list(option_problems)
            layout = parsed = links = None
            items_path = Path(items) if items else None
            try:
                layout = detect_layout(path, items_path, options)
                progress.report(0.4, "read")
                parsed = read_gradebook(path, items_path, options)
                problems += list(parsed.problems)
            except GradebookError as error:
                problems += list(error.problems)
            if graph:
                from app.knowledge_graph import read_prerequisites, validate_graph

                found, graph_problems = read_prerequisites(graph)
                problems += list(graph_problems)
                if parsed is not None:
                    problems += list(validate_graph(found, parsed.knowledge_points))
                links = [link.pair for link in found]
            return layout, parsed, problems, links

        self.task = Task.start(work, parent=self)
        self.task.finished.connect(self._on_parsed)
        self.task.failed.connect(self._on_parse_failed)
        self.task.cancelled.connect(self._on_parse_failed)

    def _on_parsed(self, result: tuple) -> None:
        self.file_layout, self.parsed, self.problems, self.prerequisites = result
        self._parse_over()

    def _on_parse_failed(self, message: str = "") -> None:
        from app.problems import Text

        self.parsed = None
        error = self.task.error if self.task else None
        text = describe_error(error) if error else message
        self.problems = [Problem(Severity.ERROR, Text(text, text), Path(self.file_page.path_edit.text()).name)]
        self._parse_over()

    def _parse_over(self) -> None:
        self.parsing = False
        self.task = None
        if self._again:
            self._again = False
            self.reparse()
            return
        self.preview_page.show_result()
        self.parsed_ready.emit()

    def can_import(self) -> bool:
        """True when the last read found no errors and nothing is being read."""
        return (not self.parsing and self.parsed is not None and bool(self.class_name())
                and not any(p.severity == Severity.ERROR for p in self.problems))

    # --------------------------------------------------------------- finishing

    def accept(self) -> None:  # noqa: D102
        if not self.can_import():
            return
        self.import_requested.emit(ImportRequest(parsed=self.parsed, class_name=self.class_name(),
                                                 prerequisites=self.prerequisites,
                                                 path=self.file_page.path_edit.text().strip()))
        super().accept()

    def done(self, result: int) -> None:  # noqa: D102 - never leave a reading thread behind
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.task.wait(60_000)
        super().done(result)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a gradebook"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.file_page.retranslate()
        self.preview_page.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
