"""Tagging exams with their paper (试卷): from a 双向细目表, from a stored paper, or edited in the window (no Qt).

Attaching or editing a paper re-tags every class that took the exam, re-scores the choice answers
and marks those classes' diagnoses out of date.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from app.core.paper import Paper
    from app.storage import Database, PaperRecord, TagSummary


@dataclass(frozen=True)
class ExamPaper:
    """The paper an imported exam was set from (`paper_id`), or the one its questions imply (None)."""

    paper_id: int | None
    paper: Paper


def tag_with_file(db: Database, paper: Paper, assessment: str, class_name: str | None = None) -> TagSummary:
    """Store `paper` and attach it to exam `assessment` in every class that took it (or in `class_name`)."""
    from app.storage import assessment_ids, attach_paper, save_paper

    with db.writing(backup="before-tagging") as session:
        found = assessment_ids(session, assessment, class_name)
        return attach_paper(session, save_paper(session, paper), found)


def exam_paper(db: Database, class_name: str, assessment: str) -> ExamPaper:
    """What the tagging table of an imported exam starts from."""
    from app.storage import assessment_ids, implied_paper, load_paper, paper_id_of

    with db.session() as session:
        (found,) = assessment_ids(session, assessment, class_name)
        paper_id = paper_id_of(session, found)
        paper = load_paper(session, paper_id) if paper_id is not None else implied_paper(session, found)
    return ExamPaper(paper_id, paper)


def save_tags(
    db: Database, class_name: str, assessment: str, paper: Paper, progress: Progress | None = None
) -> TagSummary:
    """Save the teacher's edit of an exam's paper: the stored paper changes (for every class that took the
    exam), or a new paper is stored and attached to the exam in every class that took it."""
    from app.storage import assessment_ids, attach_paper, paper_id_of, replace_paper, save_paper

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "save")
    with db.writing(backup="before-tagging") as session:
        (found,) = assessment_ids(session, assessment, class_name)
        paper_id = paper_id_of(session, found)
        if paper_id is None:
            summary = attach_paper(session, save_paper(session, paper), assessment_ids(session, assessment))
        else:
            replace_paper(session, paper_id, paper)
            used = assessment_ids(session, assessment)
            summary = attach_paper(session, paper_id, [a for a in used if paper_id_of(session, a) == paper_id])
    progress.report(1.0, "done")  # committed: too late to cancel
    return summary


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


def known_knowledge_points(db: Database, subject: str = "") -> list[str]:
    """The subject's knowledge points the store knows (from tagged questions and the prerequisite graph), sorted."""
    from app.storage import knowledge_point_names

    with db.session() as session:
        return knowledge_point_names(session, subject)
