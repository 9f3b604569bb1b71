"""The import wizard's tagging step: the paper (试卷) of the exam, edited before Import.

The table starts from what the file implies (`implied_paper`), with the tags of a stored paper of the
same exam when the preview found one; a 细目表 can be imported into it, a stored paper copied. Every
change is applied to the read gradebook (`with_paper`, after a short pause), so its problems are
listed here and an error blocks Import. Import stores the paper with the classes' scores.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from app.core.paper import Paper, QuestionKind
from app.core.problems import Problem, Severity
from app.ui.base import i18n
from app.ui.paper.editor import PaperEditor

if TYPE_CHECKING:
    from app.core.gradebook import ParsedGradebook
    from app.ui.import_wizard.reading import Wizard

MULTIPLE_SHARE = 0.1  # letters of more than one choice in this share of a question's answers: a multiple choice


def letter_kinds(parsed: ParsedGradebook) -> dict[str, QuestionKind]:
    """The questions whose cells hold letters chosen, with the kind the letters suggest."""
    answers = parsed.scores.dropna(subset=["answer"])
    kinds = {}
    for label, letters in answers.groupby("item_id")["answer"]:
        multiple = letters.astype(str).str.len().gt(1).mean() >= MULTIPLE_SHARE
        kinds[str(label)] = QuestionKind.MULTIPLE if multiple else QuestionKind.SINGLE
    return kinds


def same_questions(paper: Paper, other: Paper) -> bool:
    """True when both papers say the same of the same questions (labels matched as `Paper.question` does)."""
    if len(paper.questions) != len(other.questions):
        return False
    for question in paper.questions:
        found = other.question(question.label)
        if found is None or dataclasses.replace(found, label=question.label) != question:
            return False
    return True


def needs_tagging(parsed: ParsedGradebook) -> bool:
    """True when questions lack knowledge points, full marks are guessed, or choice letters wait for a key."""
    if not parsed.knowledge_points or any(item.max_guessed for item in parsed.items):
        return True
    if any(item.kind and item.answer_key is None for item in parsed.items):
        return True
    scores = parsed.scores
    return bool((scores["answer"].notna() & scores["score"].isna()).any())


class TaggingPage(QWizardPage):
    """Page 3: the questions' knowledge points, full marks, types and answer keys; `applied()` after each check."""

    applied = Signal()

    def __init__(self, wizard: Wizard) -> None:
        super().__init__()  # the wizard takes the page in with addPage
        self.wiz = wizard
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.editor = PaperEditor(self)
        self.editor.edited.connect(self._on_edited)
        self.editor.paper_loaded.connect(self.check)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.verdict)
        self.result: ParsedGradebook | None = None  # the gradebook with the table's paper applied
        self.seeded: ParsedGradebook | None = None  # the read the table was filled from
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.check)

    def initializePage(self) -> None:  # noqa: N802
        """Fill the table from the file's read (kept while the read is the same), then check it."""
        wiz = self.wiz
        self.editor.set_store(wiz.db, wiz.runner, wiz.known_points)
        if wiz.parsed is not None and self.seeded is not wiz.parsed:
            self.seed(wiz.parsed)
        self.intro.setText(self.tr("Exam: {name}").format(name=wiz.exam_name()))
        self.check()

    def seed(self, parsed: ParsedGradebook) -> None:
        """Start the table from what `parsed` implies and from the stored paper of the same exam, if any (after a new
        read of the file, the table's earlier values win)."""
        from app.services.tagging import implied_paper

        edited = self.editor.paper() if self.seeded is not None and self.editor.says_something() else None
        self.seeded = parsed
        kinds = letter_kinds(parsed)
        implied = implied_paper(parsed, self.wiz.exam_name())
        questions = tuple(
            dataclasses.replace(q, kind=kinds[q.label]) if q.label in kinds and not q.kind else q
            for q in implied.questions
        )
        guessed = {item.item_id for item in parsed.items if item.max_guessed}
        self.editor.set_paper(dataclasses.replace(implied, questions=questions), guessed, set(kinds))
        if self.wiz.stored_seed is not None:
            self.editor.merge(self.wiz.stored_seed, self.wiz.stored_seed.name)
        if edited is not None:  # the file was read again (another mapping): keep what the teacher typed
            self.editor.merge(edited, edited.name, report=False)

    def _on_edited(self) -> None:
        self.completeChanged.emit()
        self._debounce.start()

    def check(self) -> None:
        """Apply the table to the read gradebook and list what that finds."""
        from app.services.tagging import with_paper

        self._debounce.stop()
        parsed = self.wiz.parsed
        self.result = with_paper(parsed, self.editor.paper()) if parsed is not None else None
        self.editor.set_problems(self.result.problems if self.result is not None else [])
        self.show_verdict()
        self.applied.emit()

    def problems(self) -> list[Problem]:
        """The problems of the last check."""
        return list(self.result.problems) if self.result is not None else []

    def paper(self) -> tuple[Paper | None, int | None]:
        """What to import the classes with: (a paper to store, None) when the table says something new, (None, the
        stored paper's id) when it says what the exam's stored paper says, (None, None) when it says nothing."""
        if not self.editor.says_something():
            return None, None
        paper, stored = self.editor.paper(), self.wiz.stored_seed
        if stored is not None and self.wiz.stored_id is not None and same_questions(paper, stored):
            return None, self.wiz.stored_id
        return paper, None

    def isComplete(self) -> bool:  # noqa: N802
        """Import when the file can be and the table's paper applies without errors."""
        errors = any(p.severity is Severity.ERROR for p in self.problems())
        return self.wiz.can_import() and self.result is not None and not errors and not self._debounce.isActive()

    def show_verdict(self) -> None:
        """Say what the table still lacks, or that it is ready."""
        rows = self.editor.table.paper_model.rows
        errors = sum(p.severity is Severity.ERROR for p in self.problems())
        untagged = sum(not r.points for r in rows)
        guessed = sum(r.guessed for r in rows)
        keyless = sum(r.needs_key for r in rows)
        lines = []
        if self.wiz.importing:
            lines.append(self.tr("Importing…"))
        elif errors:
            lines.append(self.tr("{n} error(s) must be fixed in the table before importing.").format(n=errors))
        if untagged:
            lines.append(
                self.tr(
                    "{n} of {total} questions have no knowledge point: they cannot be diagnosed until tagged "
                    "(you can also tag them later from the class view)."
                ).format(n=untagged, total=len(rows))
            )
        if guessed:
            lines.append(
                self.tr("{n} full marks are guesses (?): type or confirm them, or they stay guesses.").format(n=guessed)
            )
        if keyless:
            lines.append(
                self.tr("{n} choice questions have no answer key: their letters stay unscored.").format(n=keyless)
            )
        if not lines and not errors:
            lines.append(
                self.tr("Ready to import into {cls} with this paper.").format(
                    cls=i18n.listed(self.wiz.target_classes())
                )
            )
        if self.wiz.import_error:
            lines = [self.wiz.import_error]
        self.verdict.setText("\n".join(lines))
        self.verdict.setStyleSheet("color: #b02a1a; font-weight: bold" if errors or self.wiz.import_error else "")
        self.completeChanged.emit()

    def retranslate(self) -> None:
        """Re-label the page in the current language."""
        self.setTitle(self.tr("Tag the questions (the exam's paper)"))
        self.setSubTitle(
            self.tr(
                "Knowledge points, full marks and answer keys are kept as the exam's paper and reused by every "
                "class that takes it. Import its 双向细目表, copy a stored paper, or type them."
            )
        )
        if self.wiz.parsed is not None:
            self.intro.setText(self.tr("Exam: {name}").format(name=self.wiz.exam_name()))
        self.editor.retranslate()
        self.show_verdict()
