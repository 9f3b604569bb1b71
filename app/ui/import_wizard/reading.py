"""What the import wizard's pages read of the wizard and ask of it: the read of the file with its problems, the
classes, the stored paper, what runs now. The wizard (`wizard.ImportWizard`) is one; the pages know only this."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWizardPage

    from app.core.gradebook import MarkConvention, ParsedGradebook
    from app.core.paper import Paper
    from app.core.problems import Problem
    from app.importer import Layout
    from app.services.import_review import LookAlike
    from app.services.store import Database
    from app.ui.base.tasks import TaskRunner


class Wizard(Protocol):
    """The import wizard as its pages see it."""

    db: Database | None
    runner: TaskRunner
    overrides: dict[str, Any]  # the teacher's mapping, given to the next read
    file_layout: Layout | None
    parsed: ParsedGradebook | None
    problems: list[Problem]
    classes: dict[str, int]  # a whole-grade file's classes, with their student counts
    imported_classes: set[str]
    stored_seed: Paper | None  # the stored paper of the same exam
    stored_id: int | None
    known_points: list[str]
    look_alikes: list[LookAlike]  # the file's students who look like a class's student
    parsing: bool
    importing: bool
    import_error: str
    tagging_id: int

    def set_path(self, path: str) -> None:
        """Use `path` as the gradebook."""

    def reparse(self) -> None:
        """Read the file again with the current mapping."""

    def can_import(self) -> bool:
        """True when the last read allows importing."""

    def wants_tagging(self) -> bool:
        """True when Import comes after the tagging step."""

    def go_tagging(self) -> None:
        """Go to the tagging step."""

    def needs_date(self) -> bool:
        """True when an exam of the file has no date yet."""

    def flip(self, convention: MarkConvention) -> None:
        """Read one column's marks the other way."""

    def exam_name(self) -> str:
        """The exam the file holds."""

    def target_classes(self) -> list[str]:
        """The classes the import goes into."""

    def currentPage(self) -> QWizardPage | None:  # noqa: N802
        """The page shown."""
