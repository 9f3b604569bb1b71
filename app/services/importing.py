"""Importing a gradebook, as the CLI and the window both do it: read and check, preview, store (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import GradebookError, Problem
from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from app.core.gradebook import ParsedGradebook
    from app.importer import ImportOptions, Layout
    from app.storage import Database, ImportSummary


@dataclass(frozen=True)
class ImportRequest:
    """A parsed gradebook to store in a class, with optional prerequisite links (from the wizard or the CLI)."""

    parsed: ParsedGradebook
    class_name: str
    prerequisites: list[tuple[str, str]] | None = None
    path: str = ""


@dataclass(frozen=True)
class Preview:
    """How a file would be imported: its layout, what was read, every problem, the prerequisite links."""

    layout: Layout | None
    parsed: ParsedGradebook | None
    problems: list[Problem] = field(default_factory=list)
    prerequisites: list[tuple[str, str]] | None = None


def read_checked(path: Path, items_path: Path | None = None, options: ImportOptions | None = None) -> ParsedGradebook:
    """The gradebook read from `path` (and its item file); GradebookError with every problem if any is an error."""
    from app.importer import read_gradebook

    parsed = read_gradebook(path, items_path, options)
    if parsed.errors:
        raise GradebookError(parsed.problems)
    return parsed


def preview_import(
    path: Path,
    items_path: Path | None = None,
    options: ImportOptions | None = None,
    prerequisites_path: Path | None = None,
    progress: Progress | None = None,
) -> Preview:
    """Read the file as the import would, collecting every problem instead of raising (the wizard's preview)."""
    from app.importer import detect_layout, read_gradebook
    from app.importer.prerequisites import read_prerequisites
    from app.insight.graph import validate_graph

    progress = progress or NullProgress()
    problems: list[Problem] = []
    layout = parsed = links = None
    try:
        layout = detect_layout(path, items_path, options)
        checkpoint(progress, 0.4, "read")
        parsed = read_gradebook(path, items_path, options)
        problems += parsed.problems
    except GradebookError as error:
        problems += error.problems
    if prerequisites_path is not None:
        found, graph_problems = read_prerequisites(prerequisites_path)
        problems += graph_problems
        if parsed is not None:
            problems += validate_graph(found, parsed.knowledge_points)
        links = [link.pair for link in found]
    return Preview(layout, parsed, problems, links)


def import_parsed(db: Database, request: ImportRequest, progress: Progress | None = None) -> ImportSummary:
    """Store one parsed gradebook (and its prerequisites) in one transaction."""
    from app.storage import get_class, import_gradebook, save_prerequisites

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "import")
    with db.session() as session, session.begin():
        summary = import_gradebook(session, request.parsed, request.class_name)
        if request.prerequisites:
            save_prerequisites(session, get_class(session, request.class_name).subject, request.prerequisites)
    progress.report(1.0, "done")  # committed: too late to cancel
    return summary
