"""The main window: the welcome page, the workspace with the class and student views, the status bar, the menus.

It only builds and wires. What the window knows is its `WindowState` (`state.py`: the store, the class shown,
the newest backup, the one task runner); what it does is in controllers that take that state, the store loader
and a parent widget: `StoreLoader` (open the store, read the class to show), `ImportController` (wizard, sample),
`AnalysisController` (diagnose, check the model), `PaperController` (edit an exam's paper), `ExportController`
(exports, knowledge graph), `SafetyController` (back up, restore, check the store, a store that does not open),
`ManageController` (rename and delete classes and exams, undo any import, stored scores) and `WindowCommands`
(settings, guide, language, tabs). The menus (`menus.py`) trigger the controllers; the views follow the state's
signals. One op runs at a time on the runner; while it runs, actions that would touch the store are disabled.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.base.settings import AppSettings
from app.ui.controllers.analysis import AnalysisController
from app.ui.controllers.exporting import ExportController
from app.ui.controllers.importing import ImportController
from app.ui.controllers.loading import StoreLoader
from app.ui.controllers.manage import ManageController
from app.ui.controllers.packages import PackageController
from app.ui.controllers.paper import PaperController
from app.ui.controllers.safety import SafetyController
from app.ui.controllers.window import WindowCommands
from app.ui.menus import Controllers, Menus
from app.ui.state import WindowState
from app.ui.views.welcome import TITLE, WelcomePage
from app.ui.views.workspace import Workspace
from app.ui.widgets.status import MessageBar, StoreStatus, TaskProgress
from app.ui.widgets.store_banner import StoreBanner

log = logging.getLogger(__name__)

GRADEBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
PREFERRED_SIZE = QSize(1280, 820)
"""The window's size on a screen with room for it; smaller screens get what fits (`screen.fit_to_screen`)."""


def _local_path(url: QUrl) -> str | None:
    path = url.toLocalFile()
    return path if path and Path(path).suffix.lower() in GRADEBOOK_SUFFIXES else None


class MainWindow(i18n.Relabelled, QMainWindow):
    """The application window. Its signals let tests and callers follow what it does."""

    store_ready = Signal()
    device_known = Signal(str)
    class_shown = Signal(str)
    task_started = Signal(object)  # the Task running an announced op
    task_ended = Signal(str)  # "finished", "failed" or "cancelled"
    diagnosis_done = Signal(int)  # run id
    import_done = Signal(object)  # the list of ImportSummary, one per class
    paper_saved = Signal(object)  # TagSummary
    error_shown = Signal(str)
    export_done = Signal(object)  # list of the Paths written
    graph_imported = Signal(object)  # app.services.prerequisites.GraphImport

    def __init__(self, settings: AppSettings, db_path: str | Path | None = None, *, start: bool = True) -> None:
        super().__init__()
        self.state = state = WindowState(settings, db_path, self)
        self.settings, self.runner = settings, state.runner
        self._quit_when_idle = False
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        fit_to_screen(self, PREFERRED_SIZE)
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.workspace = Workspace(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.workspace)
        self.store_banner = StoreBanner(state, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.store_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        bar = MessageBar(self)
        self.setStatusBar(bar)
        self.loader = loader = StoreLoader(state, self)
        self.importing = ImportController(state, loader, self)
        self.papers = PaperController(state, loader, self)
        self.analysis = AnalysisController(state, loader, self, tag=lambda: self.papers.edit_paper())
        self.exporting = ExportController(state, loader, self, bar, self.workspace)
        self.safety = SafetyController(state, loader, self, quit=self.close)
        self.managing = ManageController(state, loader, self)
        self.commands = WindowCommands(state, loader, self, self.workspace)
        self.packages = PackageController(state, loader, self)
        controllers = Controllers(
            loader,
            self.importing,
            self.analysis,
            self.papers,
            self.exporting,
            self.safety,
            self.managing,
            self.commands,
            self.packages,
        )
        self.menus = Menus(self, state, controllers)
        self.progress = TaskProgress(self.runner, bar)
        self.status = StoreStatus(state, bar)
        self._connect()
        self.retranslate()
        self.update_actions()
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
            fit_to_screen(self)  # saved on a bigger screen, or at another scaling: keep it inside this one
        if start:
            QTimer.singleShot(0, self.loader.start)

    def _connect(self) -> None:
        """Wire the state, the runner and the controllers to the views and to the window's signals."""
        state, ws = self.state, self.workspace
        state.store_changed.connect(self._store_changed)
        state.class_changed.connect(self._class_changed)
        state.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        state.error.connect(self.show_error)
        self.runner.busy_changed.connect(self.update_actions)
        self.runner.started.connect(self.task_started)
        self.runner.ended.connect(self.task_ended)
        self.runner.stopped.connect(self._on_task_stopped)
        for signal, forward in (
            (self.loader.store_ready, self.store_ready),
            (self.loader.device_known, self.device_known),
            (self.loader.class_shown, self.class_shown),
            (self.analysis.diagnosed, self.diagnosis_done),
            (self.importing.imported, self.import_done),
            (self.papers.saved, self.paper_saved),
            (self.exporting.exported, self.export_done),
            (self.exporting.graph_imported, self.graph_imported),
        ):
            signal.connect(forward)
        self.commands.language_changed.connect(self.menus.check_language)
        self.welcome.sample_button.clicked.connect(self.importing.load_sample)
        self.welcome.import_button.clicked.connect(lambda: self.importing.import_file())
        ws.class_picker.activated.connect(lambda _i: self.loader.show_class(ws.class_picker.currentText()))
        ws.run_picker.activated.connect(self._on_run_picked)
        ws.diagnose_button.clicked.connect(self.analysis.run_diagnosis)
        ws.banner_button.clicked.connect(
            lambda: self.papers.edit_paper() if ws.banner_tags else self.analysis.run_diagnosis()
        )
        ws.paper_requested.connect(lambda: self.papers.edit_paper())
        ws.check_button.clicked.connect(self.analysis.check_model)

    # ================================================================ following the state

    def _store_changed(self) -> None:
        state = self.state
        if state.store is not None:
            self.workspace.set_classes([c.name for c in state.store.classes], state.class_name)
            self.stack.setCurrentWidget(self.welcome if state.store.empty else self.workspace)
            self.welcome.sample_button.setVisible(state.store.empty)
        if state.store_problem is not None:
            self.welcome.status.setText(self.tr("The store could not be opened.") + "\n" + state.store_problem)
        elif state.db is None:
            self.welcome.status.clear()
        self.update_actions()

    def _class_changed(self) -> None:
        data = self.state.data
        self.workspace.show_data(data)
        if data is not None:
            self.stack.setCurrentWidget(self.workspace)
        self.update_actions()

    def _on_run_picked(self, index: int) -> None:
        run_id, data = self.workspace.run_picker.itemData(index), self.state.data
        if run_id is not None and data is not None and run_id != data.run_id:
            self.loader.show_class(data.class_name, run_id)

    def update_actions(self) -> None:
        """Enable what can be done now: store work only when no task runs, class work with a class shown."""
        ws, idle, has_store, writable = self.workspace, self.state.idle, self.state.db is not None, self.state.writable
        self.menus.update(has_views=ws.class_view is not None)
        for picker in (ws.class_picker, ws.run_picker):
            picker.setEnabled(idle and has_store)
        for button in (ws.diagnose_button, ws.check_button, ws.banner_button):
            button.setEnabled(idle and writable)
        if ws.class_view is not None:  # the paper is changed through it, as through Edit the paper
            ws.class_view.paper_button.setEnabled(idle and writable)
            if self.state.read_only:
                ws.class_view.paper_button.setToolTip(
                    self.tr("The store can only be read (see the banner): no paper can be changed.")
                )
        for button in (self.welcome.sample_button, self.welcome.import_button):
            button.setEnabled(idle and writable)

    def show_error(self, message: str) -> None:
        """Tell the teacher what went wrong (and emit `error_shown`)."""
        self.error_shown.emit(message)
        QMessageBox.warning(self, TITLE, message)

    # ================================================================ drag and drop

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
        QTimer.singleShot(0, lambda: self.importing.import_file(paths[0]))

    # ================================================================ language, closing

    def retranslate(self) -> None:
        """Re-label menus, buttons and the status bar in the current language."""
        self.menus.retranslate()
        self.workspace.retranslate(self.state.data)
        self.progress.retranslate()
        self.exporting.retranslate()
        self.status.refresh()
        QTimer.singleShot(0, self.update_actions)  # the read-only tooltips, after the views have re-labelled

    def _on_task_stopped(self) -> None:
        if self._quit_when_idle and not self.runner.busy:
            self._quit_when_idle = False
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask before stopping a running task; save the geometry and close the store.

        A quiet op (a read for showing, a dialog's own work) is waited for without asking. A task that ends while
        the question is open no longer needs stopping: Yes then quits at once."""
        if self.runner.busy and self.runner.quiet:
            self._quit_when_idle = True  # a short read: quit once it is over
            event.ignore()
            return
        if self.runner.busy:
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
            if self.runner.busy:  # still running after the question: stop it, then close once it stopped
                self._quit_when_idle = True
                self.runner.cancel()
                event.ignore()
                return
        self.loader.closed()
        self.runner.wait_aside()  # importing torch cannot be interrupted; it ends on its own
        self.settings.geometry = self.saveGeometry()
        if self.state.db is not None:
            self.state.db.close()
            self.state.opened(None)
        self._quit_when_idle = False
        event.accept()
