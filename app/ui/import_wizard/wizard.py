"""Import wizard: pick or drop a file, see how it was understood, fix the mapping, tag the questions, import.

Page 1 picks the gradebook (and, optionally, a question-info file and a prerequisite graph) and,
for a file without a 班级 column, the class. Page 2 reads the file with the current mapping on the
window's runner (one service call, `preview_import`, with the store: a file imported before is an
error here; the newest read wins), shows the first rows with each column's role, the classes of a
whole-grade file (each with a tick box), how each column's '/' and '—' marks are read (each flippable), the file's
students who look like a class's student under another number or spelling (the teacher says: the same student or a
new one), and every problem with its location. A workbook with several gradebook sheets waits for the teacher's
choice; an exam the file does not date waits for its date. Page 3, the tagging step, comes when the questions lack knowledge
points, full marks or answer keys (or when the teacher asks): the exam's paper, edited in a table.

Import (the Finish button) is enabled only with no errors. The wizard then hands an `ImportRequest`
to the window (`import_requested`), which stores it in the background, and stays open until the
import is over (`import_over`): a failure is shown on the page, and when the class's students have
other numbers but the same names, "Match students by name" imports again matching them by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.core.problems import Problem, Severity, Text
from app.importer.names import guess_class_name
from app.services.importing import ImportRequest, Preview
from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.base.tasks import BackgroundOp, TaskRunner
from app.ui.base.worker import describe_error
from app.ui.import_wizard.file_page import FilePage
from app.ui.import_wizard.preview_page import PreviewPage
from app.ui.import_wizard.tagging_page import TaggingPage, needs_tagging

if TYPE_CHECKING:
    from app.core.gradebook import MarkConvention, ParsedGradebook
    from app.core.paper import Paper
    from app.core.progress import Progress
    from app.importer import ImportOptions, Layout
    from app.services.import_review import LookAlike
    from app.services.store import Database

READ = "import-read"  # the runner's `latest` key of the wizard's reads


class ImportWizard(i18n.Relabelled, QWizard):
    """The import wizard; `import_requested(ImportRequest)` when the teacher clicks Import."""

    import_requested = Signal(object)
    cancel_requested = Signal()  # Cancel while the window imports
    parsed_ready = Signal()  # after every (re-)read of the file, for tests

    def __init__(
        self,
        path: str | None = None,
        *,
        db: Database | None = None,
        runner: TaskRunner,
        classes: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        fit_to_screen(self, QSize(1100, 720))  # or less, on a smaller screen
        self.db, self.runner = db, runner
        self.overrides: dict[str, Any] = {}
        self.file_layout: Layout | None = None
        self.parsed: ParsedGradebook | None = None
        self.problems: list[Problem] = []
        self.prerequisites: list[tuple[str, str]] | None = None
        self.parents: list[tuple[str, str]] | None = None  # the prerequisite file's hierarchy
        self.classes: dict[str, int] = {}
        self.imported_classes: set[str] = set()  # classes of the file whose part was imported before
        self.stored_seed: Paper | None = None  # the stored paper of the same exam, if the store has one
        self.stored_id: int | None = None
        self.known_points: list[str] = []
        self.look_alikes: list[LookAlike] = []  # the file's students who look like a target class's student
        self.read: BackgroundOp[tuple[Preview, list[LookAlike]]] | None = None  # the newest read asked for
        self.parsing = False
        self.tag_requested = False
        self.importing = False
        self.import_error = ""
        self.request: ImportRequest | None = None
        self._close_when_done = False
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.tagging_page = TaggingPage(self)
        self.addPage(self.file_page)
        self.preview_id = self.addPage(self.preview_page)
        self.tagging_id = self.addPage(self.tagging_page)
        self.file_page.class_edit.addItems(list(classes))
        self.file_page.class_edit.setCurrentText("")
        self.button(QWizard.WizardButton.CustomButton1).clicked.connect(self.match_by_name)
        if path:
            self.set_path(path)
        self.retranslate()

    # --------------------------------------------------------------- inputs

    def set_path(self, path: str) -> None:
        """Use `path` as the gradebook (a new file forgets the mapping overrides); the class its name names."""
        self.file_page.path_edit.setText(path)
        self.overrides.clear()
        guess = guess_class_name(path)
        if guess and not self.file_page.class_edit.currentText().strip():
            self.file_page.class_edit.setCurrentText(guess)

    def class_name(self) -> str:
        """The class typed or picked on the first page (for a file without a 班级 column)."""
        return self.file_page.class_edit.currentText().strip()

    def target_classes(self) -> list[str]:
        """The classes the import goes into: the ticked ones of the file's 班级 column, else the class named."""
        if self.classes:
            return self.preview_page.ticked_classes()
        return [self.class_name()] if self.class_name() else []

    def exam_name(self) -> str:
        """The exam the file holds (the paper's name)."""
        if self.parsed is not None and self.parsed.assessments:
            return self.parsed.assessments[0].name
        return self.file_layout.assessment if self.file_layout else ""

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
        """Read the file with the current mapping on the window's runner (a newer read replaces one not over)."""
        from app.services.import_review import look_alikes
        from app.services.importing import preview_import

        path = Path(self.file_page.path_edit.text().strip())
        items = self.file_page.items_edit.text().strip()
        graph = self.file_page.graph_edit.text().strip()
        options, option_problems = self.import_options()
        db, named = self.db, self.class_name()
        self.parsing = True
        self.preview_page.show_result()

        def work(progress: Progress) -> tuple[Preview, list[LookAlike]]:
            preview = preview_import(
                path, Path(items) if items else None, options, Path(graph) if graph else None, progress, db=db
            )
            alikes: list[LookAlike] = []
            if db is not None and preview.parsed is not None:
                classes = list(preview.classes) or ([named] if named else [])
                alikes = [a for cls in classes for a in look_alikes(db, preview.parsed, cls)]
            return preview, alikes

        self.read = BackgroundOp(
            work,
            lambda result: self._on_parsed(
                replace(result[0], problems=[*option_problems, *result[0].problems]), result[1]
            ),
            on_failure=self._on_parse_failed,
            on_cancelled=lambda: self._parse_over(),
            announce=False,
            latest=READ,
        )
        self.runner.run(self.read)

    def _on_parsed(self, preview: Preview, alikes: list[LookAlike]) -> None:
        self.file_layout, self.parsed = preview.layout, preview.parsed
        self.look_alikes = alikes
        self.problems, self.prerequisites = list(preview.problems), preview.prerequisites
        self.parents = preview.parents
        self.classes, self.stored_seed, self.known_points = dict(preview.classes), preview.stored, preview.known_points
        self.stored_id = preview.stored_paper
        self.imported_classes = set(preview.imported)
        self._parse_over()

    def _on_parse_failed(self, message: str = "", error: BaseException | None = None) -> bool:
        self.parsed, self.stored_seed, self.stored_id = None, None, None
        self.classes, self.imported_classes, self.look_alikes = {}, set(), []
        text = describe_error(error) if error else message
        self.problems = [Problem(Severity.ERROR, Text(text, text), self._file_name())]
        self._parse_over()
        return True

    def _parse_over(self) -> None:
        self.parsing = False
        self.import_error = ""
        self.preview_page.show_result()
        self.parsed_ready.emit()

    def can_import(self) -> bool:
        """True when the last read found no errors, nothing is being read or imported, a class is chosen, the exam
        has a date and every look-alike student has the teacher's answer."""
        return (
            not self.parsing
            and not self.importing
            and self.parsed is not None
            and bool(self.target_classes())
            and not any(p.severity == Severity.ERROR for p in self.problems)
            and not self.needs_date()
            and self.preview_page.review.unanswered() == 0
        )

    def needs_date(self) -> bool:
        """True when the file does not say when an exam was sat and the teacher has not said either."""
        return self.parsed is not None and any(a.date is None for a in self.parsed.assessments)

    def flip(self, convention: MarkConvention) -> None:
        """Read one column's '/' or '—' marks the other way, and read the file again."""
        from app.core.gradebook import MarkReading
        from app.services.import_review import flipped

        readings: dict[str, MarkReading] = dict(self.overrides.get("mark_readings", ()))
        self.overrides["mark_readings"] = tuple(flipped(readings, convention).items())
        self.reparse()

    def wants_tagging(self) -> bool:
        """True when Import should come after the tagging step."""
        return self.parsed is not None and (self.tag_requested or needs_tagging(self.parsed))

    def go_tagging(self) -> None:
        """Go to the tagging step (the "Tag questions…" button)."""
        self.tag_requested = True
        self.preview_page.completeChanged.emit()
        if self.currentPage() is self.preview_page:
            self.next()

    # --------------------------------------------------------------- importing

    def accept(self) -> None:
        """Hand the read (and tagged) gradebook to the window (`import_requested`); close once it is stored."""
        page = self.currentPage()
        if self.importing or self.parsed is None or page is None or not page.isComplete():
            return
        parsed, paper, paper_id = self.parsed, None, None
        if page is self.tagging_page:
            self.tagging_page.check()
            if self.tagging_page.result is None or not self.tagging_page.isComplete():
                return
            parsed, (paper, paper_id) = self.tagging_page.result, self.tagging_page.paper()
        request = ImportRequest(
            parsed=parsed,
            class_name=None if self.classes else self.class_name(),
            prerequisites=self.prerequisites,
            parents=self.parents,
            path=self.file_page.path_edit.text().strip(),
            paper=paper,
            paper_id=paper_id,
            classes=tuple(self.target_classes()) if self.classes else None,
            same_as=self.preview_page.review.same_as() or None,
        )
        self._send(request)

    def match_by_name(self) -> None:
        """Import again, matching the file's students to the class's by their names."""
        if self.request is not None and not self.importing:
            self.setOption(QWizard.WizardOption.HaveCustomButton1, False)
            self._send(replace(self.request, match_by_name=True))

    def _send(self, request: ImportRequest) -> None:
        self.request = request
        self.importing = True
        self.import_error = ""
        self._refresh()
        self.import_requested.emit(request)

    def import_over(self, outcome: str, message: str = "", error: BaseException | None = None) -> None:
        """The window's import ended ("finished", "failed" or "cancelled"): close, or show why it failed."""
        from app.core.gradebook import IdentityMismatch

        self.importing = False
        if outcome == "finished":
            super().accept()
            return
        if self._close_when_done:
            super().reject()
            return
        mismatch = isinstance(error, IdentityMismatch)
        self.import_error = message if outcome == "failed" else self.tr("Import cancelled; nothing was imported.")
        if mismatch:
            self.import_error += "\n" + self.tr("If these are the same students, click “Match students by name”.")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, mismatch)
        self._refresh()

    def _refresh(self) -> None:
        self.preview_page.show_verdict()
        self.tagging_page.show_verdict()

    def reject(self) -> None:
        """Cancel: stop an import that is running (closing once it stopped), else close."""
        if self.importing:
            self._close_when_done = True
            self.cancel_requested.emit()
            return
        super().reject()

    def done(self, result: int) -> None:
        """Close, never leaving a read of the file behind."""
        if self.read is not None:
            self.runner.stop(self.read)
        self.tagging_page.editor.stop()
        super().done(result)

    def retranslate(self) -> None:
        """Re-label the wizard and its pages in the current language."""
        self.setWindowTitle(self.tr("Import a gradebook"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Match students by name"))
        tips = {
            QWizard.WizardButton.NextButton: self.tr("Go on to the next step"),
            QWizard.WizardButton.BackButton: self.tr("Go back to the previous step"),
            QWizard.WizardButton.FinishButton: self.tr("Import the scores: all of them or, on any error, none"),
            QWizard.WizardButton.CancelButton: self.tr("Close without importing (stops an import still running)"),
            QWizard.WizardButton.CustomButton1: self.tr(
                "Import again, taking students with the same names as the class's students"
            ),
        }
        for which, tip in tips.items():
            self.button(which).setToolTip(tip)
        self.file_page.retranslate()
        self.preview_page.retranslate()
        self.tagging_page.retranslate()
