"""The window's actions (with their shortcuts) and menus: built, labelled and enabled in one place.

Every action has a tooltip and a status-bar tip in both languages, set with its label in `retranslate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.export.kinds import EXPORT_KINDS
from app.ui.base import i18n

if TYPE_CHECKING:
    from app.core.settings import Language
    from app.ui.controllers.analysis import AnalysisController
    from app.ui.controllers.exporting import ExportController
    from app.ui.controllers.importing import ImportController
    from app.ui.controllers.loading import StoreLoader
    from app.ui.controllers.manage import ManageController
    from app.ui.controllers.packages import PackageController
    from app.ui.controllers.paper import PaperController
    from app.ui.controllers.safety import SafetyController
    from app.ui.controllers.window import WindowCommands
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"
LANGUAGES: tuple[Language, ...] = ("system", "zh", "en")


@dataclass(frozen=True)
class Controllers:
    """What the window's actions trigger: one controller per group of actions."""

    loader: StoreLoader
    importing: ImportController
    analysis: AnalysisController
    papers: PaperController
    exporting: ExportController
    safety: SafetyController
    managing: ManageController
    commands: WindowCommands
    packages: PackageController


class Menus:
    """The actions of `window` and its menu bar, each calling a controller; enabled from the window's state."""

    def __init__(self, window: QMainWindow, state: WindowState, c: Controllers) -> None:
        self.window, self.state, self.c = window, state, c
        v = c.commands
        self.act_import = self._action(lambda: c.importing.import_file(), QKeySequence.StandardKey.Open)
        self.act_sample = self._action(c.importing.load_sample)
        self.act_import_package = self._action(lambda: c.packages.import_package())
        self.act_export_package = self._action(c.packages.export_package)
        self.act_undo = self._action(c.managing.undo_last_import, QKeySequence.StandardKey.Undo)
        self.act_manage = self._action(c.managing.open_dialog)
        self.act_backup = self._action(c.safety.back_up_now)
        self.act_restore = self._action(c.safety.restore_backup)
        self.act_data_folder = self._action(c.safety.open_data_folder)
        self.act_check_store = self._action(c.safety.check_database)
        self.export_actions = {name: self._export_action(name) for name in EXPORT_KINDS}
        self.act_graph = self._action(c.exporting.show_graph, QKeySequence("Ctrl+G"))
        self.act_quit = self._action(window.close, QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_diagnose = self._action(c.analysis.run_diagnosis, QKeySequence(Qt.Key.Key_F5))
        self.act_diagnose_grade = self._action(c.analysis.run_grade_diagnosis, QKeySequence("Shift+F5"))
        self.act_cancel = self._action(state.runner.cancel, QKeySequence(Qt.Key.Key_Escape))
        self.act_check = self._action(c.analysis.check_model, QKeySequence("Ctrl+M"))
        self.act_paper = self._action(lambda: c.papers.edit_paper(), QKeySequence("Ctrl+T"))
        self.act_scores = self._action(lambda: c.managing.show_scores())
        self.act_settings = self._action(v.open_settings)
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_guide = self._action(lambda: v.show_guide(), QKeySequence.StandardKey.HelpContents)
        self.act_class_view = self._action(lambda: v.show_tab(0), QKeySequence("Ctrl+1"))
        self.act_student_view = self._action(lambda: v.show_tab(1), QKeySequence("Ctrl+2"))
        self.act_next = self._action(v.next_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.act_prev = self._action(v.previous_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.act_about = self._action(self.about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        w = window
        self.language_group = QActionGroup(w)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(w)
            action.setCheckable(True)
            action.setChecked(state.settings.language == code)
            action.triggered.connect(lambda _checked=False, code=code: v.set_language(code))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self._build_menus()

    def _export_action(self, name: str) -> QAction:
        return self._action(lambda: self.c.exporting.export(name), QKeySequence("Ctrl+E") if name == "plans" else None)

    def _action(
        self, slot: Callable[[], Any], shortcut: QKeySequence | QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.act_import)
        self.file_menu.addAction(self.act_import_package)
        self.file_menu.addAction(self.act_sample)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_undo)
        self.file_menu.addAction(self.act_manage)
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu("")
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        self.file_menu.addAction(self.act_export_package)
        self.file_menu.addSeparator()
        for action in (self.act_backup, self.act_restore, self.act_data_folder, self.act_check_store):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.analysis_menu = bar.addMenu("")
        self.analysis_menu.addAction(self.act_diagnose)
        self.analysis_menu.addAction(self.act_diagnose_grade)
        self.analysis_menu.addAction(self.act_cancel)
        self.analysis_menu.addSeparator()
        self.analysis_menu.addAction(self.act_check)
        self.analysis_menu.addAction(self.act_paper)
        self.analysis_menu.addAction(self.act_scores)
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
        self.settings_menu.addAction(self.act_settings)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.act_guide)
        self.help_menu.addAction(self.act_about)
        self.menus = (
            self.file_menu,
            self.recent_menu,
            self.export_menu,
            self.analysis_menu,
            self.view_menu,
            self.settings_menu,
            self.language_menu,
            self.help_menu,
        )
        for menu in self.menus:
            menu.setToolTipsVisible(True)
        self.fill_recent()

    def fill_recent(self) -> None:
        """List the recent files (the menu is refilled each time it opens)."""
        self.recent_menu.clear()
        files = self.state.settings.recent_files
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setEnabled(self.state.writable)  # importing changes the store
            action.triggered.connect(lambda _checked=False, p=path: self.c.importing.open_recent(p))
        if not files:
            empty = self.recent_menu.addAction(translate("MainWindow", "(none)"))
            empty.setEnabled(False)

    def update(self, *, has_views: bool) -> None:
        """Enable what can be done now: store work only when no task runs, class work with a class shown; restore,
        check and the data folder also when the store's file is known but did not open."""
        state = self.state
        idle, has_store, has_class = state.idle, state.db is not None, state.data is not None
        known = has_store or state.store_problem is not None
        writable = state.writable  # a read-only store is looked at and exported, never changed
        for action in (self.act_import, self.act_import_package, self.act_sample, self.act_manage, self.act_backup):
            action.setEnabled(idle and writable)
        self._label_backup()
        on_server = state.db is not None and state.db.server  # the shared store is restored by its IT teacher
        self.act_restore.setEnabled(idle and known and not state.read_only and not on_server)
        self.act_check_store.setEnabled(idle and known)
        self.act_data_folder.setEnabled(known)
        self.act_scores.setEnabled(idle and has_class)
        self.act_undo.setEnabled(idle and writable)  # the newest import is read when asked (the CLI may add one)
        for action in (self.act_diagnose, self.act_diagnose_grade, self.act_check, self.act_paper):
            action.setEnabled(idle and has_class and writable)
        for action in (self.act_export_package, *self.export_actions.values()):
            action.setEnabled(idle and has_class)
        self.act_graph.setEnabled(has_class)
        self.act_cancel.setEnabled(not idle)
        for action in (self.act_class_view, self.act_student_view, self.act_next, self.act_prev):
            action.setEnabled(has_views)

    def about(self) -> None:
        """Show the About box: version, where the data lives, bundled parts and their licences."""
        from app.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.state.db_path, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def check_language(self, code: str) -> None:
        """Tick the language `code` in the Language menu."""
        self.language_actions[code].setChecked(True)

    def _backup_tip(self) -> str:
        from app.services.backups import backup_kind

        db = self.state.db
        return i18n.text(backup_kind(db is not None and db.server))

    def _label_backup(self) -> None:
        """Say which backup Back up now makes of the store open now (a file copy, or a pg_dump of the server)."""
        tip = self._backup_tip()
        self.act_backup.setToolTip(tip)
        self.act_backup.setStatusTip(tip)
        restore_tip = self._restore_tip()
        self.act_restore.setToolTip(restore_tip)
        self.act_restore.setStatusTip(restore_tip)

    def _restore_tip(self) -> str:
        from app.services.backups import SERVER_RESTORE

        db = self.state.db
        if db is not None and db.server:
            return i18n.text(SERVER_RESTORE)
        return translate("MainWindow", "List the backups with what each holds, and put one back (asks first)")

    def retranslate(self) -> None:
        """Re-label the menus and actions, with their tooltips, in the current language."""
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.recent_menu.setTitle(translate("MainWindow", "&Recent files"))
        self.export_menu.setTitle(translate("MainWindow", "&Export"))
        self.analysis_menu.setTitle(translate("MainWindow", "&Analysis"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.settings_menu.setTitle(translate("MainWindow", "&Settings"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        labels: list[tuple[QAction, str, str]] = [
            (
                self.act_import,
                translate("MainWindow", "&Import gradebook…"),
                translate("MainWindow", "Read an Excel or CSV gradebook: one class, or a whole grade's export"),
            ),
            (
                self.act_import_package,
                translate("MainWindow", "Import e&xam package…"),
                translate(
                    "MainWindow",
                    "A colleague's exam package: the paper and its tags on your exam, their scores as classes of "
                    "their own",
                ),
            ),
            (
                self.act_export_package,
                translate("MainWindow", "Export exam &package…"),
                translate(
                    "MainWindow",
                    "One file with an exam's paper, tags, keys and full marks (and the grade's scores, if you like) "
                    "for colleagues",
                ),
            ),
            (
                self.act_sample,
                translate("MainWindow", "Open the &sample classes"),
                translate("MainWindow", "Import four sample classes of a grade to try Zhidian out"),
            ),
            (
                self.act_undo,
                translate("MainWindow", "&Undo last import"),
                translate("MainWindow", "Take back the newest import (asks first; backs the store up first)"),
            ),
            (
                self.act_manage,
                translate("MainWindow", "&Manage classes and exams…"),
                translate(
                    "MainWindow", "Rename or delete classes, delete an exam, undo any import, look at stored scores"
                ),
            ),
            (
                self.act_backup,
                translate("MainWindow", "&Back up now"),
                self._backup_tip(),
            ),
            (
                self.act_restore,
                translate("MainWindow", "Restore from bac&kup…"),
                self._restore_tip(),
            ),
            (
                self.act_data_folder,
                translate("MainWindow", "Open &data folder"),
                translate("MainWindow", "Show the folder holding the store, its backups and the settings"),
            ),
            (
                self.act_check_store,
                translate("MainWindow", "C&heck database…"),
                translate("MainWindow", "Look for damage in the store and for rows pointing nowhere"),
            ),
            (
                self.act_graph,
                translate("MainWindow", "&Knowledge graph…"),
                translate("MainWindow", "The knowledge points with their prerequisites, coloured by mastery"),
            ),
            (self.act_quit, translate("MainWindow", "&Quit"), translate("MainWindow", "Close Zhidian")),
            (
                self.act_diagnose,
                translate("MainWindow", "Run &diagnosis"),
                translate("MainWindow", "Diagnose the class shown from all its exams, in the background"),
            ),
            (
                self.act_diagnose_grade,
                translate("MainWindow", "Diagnose the &grade"),
                translate(
                    "MainWindow",
                    "Diagnose every class that sat the shown class's exams, one after another, in the background",
                ),
            ),
            (
                self.act_cancel,
                translate("MainWindow", "&Cancel running task"),
                translate("MainWindow", "Stop the task running now; nothing half-done is saved"),
            ),
            (
                self.act_check,
                translate("MainWindow", "Check the &model…"),
                translate("MainWindow", "Hide some of the class's scores and see how well the diagnosis predicts them"),
            ),
            (
                self.act_paper,
                translate("MainWindow", "Edit the exam's &paper (knowledge points, full marks, answers)…"),
                translate("MainWindow", "Tag the questions of an exam: knowledge points, full marks, answer key"),
            ),
            (
                self.act_scores,
                translate("MainWindow", "&Stored scores of this class…"),
                translate("MainWindow", "Show an exam's scores as stored and correct a mistyped one"),
            ),
            (
                self.act_class_view,
                translate("MainWindow", "&Class view"),
                translate("MainWindow", "Weak knowledge points, heat map and item analysis of the class"),
            ),
            (
                self.act_student_view,
                translate("MainWindow", "&Student view"),
                translate("MainWindow", "One student's mastery, learning path and progress"),
            ),
            (
                self.act_next,
                translate("MainWindow", "&Next student"),
                translate("MainWindow", "Show the next student in the student view"),
            ),
            (
                self.act_prev,
                translate("MainWindow", "&Previous student"),
                translate("MainWindow", "Show the previous student in the student view"),
            ),
            (
                self.act_settings,
                translate("MainWindow", "&Thresholds…"),
                translate("MainWindow", "Where mastery counts as weak and as mastered, in every view and export"),
            ),
            (
                self.language_actions["system"],
                translate("MainWindow", "System default"),
                translate("MainWindow", "Use the language of the computer"),
            ),
            (self.language_actions["zh"], "简体中文", translate("MainWindow", "Show Zhidian in Chinese")),
            (self.language_actions["en"], "English", translate("MainWindow", "Show Zhidian in English")),
            (
                self.act_guide,
                translate("MainWindow", "&User guide"),
                translate("MainWindow", "A short guide: import, diagnose, read the views, export, back up"),
            ),
            (
                self.act_about,
                translate("MainWindow", "&About Zhidian"),
                translate("MainWindow", "Version and what Zhidian is"),
            ),
        ]
        for name, action in self.export_actions.items():
            kind = EXPORT_KINDS[name]
            labels.append((action, i18n.text(kind.title) + "…", i18n.text(kind.description)))
        for action, text, tip in labels:
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.fill_recent()
