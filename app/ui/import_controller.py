"""The window's import actions: a gradebook through the wizard, the sample class, undoing an import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.ui import i18n
from app.ui.tasks import BackgroundOp
from app.ui.welcome import TITLE

if TYPE_CHECKING:
    from app.services.importing import ImportRequest
    from app.ui.import_wizard import ImportWizard
    from app.ui.main_window import MainWindow

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class ImportController(QObject):
    """Imports into the window's store in the background; the window refreshes and shows the class."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.wizard: ImportWizard | None = None

    def import_file(self, path: str | None = None) -> None:
        """Open the import wizard, on `path` if given (else it asks for a file)."""
        w = self.window
        if w.task is not None or w.db is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                w,
                translate("MainWindow", "Import a gradebook"),
                w.settings.last_directory,
                translate("MainWindow", "Gradebooks (*.xlsx *.xlsm *.xls *.csv);;All files (*)"),
            )
            if not path:
                return
        w.settings.last_directory = str(Path(path).parent)
        from app.ui.import_wizard import ImportWizard

        classes = [c.name for c in w.store.classes] if w.store else []
        wizard = ImportWizard(path, classes=classes, default_class=w.data.class_name if w.data else None, parent=w)
        self.wizard = wizard
        wizard.import_requested.connect(self._store)
        wizard.open()

    def open_recent(self, path: str) -> None:
        """Import a recent file again (forgetting it when it no longer exists)."""
        w = self.window
        if not Path(path).exists():
            w.settings.remove_recent_file(path)
            w.show_error(translate("MainWindow", "The file no longer exists:\n{path}").format(path=path))
            return
        self.import_file(path)

    def _store(self, request: ImportRequest) -> None:
        from app.services.importing import import_parsed

        w, db = self.window, self.window.db
        if request.path:
            w.settings.add_recent_file(request.path)
        w.runner.run(
            BackgroundOp(
                lambda progress: import_parsed(db, request, progress),
                self._on_imported,
                message=translate("MainWindow", "Importing {file}…").format(file=request.parsed.source),
                failure=translate("MainWindow", "The gradebook could not be imported."),
                cancelled=translate("MainWindow", "Import cancelled; nothing was imported."),
            )
        )

    def _on_imported(self, summary: Any) -> None:
        w = self.window
        w.refresh_store(select=summary.class_name)
        w.statusBar().showMessage(
            translate(
                "MainWindow", "Imported {students} students, {items} questions, {scores} scores into {cls}."
            ).format(students=summary.students, items=summary.items, scores=summary.scores, cls=summary.class_name),
            10000,
        )
        w.import_done.emit(summary)
        warnings = list(summary.warnings)
        if warnings:
            lang = i18n.language()
            head = translate("MainWindow", "Imported with {n} warnings:").format(n=len(warnings))
            QMessageBox.information(w, TITLE, head + "\n\n" + "\n".join(p.describe(lang) for p in warnings[:15]))

    def load_sample(self) -> None:
        """Import the bundled sample class (both exams and its prerequisite graph)."""
        w, db = self.window, self.window.db
        if db is None:
            return
        from app.services.sample import load_sample

        w.runner.run(
            BackgroundOp(
                lambda progress: load_sample(db, progress=progress),
                self._on_sample_loaded,
                message=translate("MainWindow", "Loading the sample class…"),
                failure=translate("MainWindow", "The sample class could not be loaded."),
                cancelled=translate("MainWindow", "Loading the sample cancelled; nothing was imported."),
            )
        )

    def _on_sample_loaded(self, summaries: list[Any]) -> None:
        from app.services.sample import SAMPLE_CLASS

        w = self.window
        w.refresh_store(select=SAMPLE_CLASS)
        if summaries:
            text = translate("MainWindow", "Sample class loaded: {n} assessments.").format(n=len(summaries))
        else:
            text = translate("MainWindow", "The sample class is already in the store.")
        w.statusBar().showMessage(text, 8000)
        w.import_done.emit(summaries)

    def undo_last_import(self) -> None:
        """Undo the newest import, after asking."""
        w = self.window
        if w.db is None or w.task is not None or not (w.store and w.store.imports):
            return
        last = max(w.store.imports, key=lambda r: (r.imported_at, r.batch_id))
        answer = QMessageBox.question(
            w,
            TITLE,
            translate(
                "MainWindow",
                "Undo the import of “{source}” into {cls} ({when})? "
                "Its scores, and diagnoses that used them, are removed.",
            ).format(source=last.source, cls=last.class_name, when=last.imported_at.strftime("%Y-%m-%d %H:%M")),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from app.services.store import undo_import

        try:
            summary = undo_import(w.db, last.batch_id)
        except Exception as error:  # noqa: BLE001 - shown to the teacher, never a crash
            from app.ui.worker import describe_error

            w.show_error(describe_error(error))
            return
        if summary.class_removed and w.data and w.data.class_name == summary.class_name:
            w.data = None
        w.refresh_store(select=None if summary.class_removed else summary.class_name)
        w.statusBar().showMessage(
            translate("MainWindow", "Undid the import of “{source}”.").format(source=summary.source), 8000
        )
