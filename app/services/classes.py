"""Managing classes and exams from the window (and the CLI): rename, delete, look at and correct scores (no Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage import Correction as Correction  # what the faces get, through this module
    from app.storage import Database, ImportRecord
    from app.storage import Removed as Removed
    from app.storage import ScoreGrid as ScoreGrid


def rename_class(db: Database, old: str, new: str) -> None:
    """Rename a class."""
    from app.storage import rename_class as rename

    with db.writing() as session:
        rename(session, old, new)


def delete_class(db: Database, class_name: str) -> Removed:
    """Delete a class with its exams, scores and diagnoses, after a backup."""
    from app.storage import delete_class as delete

    with db.writing(backup="before-delete") as session:
        return delete(session, class_name)


def delete_assessment(db: Database, class_name: str, assessment: str) -> Removed:
    """Delete one exam of a class (its scores and the diagnoses that used it), after a backup."""
    from app.storage import delete_assessment as delete

    with db.writing(backup="before-delete") as session:
        return delete(session, class_name, assessment)


def imports(db: Database, class_name: str | None = None) -> list[ImportRecord]:
    """The imports still in the store (of one class, or all), newest first, to choose one to undo."""
    from app.storage import list_imports

    with db.session() as session:
        return list_imports(session, class_name)


def scores_of(db: Database, class_name: str, assessment: str) -> ScoreGrid:
    """One exam's stored scores in the class, as imported (missing marked, corrections flagged)."""
    from app.storage import score_grid

    with db.session() as session:
        return score_grid(session, class_name, assessment)


def correct(
    db: Database, class_name: str, assessment: str, student_id: str, label: str, points: float | None
) -> Correction:
    """Correct one mistyped score: recorded, and the class's diagnoses are marked out of date."""
    from app.storage import correct_score

    with db.writing() as session:
        return correct_score(session, class_name, assessment, student_id, label, points)
