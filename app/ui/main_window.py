"""The main window: the welcome page, the class and student views, the status bar, and who does what.

It only wires signals. Every store or engine action is a call into `app.services`, run through the
window's `TaskRunner` (`tasks.py`) when slow; the actions live in controllers the window owns:
`ImportController` (wizard, sample, undo), `AnalysisController` (diagnose, check the model),
`PaperController` (edit an exam's paper) and `ExportController` (exports, knowledge graph). The menus are built in `menus.py`. One task at a
time; while it runs, actions that would touch the store are disabled, so the store is used from
one thread at a time.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from app.ui import i18n
from app.ui.analysis_controller import AnalysisController
from app.ui.export_controller import ExportController
from app.ui.import_controller import ImportController
from app.ui.menus import Menus
from app.ui.paper_controller import PaperController
from app.ui.settings import AppSettings
from app.ui.tasks import BackgroundOp, TaskRunner
from app.ui.welcome import TITLE, WelcomePage
from app.ui.worker import Task
from app.ui.workspace import Workspace

if TYPE_CHECKING:
    from app.services.class_data import ClassData
    from app.services.store import StoreState
    from app.ui.check_dialog import CheckModelDialog
    from app.ui.class_view import ClassView
    from app.ui.export_dialog import ExportDialog
    from app.ui.graph_dialog import GraphDialog
    from app.ui.import_wizard import ImportWizard
    from app.ui.paper_dialog import PaperDialog
    from app.ui.student_view import StudentView

log = logging.getLogger(__name__)

GRADEBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _local_path(url: QUrl) -> str | None:
    path = url.toLocalFile()
    return path if path and Path(path).suffix.lower() in GRADEBOOK_SUFFIXES else None


class MainWindow(QMainWindow):
    """The application window. Signals let tests and callers follow what it does."""

    store_ready = Signal()
    device_known = Signal(str)
    class_shown = Signal(str)
    task_started = Signal(object)  # the Task
    task_ended = Signal(str)  # "finished", "failed" or "cancelled"
    diagnosis_done = Signal(int)  # run id
    import_done = Signal(object)  # the list of ImportSummary, one per class
    paper_saved = Signal(object)  # TagSummary
    error_shown = Signal(str)
    export_done = Signal(object)  # list of the Paths written
    graph_imported = Signal(object)  # app.services.prerequisites.GraphImport

    def __init__(self, settings: AppSettings, db_path: str | Path | None = None, *, start: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.db_path = db_path
        self.db: Any = None  # the store, once open (`app.services.store.open_store`)
        self.store: StoreState | None = None
        self.data: ClassData | None = None  # the class shown
        self.device_label: str | None = None
        self._quit_when_idle = False
        self._closed = False
        self._warmup: Task | None = None

        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.menus = Menus(self)
        self._build_central()
        self.runner = TaskRunner(self, self.show_error)
        self.runner.started.connect(self.task_started)
        self.runner.ended.connect(self.task_ended)
        self.runner.busy_changed.connect(self.update_actions)
        self.runner.stopped.connect(self._on_task_stopped)
        self.progress_bar, self.cancel_button = self.runner.progress_bar, self.runner.cancel_button
        self.importing = ImportController(self)
        self.analysis = AnalysisController(self)
        self.papers = PaperController(self)
        self.exporting = ExportController(self)
        self.export_label, self.open_folder_button = self.exporting.export_label, self.exporting.open_folder_button
        self.store_status = QLabel(self)
        self.device_status = QLabel(self)
        self.statusBar().addPermanentWidget(self.store_status)
        self.statusBar().addPermanentWidget(self.device_status)
        self.retranslate()
        self.update_actions()
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
        if start:
            QTimer.singleShot(0, self.start)

    # ================================================================ construction

    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.welcome.sample_button.clicked.connect(self.load_sample)
        self.welcome.import_button.clicked.connect(lambda: self.import_file())
        self.stack.addWidget(self.welcome)
        self.workspace = ws = Workspace(self)
        self.class_picker, self.run_picker, self.tabs = ws.class_picker, ws.run_picker, ws.tabs
        self.banner, self.banner_text, self.banner_button = ws.banner, ws.banner_text, ws.banner_button
        self.diagnose_button, self.check_button = ws.diagnose_button, ws.check_button
        self.class_picker.activated.connect(lambda _i: self.show_class(self.class_picker.currentText()))
        self.run_picker.activated.connect(self._on_run_picked)
        self.diagnose_button.clicked.connect(self.run_diagnosis)
        self.banner_button.clicked.connect(lambda: self.edit_paper() if ws.banner_tags else self.run_diagnosis())
        ws.paper_requested.connect(lambda: self.edit_paper())
        self.check_button.clicked.connect(self.check_model)
        self.stack.addWidget(ws)
        self.setCentralWidget(self.stack)

    # ================================================================ what the controllers own

    @property
    def class_view(self) -> ClassView | None:
        """The class view, once a class was shown."""
        return self.workspace.class_view

    @property
    def student_view(self) -> StudentView | None:
        """The student view, once a class was shown."""
        return self.workspace.student_view

    @property
    def task(self) -> Task | None:
        """The task running now, if any."""
        return self.runner.task

    @property
    def wizard(self) -> ImportWizard | None:
        """The last import wizard opened."""
        return self.importing.wizard

    @property
    def check_dialog(self) -> CheckModelDialog | None:
        """The last check-the-model dialog opened."""
        return self.analysis.check_dialog

    @property
    def paper_dialog(self) -> PaperDialog | None:
        """The last paper dialog opened."""
        return self.papers.dialog

    @property
    def export_dialog(self) -> ExportDialog | None:
        """The last export dialog opened."""
        return self.exporting.export_dialog

    @property
    def graph_dialog(self) -> GraphDialog | None:
        """The knowledge-graph dialog, once opened."""
        return self.exporting.graph_dialog

    # ================================================================ start-up

    def start(self) -> None:
        """Open the store in the background, then warm up the engine (torch) to learn the device."""
        from app.services.store import open_store

        self.runner.run(
            BackgroundOp(
                lambda progress: open_store(self.db_path, progress),
                self._on_store_opened,
                message=self.tr("Opening the store…"),
                failure=self.tr("The store could not be opened."),
            )
        )

    def _on_store_opened(self, result: tuple[Any, StoreState]) -> None:
        self.db, state = result
        self._apply_store_state(state)
        self.store_ready.emit()
        from app.services.sample import SAMPLE_CLASS

        names, last = [c.name for c in state.classes], self.settings.last_class
        if names:  # the class shown last, else the sample's first class, else the first
            self.show_class(last if last in names else SAMPLE_CLASS if SAMPLE_CLASS in names else names[0])
        QTimer.singleShot(0, self._start_warm_up)

    def _start_warm_up(self) -> None:
        if self._warmup is not None or self._closed:
            return
        from app.services.store import warm_up

        self._warmup = Task.start(warm_up, parent=self)
        self._warmup.finished.connect(self._on_device_known)
        self._warmup.failed.connect(lambda message: self._on_device_known(self.tr("unavailable")))

    def _on_device_known(self, label: str) -> None:
        self.device_label = label
        self._update_status_labels()
        self.device_known.emit(label)

    def _apply_store_state(self, state: StoreState) -> None:
        self.store = state
        self.workspace.set_classes([c.name for c in state.classes], self.data.class_name if self.data else None)
        self.stack.setCurrentWidget(self.welcome if state.empty else self.workspace)
        self.welcome.sample_button.setVisible(state.empty)
        self._update_status_labels()
        self.update_actions()

    def refresh_store(self, select: str | None = None) -> None:
        """Re-read the store's classes after a change and show `select` (else the class shown, else the first)."""
        from app.services.store import store_state

        state = store_state(self.db)
        self._apply_store_state(state)
        names = [c.name for c in state.classes]
        if select in names:
            self.show_class(select)
        elif self.data is not None and self.data.class_name in names:
            self.show_class(self.data.class_name)
        elif names:
            self.show_class(names[0])
        else:
            self.data = None
            self.workspace.show_data(None)

    # ================================================================ the class shown

    def show_class(self, class_name: str, run_id: int | None = None) -> None:
        """Load and show one class (its current diagnosis unless `run_id`)."""
        if self.db is None or not class_name:
            return
        from app.services.class_data import load_class_data

        try:
            data = load_class_data(self.db, class_name, run_id)
        except Exception as error:  # noqa: BLE001 - shown to the teacher, never a crash
            from app.ui.worker import describe_error

            self.show_error(describe_error(error))
            return
        self.data = data
        self.settings.last_class = class_name
        self.workspace.show_data(data)
        if self.graph_dialog is not None:
            self.graph_dialog.set_data(data)
        self.stack.setCurrentWidget(self.workspace)
        self.update_actions()
        self.class_shown.emit(class_name)

    def _on_run_picked(self, index: int) -> None:
        run_id = self.run_picker.itemData(index)
        if run_id is not None and self.data is not None and run_id != self.data.run_id:
            self.show_class(self.data.class_name, run_id)

    # ================================================================ actions (the controllers do the work)

    def import_file(self, path: str | None = None) -> None:
        """Open the import wizard, on `path` if given (else it asks for a file)."""
        self.importing.import_file(path)

    def load_sample(self) -> None:
        """Import the bundled sample (four classes, 八年级(3)班 with three exams) and show 八年级(3)班."""
        self.importing.load_sample()

    def undo_last_import(self) -> None:
        """Undo the newest import, after asking."""
        self.importing.undo_last_import()

    def run_diagnosis(self) -> None:
        """Diagnose the class shown, in the background."""
        self.analysis.run_diagnosis()

    def check_model(self) -> None:
        """Open the check-the-model dialog on the class shown."""
        self.analysis.check_model()

    def edit_paper(self, assessment: str | None = None) -> None:
        """Edit the paper (knowledge points, full marks, answers) of an exam of the class shown."""
        self.papers.edit_paper(assessment)

    def export(self, what: str) -> None:
        """Ask how ("plans", "report" or "mastery") and where, then export the class shown in the background."""
        self.exporting.export(what)

    def open_export_folder(self) -> None:
        """Open the folder of the last export in the system's file manager."""
        self.exporting.open_export_folder()

    def show_graph(self) -> None:
        """Open (or raise) the knowledge-graph dialog on the class shown."""
        self.exporting.show_graph()

    def import_graph(self, path: str | None = None) -> None:
        """Import a prerequisite table for the subject of the class shown (it asks for the file unless `path`)."""
        self.exporting.import_graph(path)

    def cancel_task(self) -> None:
        """Ask the running task to stop at its next checkpoint."""
        self.runner.cancel()

    def show_error(self, message: str) -> None:
        """Tell the teacher what went wrong (and emit `error_shown`)."""
        self.error_shown.emit(message)
        QMessageBox.warning(self, TITLE, message)

    def show_tab(self, index: int) -> None:
        """Show the class view (0) or the student view (1)."""
        self.workspace.show_tab(index)

    def open_student(self, student_id: str) -> None:
        """Show one student in the student view."""
        self.workspace.open_student(student_id)

    def next_student(self) -> None:
        """Show the next student in the student view."""
        self.workspace.step_student(1)

    def previous_student(self) -> None:
        """Show the previous student in the student view."""
        self.workspace.step_student(-1)

    def set_language(self, code: str) -> None:
        """Switch the interface language ("system", "zh", "en") and remember it."""
        self.settings.language = code
        self.menus.check_language(code)
        i18n.apply_language(i18n.resolve(code))

    # ================================================================ recent files, drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept a drag that carries a gradebook file."""
        mime = event.mimeData()
        if mime.hasUrls() and any(_local_path(u) for u in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the import wizard on a dropped gradebook."""
        paths = [p for p in (_local_path(u) for u in event.mimeData().urls()) if p]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.import_file(paths[0]))

    # ================================================================ state, language, closing

    def update_actions(self) -> None:
        """Enable what can be done now: store work only when no task runs, class work with a class shown."""
        idle = self.task is None
        has_store = self.db is not None
        has_class = self.data is not None
        self.menus.update(
            idle=idle,
            has_store=has_store,
            has_class=has_class,
            can_undo=bool(self.store and self.store.imports),
            has_views=self.class_view is not None,
        )
        if self.graph_dialog is not None:
            self.graph_dialog.import_button.setEnabled(idle and has_class)
        for w in (
            self.diagnose_button,
            self.check_button,
            self.banner_button,
            self.class_picker,
            self.run_picker,
            self.welcome.sample_button,
            self.welcome.import_button,
        ):
            w.setEnabled(idle and has_store)

    def _update_status_labels(self) -> None:
        path = str(self.store.path) if self.store else self.tr("opening…")
        self.store_status.setText(self.tr("Store: {path}").format(path=path))
        self.store_status.setToolTip(path)
        device = self.device_label or self.tr("detecting…")
        self.device_status.setText(self.tr("Compute: {device}").format(device=device))

    def retranslate(self) -> None:
        """Re-label menus, buttons and the status bar in the current language."""
        self.menus.retranslate()
        self.workspace.retranslate(self.data)
        self.runner.retranslate()
        self.exporting.retranslate()
        self._update_status_labels()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_task_stopped(self) -> None:
        if self._quit_when_idle:
            self._quit_when_idle = False
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask before stopping a running task; save the geometry and close the store."""
        if self.task is not None:
            answer = QMessageBox.question(
                self,
                TITLE,
                self.tr("A task is still running. Stop it and quit?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self._quit_when_idle = True
            self.cancel_task()
            event.ignore()  # closes itself once the worker has stopped
            return
        if self._warmup is not None and self._warmup.is_running():
            self._warmup.wait(60_000)  # importing torch cannot be interrupted; it ends on its own
        self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        if self.db is not None:
            self.db.close()
            self.db = None
        self._closed = True
        event.accept()
