"""The bundled sample class (resources/samples/): put it in a store with one call (no Qt).

    with open_database(path) as db:
        summaries = load_sample(db)

Both exams land in class 八年级(3)班 with the prerequisite graph, in one transaction; files
already in the store (same content) are skipped, so loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.problems import GradebookError
from app.core.progress import NullProgress, Progress, checkpoint
from app.core.resources import resource_path

if TYPE_CHECKING:
    from app.core.links import Link
    from app.storage import Database

SAMPLE_CLASS = "八年级(3)班"
SAMPLE_DIR = resource_path("samples")


@dataclass(frozen=True)
class SampleFiles:
    """The sample's gradebooks (oldest first) and its prerequisite graph."""

    gradebooks: tuple[Path, ...]
    prerequisites: Path | None


def sample_files() -> SampleFiles:
    """The bundled sample files."""
    gradebooks = tuple(sorted(p for p in SAMPLE_DIR.glob("*.xlsx") if not p.name.startswith("~$")))
    graphs = sorted(SAMPLE_DIR.glob("*前置关系*.csv"))
    return SampleFiles(gradebooks, graphs[0] if graphs else None)


def load_sample(db: Database, class_name: str = SAMPLE_CLASS, progress: Progress | None = None) -> list[Any]:
    """Import the sample gradebooks and prerequisites into `db`; returns one ImportSummary per new file."""
    from app.importer import ImportOptions, read_gradebook
    from app.importer.names import guess_assessment_name
    from app.importer.prerequisites import read_prerequisites
    from app.storage import get_class, import_gradebook, list_imports, save_prerequisites

    progress = progress or NullProgress()
    files = sample_files()
    parsed = []
    for n, path in enumerate(files.gradebooks):
        checkpoint(progress, 0.7 * n / max(len(files.gradebooks), 1), path.name)
        book = read_gradebook(path, options=ImportOptions(assessment=guess_assessment_name(path)))
        if book.errors:
            raise GradebookError(book.problems)
        parsed.append(book)
    links: list[Link] = []
    if files.prerequisites is not None:
        links, problems = read_prerequisites(files.prerequisites)
        if any(p.severity == "error" for p in problems):
            raise GradebookError(problems)
    checkpoint(progress, 0.75, "store")
    summaries = []
    with db.session() as session, session.begin():
        known = {record.content_hash for record in list_imports(session)}
        for book in parsed:
            if book.content_hash not in known:
                summaries.append(import_gradebook(session, book, class_name))
        if links:
            save_prerequisites(session, get_class(session, class_name).subject, [link.pair for link in links])
    progress.report(1.0, "done")  # committed: too late to cancel
    return summaries
