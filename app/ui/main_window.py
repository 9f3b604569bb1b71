"""The main window: the welcome page, the class and student views, the status bar, and who does what.

It only wires signals. Every store or engine action is a call into `app.services`, run through the
window's `TaskRunner` (`tasks.py`) when slow; the actions live in controllers the window owns:
`ImportController` (wizard, sample, undo), `AnalysisController` (diagnose, check the model),
`PaperController` (edit an exam's paper), `ExportController` (exports, knowledge graph),
`SafetyController` (back up, restore, check the store, a store that does not open) and
`ManageController` (rename and delete classes and exams, undo any import, stored scores). The
menus are built in `menus.py`. One task at a time; while it runs, actions that would touch the
store are disabled, so the store is used from one thread at a time.

Reading the class to show runs in the worker too (`show_class`, `refresh_store`): a quiet op with a
busy bar, whose caller waits for it with the window's events flowing, so the window repaints and
stays responsive while a big class loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QEventLoop, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.base.settings import AppSettings
from app.ui.base.tasks import BackgroundOp, TaskRunner
from app.ui.base.worker import Task
from app.ui.controllers.analysis import AnalysisController
from app.ui.controllers.exporting import ExportController
from app.ui.controllers.importing import ImportController
from app.ui.controllers.manage import ManageController
from app.ui.controllers.paper import PaperController
from app.ui.controllers.safety import SafetyController
from app.ui.menus import Menus
from app.ui.views.welcome import TITLE, WelcomePage
from app.ui.views.workspace import Workspace

if TYPE_CHECKING:
    from app.core.diagnosis import Thresholds
    from app.core.progress import Progress
    from app.core.settings import Language
    from app.services.class_data import ClassData
    from app.services.store import StoreState
    from app.storage import BackupRecord
    from app.ui.dialogs.check import CheckModelDialog
    from app.ui.dialogs.export import ExportDialog
    from app.ui.dialogs.graph import GraphDialog
    from app.ui.import_wizard.wizard import ImportWizard
    from app.ui.paper.dialog import PaperDialog
    from app.ui.views.class_view import ClassView
    from app.ui.views.student_view import StudentView

log = logging.getLogger(__name__)

GRADEBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
PREFERRED_SIZE = QSize(1280, 820)
"""The window's size on a screen with room for it; smaller screens get what fits (`screen.fit_to_screen`)."""


@dataclass(frozen=True)
class Loaded:
    """What a read of the store for showing brought back (in the worker): the store's state when asked
    for, the class to show (None: none), why it could not be read, and the newest backup."""

    state: StoreState | None
    data: ClassData | None
    error: BaseException | None
    last_backup: BackupRecord | None


def load_for_showing(
    db: Any,
    select: str | None,
    *,
    current: str | None,
    run_id: int | None,
    refresh: bool,
    thresholds: Thresholds,
    progress: Progress | None = None,
) -> Loaded:
    """Read, off the UI thread, what the window shows: with `refresh` the store's classes and imports, and the
    class `select` (else `current`, else the first when refreshing) with its diagnosis judged by `thresholds`."""
    from app.services.backups import last_backup
    from app.services.class_data import load_class_data
    from app.services.store import store_state

    state = store_state(db) if refresh else None
    name = select
    if state is not None:
        names = [c.name for c in state.classes]
        name = select if select in names else current if current in names else names[0] if names else None
        run_id = run_id if name == select else None
    data, error = None, None
    if name:
        try:
            data = load_class_data(db, name, run_id, thresholds=thresholds)
        except Exception as failure:  # noqa: BLE001 - the store's state still shows; the message says why
            error = failure
    return Loaded(state, data, error, last_backup(db.path) if refresh else None)


def _local_path(url: QUrl) -> str | None:
    path = url.toLocalFile()
    return path if path and Path(path).suffix.lower() in GRADEBOOK_SUFFIXES else None


class PathLabel(QLabel):
    """A status-bar label whose path (`elide`, a part of its text) is shortened in the middle ("C:\\…\\zhidian.db")
    when the bar is narrow, so a long path never widens the window; `text()` keeps the whole text."""

    elide = ""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Narrow: the path gives way."""
        return QSize(80, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        """At most about 520 pixels wide."""
        hint = super().sizeHint()
        return QSize(min(hint.width(), 520), hint.height())

    def shown_text(self) -> str:
        """The text as drawn: the path shortened in the middle to fit the label's width."""
        text, metrics, width = self.text(), self.fontMetrics(), self.contentsRect().width()
        if metrics.horizontalAdvance(text) <= width:
            return text
        if self.elide and self.elide in text:
            before, after = text.split(self.elide, 1)
            room = width - metrics.horizontalAdvance(before + after)
            text = before + metrics.elidedText(self.elide, Qt.TextElideMode.ElideMiddle, max(room, 24)) + after
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Draw `shown_text()`."""
        painter = QPainter(self)
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())


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
        self.last_backup: BackupRecord | None = None
        self.store_problem: str | None = None  # why the store did not open, while it does not
        self._quit_when_idle = False
        self._closed = False
        self._warmup: Task | None = None
        self._pending: tuple[str | None, int | None, bool] | None = None  # a show asked for while busy
        self.settings_dialog: Any = None  # the last Settings dialog opened (app.ui.dialogs.settings)
        self.help_dialog: Any = None  # the user guide, once opened (app.ui.dialogs.help)

        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        fit_to_screen(self, PREFERRED_SIZE)
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
        self.safety = SafetyController(self)
        self.managing = ManageController(self)
        self.export_label, self.open_folder_button = self.exporting.export_label, self.exporting.open_folder_button
        self.store_status = PathLabel(self)
        self.device_status = QLabel(self)
        self.statusBar().addPermanentWidget(self.store_status)
        self.statusBar().addPermanentWidget(self.device_status)
        self.runner.over.connect(self._show_pending)
        self.retranslate()
        self.update_actions()
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
            fit_to_screen(self)  # saved on a bigger screen, or at another scaling: keep it inside this one
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

    def start(
        self,
        before: Callable[[Progress], Any] | None = None,
        then: Callable[[Any, BaseException | None], None] | None = None,
        message: str | None = None,
    ) -> None:
        """Open the store in the background (and read the class shown last), then warm up the engine (torch).

        `before(progress)` runs first in the same background task, with the store closed (a restore, a
        repair); `then(its result, its error)` runs once the store is open again."""
        from app.services.store import open_store

        if self.task is not None:
            return
        path, thresholds, last = self.db_path, self.settings.thresholds, self.settings.last_class
        if self.db is not None:  # a restore replaces the file: nothing of ours may hold it open
            self.db.close()
            self.db, self.store = None, None
        self.store_problem = None
        self.welcome.status.clear()
        self.update_actions()

        def work(progress: Progress) -> tuple[Any, Loaded, Any, BaseException | None]:
            from app.services.sample import SAMPLE_CLASS

            outcome, error = None, None
            if before is not None:
                try:
                    outcome = before(progress)
                except Exception as failure:  # noqa: BLE001 - the store still opens; `then` says what failed
                    error = failure
            db, state = open_store(path, progress)
            names = [c.name for c in state.classes]  # the class shown last, else the sample's, else the first
            first = last if last in names else SAMPLE_CLASS if SAMPLE_CLASS in names else None
            loaded = load_for_showing(db, first, current=None, run_id=None, refresh=True, thresholds=thresholds)
            return db, loaded, outcome, error

        self.runner.run(
            BackgroundOp(
                work,
                lambda result: self._on_store_opened(result, then),
                message=message or self.tr("Opening the store…"),
                failure=self.tr("The store could not be opened."),
                cancellable=False,
                on_failure=self.safety.store_failed,
            )
        )

    def _on_store_opened(
        self,
        result: tuple[Any, Loaded, Any, BaseException | None],
        then: Callable[[Any, BaseException | None], None] | None = None,
    ) -> None:
        self.db, loaded, outcome, error = result
        self.data = None  # the store may hold other things now (a restore): show what it holds
        self._show_loaded(loaded)
        daily = [b for b in self.db.backups if b.reason == "daily"]
        if daily:
            self.statusBar().showMessage(
                self.tr("Today's backup of the store was made: {path}").format(path=daily[-1].path), 10000
            )
        self.store_ready.emit()
        if then is not None:
            then(outcome, error)
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
        self.refresh_status()
        self.device_known.emit(label)

    def _apply_store_state(self, state: StoreState) -> None:
        self.store = state
        self.workspace.set_classes([c.name for c in state.classes], self.data.class_name if self.data else None)
        self.stack.setCurrentWidget(self.welcome if state.empty else self.workspace)
        self.welcome.sample_button.setVisible(state.empty)
        self.refresh_status()
        self.update_actions()

    def refresh_store(self, select: str | None = None) -> None:
        """Re-read the store's classes after a change and show `select` (else the class shown, else the first).

        The store is read in the worker; this returns once the class is shown (see `show_class`)."""
        self._load(select, None, refresh=True)

    # ================================================================ the class shown

    def show_class(self, class_name: str, run_id: int | None = None) -> None:
        """Load and show one class (its current diagnosis unless `run_id`), judged by the teacher's thresholds.

        The store is read in the worker while the status bar shows a busy bar; this returns once the
        class is shown (or the read failed), the window's events flowing meanwhile, so callers can go
        on as if it were immediate. Asked while another task runs, the class is shown after it."""
        if class_name:
            self._load(class_name, run_id, refresh=False)

    def _load(self, select: str | None, run_id: int | None, *, refresh: bool) -> None:
        if self.db is None:
            return
        if self.runner.busy:  # one store user at a time: show it when the running task is over
            earlier = self._pending
            self._pending = (select, run_id, refresh or bool(earlier and earlier[2]))
            return
        db, thresholds = self.db, self.settings.thresholds
        current = self.data.class_name if self.data else None
        shown = select or current or ""
        task = self.runner.run(
            BackgroundOp(
                lambda progress: load_for_showing(
                    db, select, current=current, run_id=run_id, refresh=refresh, thresholds=thresholds
                ),
                self._show_loaded,
                message=self.tr("Loading {cls}…").format(cls=shown) if shown else self.tr("Reading the store…"),
                failure=self.tr("The class could not be shown."),
                cancellable=False,
                announce=False,
            )
        )
        if task is None:
            return
        loop = QEventLoop(self)
        self.runner.over.connect(loop.quit)
        try:
            loop.exec()  # until the read is shown: the window repaints and stays responsive meanwhile
        finally:
            self.runner.over.disconnect(loop.quit)

    def _show_pending(self) -> None:
        if self._pending is not None and not self.runner.busy and not self._closed:
            (select, run_id, refresh), self._pending = self._pending, None
            QTimer.singleShot(0, lambda: self._load(select, run_id, refresh=refresh))

    def _show_loaded(self, loaded: Loaded) -> None:
        """Show what a read of the store brought back (on the UI thread)."""
        if loaded.state is not None:
            self.last_backup = loaded.last_backup
            if loaded.data is None:
                self.data = None
            self._apply_store_state(loaded.state)
        if loaded.error is not None:
            from app.ui.base.worker import describe_error

            self.show_error(self.tr("The class could not be shown.") + "\n\n" + describe_error(loaded.error))
        data = loaded.data
        if data is None:
            if loaded.state is not None and loaded.error is None:
                self.workspace.show_data(None)
            self.update_actions()
            return
        self.data = data
        self.settings.last_class = data.class_name
        self.workspace.show_data(data)
        if self.graph_dialog is not None:
            self.graph_dialog.set_data(data)
        self.stack.setCurrentWidget(self.workspace)
        self.update_actions()
        self.class_shown.emit(data.class_name)

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

    def back_up_now(self) -> None:
        """Back the store up now, in the background; the status bar says where."""
        self.safety.back_up_now()

    def restore_backup(self) -> None:
        """List the store's backups (what each holds) and restore the one the teacher picks, after asking."""
        self.safety.restore_backup()

    def open_data_folder(self) -> None:
        """Open the folder holding the store, its backups and (portable) the settings."""
        self.safety.open_data_folder()

    def check_database(self) -> None:
        """Check the store (integrity, references) in the background; offer a repair or a restore."""
        self.safety.check_database()

    def manage(self) -> None:
        """Open the Manage classes and exams dialog (rename, delete, undo any import, stored scores)."""
        self.managing.open_dialog()

    def show_scores(self, class_name: str | None = None, assessment: str | None = None) -> None:
        """Show the stored scores of an exam (of the class shown, its newest exam by default); a cell can be corrected."""
        self.managing.show_scores(class_name, assessment)

    def open_settings(self) -> None:
        """Open the Settings dialog (the thresholds for weak and mastered)."""
        from app.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.settings, parent=self)
        self.settings_dialog = dialog
        dialog.accepted.connect(self._on_settings_changed)
        dialog.open()

    def _on_settings_changed(self) -> None:
        if self.data is not None:  # every view judges mastery by the new thresholds
            self.show_class(self.data.class_name, self.data.run_id)
        self.statusBar().showMessage(
            self.tr("Thresholds: weak below {weak:.2f}, mastered from {mastered:.2f}.").format(
                weak=self.settings.thresholds.weak_below, mastered=self.settings.thresholds.mastered_from
            ),
            8000,
        )

    def show_guide(self, section: str | None = None) -> None:
        """Open (or raise) the user guide, at `section` if given ("import", "backups", …)."""
        from app.ui.dialogs.help import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(parent=self)
        self.help_dialog.show_section(section)
        self.help_dialog.show()
        self.help_dialog.raise_()

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

    def set_language(self, code: Language) -> None:
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
            store_known=has_store or self.store_problem is not None,
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

    def refresh_status(self) -> None:
        """Say in the status bar where the data live, when they were last backed up, and the compute device."""
        if self.store is None:
            path = self.tr("opening…") if self.store_problem is None else self.tr("not open")
            self.store_status.setText(self.tr("Data: {path}").format(path=path))
            self.store_status.elide = ""
            self.store_status.setToolTip(self.store_problem or "")
        else:
            full = str(self.store.path)
            if self.last_backup is not None:
                from app.services.backups import when_text

                backup = self.tr("backed up {when}").format(
                    when=when_text(self.last_backup.created).get(i18n.language())
                )
                where = self.tr("Last backup: {path}").format(path=self.last_backup.path)
            else:
                backup, where = self.tr("not backed up yet"), self.tr("No backup yet: File → Back up now makes one.")
            self.store_status.setText(self.tr("Data: {path} · {backup}").format(path=full, backup=backup))
            self.store_status.elide = full
            self.store_status.setToolTip(
                self.tr("The store: {path}").format(path=full)
                + "\n"
                + where
                + "\n"
                + self.tr("File → Open data folder shows them; File → Restore from backup puts one back.")
            )
        device = self.device_label or self.tr("detecting…")
        self.device_status.setText(self.tr("Compute: {device}").format(device=device))
        self.device_status.setToolTip(
            self.tr("Where diagnoses are computed: the graphics card when one helps, else the processor.")
        )

    def retranslate(self) -> None:
        """Re-label menus, buttons and the status bar in the current language."""
        self.menus.retranslate()
        self.workspace.retranslate(self.data)
        self.runner.retranslate()
        self.exporting.retranslate()
        self.refresh_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_task_stopped(self) -> None:
        if self._quit_when_idle and not self.runner.busy:
            self._quit_when_idle = False
            QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ask before stopping a running task; save the geometry and close the store.

        A read for showing is waited for without asking. A task that ends while the question is open
        no longer needs stopping: Yes then quits at once."""
        if self.task is not None and self.runner.quiet:
            self._quit_when_idle = True  # a short read: quit once it is over
            event.ignore()
            return
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
            if self.task is not None:  # still running after the question: stop it, then close once it stopped
                self._quit_when_idle = True
                self.cancel_task()
                event.ignore()
                return
        if self._warmup is not None and self._warmup.is_running():
            self._warmup.wait(60_000)  # importing torch cannot be interrupted; it ends on its own
        self.settings.geometry = self.saveGeometry()
        if self.db is not None:
            self.db.close()
            self.db = None
        self._closed = True
        self._quit_when_idle = False
        event.accept()
