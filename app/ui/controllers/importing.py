"""The window's import actions: a gradebook through the wizard (it reads, the controller stores), the sample classes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp
from app.ui.controllers.files import file_to_open
from app.ui.views.welcome import TITLE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.services.importing import ImportRequest
    from app.services.store import ImportSummary
    from app.ui.controllers.loading import StoreLoader
    from app.ui.import_wizard.wizard import ImportWizard
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class ImportController(QObject):
    """Imports into the store in the background, then shows the class imported; `imported(summaries)` once shown."""

    imported = Signal(object)  # the list of ImportSummary, one per class

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget = state, loader, parent
        self.wizard: ImportWizard | None = None

    def import_file(self, path: str | None = None) -> None:
        """Open the import wizard, on `path` if given (else it asks for a file); it reads the file once the runner
        is free."""
        state = self.state
        if state.db is None:
            return
        if state.read_only:  # a file dropped on the window, a recent file: nothing can be stored
            state.error.emit(
                translate("MainWindow", "The store can only be read (see the banner): nothing can be imported.")
            )
            return
        path = file_to_open(
            self.parent_widget,
            state.settings,
            translate("MainWindow", "Import a gradebook"),
            translate("MainWindow", "Gradebooks (*.xlsx *.xlsm *.xls *.csv);;All files (*)"),
            path,
        )
        if path is None:
            return
        from app.ui.import_wizard.wizard import ImportWizard

        classes = [c.name for c in state.store.classes] if state.store else []
        wizard = ImportWizard(path, db=state.db, runner=state.runner, classes=classes, parent=self.parent_widget)
        self.wizard = wizard
        wizard.import_requested.connect(self._store)
        wizard.cancel_requested.connect(state.runner.cancel)
        wizard.open()

    def open_recent(self, path: str) -> None:
        """Import a recent file again (forgetting it when it no longer exists)."""
        if not Path(path).exists():
            self.state.settings.remove_recent_file(path)
            self.state.error.emit(translate("MainWindow", "The file no longer exists:\n{path}").format(path=path))
            return
        self.import_file(path)

    def _store(self, request: ImportRequest) -> None:
        from app.services.importing import import_parsed

        db, wizard = self.state.db, self.wizard
        if db is None:
            return
        failure = translate("MainWindow", "The gradebook could not be imported.")

        def failed(message: str, error: BaseException | None) -> bool:
            if wizard is None:
                return False
            wizard.import_over("failed", f"{failure}\n{message}", error)
            return True

        started = self.state.runner.run(
            BackgroundOp(
                lambda progress: import_parsed(db, request, progress),
                lambda summaries: self._on_imported(request, summaries),
                message=translate("MainWindow", "Importing {file}…").format(file=request.parsed.source),
                failure=failure,
                cancelled=translate("MainWindow", "Import cancelled; nothing was imported."),
                on_failure=failed,
                on_cancelled=lambda: wizard.import_over("cancelled") if wizard is not None else None,
            )
        )
        if not started and wizard is not None:
            wizard.import_over("failed", translate("MainWindow", "Please wait: another task is running."))

    def _on_imported(self, request: ImportRequest, summaries: list[ImportSummary]) -> None:
        if request.path:
            self.state.settings.add_recent_file(request.path)
        if self.wizard is not None:
            self.wizard.import_over("finished")

        def shown() -> None:
            status, details = import_report(summaries)
            self.state.say(status, 10000)
            self.imported.emit(summaries)
            if details:
                QMessageBox.information(self.parent_widget, TITLE, status + "\n\n" + details)

        self.loader.refresh_store(select=summaries[0].class_name if summaries else None, then=shown)

    def load_sample(self) -> None:
        """Import the bundled sample (four classes of a grade, 八年级(3)班 with three exams) and show 八年级(3)班."""
        db = self.state.db
        if db is None:
            return
        from app.services.sample import load_sample

        self.state.runner.run(
            BackgroundOp(
                lambda progress: load_sample(db, progress=progress),
                self._on_sample_loaded,
                message=translate("MainWindow", "Loading the sample classes…"),
                failure=translate("MainWindow", "The sample could not be loaded."),
                cancelled=translate("MainWindow", "Loading the sample cancelled; nothing was imported."),
            )
        )

    def _on_sample_loaded(self, summaries: list[ImportSummary]) -> None:
        from app.services.sample import SAMPLE_CLASS

        def shown() -> None:
            if summaries:
                classes = list(dict.fromkeys(s.class_name for s in summaries))
                text = translate("MainWindow", "Sample loaded: {classes}; showing {cls}.").format(
                    classes=i18n.listed(classes), cls=SAMPLE_CLASS
                )
            else:
                text = translate("MainWindow", "The sample is already in the store.")
            self.state.say(text, 8000)
            self.imported.emit(summaries)

        self.loader.refresh_store(select=SAMPLE_CLASS, then=shown)


def _bounded(names: Sequence[str], limit: int = 8) -> str:
    """`names` joined, the first `limit` of them, then "and N more"."""
    shown = i18n.listed(names[:limit])
    if len(names) > limit:
        shown += " " + translate("MainWindow", "and {n} more").format(n=len(names) - limit)
    return shown


def import_report(summaries: Sequence[ImportSummary]) -> tuple[str, str]:
    """A status line for an import (one summary per class), and the details worth a message: the students new
    to a class (transfer-ins), the class's students without a row in the file, and the warnings."""
    if not summaries:
        return translate("MainWindow", "Nothing was imported."), ""
    classes = i18n.listed(s.class_name for s in summaries)
    status = translate(
        "MainWindow", "Imported {students} students, {items} questions, {scores} scores into {cls}."
    ).format(
        students=sum(s.students for s in summaries),
        items=summaries[0].items,
        scores=sum(s.scores for s in summaries),
        cls=classes,
    )
    lines = []
    for s in summaries:
        if s.new_students:
            lines.append(
                translate("MainWindow", "{cls}: {n} new to the class (transferred in): {names}").format(
                    cls=s.class_name, n=len(s.new_students), names=_bounded(s.new_students)
                )
            )
        if s.absent_students:
            lines.append(
                translate(
                    "MainWindow", "{cls}: {n} of the class's students have no scores in this file: {names}"
                ).format(cls=s.class_name, n=len(s.absent_students), names=_bounded(s.absent_students))
            )
    warnings = list(dict.fromkeys(w for s in summaries for w in s.warnings))
    if warnings:
        lang = i18n.language()
        if lines:
            lines.append("")
        lines.append(translate("MainWindow", "Imported with {n} warnings:").format(n=len(warnings)))
        lines += [p.describe(lang) for p in warnings[:15]]
        if len(warnings) > 15:
            lines.append(translate("MainWindow", "and {n} more warnings").format(n=len(warnings) - 15))
    return status, "\n".join(lines)
