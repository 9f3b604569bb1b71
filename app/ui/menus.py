"""The window's actions (with their shortcuts) and menus: built, labelled and enabled in one place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from app import __version__
from app.ui.welcome import TITLE

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"
LANGUAGES = ("system", "zh", "en")


class Menus:
    """The actions of `window` and its menu bar; the actions call the window's public methods."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window
        self.act_import = self._action(w.import_file, QKeySequence.StandardKey.Open)
        self.act_sample = self._action(w.load_sample)
        self.act_undo = self._action(w.undo_last_import, QKeySequence.StandardKey.Undo)
        self.act_export_plans = self._action(lambda: w.export("plans"), QKeySequence("Ctrl+E"))
        self.act_export_report = self._action(lambda: w.export("report"))
        self.act_export_mastery = self._action(lambda: w.export("mastery"))
        self.act_graph = self._action(w.show_graph, QKeySequence("Ctrl+G"))
        self.act_quit = self._action(w.close, QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_diagnose = self._action(w.run_diagnosis, QKeySequence(Qt.Key.Key_F5))
        self.act_cancel = self._action(w.cancel_task, QKeySequence(Qt.Key.Key_Escape))
        self.act_check = self._action(w.check_model, QKeySequence("Ctrl+M"))
        self.act_paper = self._action(lambda: w.edit_paper(), QKeySequence("Ctrl+T"))
        self.act_class_view = self._action(lambda: w.show_tab(0), QKeySequence("Ctrl+1"))
        self.act_student_view = self._action(lambda: w.show_tab(1), QKeySequence("Ctrl+2"))
        self.act_next = self._action(w.next_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.act_prev = self._action(w.previous_student, QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.act_about = self._action(self.about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.export_actions = (self.act_export_plans, self.act_export_report, self.act_export_mastery)
        self.language_group = QActionGroup(w)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(w)
            action.setCheckable(True)
            action.setChecked(w.settings.language == code)
            action.triggered.connect(lambda _checked=False, c=code: w.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self._build_menus()

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
        self.file_menu.addAction(self.act_sample)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_undo)
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu("")
        for action in self.export_actions:
            self.export_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.analysis_menu = bar.addMenu("")
        self.analysis_menu.addAction(self.act_diagnose)
        self.analysis_menu.addAction(self.act_cancel)
        self.analysis_menu.addSeparator()
        self.analysis_menu.addAction(self.act_check)
        self.analysis_menu.addAction(self.act_paper)
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
        self.fill_recent()

    def fill_recent(self) -> None:
        """List the recent files (the menu is refilled each time it opens)."""
        self.recent_menu.clear()
        files = self.window.settings.recent_files
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.window.importing.open_recent(p))
        if not files:
            empty = self.recent_menu.addAction(translate("MainWindow", "(none)"))
            empty.setEnabled(False)

    def update(self, *, idle: bool, has_store: bool, has_class: bool, can_undo: bool, has_views: bool) -> None:
        """Enable what can be done now: store work only when no task runs, class work with a class shown."""
        for action in (self.act_import, self.act_sample):
            action.setEnabled(idle and has_store)
        self.act_undo.setEnabled(idle and has_store and can_undo)
        self.act_diagnose.setEnabled(idle and has_class)
        self.act_check.setEnabled(idle and has_class)
        self.act_paper.setEnabled(idle and has_class)
        for action in self.export_actions:
            action.setEnabled(idle and has_class)
        self.act_graph.setEnabled(has_class)
        self.act_cancel.setEnabled(not idle)
        for action in (self.act_class_view, self.act_student_view, self.act_next, self.act_prev):
            action.setEnabled(has_views)

    def about(self) -> None:
        """Show the About box."""
        QMessageBox.about(
            self.window,
            TITLE,
            translate(
                "MainWindow",
                "Zhidian 知点 {version}\n\nOffline knowledge-point diagnosis for teachers. "
                "Scores never leave this computer.",
            ).format(version=__version__),
        )

    def check_language(self, code: str) -> None:
        """Tick the language `code` in the Language menu."""
        self.language_actions[code].setChecked(True)

    def retranslate(self) -> None:
        """Re-label the menus and actions in the current language."""
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.act_import.setText(translate("MainWindow", "&Import gradebook…"))
        self.act_sample.setText(translate("MainWindow", "Open the &sample classes"))
        self.recent_menu.setTitle(translate("MainWindow", "&Recent files"))
        self.act_undo.setText(translate("MainWindow", "&Undo last import"))
        self.export_menu.setTitle(translate("MainWindow", "&Export"))
        self.act_export_plans.setText(translate("MainWindow", "Practice &plans…"))
        self.act_export_report.setText(translate("MainWindow", "Class &report…"))
        self.act_export_mastery.setText(translate("MainWindow", "&Mastery table…"))
        self.act_graph.setText(translate("MainWindow", "&Knowledge graph…"))
        self.act_quit.setText(translate("MainWindow", "&Quit"))
        self.analysis_menu.setTitle(translate("MainWindow", "&Analysis"))
        self.act_diagnose.setText(translate("MainWindow", "Run &diagnosis"))
        self.act_cancel.setText(translate("MainWindow", "&Cancel running task"))
        self.act_check.setText(translate("MainWindow", "Check the &model…"))
        self.act_paper.setText(
            translate("MainWindow", "Edit the exam's &paper (knowledge points, full marks, answers)…")
        )
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.act_class_view.setText(translate("MainWindow", "&Class view"))
        self.act_student_view.setText(translate("MainWindow", "&Student view"))
        self.act_next.setText(translate("MainWindow", "&Next student"))
        self.act_prev.setText(translate("MainWindow", "&Previous student"))
        self.settings_menu.setTitle(translate("MainWindow", "&Settings"))
        self.language_menu.setTitle(translate("MainWindow", "&Language"))
        self.language_actions["system"].setText(translate("MainWindow", "System default"))
        self.language_actions["zh"].setText("简体中文")
        self.language_actions["en"].setText("English")
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.act_about.setText(translate("MainWindow", "&About Zhidian"))
        self.fill_recent()
