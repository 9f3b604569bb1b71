"""The window's own commands: the Settings dialog (the class shown again by the new thresholds), the user guide,
the interface language, and moving between the views' tabs and students."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.ui.base import i18n

if TYPE_CHECKING:
    from app.core.settings import Language
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.help import HelpDialog
    from app.ui.dialogs.settings import SettingsDialog
    from app.ui.state import WindowState
    from app.ui.views.workspace import Workspace

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class WindowCommands(QObject):
    """Settings, guide, language and navigation; `language_changed(code)` after the language was switched."""

    language_changed = Signal(str)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget, workspace: Workspace) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget, self.workspace = state, loader, parent, workspace
        self.settings_dialog: SettingsDialog | None = None
        self.help_dialog: HelpDialog | None = None

    def open_settings(self) -> None:
        """Open the Settings dialog (the thresholds for weak and mastered)."""
        from app.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.state.settings, parent=self.parent_widget)
        self.settings_dialog = dialog
        dialog.accepted.connect(self._on_settings_changed)
        dialog.open()

    def _on_settings_changed(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None and dialog.location_changed and self.state.db_path is None:
            self.loader.start()  # the store is elsewhere now (this PC or the school server): open it
            return
        data, t = self.state.data, self.state.settings.thresholds
        if data is not None:  # every view judges mastery by the new thresholds
            self.loader.show_class(data.class_name, data.run_id)
        self.state.say(
            translate("MainWindow", "Thresholds: weak below {weak:.2f}, mastered from {mastered:.2f}.").format(
                weak=t.weak_below, mastered=t.mastered_from
            ),
            8000,
        )

    def show_guide(self, section: str | None = None) -> None:
        """Open (or raise) the user guide, at `section` if given ("import", "backups", …)."""
        from app.ui.dialogs.help import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(parent=self.parent_widget)
        self.help_dialog.show_section(section)
        self.help_dialog.show()
        self.help_dialog.raise_()

    def set_language(self, code: Language) -> None:
        """Switch the interface language ("system", "zh", "en") and remember it (the CLI's settings file too)."""
        self.state.settings.language = code
        i18n.apply_language(i18n.resolve(code))
        self.language_changed.emit(code)

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
