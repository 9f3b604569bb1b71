"""The window's analysis actions: diagnose the class shown in the background, check the model on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from app.core.progress import Progress
from app.ui.base.tasks import BackgroundOp
from app.ui.views.welcome import TITLE

if TYPE_CHECKING:
    from app.ui.dialogs.check import CheckModelDialog
    from app.ui.main_window import MainWindow

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class AnalysisController(QObject):
    """Runs the diagnosis through the window's task runner and opens the check-the-model dialog."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.check_dialog: CheckModelDialog | None = None

    def run_diagnosis(self) -> None:
        """Diagnose the class shown, in the background, then show the new diagnosis."""
        w = self.window
        if w.db is None or w.data is None:
            return
        db, class_name = w.db, w.data.class_name

        def work(progress: Progress) -> int:
            from app.services import diagnosing

            return diagnosing.diagnose_stored_class(db, class_name, progress=progress)[0][0]

        w.runner.run(
            BackgroundOp(
                work,
                lambda run_id: self._on_diagnosed(class_name, run_id),
                message=translate("MainWindow", "Diagnosing {cls}…").format(cls=class_name),
                failure=translate("MainWindow", "The diagnosis could not be completed."),
                cancelled=translate("MainWindow", "Diagnosis cancelled; nothing was saved."),
                on_failure=self._offer_tagging,
            )
        )

    def _offer_tagging(self, message: str, error: BaseException | None) -> bool:
        """A class whose questions test no knowledge point: say so and offer to tag its exam's paper."""
        from app.services.diagnosing import NotTagged

        if not isinstance(error, NotTagged):
            return False
        w = self.window
        answer = QMessageBox.question(
            w,
            TITLE,
            translate("MainWindow", "Nothing to diagnose yet: the questions test no knowledge point.")
            + "\n\n"
            + message
            + "\n\n"
            + translate("MainWindow", "Tag the exam's paper (knowledge points, full marks, answers) now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            w.edit_paper()
        return True

    def _on_diagnosed(self, class_name: str, run_id: int) -> None:
        w = self.window
        w.show_class(class_name, run_id)
        w.statusBar().showMessage(translate("MainWindow", "Diagnosis finished."), 6000)
        w.diagnosis_done.emit(run_id)

    def check_model(self) -> None:
        """Open the check-the-model dialog on the class shown and start the check."""
        w = self.window
        if w.db is None or w.data is None or w.task is not None:
            return
        from app.ui.dialogs.check import CheckModelDialog

        dialog = CheckModelDialog(w.db, w.data.class_name, parent=w)
        self.check_dialog = dialog
        dialog.open()
        dialog.start()
