"""Tagging exams with their paper (试卷): from a 双向细目表, from a stored paper, or edited in the window (no Qt).

Attaching or editing a paper re-tags every class that took the exam, re-scores the choice answers
and marks those classes' diagnoses out of date. The paper editor reads and writes 细目表 files
(`read_paper_file`, `write_paper_file`) and the store's papers (`paper_for_editing`, `stored_papers`,
`stored_paper`) here, in the window's worker.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.gradebook import ParsedGradebook
    from app.core.paper import Paper
    from app.core.problems import Problem
    from app.storage import Database
    from app.storage import PaperRecord as PaperRecord  # what the faces get, through this module
    from app.storage import TagSummary as TagSummary


@dataclass(frozen=True)
class ExamPaper:
    """The paper an imported exam was set from (`paper_id`), or the one its questions imply (None), with the
    subject's known knowledge points (the editor completes from them)."""

    paper_id: int | None
    paper: Paper
    known_points: list[str] = dataclasses.field(default_factory=list)
    version: int = 0  # the stored paper's version when read (0: none attached yet); `save_tags` checks it


def tag_with_file(db: Database, paper: Paper, assessment: str, class_name: str | None = None) -> TagSummary:
    """Store `paper` and attach it to exam `assessment` in every class that took it (or in `class_name`)."""
    from app.storage import assessment_ids, attach_paper, save_paper

    with db.writing(backup="before-tagging") as session:
        found = assessment_ids(session, assessment, class_name)
        return attach_paper(session, save_paper(session, paper), found)


def exam_paper(db: Database, class_name: str, assessment: str) -> ExamPaper:
    """What the tagging table of an imported exam starts from."""
    from app.storage import assessment_ids, implied_paper, load_paper, paper_id_of, paper_version

    with db.session() as session:
        (found,) = assessment_ids(session, assessment, class_name)
        paper_id = paper_id_of(session, found)
        paper = load_paper(session, paper_id) if paper_id is not None else implied_paper(session, found)
        version = paper_version(session, paper_id) if paper_id is not None else 0
    return ExamPaper(paper_id, paper, version=version)


def save_tags(
    db: Database,
    class_name: str,
    assessment: str,
    paper: Paper,
    progress: Progress | None = None,
    *,
    version: int | None = None,
    paper_id: int | None = None,
) -> TagSummary:
    """Save the teacher's edit of an exam's paper: the stored paper changes (for every class that took the
    exam), or a new paper is stored and attached to the exam in every class that took it. `version` and
    `paper_id`: the `ExamPaper`'s the edit started from; StoreChanged, nothing written, when another teacher saved
    the exam's paper, or attached one (another paper, e.g. from a 细目表 file), since."""
    from app.storage import StoreChanged, assessment_ids, attach_paper, paper_id_of, replace_paper, save_paper
    from app.storage.papers import paper_changed_text

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "save")
    with db.writing(backup="before-tagging") as session:
        (found,) = assessment_ids(session, assessment, class_name)
        found_paper = paper_id_of(session, found, lock=True)
        if found_paper is None:
            summary = attach_paper(session, save_paper(session, paper), assessment_ids(session, assessment))
        elif version == 0 or paper_id not in (None, found_paper):  # another paper attached since it was read
            raise StoreChanged(paper_changed_text(paper.name))
        else:
            replace_paper(session, found_paper, paper, expected_version=version)
            used = assessment_ids(session, assessment)
            summary = attach_paper(session, found_paper, [a for a in used if paper_id_of(session, a) == found_paper])
    progress.report(1.0, "done")  # committed: too late to cancel
    return summary


def paper_changed(error: BaseException | None) -> bool:
    """True when `save_tags` failed because another teacher saved the exam's paper first (nothing was written)."""
    from app.storage import StoreChanged

    return isinstance(error, StoreChanged)


def stored_papers(db: Database) -> list[PaperRecord]:
    """Every stored paper, newest first (to copy tags from)."""
    from app.storage import list_papers

    with db.session() as session:
        return list_papers(session)


def stored_paper(db: Database, paper_id: int, name: str | None = None) -> Paper:
    """A stored paper, renamed `name` when it is copied for another exam."""
    from app.storage import load_paper

    with db.session() as session:
        paper = load_paper(session, paper_id)
    return dataclasses.replace(paper, name=name) if name else paper


def paper_for_editing(db: Database, class_name: str, assessment: str, subject: str = "") -> ExamPaper:
    """What the paper dialog shows for one exam: its paper (`exam_paper`) and the subject's known points."""
    found = exam_paper(db, class_name, assessment)
    return dataclasses.replace(found, known_points=known_knowledge_points(db, subject))


def implied_paper(parsed: ParsedGradebook, name: str) -> Paper:
    """The paper a read gradebook implies (its questions, full marks, points and keys as the file says)."""
    from app.importer.paper import paper_of

    return paper_of(parsed, name)


def with_paper(parsed: ParsedGradebook, paper: Paper) -> ParsedGradebook:
    """The read gradebook with `paper` applied (its questions re-tagged and re-scored), its problems listed."""
    from app.importer.paper import apply_paper

    return apply_paper(parsed, paper)


def read_paper_file(path: Path) -> tuple[Paper | None, list[Problem]]:
    """A 双向细目表 read from `path` (None when it cannot be read), with every problem found, located."""
    from app.importer.paper import read_paper

    return read_paper(path)


def write_paper_file(paper: Paper, path: Path, lang: str) -> Path:
    """Write `paper` as a 双向细目表 workbook at `path` (whole or not at all); returns the path."""
    from app.export.paper import write_paper_xlsx

    return write_paper_xlsx(paper, path, lang)


def known_knowledge_points(db: Database, subject: str = "") -> list[str]:
    """The subject's knowledge points the store knows (from tagged questions and the prerequisite graph), sorted."""
    from app.storage import knowledge_point_names

    with db.session() as session:
        return knowledge_point_names(session, subject)
