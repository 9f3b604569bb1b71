"""Edit the paper (试卷) of an imported exam from the class view: knowledge points, full marks, types, answers.

The table starts from the exam's stored paper, or from what its questions say (`paper_for_editing`, read on
the window's runner: `loaded(assessment)` once shown). Save hands the paper and the version it was read at to
the window (`save_requested(assessment, paper, version, paper_id)`), which saves it in the background (`save_tags`): every
class that took the exam is re-tagged and its diagnosis marked out of date. The dialog stays open until the
window says `saved()`; when another teacher saved the paper first (`save_failed`), nothing was written, the
teacher's edit stays in the table and Reload shows the other teacher's paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.base.tasks import BackgroundOp, TaskRunner
from app.ui.base.worker import describe_error
from app.ui.paper.editor import PaperEditor

if TYPE_CHECKING:
    from app.services.store import Database
    from app.services.tagging import ExamPaper


class PaperDialog(i18n.Relabelled, QDialog):
    """The paper of one exam of a class, edited in the paper table; `save_requested(assessment, paper, version,
    paper_id)` on Save (what was read: the stored paper's id, None when untagged, and version)."""

    save_requested = Signal(str, object, int, object)
    loaded = Signal(str)  # the assessment whose paper is shown

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        class_name: str,
        assessments: Sequence[str],
        assessment: str | None = None,
        parent: QWidget | None = None,
        *,
        subject: str = "",
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self.class_name, self.subject = db, runner, class_name, subject
        self.paper_id: int | None = None
        self.version = 0  # the stored paper's version when read; the save is refused if it moved since
        fit_to_screen(self, QSize(1000, 640))  # or less, on a smaller screen
        self.exam_label = QLabel(self)
        self.exam = QComboBox(self)
        self.exam.addItems(list(assessments))
        self.exam.activated.connect(lambda _i: self.load(self.exam.currentText()))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.editor = PaperEditor(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b02a1a")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.reload_button = QPushButton(self)
        self.reload_button.hide()  # offered once a save finds the paper changed by another teacher
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.reload_button.clicked.connect(lambda: self.load(self.exam.currentText()))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.exam_label)
        top.addWidget(self.exam)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.editor.set_store(db, runner)
        self.retranslate()
        if assessment is not None and assessment in assessments:
            self.exam.setCurrentText(assessment)
        if assessments:
            self.load(self.exam.currentText())

    def load(self, assessment: str) -> None:
        """Read and show the paper of `assessment` (its stored paper, else what its questions say)."""
        from app.services.tagging import paper_for_editing

        db, class_name, subject = self.db, self.class_name, self.subject
        self._set_saveable(False)
        self.runner.run(
            BackgroundOp(
                lambda _progress: paper_for_editing(db, class_name, assessment, subject),
                lambda found: self._show(assessment, found),
                on_failure=self._on_failed,
                announce=False,
                latest="paper-dialog",
            )
        )

    def _show(self, assessment: str, found: ExamPaper) -> None:
        self.error.clear()
        self.reload_button.hide()
        self._set_saveable(True)
        self.paper_id, self.version = found.paper_id, found.version
        self.editor.table.set_known_points(found.known_points)
        self.editor.set_paper(found.paper)
        self._show_note()
        self.loaded.emit(assessment)

    def _on_failed(self, message: str, error: BaseException | None) -> bool:
        self.error.setText(describe_error(error) if error is not None else message)  # shown here, never a crash
        return True

    def _set_saveable(self, ok: bool) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(ok)

    def _show_note(self) -> None:
        if self.paper_id is None:
            text = self.tr(
                "{exam} has no paper yet: the table shows its questions as imported. Save stores it as the "
                "exam's paper for every class that took it."
            )
        else:
            text = self.tr(
                "Saving changes the paper of {exam} for every class that took it; their diagnoses become out of date."
            )
        self.note.setText(text.format(exam=self.exam.currentText()))

    def accept(self) -> None:
        """Hand the edited paper to the window (not before its paper was read); the dialog closes once saved."""
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if not self.exam.currentText() or save is None or not save.isEnabled():
            return
        self.error.clear()
        self._set_saveable(False)  # until the save is over
        self.save_requested.emit(self.exam.currentText(), self.editor.paper(), self.version, self.paper_id)

    def saved(self) -> None:
        """The window saved the paper: close."""
        super().accept()

    def save_failed(self, message: str, error: BaseException | None) -> bool:
        """Show why the save failed, the teacher's edit still in the table; True when shown here (the dialog is
        open). When another teacher saved the paper first, Save stays off and Reload shows their paper."""
        from app.services.tagging import paper_changed

        self.error.setText(describe_error(error) if error is not None else message)
        changed = paper_changed(error)
        self.reload_button.setVisible(changed)
        self._set_saveable(not changed)
        return self.isVisible()

    def done(self, result: int) -> None:
        """Close, waiting for a 细目表 still being read or written."""
        self.editor.stop()
        super().done(result)

    def retranslate(self) -> None:
        """Re-label the dialog in the current language."""
        self.setWindowTitle(self.tr("The exam's paper: {cls}").format(cls=self.class_name))
        self.exam_label.setText(self.tr("Exam:"))
        self.exam.setToolTip(self.tr("The exam whose paper is shown"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(
            self.tr("Save the paper for every class that took this exam")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without saving"))
        self.reload_button.setText(self.tr("Reload"))
        self.reload_button.setToolTip(
            self.tr("Show the paper as now stored, with the other teacher's change (your edit here is discarded)")
        )
        self.editor.retranslate()
        if self.exam.currentText():
            self._show_note()
