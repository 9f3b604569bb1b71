"""The exam package (考试包) dialogs: which exam to export and with what, and what importing a colleague's package
would do, with where its paper goes.

They ask what `python -m app package export|import` asks; the window then asks where (export) and runs the work in
the background. What a package holds and what an import does is said by `services.package_report`, as the CLI says
it. Their own reads of the store (the classes that sat an exam, the plan for another choice of exam) run on the
window's runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ui.base import i18n
from app.ui.base.screen import fit_to_screen
from app.ui.base.tasks import BackgroundOp, TaskRunner
from app.ui.base.worker import describe_error
from app.ui.widgets.hint import hint_label

if TYPE_CHECKING:
    from app.services.packages import PackageImportRequest, PackagePlan
    from app.services.store import Database


class PackageExportDialog(i18n.Relabelled, QDialog):
    """Which exam of the class to package, and whether the scores of the classes that sat it go with it (named or
    anonymised); the window then asks where and writes the package in the background."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        class_name: str,
        exams: Sequence[str],
        exam: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self.class_name = db, runner, class_name
        self.classes: list[str] = []  # whose scores go with "with scores", read for the exam chosen
        self.exam_label = QLabel(self)
        self.exam = QComboBox(self)
        self.exam.addItems(list(exams))
        if exam is not None and exam in exams:
            self.exam.setCurrentText(exam)
        self.exam.currentTextChanged.connect(self._read_classes)
        self.contents = hint_label(self)
        self.with_scores = QCheckBox(self)
        self.with_scores.toggled.connect(self._update)
        self.classes_note = hint_label(self)
        self.anonymise = QCheckBox(self)
        self.anonymise_hint = hint_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.exam_label, self.exam)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.contents)
        column.addSpacing(8)
        column.addWidget(self.with_scores)
        column.addWidget(self.classes_note)
        column.addWidget(self.anonymise)
        column.addWidget(self.anonymise_hint)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.retranslate()
        fit_to_screen(self, QSize(max(520, self.sizeHint().width()), self.sizeHint().height()))
        self._read_classes(self.exam.currentText())

    def chosen_exam(self) -> str:
        """The exam to package."""
        return self.exam.currentText()

    def _read_classes(self, exam: str) -> None:
        """Read which classes sat `exam` (their scores go with "with scores")."""
        from app.services.packages import package_classes

        if not exam:
            return
        db, class_name = self.db, self.class_name
        self.classes = []
        self._update()
        self.runner.run(
            BackgroundOp(
                lambda _progress: package_classes(db, class_name, exam),
                self._show_classes,
                on_failure=self._on_failed,
                announce=False,
                latest="package-classes",
            )
        )

    def _show_classes(self, classes: list[str]) -> None:
        self.classes = classes
        self._update()

    def _on_failed(self, message: str, error: BaseException | None) -> bool:
        self.classes_note.setText(describe_error(error) if error is not None else message)  # shown here
        return True

    def _update(self) -> None:
        scores = self.with_scores.isChecked()
        self.anonymise.setEnabled(scores)
        self.anonymise_hint.setEnabled(scores)
        if not self.classes:
            self.classes_note.setText(self.tr("Reading which classes sat this exam…"))
        elif scores:
            self.classes_note.setText(
                self.tr("The scores of %n class(es) go with it: {classes}.", "", len(self.classes)).format(
                    classes=i18n.listed(self.classes)
                )
            )
        else:
            self.classes_note.setText(
                self.tr("%n class(es) in this store sat this exam: {classes}.", "", len(self.classes)).format(
                    classes=i18n.listed(self.classes)
                )
            )

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.setWindowTitle(self.tr("Export exam package: {cls}").format(cls=self.class_name))
        self.exam_label.setText(self.tr("Exam:"))
        self.exam.setToolTip(self.tr("The exam whose paper the package holds"))
        self.contents.setText(
            self.tr(
                "The package is one file holding the exam's paper: its questions, full marks, answer keys and "
                "knowledge points, with the knowledge graph. A colleague imports it with File → Import exam "
                "package…, and the whole 备课组 shares one tagging without a server."
            )
        )
        self.with_scores.setText(self.tr("With the scores of the classes that sat it"))
        self.with_scores.setToolTip(
            self.tr("Colleagues then compare their classes with the grade, and the diagnosis calibrates on it")
        )
        self.anonymise.setText(self.tr("Anonymise the scores"))
        self.anonymise.setToolTip(self.tr("Pseudonyms in place of names, and no 学号"))
        self.anonymise_hint.setText(
            self.tr(
                "Names become pseudonyms and 学号 are left out, as 未成年人学校保护规定 asks for student "
                "information that leaves the school."
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Export…"))
        ok.setToolTip(self.tr("Choose where to save, then write the package in the background"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without exporting"))
        self._update()


_FOUND, _NONE = "found", "none"  # the paper's targets besides one exam chosen


class PackageImportDialog(i18n.Relabelled, QDialog):
    """What a colleague's package holds and what importing it does (`plan`), and where its paper goes: the exams of
    its name or date (as found), one exam chosen, or none now. A new choice is planned again on the runner."""

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        path: Path,
        plan: PackagePlan,
        exams: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self.path, self.plan = db, runner, path, plan
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.target_label = QLabel(self)
        self.target = QComboBox(self)
        self.target.addItem("", _FOUND)
        for class_name, exam in exams:
            self.target.addItem(f"{class_name} · {exam}", (class_name, exam))
        self.target.addItem("", _NONE)
        self.target.currentIndexChanged.connect(self._replan)
        self.lines = QLabel(self)
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = hint_label(self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b02a1a")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.target_label, self.target)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addLayout(form)
        column.addWidget(self.lines)
        column.addWidget(self.error)
        column.addStretch(1)
        column.addWidget(self.note)
        column.addWidget(self.buttons)
        self.retranslate()
        fit_to_screen(self, QSize(max(600, self.sizeHint().width()), self.sizeHint().height()))

    def request(self) -> PackageImportRequest:
        """The import the teacher asked for: the package, and where its paper goes."""
        from app.services.packages import PackageImportRequest

        chosen = self.target.currentData()
        if chosen == _FOUND:
            return PackageImportRequest(self.path)
        if chosen == _NONE:
            return PackageImportRequest(self.path, tag=False)
        class_name, exam = chosen
        return PackageImportRequest(self.path, class_name, exam)

    def _replan(self) -> None:
        """Plan the import again for the target chosen (the store unchanged)."""
        from app.services.packages import preview_package

        db, request = self.db, self.request()
        self._set_importable(False)
        self.runner.run(
            BackgroundOp(
                lambda _progress: preview_package(db, request),
                self._show_plan,
                on_failure=self._on_failed,
                announce=False,
                latest="package-plan",
            )
        )

    def _show_plan(self, plan: PackagePlan) -> None:
        self.plan = plan
        self.error.clear()
        self._show_lines()

    def _on_failed(self, message: str, error: BaseException | None) -> bool:
        self.lines.clear()
        self.error.setText(describe_error(error) if error is not None else message)  # shown here, never a crash
        self._set_importable(False)
        return True

    def _show_lines(self) -> None:
        from app.services.package_report import package_summary, plan_lines

        self.summary.setText(i18n.text(package_summary(self.plan)))
        self.lines.setText("\n".join(f"• {i18n.text(line)}" for line in plan_lines(self.plan)))
        self._set_importable(not self.plan.nothing_to_do)

    def _set_importable(self, ok: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        """Close and let the window import (not while a new plan is read, nor when nothing would change)."""
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()

    def retranslate(self) -> None:
        """Re-label everything in the current language."""
        self.setWindowTitle(self.tr("Import exam package: {file}").format(file=self.path.name))
        self.target_label.setText(self.tr("Put its paper on:"))
        self.target.setItemText(0, self.tr("The exams it matches (by name, else by date)"))
        self.target.setItemText(self.target.count() - 1, self.tr("No exam now: keep the paper for a later import"))
        self.target.setToolTip(
            self.tr("Which of your exams take the package's knowledge points, full marks and answer keys")
        )
        self.note.setText(
            self.tr(
                "The store is backed up first. The package's scores come in as classes of their own (Undo last "
                "import takes them back); your own classes and students are never changed."
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Import"))
        ok.setToolTip(self.tr("Import the package in the background"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(self.tr("Close without importing"))
        self._show_lines()
