"""The window's exam package actions (File → Export exam package…, File → Import exam package…): the dialogs, the
file dialogs, and the work on the window's runner (`services.packages`).

Signals: `exported(PackageExport)` once written, `imported(PackageImport)` once the store is shown again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.exam_package import SUFFIX
from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp
from app.ui.controllers.files import file_to_open
from app.ui.views.welcome import TITLE

if TYPE_CHECKING:
    from app.services.packages import PackageExport, PackageImport, PackagePlan
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.package import PackageExportDialog, PackageImportDialog
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class PackageController(QObject):
    """Exports an exam of the class shown as a package, and imports a colleague's package, in the background."""

    exported = Signal(object)
    imported = Signal(object)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget = state, loader, parent
        self.export_dialog: PackageExportDialog | None = None
        self.import_dialog: PackageImportDialog | None = None

    def _filter(self) -> str:
        return translate("MainWindow", "Exam packages (*{suffix});;All files (*)").format(suffix=SUFFIX)

    # ---------------------------------------------------------------- export

    def export_package(self) -> None:
        """Ask which exam of the class shown (and with what), then where, and write the package in the background."""
        state, data = self.state, self.state.data
        if state.db is None or data is None or not state.idle:
            return
        from app.ui.dialogs.package import PackageExportDialog

        exams = data.matrix.assessments
        dialog = PackageExportDialog(
            state.db, state.runner, data.class_name, exams, exams[-1] if exams else None, self.parent_widget
        )
        self.export_dialog = dialog
        dialog.accepted.connect(lambda: self._export_where(dialog))
        dialog.open()

    def _export_where(self, dialog: PackageExportDialog) -> None:
        from app.services.exporting import export_file_name
        from app.services.packages import PackageRequest, export_package

        state, db, exam = self.state, self.state.db, dialog.chosen_exam()
        if db is None or not exam:
            return
        name = export_file_name(dialog.class_name, exam, SUFFIX.lstrip("."))
        suggested = Path(state.settings.last_directory or Path.home()) / name
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, dialog.windowTitle(), str(suggested), self._filter())
        if not path:
            return
        out = Path(path) if Path(path).suffix else Path(path + SUFFIX)
        state.settings.last_directory = str(out.parent)
        scores = dialog.with_scores.isChecked()
        request = PackageRequest(
            dialog.class_name, exam, out, scores, scores and dialog.anonymise.isChecked(), i18n.language()
        )
        state.runner.run(
            BackgroundOp(
                lambda progress: export_package(db, request, progress),
                self._on_exported,
                message=translate("MainWindow", "Writing the exam package of {exam}…").format(exam=exam),
                failure=translate("MainWindow", "The exam package could not be written."),
                cancelled=translate("MainWindow", "Export cancelled."),
            )
        )

    def _on_exported(self, result: PackageExport) -> None:
        text = translate("MainWindow", "Exam package written: {path}").format(path=result.path)
        self.state.say(text, 15000)
        if result.notes:
            QMessageBox.information(
                self.parent_widget, TITLE, text + "\n\n" + "\n".join(i18n.text(n) for n in result.notes)
            )
        self.exported.emit(result)

    # ---------------------------------------------------------------- import

    def import_package(self, path: str | None = None) -> None:
        """Ask for a package (unless `path`), read what it holds and what importing it would do, and show that."""
        state = self.state
        if state.db is None or not state.idle:
            return
        path = file_to_open(
            self.parent_widget, state.settings, translate("MainWindow", "Import an exam package"), self._filter(), path
        )
        if path is None:
            return
        from app.services.packages import PackageImportRequest, preview_package

        db, chosen = state.db, Path(path)
        state.runner.run(
            BackgroundOp(
                lambda progress: preview_package(db, PackageImportRequest(chosen), progress),
                lambda plan: self._ask(chosen, plan),
                message=translate("MainWindow", "Reading the exam package {file}…").format(file=chosen.name),
                failure=translate("MainWindow", "The exam package cannot be imported."),
            )
        )

    def _ask(self, path: Path, plan: PackagePlan) -> None:
        from app.ui.dialogs.package import PackageImportDialog

        db, store = self.state.db, self.state.store
        if db is None:
            return
        exams = [(c.name, exam) for c in (store.classes if store else []) for exam in c.assessments]
        dialog = PackageImportDialog(db, self.state.runner, path, plan, exams, self.parent_widget)
        self.import_dialog = dialog
        dialog.accepted.connect(lambda: self._import(dialog))
        dialog.open()

    def _import(self, dialog: PackageImportDialog) -> None:
        from app.services.packages import import_package

        db, request = self.state.db, dialog.request()
        if db is None:
            return
        self.state.runner.run(
            BackgroundOp(
                lambda progress: import_package(db, request, progress),
                self._on_imported,
                message=translate("MainWindow", "Importing the exam package {file}…").format(file=request.path.name),
                failure=translate("MainWindow", "The exam package could not be imported."),
                cancelled=translate("MainWindow", "Import cancelled; nothing was imported."),
            )
        )

    def _on_imported(self, done: PackageImport) -> None:
        from app.services.package_report import import_lines

        tagged = done.tagged.assessments if done.tagged else ()
        shown = done.imports[0].class_name if done.imports else tagged[0][0] if tagged else None

        def said() -> None:
            status = translate("MainWindow", "Exam package imported: {tagged}, {classes}.").format(
                tagged=translate("MainWindow", "%n exam(s) tagged", "", len(tagged)),
                classes=translate("MainWindow", "the scores of %n class(es)", "", len(done.imports)),
            )
            self.state.say(status, 10000)
            details = "\n".join(i18n.text(line) for line in import_lines(done))
            QMessageBox.information(self.parent_widget, TITLE, status + "\n\n" + details)
            self.imported.emit(done)

        self.loader.refresh_store(select=shown, then=said)
