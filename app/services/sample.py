"""The bundled sample (resources/samples/): put it in a store with one call (no Qt).

    with open_database(path) as db:
        summaries = load_sample(db)

Class 八年级(3)班's two exams (each file with its question sheet), then the whole grade's
第二次月考 as a marking system exports it (four classes in one sheet, choice letters, no full
marks or knowledge points) with its 双向细目表, and the prerequisite graph, in one transaction.
Files already in the store (same content) are skipped, so loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.links import Link, parent_pairs
from app.core.problems import GradebookError, Problem, Severity
from app.core.progress import NullProgress, Progress, checkpoint
from app.core.resources import resource_path

if TYPE_CHECKING:
    from app.storage import Database, ImportSummary

SAMPLE_CLASS = "八年级(3)班"
SAMPLE_DIR = resource_path("samples")


@dataclass(frozen=True)
class SampleFiles:
    """The sample's class gradebooks (oldest first), the grade's export and its paper, the prerequisite graph."""

    gradebooks: tuple[Path, ...]
    grade_export: Path | None
    paper: Path | None
    prerequisites: Path | None


def _first(pattern: str) -> Path | None:
    found = sorted(p for p in SAMPLE_DIR.glob(pattern) if not p.name.startswith("~$"))
    return found[0] if found else None


def sample_files() -> SampleFiles:
    """The bundled sample files."""
    gradebooks = tuple(sorted(p for p in SAMPLE_DIR.glob("八年级3班_*.xlsx") if not p.name.startswith("~$")))
    return SampleFiles(gradebooks, _first("*小题得分明细*.xlsx"), _first("*双向细目表*.xlsx"), _first("*前置关系*.csv"))


def load_sample(db: Database, class_name: str = SAMPLE_CLASS, progress: Progress | None = None) -> list[ImportSummary]:
    """Import the sample into `db`; returns one ImportSummary per class part of each new file."""
    from app.importer import ImportOptions, read_gradebook
    from app.importer.names import guess_assessment_name
    from app.importer.paper import read_paper
    from app.importer.prerequisites import read_prerequisites
    from app.services.importing import ImportRequest, already_imported, store_request

    progress = progress or NullProgress()
    files = sample_files()
    requests = []
    for n, path in enumerate(files.gradebooks):
        checkpoint(progress, 0.6 * n / max(len(files.gradebooks) + 1, 1), path.name)
        book = read_gradebook(path, options=ImportOptions(assessment=guess_assessment_name(path)))
        _refuse_errors(book.problems)
        requests.append(ImportRequest(book, class_name, path=str(path)))
    if files.grade_export is not None and files.paper is not None:
        checkpoint(progress, 0.5, files.grade_export.name)
        paper, problems = read_paper(files.paper)
        book = read_gradebook(files.grade_export, files.paper)
        _refuse_errors([*problems, *book.problems])
        if paper is not None:
            requests.append(ImportRequest(book, None, path=str(files.grade_export), paper=paper))
    links: list[Link] = []
    if files.prerequisites is not None:
        links, problems = read_prerequisites(files.prerequisites)
        _refuse_errors(problems)
    checkpoint(progress, 0.75, "store")
    new = [r for r in requests if not any(already_imported(db, r.parsed).values())]
    summaries: list[ImportSummary] = []
    with db.writing() as session:
        for request in new:
            summaries += store_request(session, request)
        if links:
            from app.storage import get_class, save_prerequisites

            subject = get_class(session, class_name).subject
            save_prerequisites(session, subject, [link.pair for link in links], parent_pairs(links))
    progress.report(1.0, "done")  # committed: too late to cancel
    return summaries


def _refuse_errors(problems: list[Problem]) -> None:
    if any(p.severity is Severity.ERROR for p in problems):
        raise GradebookError(problems)
