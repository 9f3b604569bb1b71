"""The window's "manage" actions: rename and delete classes, delete one exam, undo any import, the stored scores
of an exam and correcting one of them; the student tools and exam dates are `roster.RosterController`'s.

Each change asks first (Cancel is the default, the question names exactly what goes), runs in the
window's worker through `app.services` (which back the store up before a deletion or an undo),
then re-reads the store and says in the status bar what went and where the backup is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp, T
from app.ui.controllers.roster import RosterController
from app.ui.dialogs.confirm import confirm

if TYPE_CHECKING:
    from app.core.progress import Progress
    from app.services.classes import Correction, Removed, ScoreGrid
    from app.services.store import ImportRecord, UndoSummary
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.manage import ManageDialog
    from app.ui.dialogs.scores import ScoresDialog
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class ManageController(QObject):
    """Runs the Manage dialog's changes through the window's task runner.

    `changed(message)` once a change is stored, the window refreshed and the message shown;
    `corrected(Correction)` after a score was corrected and the grid shown again.
    """

    changed = Signal(str)
    corrected = Signal(object)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget = state, loader, parent
        self.dialog: ManageDialog | None = None
        self.scores_dialog: ScoresDialog | None = None
        self.roster = RosterController(state, self, parent)
        state.runner.busy_changed.connect(self._busy_changed)

    def _busy_changed(self) -> None:
        busy = self.state.runner.busy
        if self.dialog is not None:
            self.dialog.set_busy(busy)
        if self.scores_dialog is not None:
            self.scores_dialog.set_busy(busy)

    # ================================================================ the dialog

    def open_dialog(self) -> None:
        """Open the Manage classes and exams dialog on the store's classes, exams and imports."""
        state = self.state
        if state.db is None or state.store is None:
            return
        from app.ui.dialogs.manage import ManageDialog

        dialog = ManageDialog(state.store, parent=self.parent_widget)
        self.dialog = dialog
        dialog.rename_requested.connect(self.rename_class)
        dialog.delete_class_requested.connect(self.delete_class)
        dialog.delete_exam_requested.connect(self.delete_exam)
        dialog.scores_requested.connect(self.show_scores)
        dialog.undo_requested.connect(self.undo_import)
        dialog.date_requested.connect(self.roster.date_exam)
        self.roster.follow(dialog.students)
        dialog.set_busy(state.runner.busy)
        if state.class_name is not None:
            dialog.choose(state.class_name)
        page = dialog.students
        dialog.tabs.currentChanged.connect(  # read the roster when the Students tab is first looked at
            lambda _i: (
                self.roster.show_roster(page.class_picker.currentText())
                if dialog.tabs.currentWidget() is page and page.class_name is None
                else None
            )
        )
        dialog.open()

    def run(self, work: Callable[[Progress], T], done: Callable[[T], None], message: str, failure: str) -> None:
        """Run a change on the window's runner (no Cancel: a change lands whole or not at all)."""
        self.state.runner.run(BackgroundOp(work, done, message=message, failure=failure, cancellable=False))

    def finish(
        self,
        text: str,
        select: str | None,
        backups_before: int,
        chosen: str | tuple[str, str] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Refresh the window and then the dialog (`chosen`, a class or (class, exam), selected in it), say what
        was done (with the backup the service made), then `then`."""
        db = self.state.db
        made = db.backups[backups_before:] if db is not None else []
        if made:
            text += " " + translate("MainWindow", "Backed up first to {path}").format(path=made[-1].path)

        def shown() -> None:
            if self.dialog is not None and self.state.store is not None:
                tab = self.dialog.tabs.currentIndex()
                self.dialog.set_state(self.state.store)
                if isinstance(chosen, tuple):
                    self.dialog.choose(*chosen)
                elif chosen is not None:
                    self.dialog.choose(chosen)
                self.dialog.tabs.setCurrentIndex(tab)
                self.dialog.show_result(text)
            self.state.say(text, 20000)
            self.changed.emit(text)
            if then is not None:
                then()

        self.loader.refresh_store(select=select, then=shown)

    def parent_for_boxes(self) -> QWidget:
        """The dialog while it is open, else the window: where a question is asked."""
        return self.dialog if self.dialog is not None and self.dialog.isVisible() else self.parent_widget

    # ================================================================ classes

    def rename_class(self, old: str, new: str | None = None) -> None:
        """Rename a class (asks for the new name unless `new` is given)."""
        w = self.state
        if w.db is None or not w.idle:
            return
        if new is None:
            new, ok = QInputDialog.getText(
                self.parent_for_boxes(),
                translate("MainWindow", "Rename class"),
                translate("MainWindow", "New name of the class “{cls}”:").format(cls=old),
                QLineEdit.EchoMode.Normal,
                old,
            )
            if not ok or not new.strip() or new.strip() == old:
                return
        from app.services.classes import rename_class

        db, name = w.db, new.strip()
        showing = w.data is not None and w.data.class_name == old
        self.run(
            lambda _progress: rename_class(db, old, name),
            lambda _result: self.finish(
                translate("MainWindow", "Renamed “{old}” to “{new}”.").format(old=old, new=name),
                name if showing else None,
                len(db.backups),
                chosen=name,
            ),
            translate("MainWindow", "Renaming {cls}…").format(cls=old),
            translate("MainWindow", "The class could not be renamed."),
        )

    def delete_class(self, class_name: str) -> None:
        """Delete a class with everything its imports brought, after asking (Cancel is the default)."""
        w = self.state
        if w.db is None or not w.idle or w.store is None:
            return
        record = next((c for c in w.store.classes if c.name == class_name), None)
        if record is None:
            return
        exams = i18n.listed(record.assessments) or translate("MainWindow", "none")
        question = translate(
            "MainWindow",
            "Delete the class “{cls}”?\n\nThese go: its {students} students, its exams ({exams}) with their "
            "{scores} scores, and every diagnosis of the class. Other classes stay as they are.\n\n"
            "The store is backed up first (File → Restore from backup brings the class back).",
        ).format(cls=class_name, students=record.students, exams=exams, scores=record.scores)
        if not confirm(self.parent_for_boxes(), question, translate("MainWindow", "Delete class")):
            return
        from app.services.classes import delete_class

        db, before = w.db, len(w.db.backups)
        self.run(
            lambda _progress: delete_class(db, class_name),
            lambda removed: self._on_deleted(removed, before),
            translate("MainWindow", "Deleting {cls}…").format(cls=class_name),
            translate("MainWindow", "The class could not be deleted."),
        )

    def delete_exam(self, class_name: str, exam: str) -> None:
        """Delete one exam of a class with its scores and the diagnoses that used it, after asking."""
        w = self.state
        if w.db is None or not w.idle or w.store is None:
            return
        record = next((c for c in w.store.classes if c.name == class_name), None)
        last = record is not None and tuple(record.assessments) == (exam,)
        question = translate(
            "MainWindow",
            "Delete the exam “{exam}” of {cls}?\n\nThese go: its questions, the class's scores on it, and the "
            "diagnoses that used it. The class's other exams stay.",
        ).format(exam=exam, cls=class_name)
        if last:
            question += "\n\n" + translate("MainWindow", "It is the class's only exam: the class goes with it.")
        question += "\n\n" + translate("MainWindow", "The store is backed up first.")
        if not confirm(self.parent_for_boxes(), question, translate("MainWindow", "Delete exam")):
            return
        from app.services.classes import delete_assessment

        db, before = w.db, len(w.db.backups)
        self.run(
            lambda _progress: delete_assessment(db, class_name, exam),
            lambda removed: self._on_deleted(removed, before),
            translate("MainWindow", "Deleting {exam}…").format(exam=exam),
            translate("MainWindow", "The exam could not be deleted."),
        )

    def _on_deleted(self, removed: Removed, backups_before: int) -> None:
        if removed.class_removed:
            text = translate("MainWindow", "Deleted the class “{cls}” ({exams}: {scores} scores, {runs} diagnoses).")
        else:
            text = translate("MainWindow", "Deleted {exams} of “{cls}” ({scores} scores, {runs} diagnoses).")
        text = text.format(
            cls=removed.class_name,
            exams=i18n.listed(removed.assessments),
            scores=removed.scores,
            runs=removed.diagnosis_runs,
        )
        w = self.state
        if removed.class_removed:
            w.forget_class({removed.class_name})
        keep = w.class_name
        self.finish(text, keep, backups_before)

    # ================================================================ imports

    def undo_last_import(self) -> None:
        """Undo the newest import in the store now (every class's part of its file), asking first as the Manage
        dialog does: read afresh, so an import the command line made since the window opened is the one offered."""
        self.undo_import(None)

    def undo_import(self, batch_id: int | None) -> None:
        """Undo one import (any, not only the newest; None: the newest, read now), with every class's part of its
        file, after asking."""
        w = self.state
        if w.db is None or not w.idle:
            return
        from app.services.manage import undo_parts

        db = w.db
        w.runner.run(
            BackgroundOp(
                lambda _progress: undo_parts(db, batch_id),
                lambda parts: self._confirm_undo(parts),
                message=translate("MainWindow", "Reading the import…"),
                failure=translate("MainWindow", "The import could not be read."),
                cancellable=False,
                announce=False,
            )
        )

    def _confirm_undo(self, parts: list[ImportRecord]) -> None:
        if not parts:
            self.state.say(translate("MainWindow", "The store holds no import to undo."))
            return
        first, batch_id = parts[-1], parts[0].batch_id
        classes = i18n.listed(dict.fromkeys(p.class_name for p in parts))
        exams = i18n.listed(dict.fromkeys(a for p in parts for a in p.assessments))
        question = translate(
            "MainWindow",
            "Undo the import of “{source}” ({when})?\n\nThese go: the exams {exams} of {classes}, with "
            "{scores} scores, the students only this file brought, and the diagnoses that used them.",
        ).format(
            source=first.source,
            when=f"{first.imported_at:%Y-%m-%d %H:%M}",
            exams=exams or "—",
            classes=classes,
            scores=sum(p.scores for p in parts),
        )
        if len(parts) > 1:
            question += "\n\n" + translate("MainWindow", "The file held {n} classes; they are undone together.").format(
                n=len(parts)
            )
        question += "\n\n" + translate("MainWindow", "The store is backed up first.")
        if not confirm(self.parent_for_boxes(), question, translate("MainWindow", "Undo import")):
            return
        from app.services.store import undo_import

        db = self.state.db
        if db is None:
            return
        before = len(db.backups)
        self.run(
            lambda _progress: undo_import(db, batch_id, whole_file=True),
            lambda summaries: self._on_undone(summaries, before),
            translate("MainWindow", "Undoing the import of {source}…").format(source=first.source),
            translate("MainWindow", "The import could not be undone."),
        )

    def _on_undone(self, summaries: list[UndoSummary], backups_before: int) -> None:
        w = self.state
        w.forget_class({s.class_name for s in summaries if s.class_removed})
        source = summaries[0].source if summaries else ""
        text = translate("MainWindow", "Undid the import of “{source}” ({classes}).").format(
            source=source, classes=i18n.listed(dict.fromkeys(s.class_name for s in summaries))
        )
        self.finish(text, w.class_name, backups_before)

    # ================================================================ stored scores

    def show_scores(self, class_name: str | None = None, assessment: str | None = None) -> None:
        """Read an exam's stored scores in the background and show them (the class shown and its newest exam
        by default)."""
        w = self.state
        if w.db is None or not w.idle:
            return
        if class_name is None:
            if w.data is None:
                return
            class_name = w.data.class_name
        if assessment is None:
            record = next((c for c in (w.store.classes if w.store else []) if c.name == class_name), None)
            if record is None or not record.assessments:
                return
            assessment = record.assessments[-1]
        from app.services.classes import scores_of

        db, cls, exam = w.db, class_name, assessment
        self.run(
            lambda _progress: scores_of(db, cls, exam),
            self._open_scores,
            translate("MainWindow", "Reading the scores of {exam}…").format(exam=exam),
            translate("MainWindow", "The scores could not be read."),
        )

    def _open_scores(self, grid: ScoreGrid) -> None:
        from app.ui.dialogs.scores import ScoresDialog

        dialog = ScoresDialog(grid, parent=self.parent_for_boxes(), read_only=self.state.read_only)
        self.scores_dialog = dialog
        dialog.correct_requested.connect(
            lambda student, question, points: self.correct(dialog, student, question, points)
        )
        dialog.set_busy(self.state.runner.busy)
        dialog.open()

    def correct(self, dialog: ScoresDialog, student_id: str, question: str, points: float | None) -> None:
        """Store a corrected score (recorded; the class's diagnoses go out of date) and show the grid again."""
        w = self.state
        if w.db is None or not w.writable or not w.idle:
            return
        from app.services.classes import correct, scores_of

        db, cls, exam = w.db, dialog.grid.class_name, dialog.grid.assessment

        def work(_progress: Progress) -> tuple[Correction, ScoreGrid]:
            correction = correct(db, cls, exam, student_id, question, points)
            return correction, scores_of(db, cls, exam)

        self.run(
            work,
            lambda result: self._on_corrected(dialog, *result),
            translate("MainWindow", "Saving the correction…"),
            translate("MainWindow", "The score could not be corrected."),
        )

    def _on_corrected(self, dialog: ScoresDialog, correction: Correction, grid: ScoreGrid) -> None:
        w = self.state
        dialog.set_grid(grid)

        def shown(points: float | None) -> str:
            return "—" if points is None else f"{points:g}"

        text = translate(
            "MainWindow", "Corrected {student}'s score on question {question} of {exam}: {old} → {new}."
        ).format(
            student=correction.student_id,
            question=correction.label,
            exam=grid.assessment,
            old=shown(correction.old_points),
            new=shown(correction.new_points),
        )

        def refreshed() -> None:
            if self.dialog is not None and w.store is not None:
                self.dialog.set_state(w.store)
                self.dialog.show_result(text)
            w.say(text, 15000)
            self.corrected.emit(correction)

        showing = w.class_name == grid.class_name  # the banner then says the diagnosis is out of date
        self.loader.refresh_store(select=grid.class_name if showing else None, then=refreshed)
