"""The main window: menus, the welcome page, the class and student views, background work, status bar.

It only wires signals: every computation is a core call in `app.ui.jobs`, run through a `Task`
when slow. One task at a time; while it runs, actions that would touch the store are disabled,
so the store is used from one thread at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import i18n, jobs
from app.ui.settings import AppSettings
from app.ui.worker import Task

log = logging.getLogger(__name__)

GRADEBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
TITLE = "Zhidian 知点"


def _local_path(url: QUrl) -> str | None:
    path = url.toLocalFile()
    return path if path and Path(path).suffix.lower() in GRADEBOOK_SUFFIXES else None


class WelcomePage(QWidget):
    """What an empty store shows: the sample class offer, Import, and the drop hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(TITLE, self)
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sample_button = QPushButton(self)
        self.sample_button.setMinimumHeight(40)
        self.import_button = QPushButton(self)
        self.import_button.setMinimumHeight(40)
        self.drop_hint = QLabel(self)
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: #555; border: 2px dashed #aaa; border-radius: 8px; padding: 24px")
        self.status = QLabel(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.title)
        column.addSpacing(8)
        column.addWidget(self.intro)
        column.addSpacing(16)
        column.addWidget(self.sample_button)
        column.addWidget(self.import_button)
        column.addSpacing(16)
        column.addWidget(self.drop_hint)
        column.addWidget(self.status)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Import a class gradebook (per-question scores tagged with knowledge points) to see, for the class "
            "and for every student, which knowledge points are weak, how sure that is, and what to work on first. "
            "Everything stays on this computer."))
        self.sample_button.setText(self.tr("Open the sample class 八年级(3)班"))
        self.import_button.setText(self.tr("Import a gradebook…"))
        self.drop_hint.setText(self.tr("or drop an Excel (.xlsx, .xls) or CSV gradebook here"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """The application window. Signals let tests and callers follow what it does."""

    store_ready = Signal()
    device_known = Signal(str)
    class_shown = Signal(str)
    task_started = Signal(object)  # the Task
    task_ended = Signal(str)  # "finished", "failed" or "cancelled"
    diagnosis_done = Signal(int)  # run id
    import_done = Signal(object)  # ImportSummary (or list of them for the sample)
    error_shown = Signal(str)
    export_done = Signal(object)  # list of the Paths written
    graph_imported = Signal(object)  # jobs.GraphImport

    def __init__(self, settings: AppSettings, db_path: str | Path | None = None, *, start: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.db_path = db_path
        self.db: Any = None  # app.storage.Database once open
        self.store: jobs.StoreState | None = None
        self.data: Any = None  # ClassData of the class shown
        self.runs: list[Any] = []  # its stored diagnosis runs, newest first
        self.task: Task | None = None
        self.task_kind = ""
        self.device_label: str | None = None
        self.class_view: Any = None
        self.student_view: Any = None
        self.graph_dialog: Any = None
        self._quit_when_idle = False
        self._closed = False
        self._warmup: Task | None = None

        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self._build_actions()
        self._build_menus()
        self._build_central()
        self._build_status_bar()
        self.retranslate()
        self._update_actions()
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
        if start:
            QTimer.singleShot(0, self.start)

    # ================================================================ construction

    def _action(self, slot: Callable[[], Any], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.act_import = self._action(self.import_file, QKeySequence.StandardKey.Open)
        self.act_sample = self._action(self.load_sample)
        self.act_undo = self._action(self.undo_last_import, QKeySequence.StandardKey.Undo)
        self.act_export_plans = self._action(lambda: self.export("plans"), QKeySequence("Ctrl+E"))
        self.act_export_report = self._action(lambda: self.export("report"))
        self.act_export_mastery = self._action(lambda: self.export("mastery"))
        self.act_graph = self._action(self.show_graph, QKeySequence("Ctrl+G"))
        self.act_quit = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_diagnose = self._action(self.run_diagnosis, QKeySequence(Qt.Key.Key_F5))
        self.act_cancel = self._action(self.cancel_task, QKeySequence(Qt.Key.Key_Escape))
        self.act_check = self._action(self.check_model, QKeySequence("Ctrl+M"))
        self.act_class_view = self._action(lambda: self.show_tab(0), QKeySequence("Ctrl+1"))
        self.act_student_view = self._action(lambda: self.show_tab(1), QKeySequence("Ctrl+2"))
        self.act_next = self._action(self.next_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.act_prev = self._action(self.previous_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.act_about = self._action(self.about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in ("system", "zh", "en"):
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.act_import)
        self.file_menu.addAction(self.act_sample)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_undo)
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu("")
        for action in (self.act_export_plans, self.act_export_report, self.act_export_mastery):
            self.export_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.analysis_menu = bar.addMenu("")
        self.analysis_menu.addAction(self.act_diagnose)
        self.analysis_menu.addAction(self.act_cancel)
        self.analysis_menu.addSeparator()
        self.analysis_menu.addAction(self.act_check)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.act_class_view)
        self.view_menu.addAction(self.act_student_view)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_prev)
        self.view_menu.addAction(self.act_next)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_graph)
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.act_about)
        self._fill_recent_menu()

    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self)
        self.welcome.sample_button.clicked.connect(self.load_sample)
        self.welcome.import_button.clicked.connect(self.import_file)
        self.stack.addWidget(self.welcome)

        self.workspace = QWidget(self)
        self.class_label = QLabel(self.workspace)
        self.class_picker = QComboBox(self.workspace)
        self.class_picker.setMinimumContentsLength(14)
        self.class_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.class_picker.activated.connect(lambda _i: self.show_class(self.class_picker.currentText()))
        self.run_label = QLabel(self.workspace)
        self.run_picker = QComboBox(self.workspace)
        self.run_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run_picker.activated.connect(self._on_run_picked)
        self.diagnose_button = QPushButton(self.workspace)
        self.diagnose_button.clicked.connect(self.run_diagnosis)
        self.check_button = QPushButton(self.workspace)
        self.check_button.clicked.connect(self.check_model)
        top = QHBoxLayout()
        top.addWidget(self.class_label)
        top.addWidget(self.class_picker)
        top.addSpacing(16)
        top.addWidget(self.run_label)
        top.addWidget(self.run_picker)
        top.addStretch(1)
        top.addWidget(self.diagnose_button)
        top.addWidget(self.check_button)

        self.banner = QFrame(self.workspace)
        self.banner.setStyleSheet("QFrame { background: #fff4d6; border: 1px solid #e0b64c; border-radius: 4px }"
                                  " QLabel { border: none }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_button = QPushButton(self.banner)
        self.banner_button.clicked.connect(self.run_diagnosis)
        bl = QHBoxLayout(self.banner)
        bl.setContentsMargins(8, 4, 8, 4)
        bl.addWidget(QLabel("⚠", self.banner))
        bl.addWidget(self.banner_text, 1)
        bl.addWidget(self.banner_button)
        self.banner.hide()

        self.tabs = QTabWidget(self.workspace)
        wl = QVBoxLayout(self.workspace)
        wl.addLayout(top)
        wl.addWidget(self.banner)
        wl.addWidget(self.tabs, 1)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.export_label = QLabel(self)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self)
        self.open_folder_button.clicked.connect(self.open_export_folder)
        self.export_folder: Path | None = None
        for w in (self.progress_label, self.progress_bar, self.cancel_button, self.export_label, self.open_folder_button):
            bar.addWidget(w)
            w.hide()
        self.store_status = QLabel(self)
        self.device_status = QLabel(self)
        bar.addPermanentWidget(self.store_status)
        bar.addPermanentWidget(self.device_status)

    def _ensure_views(self) -> None:
        """Create the class and student views (and import matplotlib) the first time data is shown."""
        if self.class_view is not None:
            return
        from app.ui.class_view import ClassView
        from app.ui.student_view import StudentView

        self.class_view = ClassView(self.tabs)
        self.student_view = StudentView(self.tabs)
        self.class_view.student_activated.connect(self.open_student)
        self.tabs.addTab(self.class_view, "")
        self.tabs.addTab(self.student_view, "")
        self.retranslate()

    # ================================================================ start-up

    def start(self) -> None:
        """Open the store in the background, then warm up the engine (torch) to learn the device."""
        self._run(
            "store",
            lambda progress: jobs.open_store(self.db_path, progress),
            self._on_store_opened,
            message=self.tr("Opening the store…"),
        )

    def _on_store_opened(self, result: tuple[Any, jobs.StoreState]) -> None:
        self.db, state = result
        self._apply_store_state(state)
        self.store_ready.emit()
        last = self.settings.last_class
        names = [c.name for c in state.classes]
        if names:
            self.show_class(last if last in names else names[0])
        QTimer.singleShot(0, self._start_warm_up)

    def _start_warm_up(self) -> None:
        if self._warmup is not None or self._closed:
            return
        self._warmup = Task.start(jobs.warm_up, parent=self)
        self._warmup.finished.connect(self._on_device_known)
        self._warmup.failed.connect(lambda message: self._on_device_known(self.tr("unavailable")))

    def _on_device_known(self, label: str) -> None:
        self.device_label = label
        self._update_status_labels()
        self.device_known.emit(label)

    def _apply_store_state(self, state: jobs.StoreState) -> None:
        self.store = state
        current = self.data.class_name if self.data else None
        self.class_picker.clear()
        self.class_picker.addItems([c.name for c in state.classes])
        if current in [c.name for c in state.classes]:
            self.class_picker.setCurrentText(current)
        self.stack.setCurrentWidget(self.welcome if state.empty else self.workspace)
        self.welcome.sample_button.setVisible(state.empty)
        self._update_status_labels()
        self._update_actions()

    # ================================================================ background tasks

    def _run(self, kind: str, fn: Callable[[Any], Any], on_finished: Callable[[Any], None], *, message: str,
             cancellable: bool = True) -> Task | None:
        """Start `fn(progress)` in a worker thread unless another task runs."""
        if self.task is not None:
            self.statusBar().showMessage(self.tr("Please wait: another task is running."), 4000)
            return None
        task = Task.start(fn, parent=self)
        self.task, self.task_kind = task, kind
        self.export_label.hide()
        self.open_folder_button.hide()
        self.progress_label.setText(message)
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(cancellable)
        for w in (self.progress_label, self.progress_bar, self.cancel_button):
            w.show()
        task.progress.connect(lambda fraction, _msg: self.progress_bar.setValue(int(fraction * 1000)))
        task.finished.connect(lambda result: self._task_over("finished", on_finished, result))
        task.failed.connect(lambda text: self._task_over("failed", self._show_error, text))
        task.cancelled.connect(lambda: self._task_over("cancelled", self._on_cancelled, None))
        task.done.connect(self._on_task_done)
        self._update_actions()
        self.task_started.emit(task)
        return task

    def _task_over(self, outcome: str, handler: Callable[[Any], None], value: Any) -> None:
        for w in (self.progress_label, self.progress_bar, self.cancel_button):
            w.hide()
        self.progress_label.clear()
        kind = self.task_kind
        self.task, self.task_kind = None, ""
        self._update_actions()
        try:
            if outcome == "failed":
                handler(self._failure_text(kind, value))
            elif outcome == "cancelled":
                handler(kind)
            else:
                handler(value)
        finally:
            self.task_ended.emit(outcome)

    def _on_task_done(self) -> None:
        if self._quit_when_idle:
            self._quit_when_idle = False
            QTimer.singleShot(0, self.close)

    def _failure_text(self, kind: str, message: str) -> str:
        heads = {
            "store": self.tr("The store could not be opened."),
            "diagnose": self.tr("The diagnosis could not be completed."),
            "import": self.tr("The gradebook could not be imported."),
            "sample": self.tr("The sample class could not be loaded."),
            "export": self.tr("The export could not be made."),
            "graph": self.tr("The prerequisites could not be imported."),
        }
        return heads.get(kind, self.tr("Something went wrong.")) + "\n\n" + message

    def _on_cancelled(self, kind: str) -> None:
        texts = {
            "diagnose": self.tr("Diagnosis cancelled; nothing was saved."),
            "import": self.tr("Import cancelled; nothing was imported."),
            "sample": self.tr("Loading the sample cancelled; nothing was imported."),
            "export": self.tr("Export cancelled."),
        }
        self.statusBar().showMessage(texts.get(kind, self.tr("Cancelled.")), 6000)

    def cancel_task(self) -> None:
        """Ask the running task to stop at its next checkpoint."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stopping…"))

    def _show_error(self, message: str) -> None:
        self.error_shown.emit(message)
        QMessageBox.warning(self, TITLE, message)

    # ================================================================ actions

    def import_file(self, path: str | None = None) -> None:
        """Open the import wizard, on `path` if given (else it asks for a file)."""
        if self.task is not None or self.db is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import a gradebook"), self.settings.last_directory,
                self.tr("Gradebooks (*.xlsx *.xlsm *.xls *.csv);;All files (*)"))
            if not path:
                return
        self.settings.last_directory = str(Path(path).parent)
        from app.ui.import_wizard import ImportWizard

        classes = [c.name for c in self.store.classes] if self.store else []
        wizard = ImportWizard(path, classes=classes, default_class=self.data.class_name if self.data else None,
                              parent=self)
        self.wizard = wizard
        wizard.import_requested.connect(self._import_request)
        wizard.open()

    def _import_request(self, request: jobs.ImportRequest) -> None:
        if request.path:
            self.settings.add_recent_file(request.path)
        self._run("import", lambda progress: jobs.import_parsed(self.db, request, progress), self._on_imported,
                  message=self.tr("Importing {file}…").format(file=request.parsed.source))

    def _on_imported(self, summary: Any) -> None:
        self._refresh_store(select=summary.class_name)
        self.statusBar().showMessage(self.tr(
            "Imported {students} students, {items} questions, {scores} scores into {cls}.").format(
            students=summary.students, items=summary.items, scores=summary.scores, cls=summary.class_name), 10000)
        self.import_done.emit(summary)
        warnings = list(summary.warnings)
        if warnings:
            lang = i18n.language()
            QMessageBox.information(self, TITLE, self.tr("Imported with {n} warnings:").format(n=len(warnings)) + "\n\n"
                                    + "\n".join(p.describe(lang) for p in warnings[:15]))

    def load_sample(self) -> None:
        """Import the bundled sample class (both exams and its prerequisite graph)."""
        if self.db is None:
            return
        from app.samples import load_sample

        self._run("sample", lambda progress: load_sample(self.db, progress=progress), self._on_sample_loaded,
                  message=self.tr("Loading the sample class…"))

    def _on_sample_loaded(self, summaries: list[Any]) -> None:
        from app.samples import SAMPLE_CLASS

        self._refresh_store(select=SAMPLE_CLASS)
        if summaries:
            self.statusBar().showMessage(self.tr("Sample class loaded: {n} assessments.").format(n=len(summaries)), 8000)
        else:
            self.statusBar().showMessage(self.tr("The sample class is already in the store."), 8000)
        self.import_done.emit(summaries)

    def undo_last_import(self) -> None:
        """Undo the newest import, after asking."""
        if self.db is None or self.task is not None or not (self.store and self.store.imports):
            return
        last = max(self.store.imports, key=lambda r: (r.imported_at, r.batch_id))
        answer = QMessageBox.question(
            self, TITLE,
            self.tr("Undo the import of “{source}” into {cls} ({when})? Its scores, and diagnoses that used them, are removed.")
            .format(source=last.source, cls=last.class_name, when=last.imported_at.strftime("%Y-%m-%d %H:%M")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            summary = jobs.undo_last_import(self.db)
        except Exception as error:  # noqa: BLE001 - shown to the teacher, never a crash
            from app.ui.worker import describe_error

            self._show_error(describe_error(error))
            return
        keep = None if summary.class_removed else summary.class_name
        if summary.class_removed and self.data and self.data.class_name == summary.class_name:
            self.data = None
        self._refresh_store(select=keep)
        self.statusBar().showMessage(self.tr("Undid the import of “{source}”.").format(source=summary.source), 8000)

    def _refresh_store(self, select: str | None = None) -> None:
        state = jobs.store_state(self.db)
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
            if self.class_view is not None:
                self.class_view.set_data(None)
                self.student_view.set_data(None)
            self._update_banner()

    def show_class(self, class_name: str, run_id: int | None = None) -> None:
        """Load and show one class (its latest diagnosis unless `run_id`)."""
        if self.db is None or not class_name:
            return
        try:
            data = jobs.load_class_data(self.db, class_name, run_id)
            runs = jobs.list_runs(self.db, class_name)
        except Exception as error:  # noqa: BLE001
            from app.ui.worker import describe_error

            self._show_error(describe_error(error))
            return
        self._ensure_views()
        self.data = data
        self.runs = runs
        self.settings.last_class = class_name
        self.class_picker.setCurrentText(class_name)
        self._fill_run_picker()
        self.class_view.set_data(data)
        self.student_view.set_data(data)
        if self.graph_dialog is not None:
            self.graph_dialog.set_data(data)
        self.stack.setCurrentWidget(self.workspace)
        self._update_banner()
        self._update_actions()
        self.class_shown.emit(class_name)

    def _fill_run_picker(self) -> None:
        self.run_picker.clear()
        if self.data is None:
            return
        class_assessments = set(self.data.matrix.assessments)
        for run in self.runs:
            scope = self.tr("all assessments") if set(run.assessments) == class_assessments else "、".join(run.assessments)
            label = self.tr("{when} · {scope} · {device}").format(
                when=run.created.strftime("%Y-%m-%d %H:%M"), scope=scope, device=run.device)
            self.run_picker.addItem(label, run.run_id)
        if not self.runs:
            self.run_picker.addItem(self.tr("not diagnosed yet"), None)
        index = self.run_picker.findData(self.data.run_id)
        if index >= 0:
            self.run_picker.setCurrentIndex(index)
        if self.data.diagnosis is not None:
            d = self.data.diagnosis
            self.data.run_label = self.tr("Diagnosis: model {model}, {device}, {seconds:.1f} s").format(
                model=d.model_version, device=d.device, seconds=d.seconds)

    def _on_run_picked(self, index: int) -> None:
        run_id = self.run_picker.itemData(index)
        if run_id is not None and self.data is not None and run_id != self.data.run_id:
            self.show_class(self.data.class_name, run_id)

    def _update_banner(self) -> None:
        data = self.data
        if data is None:
            self.banner.hide()
            return
        if data.diagnosis is None:
            self.banner_text.setText(self.tr("This class has not been diagnosed yet."))
            self.banner_button.setText(self.tr("Run diagnosis"))
            self.banner.show()
        elif data.stale:
            self.banner_text.setText(self.tr("New scores since this diagnosis: it is out of date."))
            self.banner_button.setText(self.tr("Re-run diagnosis"))
            self.banner.show()
        else:
            self.banner.hide()

    def run_diagnosis(self) -> None:
        """Diagnose the class shown, in the background."""
        if self.db is None or self.data is None:
            return
        class_name = self.data.class_name
        self._run("diagnose", lambda progress: jobs.run_diagnosis(self.db, class_name, progress),
                  lambda run_id: self._on_diagnosed(class_name, run_id),
                  message=self.tr("Diagnosing {cls}…").format(cls=class_name))

    def _on_diagnosed(self, class_name: str, run_id: int) -> None:
        self.show_class(class_name, run_id)
        self.statusBar().showMessage(self.tr("Diagnosis finished."), 6000)
        self.diagnosis_done.emit(run_id)

    def check_model(self) -> None:
        """Open the check-the-model dialog on the class shown."""
        if self.data is None or self.task is not None:
            return
        from app.ui.check_dialog import CheckModelDialog

        dialog = CheckModelDialog(self.data.matrix, self.data.class_name, parent=self)
        self.check_dialog = dialog
        dialog.open()
        dialog.start()

    # ================================================================ exports, knowledge graph

    def export(self, what: str) -> None:
        """Ask how ("plans", "report" or "mastery") and where, then export the class shown in the background."""
        if self.db is None or self.data is None or self.task is not None:
            return
        from app.ui.export_dialog import ExportDialog

        weak_below = self.data.thresholds()[0] if self.data.diagnosis is not None else None
        dialog = ExportDialog(what, weak_below, parent=self)
        self.export_dialog = dialog
        dialog.accepted.connect(lambda: self._export_where(dialog))
        dialog.open()

    def _export_where(self, dialog: Any) -> None:
        what, fmt, class_name = dialog.what, dialog.chosen_format(), self.data.class_name
        names = {"plans": self.tr("practice plans"), "report": self.tr("class report"),
                 "mastery": self.tr("mastery table")}
        suggested = Path(self.settings.last_directory or Path.home()) / f"{class_name} {names[what]}"
        per_student = what == "plans" and dialog.per_student.isChecked()
        if per_student:
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose a folder: the plans go into a new folder “{name}” inside it").format(
                    name=suggested.name), str(suggested.parent))
            if not folder:
                return
            self.settings.last_directory = folder
            out = Path(folder) / suggested.name
        else:
            path, _ = QFileDialog.getSaveFileName(self, dialog.windowTitle(), f"{suggested}.{fmt}",
                                                  f"{fmt.upper()} (*.{fmt})")
            if not path:
                return
            out = Path(path) if Path(path).suffix.lower() == f".{fmt}" else Path(f"{path}.{fmt}")
            self.settings.last_directory = str(out.parent)
        request = jobs.ExportRequest(what=what, class_name=class_name, out=out, fmt=fmt, lang=i18n.language(),
                                     anonymise=dialog.anonymise.isChecked(), per_student=per_student,
                                     threshold=dialog.chosen_threshold(), run_id=self.data.run_id)
        self._run("export", lambda progress: jobs.export_class(self.db, request, progress),
                  lambda paths: self._on_exported(request, paths),
                  message=self.tr("Exporting {what} of {cls}…").format(what=names[what], cls=class_name))

    def _on_exported(self, request: jobs.ExportRequest, paths: list[Path]) -> None:
        shown = request.out if request.per_student else paths[0]
        self.export_folder = request.out if request.per_student else paths[0].parent
        self.export_label.setText(self.tr("Exported %n file(s) to {path}", "", len(paths)).format(path=shown))
        self.export_label.setToolTip(str(shown))
        self.export_label.show()
        self.open_folder_button.show()
        if request.run_id is None:  # the class was diagnosed for the export: show that diagnosis
            self.show_class(request.class_name)
        self.export_done.emit(paths)

    def open_export_folder(self) -> None:
        """Open the folder of the last export in the system's file manager."""
        if self.export_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_folder)))

    def show_graph(self) -> None:
        """Open (or raise) the knowledge-graph dialog on the class shown."""
        if self.data is None:
            return
        if self.graph_dialog is None:
            from app.ui.graph_dialog import GraphDialog

            self.graph_dialog = GraphDialog(self.data, parent=self)
            self.graph_dialog.import_requested.connect(self.import_graph)
        self.graph_dialog.show()
        self.graph_dialog.raise_()

    def import_graph(self, path: str | None = None) -> None:
        """Import a prerequisite table for the subject of the class shown (it asks for the file unless `path`)."""
        if self.db is None or self.data is None or self.task is not None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.graph_dialog or self, self.tr("Import prerequisites"), self.settings.last_directory,
                self.tr("Tables (*.csv *.xlsx *.xlsm *.xls);;All files (*)"))
            if not path:
                return
        self.settings.last_directory = str(Path(path).parent)
        data = self.data
        known = data.diagnosis.knowledge_points if data.diagnosis else data.matrix.knowledge_points
        self._run("graph", lambda progress: jobs.import_prerequisites(self.db, data.subject, path, known, progress),
                  lambda result: self._on_graph_imported(data.class_name, result),
                  message=self.tr("Importing prerequisites…"), cancellable=False)

    def _on_graph_imported(self, class_name: str, result: jobs.GraphImport) -> None:
        if result.saved:
            self._refresh_store(select=class_name)
            self.statusBar().showMessage(self.tr("Prerequisites saved: learning paths follow them now."), 8000)
        if self.graph_dialog is not None:
            self.graph_dialog.show_import(result.saved, len(result.pairs), result.problems)
        self.graph_imported.emit(result)

    def show_tab(self, index: int) -> None:
        if self.class_view is not None:
            self.tabs.setCurrentIndex(index)

    def open_student(self, student_id: str) -> None:
        """Show one student in the student view."""
        if self.student_view is not None:
            self.student_view.show_student(student_id)
            self.tabs.setCurrentWidget(self.student_view)

    def next_student(self) -> None:
        if self.student_view is not None:
            self.tabs.setCurrentWidget(self.student_view)
            self.student_view.next()

    def previous_student(self) -> None:
        if self.student_view is not None:
            self.tabs.setCurrentWidget(self.student_view)
            self.student_view.previous()

    def set_language(self, code: str) -> None:
        """Switch the interface language ("system", "zh", "en") and remember it."""
        self.settings.language = code
        self.language_actions[code].setChecked(True)
        i18n.apply_language(i18n.resolve(code))

    def about(self) -> None:
        QMessageBox.about(self, TITLE, self.tr(
            "Zhidian 知点 {version}\n\nOffline knowledge-point diagnosis for teachers. Scores never leave this computer."
        ).format(version=_version()))

    # ================================================================ recent files, drag and drop

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))
        if not files:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)

    def _open_recent(self, path: str) -> None:
        if not Path(path).exists():
            self.settings.remove_recent_file(path)
            self._show_error(self.tr("The file no longer exists:\n{path}").format(path=path))
            return
        self.import_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        if mime.hasUrls() and any(_local_path(u) for u in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [p for p in (_local_path(u) for u in event.mimeData().urls()) if p]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.import_file(paths[0]))

    # ================================================================ state, language, closing

    def _update_actions(self) -> None:
        idle = self.task is None
        has_store = self.db is not None
        has_class = self.data is not None
        for action in (self.act_import, self.act_sample):
            action.setEnabled(idle and has_store)
        self.act_undo.setEnabled(idle and has_store and bool(self.store and self.store.imports))
        self.act_diagnose.setEnabled(idle and has_class)
        self.act_check.setEnabled(idle and has_class)
        for action in (self.act_export_plans, self.act_export_report, self.act_export_mastery):
            action.setEnabled(idle and has_class)
        self.act_graph.setEnabled(has_class)
        if self.graph_dialog is not None:
            self.graph_dialog.import_button.setEnabled(idle and has_class)
        self.act_cancel.setEnabled(not idle)
        for w in (self.diagnose_button, self.check_button, self.banner_button, self.class_picker, self.run_picker,
                  self.welcome.sample_button, self.welcome.import_button):
            w.setEnabled(idle and has_store)
        has_views = self.class_view is not None
        for action in (self.act_class_view, self.act_student_view, self.act_next, self.act_prev):
            action.setEnabled(has_views)

    def _update_status_labels(self) -> None:
        path = str(self.store.path) if self.store else self.tr("opening…")
        self.store_status.setText(self.tr("Store: {path}").format(path=path))
        self.store_status.setToolTip(path)
        device = self.device_label or self.tr("detecting…")
        self.device_status.setText(self.tr("Compute: {device}").format(device=device))

    def retranslate(self) -> None:
        """Re-label menus, buttons and the status bar in the current language."""
        self.file_menu.setTitle(self.tr("&File"))
        self.act_import.setText(self.tr("&Import gradebook…"))
        self.act_sample.setText(self.tr("Open the &sample class"))
        self.recent_menu.setTitle(self.tr("&Recent files"))
        self.act_undo.setText(self.tr("&Undo last import"))
        self.export_menu.setTitle(self.tr("&Export"))
        self.act_export_plans.setText(self.tr("Practice &plans…"))
        self.act_export_report.setText(self.tr("Class &report…"))
        self.act_export_mastery.setText(self.tr("&Mastery table…"))
        self.act_graph.setText(self.tr("&Knowledge graph…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.analysis_menu.setTitle(self.tr("&Analysis"))
        self.act_diagnose.setText(self.tr("Run &diagnosis"))
        self.act_cancel.setText(self.tr("&Cancel running task"))
        self.act_check.setText(self.tr("Check the &model…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.act_class_view.setText(self.tr("&Class view"))
        self.act_student_view.setText(self.tr("&Student view"))
        self.act_next.setText(self.tr("&Next student"))
        self.act_prev.setText(self.tr("&Previous student"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions["system"].setText(self.tr("System default"))
        self.language_actions["zh"].setText("简体中文")
        self.language_actions["en"].setText("English")
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_about.setText(self.tr("&About Zhidian"))
        self.class_label.setText(self.tr("Class:"))
        self.run_label.setText(self.tr("Diagnosis:"))
        self.diagnose_button.setText(self.tr("Run diagnosis"))
        self.check_button.setText(self.tr("Check the model…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.open_folder_button.setText(self.tr("Open folder"))
        if self.class_view is not None:
            self.tabs.setTabText(0, self.tr("Class"))
            self.tabs.setTabText(1, self.tr("Student"))
        if self.data is not None:
            self._fill_run_picker()
        self._update_banner()
        self._update_status_labels()
        self._fill_recent_menu()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.task is not None:
            answer = QMessageBox.question(
                self, TITLE, self.tr("A task is still running. Stop it and quit?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
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


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("zhidian")
    except Exception:  # noqa: BLE001
        return "0.1"


