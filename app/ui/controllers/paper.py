"""The window's paper action: edit the paper (试卷) of an exam of the class shown, save it in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp

if TYPE_CHECKING:
    from app.core.paper import Paper
    from app.core.score_matrix import ScoreMatrix
    from app.ui.main_window import MainWindow
    from app.ui.paper.dialog import PaperDialog

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


def first_untagged(matrix: ScoreMatrix) -> str | None:
    """The first assessment with a question that tests no knowledge point (None when all are tagged)."""
    untagged = ~matrix.q_matrix.any(axis=1) if matrix.q_matrix.size else np.ones(len(matrix.item_ids), bool)
    for index in matrix.item_assessment[untagged]:
        return matrix.assessments[int(index)]
    return None


class PaperController(QObject):
    """Opens the paper dialog on the class shown and saves the edited paper through the window's task runner."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: PaperDialog | None = None

    def edit_paper(self, assessment: str | None = None) -> None:
        """Open the paper dialog on an exam of the class shown (`assessment`, else the first untagged, else the last)."""
        w = self.window
        if w.db is None or w.data is None or w.task is not None:
            return
        from app.ui.paper.dialog import PaperDialog

        matrix = w.data.matrix
        chosen = assessment or first_untagged(matrix) or (matrix.assessments[-1] if matrix.assessments else None)
        class_name = w.data.class_name
        dialog = PaperDialog(w.db, class_name, matrix.assessments, chosen, parent=w, subject=w.data.subject)
        dialog.save_requested.connect(lambda exam, paper: self._save(class_name, exam, paper))
        self.dialog = dialog
        dialog.open()

    def _save(self, class_name: str, assessment: str, paper: Paper) -> None:
        from app.services.tagging import save_tags

        w, db = self.window, self.window.db
        w.runner.run(
            BackgroundOp(
                lambda progress: save_tags(db, class_name, assessment, paper, progress),
                lambda summary: self._on_saved(class_name, assessment, summary),
                message=translate("MainWindow", "Saving the paper of {exam}…").format(exam=assessment),
                failure=translate("MainWindow", "The paper could not be saved."),
                cancelled=translate("MainWindow", "Saving the paper cancelled; nothing changed."),
            )
        )

    def _on_saved(self, class_name: str, assessment: str, summary: Any) -> None:
        w = self.window
        w.refresh_store(select=class_name)
        classes = list(dict.fromkeys(cls for cls, _exam in summary.assessments))
        w.statusBar().showMessage(
            translate(
                "MainWindow",
                "Saved the paper of {exam}: {questions} questions tagged in {classes}; {rescored} choice answers scored.",
            ).format(
                exam=assessment, questions=summary.questions, classes=i18n.listed(classes), rescored=summary.rescored
            ),
            10000,
        )
        w.paper_saved.emit(summary)
