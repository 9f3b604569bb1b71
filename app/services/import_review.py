"""What the import wizard asks the teacher before a file lands, beside `importing`'s preview (no Qt): which sheet of
a workbook with several gradebooks, how each column's '/' and '—' marks are read, and which students of the file
look like students of the class under another number or spelling."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.gradebook import MarkConvention, MarkReading, ParsedGradebook
    from app.storage import Database
    from app.storage.identities import LookAlike as LookAlike  # the record the wizard holds


def sheet_choice(path: Path) -> list[str]:
    """The sheets of a workbook shaped like gradebooks, when there are several (the wizard preselects none and
    the import waits for a choice); empty when the file leaves no choice."""
    from app.importer.files import read_source
    from app.importer.sheet_choice import gradebook_sheets

    shaped = gradebook_sheets(read_source(path))
    return shaped if len(shaped) > 1 else []


def conventions(parsed: ParsedGradebook) -> list[MarkConvention]:
    """How each column's marks were read ('/' not chosen, '—' left blank), with their counts, for the preview."""
    return list(parsed.conventions)


def flipped(readings: dict[str, MarkReading], convention: MarkConvention) -> dict[str, MarkReading]:
    """The teacher's readings (`ImportOptions.mark_readings` as a dict) with one column's convention flipped."""
    from app.core.gradebook import MarkReading

    current = readings.get(convention.item_id, convention.reading)
    other = MarkReading.MISSING if current is MarkReading.ZERO else MarkReading.ZERO
    return {**readings, convention.item_id: other}


def look_alikes(db: Database, parsed: ParsedGradebook, class_name: str) -> list[LookAlike]:
    """The file's students new to `class_name` whose names look like a class student the file lacks (variant
    characters, full/half width, one character apart): each a choice for the teacher (`ImportRequest.same_as`)."""
    from app.core.gradebook import IdentityMismatch
    from app.storage import NotFound
    from app.storage.identities import match_students
    from app.storage.queries import find_class

    part = parsed.for_class(class_name) if class_name in parsed.class_names else parsed
    dates = [a.date for a in part.assessments if a.date is not None]
    with db.session() as session:
        try:
            class_id = find_class(session, class_name).id
            return list(match_students(session, class_id, part, on=min(dates, default=None)).look_alikes)
        except (NotFound, IdentityMismatch):  # a new class; or numbers that all differ: the import asks about names
            return []
