"""A paper's table with what fills it: copy a stored paper, import a 双向细目表, export the table as one.

The import wizard's tagging step and the class view's paper dialog embed it. Reading and writing a 细目表 and
reading the store's papers are `app.services.tagging` calls run on the window's runner (`set_store`), one at a
time with the rest of the window's store work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.paper import Paper
from app.core.problems import Problem, Severity, Text
from app.core.progress import Progress
from app.core.text import question_key
from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp, T, TaskRunner
from app.ui.base.worker import describe_error
from app.ui.paper.table import PaperRow, PaperTable
from app.ui.widgets.hint import hint_label
from app.ui.widgets.problem_list import ProblemList

if TYPE_CHECKING:
    from app.services.store import Database
    from app.services.tagging import PaperRecord

WORK = "paper-editor"  # the runner's `latest` key of the editor's reads and writes


class PaperEditor(i18n.Relabelled, QWidget):
    """The paper table, its buttons and the problems of the 细目表 read into it.

    Signals: `edited()` after every change of the table; `paper_loaded()` once a stored paper or a
    细目表 filled it; `exported(path)` once the table was written as a 细目表.
    """

    edited = Signal()
    paper_loaded = Signal()
    exported = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.runner: TaskRunner | None = None
        self.name = ""
        self.subject = ""
        self.op: BackgroundOp[Any] | None = None  # the read or write running or waiting
        self.file_problems: list[Problem] = []
        self.other_problems: list[Problem] = []
        self.table = PaperTable(self)
        self.table.edited.connect(self.edited)
        self.copy_button = QPushButton(self)
        self.copy_button.clicked.connect(lambda: self.copy_stored())
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(lambda: self.import_paper_file())
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export_paper())
        self.fill_button = QPushButton(self)
        self.fill_button.clicked.connect(self.table.fill_down)
        self.confirm_button = QPushButton(self)
        self.confirm_button.clicked.connect(lambda: self.table.paper_model.confirm_guesses())
        self.hint = hint_label(self)
        self.problems = ProblemList(self)
        self.problems.setMaximumHeight(130)
        self.problems.hide()
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.fill_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.problems)
        self.retranslate()

    # --------------------------------------------------------------- contents

    def set_store(self, db: Database | None, runner: TaskRunner, known_points: Sequence[str] = ()) -> None:
        """The store to list stored papers from, the runner its reads and writes run on, and the subject's knowledge
        points to complete from."""
        self.db, self.runner = db, runner
        self.table.set_known_points(known_points)
        self.copy_button.setEnabled(db is not None)

    def set_paper(self, paper: Paper, guessed: Collection[str] = (), letters: Collection[str] = ()) -> None:
        """Show `paper` (`guessed`: labels whose full marks are guesses; `letters`: labels holding letters)."""
        self.name, self.subject = paper.name, paper.subject
        self.table.set_rows(PaperRow.of(q, q.label in guessed, q.label in letters) for q in paper.questions)
        self.file_problems = []
        self._show_problems()

    def paper(self) -> Paper:
        """The paper the table says."""
        return self.table.paper_model.paper(self.name, self.subject)

    def says_something(self) -> bool:
        """True when the table tags, keys, confirms or describes any question (else storing it adds nothing)."""
        return any(
            r.points or r.answer or r.ability or r.difficulty is not None or (r.max_score is not None and not r.guessed)
            for r in self.table.paper_model.rows
        )

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Show `problems` (of applying the table to a gradebook) beside those of the 细目表 read."""
        self.other_problems = list(problems)
        self._show_problems()

    def _show_problems(self) -> None:
        shown = [*self.file_problems, *self.other_problems]
        self.problems.show_problems(shown)
        self.problems.setVisible(bool(shown))

    def merge(self, paper: Paper, source: str, *, report: bool = True) -> None:
        """Take every question of `paper` that the table has (by label); with `report`, list the questions only
        one of them has."""
        model = self.table.paper_model
        rows, missing = [], []
        for row in model.rows:
            question = paper.question(row.label)
            if question is None:
                missing.append(row.label)
                rows.append(row)
            else:
                taken = PaperRow.of(dataclasses.replace(question, label=row.label), letters=row.letters)
                if taken.max_score is None:  # the paper does not say: keep the table's full marks
                    taken = dataclasses.replace(taken, max_score=row.max_score, guessed=row.guessed)
                rows.append(taken)
        keys = {question_key(row.label) for row in rows}
        extra = [q.label for q in paper.questions if question_key(q.label) not in keys]
        self.table.set_rows(rows)
        notes = []
        if not report:
            missing = extra = []
        if missing:
            notes.append(
                self.tr("Not in “{source}”: {questions}").format(source=source, questions=i18n.listed(missing))
            )
        if extra:
            text = self.tr("Only in “{source}”, not in this exam: {questions}")
            notes.append(text.format(source=source, questions=i18n.listed(extra)))
        self.file_problems = [*self.file_problems, *(_warning(note, source) for note in notes)]
        self._show_problems()
        self.edited.emit()
        self.paper_loaded.emit()

    # --------------------------------------------------------------- the buttons

    def copy_stored(self, paper_id: int | None = None) -> None:
        """Take the tags of a stored paper (asks which, from the store's papers read first, unless `paper_id`)."""
        db = self.db
        if db is None:
            return
        from app.services.tagging import stored_paper, stored_papers

        if paper_id is None:
            self._run(lambda _progress: stored_papers(db), self._choose)
            return
        chosen, name = paper_id, self.name
        self._run(lambda _progress: stored_paper(db, chosen, name), self._copy)

    def _choose(self, papers: list[PaperRecord]) -> None:
        from app.ui.paper.chooser import StoredPaperDialog

        dialog = StoredPaperDialog(papers, self)
        dialog.accepted.connect(lambda: self.copy_stored(dialog.chosen()) if dialog.chosen() is not None else None)
        dialog.open()

    def _copy(self, paper: Paper) -> None:
        self.file_problems = []
        self.merge(paper, paper.name)

    def import_paper_file(self, path: str | None = None) -> None:
        """Read a 双向细目表 into the table (asks for the file unless `path`); its problems are listed."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import a 双向细目表"),
                "",
                self.tr("Tables and Word documents (*.xlsx *.xlsm *.xls *.csv *.docx);;All files (*)"),
            )
            if not path:
                return
        from app.services.tagging import read_paper_file

        file = Path(path)
        self._run(lambda _progress: read_paper_file(file), lambda result: self._on_read(file.name, *result))

    def _on_read(self, source: str, paper: Paper | None, problems: list[Problem]) -> None:
        self.file_problems = list(problems)
        if paper is None or any(p.severity is Severity.ERROR for p in problems):
            self._show_problems()
            self.paper_loaded.emit()
            return
        self.merge(paper, source)

    def export_paper(self, path: str | None = None) -> None:
        """Write the table as a 双向细目表 workbook (asks where unless `path`)."""
        if path is None:
            from app.services.exporting import export_file_name

            suggested = export_file_name(self.name or self.tr("paper"), "双向细目表", "xlsx")
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export as 双向细目表"), suggested, self.tr("Excel workbook (*.xlsx)")
            )
            if not path:
                return
        from app.services.tagging import write_paper_file

        paper, target, lang = self.paper(), Path(path), i18n.language()
        self._run(lambda _progress: write_paper_file(paper, target, lang), self.exported.emit)

    def _run(self, work: Callable[[Progress], T], done: Callable[[T], None]) -> None:
        if self.runner is None or self.op is not None:
            return
        self.op = BackgroundOp(
            work,
            lambda result: self._over(lambda: done(result)),
            on_failure=self._on_failed,
            on_cancelled=self._over,
            announce=False,
            latest=WORK,
        )
        self._set_busy(True)
        self.runner.run(self.op)

    def _over(self, then: Callable[[], None] | None = None) -> None:
        self.op = None
        self._set_busy(False)
        if then is not None:
            then()

    def _on_failed(self, message: str, error: BaseException | None) -> bool:
        self._over()
        QMessageBox.warning(self, self.tr("Paper"), describe_error(error) if error else message)
        return True

    def _set_busy(self, busy: bool) -> None:
        for button in (self.import_button, self.export_button, self.copy_button):
            button.setEnabled(not busy and (button is not self.copy_button or self.db is not None))

    def stop(self) -> None:
        """Wait for a read or write still running (when the dialog closes)."""
        if self.op is not None and self.runner is not None:
            self.runner.stop(self.op)

    # --------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Re-label the buttons in the current language."""
        self.copy_button.setText(self.tr("Copy from a stored paper…"))
        self.import_button.setText(self.tr("Import a 双向细目表…"))
        self.export_button.setText(self.tr("Export as 双向细目表…"))
        self.copy_button.setToolTip(
            self.tr("Take the knowledge points, full marks and answers of a paper already stored (another class's)")
        )
        self.import_button.setToolTip(self.tr("Read the exam's 双向细目表 (题号, 分值, 知识点, 答案) into the table"))
        self.export_button.setToolTip(self.tr("Save this table as a 双向细目表 workbook, e.g. for colleagues"))
        self.fill_button.setText(self.tr("Fill down"))
        self.fill_button.setToolTip(self.tr("Copy the current cell into the selected rows below it (Ctrl+D)"))
        self.confirm_button.setText(self.tr("Confirm guessed full marks"))
        self.confirm_button.setToolTip(self.tr("Take every full mark shown with “?” as it is"))
        self.hint.setText(
            self.tr(
                "Select several rows and type to set them all; Ctrl+D fills down. Knowledge points: separate "
                "several with 、 — known ones are offered as you type. “?”: a full mark guessed from the scores."
            )
        )
        self.table.paper_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 6)


def _warning(text: str, source: str) -> Problem:
    return Problem(Severity.WARNING, Text(text, text), source)
