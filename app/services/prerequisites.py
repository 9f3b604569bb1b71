"""Importing a prerequisite file for a subject from the window: read, check, replace the graph (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import Problem, Severity
from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from app.storage import Database


@dataclass(frozen=True)
class GraphImport:
    """The outcome of importing a prerequisite file: the links read, the problems found, whether it was saved."""

    pairs: list[tuple[str, str]]
    problems: list[Problem]
    saved: bool


def import_prerequisites(
    db: Database, subject: str, path: Path | str, known_points: Iterable[str], progress: Progress | None = None
) -> GraphImport:
    """Read and check a prerequisite file; unless it has errors (a cycle among them), replace the
    subject's graph with it in one transaction."""
    from app.core.links import parent_pairs
    from app.importer.prerequisites import read_prerequisites
    from app.insight.graph import validate_graph
    from app.storage import save_prerequisites

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "read")
    links, problems = read_prerequisites(path)
    if not any(p.severity == Severity.ERROR for p in problems):
        problems += validate_graph(links, known_points)
    pairs, parents = [link.pair for link in links], parent_pairs(links)
    if any(p.severity == Severity.ERROR for p in problems) or not pairs:
        return GraphImport(pairs, problems, saved=False)
    checkpoint(progress, 0.5, "save")
    with db.writing(backup="before-prerequisites") as session:
        save_prerequisites(session, subject, pairs, parents)
    progress.report(1.0, "done")  # committed: too late to cancel
    return GraphImport(pairs, problems, saved=True)
