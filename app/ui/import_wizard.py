"""Import wizard: pick or drop a file, see how it was understood, fix the mapping, import only when clean.

Page 1 picks the gradebook (and, optionally, a question-info file and a prerequisite graph) and
the class. Page 2 reads the file in a worker with the current mapping (`preview_import`), shows
the first rows with each column's role, the questions found, and every problem with its location;
changing a mapping control re-reads the file. Import (the Finish button) is enabled only with no
errors; the wizard then hands an `ImportRequest` to the window, which stores it in the background.
The pages are in `import_file_page.py` and `import_preview_page.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.core.problems import Problem, Severity, Text
from app.core.progress import Progress
from app.importer.names import guess_assessment_name, guess_class_name
from app.services.importing import ImportRequest, Preview
from app.ui.import_file_page import FilePage
from app.ui.import_preview_page import PreviewPage
from app.ui.worker import Task, describe_error

if TYPE_CHECKING:
    from app.core.gradebook import ParsedGradebook
    from app.importer import ImportOptions, Layout


class ImportWizard(QWizard):
    """The import wizard; `import_requested(ImportRequest)` when the teacher clicks Import."""

    import_requested = Signal(object)
    parsed_ready = Signal()  # after every (re-)read of the file, for tests

    def __init__(
        self,
        path: str | None = None,
        *,
        classes: Sequence[str] = (),
        default_class: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(1100, 720)
        self.overrides: dict[str, Any] = {}
        self.file_layout: Layout | None = None
        self.parsed: ParsedGradebook | None = None
        self.problems: list[Problem] = []
        self.prerequisites: list[tuple[str, str]] | None = None
        self.task: Task | None = None
        self.parsing = False
        self._again = False
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.file_page.class_edit.addItems(list(classes))
        self.file_page.class_edit.setCurrentText(default_class or "")
        if path:
            self.set_path(path)
        self.retranslate()

    # --------------------------------------------------------------- inputs

    def set_path(self, path: str) -> None:
        """Use `path` as the gradebook (a new file forgets the mapping overrides)."""
        self.file_page.path_edit.setText(path)
        self.overrides.clear()
        assessment = guess_assessment_name(path)
        if assessment:  # the teacher sees it in the mapping and can change it
            self.overrides["assessment"] = assessment
        guess = guess_class_name(path)
        if guess and not self.file_page.class_edit.currentText().strip():
            self.file_page.class_edit.setCurrentText(guess)

    def class_name(self) -> str:
        """The class to import into, as typed or picked."""
        return self.file_page.class_edit.currentText().strip()

    def _file_name(self) -> str:
        return Path(self.file_page.path_edit.text()).name

    def import_options(self) -> tuple[ImportOptions, list[Problem]]:
        """The ImportOptions from the overrides, and problems with the overrides themselves."""
        from app.importer import ImportOptions

        values = dict(self.overrides)
        problems = []
        date_text = values.pop("date", None)
        if date_text:
            try:
                values["date"] = dt.date.fromisoformat(str(date_text))
            except ValueError:
                text = Text(
                    f"日期“{date_text}”无法识别，请写成 2026-10-12",
                    f"cannot read the date '{date_text}': write it as 2026-10-12",
                )
                problems.append(Problem(Severity.ERROR, text, self._file_name()))
        if values.get("layout") is None:
            values.pop("layout", None)
        return ImportOptions(**values), problems

    # --------------------------------------------------------------- reading in the background

    def reparse(self) -> None:
        """Read the file with the current mapping in a worker (queued if one is running)."""
        if self.parsing:
            self._again = True
            return
        from app.services.importing import preview_import

        path = Path(self.file_page.path_edit.text().strip())
        items = self.file_page.items_edit.text().strip()
        graph = self.file_page.graph_edit.text().strip()
        options, option_problems = self.import_options()
        self.parsing = True
        self.preview_page.show_result()

        def work(progress: Progress) -> Preview:
            preview = preview_import(
                path, Path(items) if items else None, options, Path(graph) if graph else None, progress
            )
            return replace(preview, problems=[*option_problems, *preview.problems])

        self.task = Task.start(work, parent=self)
        self.task.finished.connect(self._on_parsed)
        self.task.failed.connect(self._on_parse_failed)
        self.task.cancelled.connect(self._on_parse_failed)

    def _on_parsed(self, preview: Preview) -> None:
        self.file_layout, self.parsed = preview.layout, preview.parsed
        self.problems, self.prerequisites = list(preview.problems), preview.prerequisites
        self._parse_over()

    def _on_parse_failed(self, message: str = "") -> None:
        self.parsed = None
        error = self.task.error if self.task else None
        text = describe_error(error) if error else message
        self.problems = [Problem(Severity.ERROR, Text(text, text), self._file_name())]
        self._parse_over()

    def _parse_over(self) -> None:
        self.parsing = False
        self.task = None
        if self._again:
            self._again = False
            self.reparse()
            return
        self.preview_page.show_result()
        self.parsed_ready.emit()

    def can_import(self) -> bool:
        """True when the last read found no errors and nothing is being read."""
        return (
            not self.parsing
            and self.parsed is not None
            and bool(self.class_name())
            and not any(p.severity == Severity.ERROR for p in self.problems)
        )

    # --------------------------------------------------------------- finishing

    def accept(self) -> None:
        """Hand the read gradebook to the window (`import_requested`) and close, if it can be imported."""
        if not self.can_import() or self.parsed is None:
            return
        request = ImportRequest(
            parsed=self.parsed,
            class_name=self.class_name(),
            prerequisites=self.prerequisites,
            path=self.file_page.path_edit.text().strip(),
        )
        self.import_requested.emit(request)
        super().accept()

    def done(self, result: int) -> None:
        """Close, never leaving a reading thread behind."""
        if self.task is not None and self.task.is_running():
            self.task.cancel()
            self.task.wait(60_000)
        super().done(result)

    def retranslate(self) -> None:
        """Re-label the wizard and its pages in the current language."""
        self.setWindowTitle(self.tr("Import a gradebook"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.file_page.retranslate()
        self.preview_page.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
