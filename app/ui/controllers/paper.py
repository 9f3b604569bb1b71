"""The window's paper action: edit the paper (试卷) of an exam of the class shown, save it in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp

if TYPE_CHECKING:
    from app.core.paper import Paper
    from app.core.score_matrix import ScoreMatrix
    from app.services.tagging import TagSummary
    from app.ui.controllers.loading import StoreLoader
    from app.ui.paper.dialog import PaperDialog
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


def first_untagged(matrix: ScoreMatrix) -> str | None:
    """The first assessment with a question that tests no knowledge point (None when all are tagged)."""
    untagged = ~matrix.q_matrix.any(axis=1) if matrix.q_matrix.size else np.ones(len(matrix.item_ids), bool)
    for index in matrix.item_assessment[untagged]:
        return matrix.assessments[int(index)]
    return None


class PaperController(QObject):
    """Opens the paper dialog on the class shown and saves the edited paper through the runner; `saved(TagSummary)`
    once the class is shown again."""

    saved = Signal(object)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget = state, loader, parent
        self.dialog: PaperDialog | None = None

    def edit_paper(self, assessment: str | None = None) -> None:
        """Open the paper dialog on an exam of the class shown (`assessment`, else the first untagged, else the last);
        it reads the paper once the runner is free."""
        state, data = self.state, self.state.data
        if state.db is None or data is None:
            return
        from app.ui.paper.dialog import PaperDialog

        matrix = data.matrix
        chosen = assessment or first_untagged(matrix) or (matrix.assessments[-1] if matrix.assessments else None)
        class_name = data.class_name
        dialog = PaperDialog(
            state.db,
            state.runner,
            class_name,
            matrix.assessments,
            chosen,
            parent=self.parent_widget,
            subject=data.subject,
        )
        dialog.save_requested.connect(
            lambda exam, paper, version, paper_id: self._save(dialog, class_name, exam, paper, (version, paper_id))
        )
        self.dialog = dialog
        dialog.open()

    def _save(
        self, dialog: PaperDialog, class_name: str, assessment: str, paper: Paper, read: tuple[int, int | None]
    ) -> None:
        """Save `paper` in the background against what the dialog `read` (version, paper id): another teacher's
        save since is refused, and the dialog says so with the edit still in it."""
        from app.services.tagging import save_tags

        db = self.state.db
        if db is None:
            return

        cancelled = translate("MainWindow", "Saving the paper cancelled; nothing changed.")

        def stopped() -> None:
            dialog.save_failed(cancelled, None)

        def done(summary: TagSummary) -> None:
            dialog.saved()
            self._on_saved(class_name, assessment, summary)

        started = self.state.runner.run(
            BackgroundOp(
                lambda progress: save_tags(
                    db, class_name, assessment, paper, progress, version=read[0], paper_id=read[1]
                ),
                done,
                on_failure=dialog.save_failed,  # shown in the dialog, the teacher's edit still there
                message=translate("MainWindow", "Saving the paper of {exam}…").format(exam=assessment),
                failure=translate("MainWindow", "The paper could not be saved."),
                cancelled=cancelled,
                on_cancelled=stopped,
            )
        )
        if not started:  # another op runs: the status bar says so; the edit stays in the dialog
            dialog.save_failed(translate("MainWindow", "Please wait: another task is running."), None)

    def _on_saved(self, class_name: str, assessment: str, summary: TagSummary) -> None:
        classes = list(dict.fromkeys(cls for cls, _exam in summary.assessments))

        def shown() -> None:
            self.state.say(
                translate(
                    "MainWindow",
                    "Saved the paper of {exam}: {questions} questions tagged in {classes}; {rescored} choice answers "
                    "scored.",
                ).format(
                    exam=assessment,
                    questions=summary.questions,
                    classes=i18n.listed(classes),
                    rescored=summary.rescored,
                ),
                10000,
            )
            self.saved.emit(summary)

        self.loader.refresh_store(select=class_name, then=shown)
