"""The window's analysis actions: diagnose the class shown (or its whole grade) in the background, check the model
on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.progress import Progress
from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp
from app.ui.views.welcome import TITLE

if TYPE_CHECKING:
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.check import CheckModelDialog
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class AnalysisController(QObject):
    """Runs the diagnosis through the runner and opens the check-the-model dialog; `diagnosed(run_id)` once the new
    diagnosis is shown. `tag()` opens the paper of a class whose questions test no knowledge point yet."""

    diagnosed = Signal(int)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget, tag: Callable[[], None]) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget, self.tag = state, loader, parent, tag
        self.check_dialog: CheckModelDialog | None = None

    def run_diagnosis(self) -> None:
        """Diagnose the class shown, in the background, then show the new diagnosis."""
        db, class_name = self.state.db, self.state.class_name
        if db is None or class_name is None:
            return

        def work(progress: Progress) -> int:
            from app.services import diagnosing

            return diagnosing.diagnose_stored_class(db, class_name, progress=progress)[0][0]

        self.state.runner.run(
            BackgroundOp(
                work,
                lambda run_id: self._on_diagnosed(class_name, run_id),
                message=translate("MainWindow", "Diagnosing {cls}…").format(cls=class_name),
                failure=translate("MainWindow", "The diagnosis could not be completed."),
                cancelled=translate("MainWindow", "Diagnosis cancelled; nothing was saved."),
                on_failure=self._offer_tagging,
            )
        )

    def run_grade_diagnosis(self) -> None:
        """Diagnose every class of the shown class's grade in one background op (progress per class, Cancel keeps
        the classes finished), then show the class again with its grade comparison."""
        db, class_name = self.state.db, self.state.class_name
        if db is None or class_name is None:
            return

        def work(progress: Progress) -> list[str]:
            from app.services import diagnosing

            return [name for name, _, _ in diagnosing.diagnose_grade(db, class_name, progress=progress)]

        def done(names: list[str]) -> None:
            def shown() -> None:
                if len(names) == 1:  # "1 classes of the grade" said nothing of why the grade was one class
                    said = translate("MainWindow", "No other class sat {cls}'s exams: diagnosed {cls} alone.")
                else:
                    said = translate("MainWindow", "Diagnosed {n} classes of the grade: {classes}.")
                self.state.say(said.format(cls=class_name, n=len(names), classes=i18n.listed(names)), 8000)

            self.loader.show_class(class_name, then=shown)

        self.state.runner.run(
            BackgroundOp(
                work,
                done,
                message=translate("MainWindow", "Diagnosing the grade of {cls}…").format(cls=class_name),
                failure=translate("MainWindow", "The grade's diagnosis could not be completed."),
                cancelled=translate(
                    "MainWindow", "Diagnosis of the grade cancelled; the classes diagnosed before were kept."
                ),
                on_failure=lambda message, error: (
                    self._partly_diagnosed(class_name, message, error) or self._offer_tagging(message, error)
                ),
            )
        )

    def _partly_diagnosed(self, class_name: str, message: str, error: BaseException | None) -> bool:
        """Some classes of the grade were diagnosed and saved, others not (a class not tagged yet, a full disk): say
        which, and show the class again so the saved diagnoses appear."""
        from app.services.diagnosing import PartlySaved

        if not isinstance(error, PartlySaved):
            return False
        QMessageBox.warning(self.parent_widget, TITLE, message)
        self.loader.show_class(class_name)
        return True

    def _offer_tagging(self, message: str, error: BaseException | None) -> bool:
        """A class whose questions test no knowledge point: say so and offer to tag its exam's paper."""
        from app.services.diagnosing import NotTagged

        if not isinstance(error, NotTagged):
            return False
        answer = QMessageBox.question(
            self.parent_widget,
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
            self.tag()
        return True

    def _on_diagnosed(self, class_name: str, run_id: int) -> None:
        def shown() -> None:
            self.state.say(translate("MainWindow", "Diagnosis finished."), 6000)
            self.diagnosed.emit(run_id)

        self.loader.show_class(class_name, run_id, then=shown)

    def check_model(self) -> None:
        """Open the check-the-model dialog on the class shown and start the check (once the runner is free)."""
        state = self.state
        if state.db is None or state.class_name is None:
            return
        from app.ui.dialogs.check import CheckModelDialog

        dialog = CheckModelDialog(state.db, state.class_name, state.runner, parent=self.parent_widget)
        self.check_dialog = dialog
        dialog.open()
        dialog.start()
