"""Manage classes and exams: rename or delete a class, date or delete one exam, look at an exam's stored scores,
a class's students over the term (merge two records, 转入 / 转出: the Students tab, `roster.StudentsPage`), and undo
any import (a grade file's classes go together).

The dialog only lists and asks; the window's `ManageController` confirms (Cancel is the default,
the box names exactly what goes), runs the change in the background and gives the dialog the
store's new state (`set_state`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n, screen
from app.ui.dialogs.roster import StudentsPage

if TYPE_CHECKING:
    from app.services.store import ImportRecord, StoreState

PREFERRED = QSize(900, 520)
CLASS_ROLE = Qt.ItemDataRole.UserRole
EXAM_ROLE = Qt.ItemDataRole.UserRole + 1


class ManageDialog(i18n.Relabelled, QDialog):
    """The store's classes with their exams, and its imports.

    Signals: `rename_requested(class)`, `delete_class_requested(class)`, `delete_exam_requested(class, exam)`,
    `date_requested(class, exam)`, `scores_requested(class, exam)`, `undo_requested(batch_id)`; the student tools'
    are `students`' (`StudentsPage`).
    """

    rename_requested = Signal(str)
    delete_class_requested = Signal(str)
    delete_exam_requested = Signal(str, str)
    date_requested = Signal(str, str)
    scores_requested = Signal(str, str)
    undo_requested = Signal(int)

    def __init__(self, state: StoreState | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.busy = False
        self.items: dict[tuple[str, str | None], QTreeWidgetItem] = {}  # (class, exam or None) -> its row
        self.tabs = QTabWidget(self)

        self.classes_page = QWidget(self.tabs)
        self.tree = QTreeWidget(self.classes_page)
        self.tree.setColumnCount(4)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._scores() if item.parent() else None)
        self.rename_button = QPushButton(self.classes_page)
        self.delete_class_button = QPushButton(self.classes_page)
        self.scores_button = QPushButton(self.classes_page)
        self.delete_exam_button = QPushButton(self.classes_page)
        self.date_button = QPushButton(self.classes_page)
        self.date_button.clicked.connect(self._date)
        self.rename_button.clicked.connect(self._rename)
        self.delete_class_button.clicked.connect(self._delete_class)
        self.scores_button.clicked.connect(self._scores)
        self.delete_exam_button.clicked.connect(self._delete_exam)
        side = QVBoxLayout()
        for button in (self.rename_button, self.delete_class_button):
            side.addWidget(button)
        side.addSpacing(12)
        for button in (self.scores_button, self.date_button, self.delete_exam_button):
            side.addWidget(button)
        side.addStretch(1)
        classes_layout = QHBoxLayout(self.classes_page)
        classes_layout.addWidget(self.tree, 1)
        classes_layout.addLayout(side)
        self.tabs.addTab(self.classes_page, "")

        self.imports_page = QWidget(self.tabs)
        self.imports = QTableWidget(0, 6, self.imports_page)
        self.imports.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.imports.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.imports.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.imports.verticalHeader().hide()
        header = self.imports.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.imports.itemSelectionChanged.connect(self._update_buttons)
        self.undo_button = QPushButton(self.imports_page)
        self.undo_button.clicked.connect(self._undo)
        self.imports_note = QLabel(self.imports_page)
        self.imports_note.setWordWrap(True)
        imports_layout = QGridLayout(self.imports_page)
        imports_layout.addWidget(self.imports, 0, 0, 1, 2)
        imports_layout.addWidget(self.imports_note, 1, 0)
        imports_layout.addWidget(self.undo_button, 1, 1, Qt.AlignmentFlag.AlignTop)
        imports_layout.setColumnStretch(0, 1)
        self.tabs.addTab(self.imports_page, "")
        self.students = StudentsPage(self.tabs)
        self.tabs.addTab(self.students, "")

        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.set_state(state)
        screen.fit_dialog(self, PREFERRED)

    # ================================================================ what is listed

    def set_state(self, state: StoreState | None) -> None:
        """List the classes, exams and imports of `state`, keeping the selection where it still exists."""
        chosen = self.chosen()
        self.state = state
        self.tree.clear()
        self.items = {}
        classes = state.classes if state is not None else []
        for record in classes:
            top = QTreeWidgetItem(
                [
                    record.name,
                    str(record.students),
                    str(record.items),
                    f"{record.last_change:%Y-%m-%d %H:%M}" if record.last_change else "",
                ]
            )
            top.setData(0, CLASS_ROLE, record.name)
            self.items[(record.name, None)] = top
            dates = list(record.assessment_dates) + [None] * (len(record.assessments) - len(record.assessment_dates))
            for exam, date in zip(record.assessments, dates, strict=True):
                child = QTreeWidgetItem([exam, "", "", date.isoformat() if date else self.tr("no date")])
                child.setData(0, CLASS_ROLE, record.name)
                child.setData(0, EXAM_ROLE, exam)
                top.addChild(child)
                self.items[(record.name, exam)] = child
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if chosen in self.items:
            self.tree.setCurrentItem(self.items[chosen])
        shown = self.students.class_name or chosen[0] or (classes[0].name if classes else None)
        self.students.set_classes([c.name for c in classes], shown)
        imports = state.imports if state is not None else []
        self.imports.clearSelection()  # rows are other imports now
        self.imports.setRowCount(len(imports))
        for row, batch in enumerate(imports):
            cells = [
                f"{batch.imported_at:%Y-%m-%d %H:%M}",
                batch.source,
                batch.class_name,
                i18n.listed(batch.assessments),
                str(batch.students),
                str(batch.items),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.imports.setItem(row, column, item)
        self._update_buttons()

    def chosen(self) -> tuple[str | None, str | None]:
        """(class, exam) chosen in the list: exam None when a class is chosen, both None when nothing is."""
        items = self.tree.selectedItems()
        if not items:
            return None, None
        return items[0].data(0, CLASS_ROLE), items[0].data(0, EXAM_ROLE)

    def choose(self, class_name: str, exam: str | None = None) -> None:
        """Select a class (or one of its exams) in the list."""
        self.tabs.setCurrentWidget(self.classes_page)
        item = self.items.get((class_name, exam))
        if item is not None:
            self.tree.setCurrentItem(item)
        if self.students.class_name is None:  # the Students tab opens on the same class
            self.students.class_picker.setCurrentText(class_name)

    def chosen_import(self) -> ImportRecord | None:
        """The import chosen in the list of imports."""
        rows = {index.row() for index in self.imports.selectionModel().selectedRows()}
        imports = self.state.imports if self.state is not None else []
        row = rows.pop() if len(rows) == 1 else -1
        return imports[row] if 0 <= row < len(imports) else None

    def choose_import(self, batch_id: int) -> None:
        """Select an import in the list of imports."""
        self.tabs.setCurrentWidget(self.imports_page)
        for row, batch in enumerate(self.state.imports if self.state is not None else []):
            if batch.batch_id == batch_id:
                self.imports.selectRow(row)

    def set_busy(self, busy: bool) -> None:
        """Disable every change while a task runs (one store user at a time)."""
        self.busy = busy
        self._update_buttons()
        self.students.set_busy(busy)

    def show_result(self, text: str) -> None:
        """Say what the last change did (and where its backup is)."""
        self.outcome.setText(text)

    # ================================================================ requests

    def _rename(self) -> None:
        class_name, exam = self.chosen()
        if class_name and exam is None:
            self.rename_requested.emit(class_name)

    def _delete_class(self) -> None:
        class_name, exam = self.chosen()
        if class_name and exam is None:
            self.delete_class_requested.emit(class_name)

    def _delete_exam(self) -> None:
        class_name, exam = self.chosen()
        if class_name and exam:
            self.delete_exam_requested.emit(class_name, exam)

    def _date(self) -> None:
        class_name, exam = self.chosen()
        if class_name and exam:
            self.date_requested.emit(class_name, exam)

    def _scores(self) -> None:
        class_name, exam = self.chosen()
        if class_name and exam:
            self.scores_requested.emit(class_name, exam)

    def _undo(self) -> None:
        record = self.chosen_import()
        if record is not None:
            self.undo_requested.emit(record.batch_id)

    def _update_buttons(self) -> None:
        class_name, exam = self.chosen()
        idle = not self.busy
        self.rename_button.setEnabled(idle and class_name is not None and exam is None)
        self.delete_class_button.setEnabled(idle and class_name is not None and exam is None)
        self.scores_button.setEnabled(idle and exam is not None)
        self.delete_exam_button.setEnabled(idle and exam is not None)
        self.date_button.setEnabled(idle and exam is not None)
        self.undo_button.setEnabled(idle and self.chosen_import() is not None)

    # ================================================================ language

    def retranslate(self) -> None:
        """Re-label the dialog in the current language."""
        self.setWindowTitle(self.tr("Manage classes and exams"))
        self.tabs.setTabText(0, self.tr("Classes and exams"))
        self.tabs.setTabText(1, self.tr("Imports"))
        self.tabs.setTabText(2, self.tr("Students"))
        self.tabs.setTabToolTip(
            2, self.tr("A class's students over the term: merge two records of one student, 转入 and 转出")
        )
        self.tabs.setTabToolTip(0, self.tr("Rename or delete a class, delete one exam, look at an exam's scores"))
        self.tabs.setTabToolTip(1, self.tr("Every import still in the store; any of them can be undone"))
        self.tree.setHeaderLabels(
            [self.tr("Class / exam"), self.tr("Students"), self.tr("Questions"), self.tr("Changed / exam date")]
        )
        self.tree.setToolTip(self.tr("Choose a class to rename or delete it, or one of its exams"))
        self.imports.setHorizontalHeaderLabels(
            [
                self.tr("Imported"),
                self.tr("File"),
                self.tr("Class"),
                self.tr("Exams"),
                self.tr("Students"),
                self.tr("Questions"),
            ]
        )
        self.imports.setToolTip(self.tr("Choose an import to undo it"))
        self.rename_button.setText(self.tr("Rename class…"))
        self.rename_button.setToolTip(self.tr("Give the chosen class another name (nothing else changes)"))
        self.delete_class_button.setText(self.tr("Delete class…"))
        self.delete_class_button.setToolTip(
            self.tr(
                "Remove the chosen class with its students, exams, scores and diagnoses (asks first; backs up first)"
            )
        )
        self.scores_button.setText(self.tr("Stored scores…"))
        self.scores_button.setToolTip(
            self.tr("Show the chosen exam's scores as stored, and correct a mistyped one (or double-click the exam)")
        )
        self.date_button.setText(self.tr("Exam date…"))
        self.date_button.setToolTip(self.tr("Set the chosen exam's date: every list of exams is in date order"))
        self.delete_exam_button.setText(self.tr("Delete exam…"))
        self.delete_exam_button.setToolTip(
            self.tr("Remove the chosen exam of this class with its scores and the diagnoses that used it (asks first)")
        )
        self.undo_button.setText(self.tr("Undo import…"))
        self.undo_button.setToolTip(
            self.tr("Take back exactly what the chosen import brought; a grade file's classes go together (asks first)")
        )
        self.imports_note.setText(
            self.tr(
                "Undoing an import removes what it brought: its exams, their scores, the students only it had, "
                "and the diagnoses that used them. The store is backed up first."
            )
        )
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(self.tr("Close this window"))
