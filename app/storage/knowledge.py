"""The knowledge graph of a subject: which knowledge points come before which, and which point is a unit of which."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.storage.engines import insert_new, is_shared
from app.storage.models import (
    DiagnosisResult,
    KnowledgePoint,
    Prerequisite,
    QuestionKnowledgePoint,
)


def add_knowledge_points(session: Session, subject: str, names: Sequence[str], batch_id: int | None) -> dict[str, int]:
    """Ids of `names` in `subject`, those the store lacks added, owned by the import `batch_id` (None: kept by
    the knowledge graph; always so on a server, where the grade shares them)."""
    named = select(KnowledgePoint.name, KnowledgePoint.id).where(
        KnowledgePoint.subject == subject, KnowledgePoint.name.in_(names)
    )
    existing = dict(session.execute(named).all())
    owner = None if is_shared(session) else batch_id
    missing = [{"subject": subject, "name": n, "batch_id": owner} for n in dict.fromkeys(names) if n not in existing]
    if not missing:
        return existing
    insert_new(session, KnowledgePoint, missing)
    return dict(session.execute(named).all())


def save_prerequisites(
    session: Session, subject: str, pairs: Iterable[tuple[str, str]], parents: Iterable[tuple[str, str]] = ()
) -> int:
    """Replace the subject's graph by `(knowledge_point, prerequisite)` pairs and its hierarchy by `(knowledge_point,
    parent)` pairs (a point's first parent wins); returns the edge count.

    Knowledge points the store lacks are added; those only the old graph used are removed.
    """
    hierarchy = dict(reversed(list(parents)))  # reversed: the first parent given is the one kept
    edges = list(dict.fromkeys((kp, pre) for kp, pre in pairs))
    if any(kp == pre for kp, pre in edges):
        raise ValueError("a knowledge point cannot be its own prerequisite")
    names = list(dict.fromkeys(name for edge in [*edges, *hierarchy.items()] for name in edge))
    ids = add_knowledge_points(session, subject, names, None)
    in_subject = select(KnowledgePoint.id).where(KnowledgePoint.subject == subject)
    session.execute(delete(Prerequisite).where(Prerequisite.knowledge_point_id.in_(in_subject)))
    if edges:
        session.execute(
            insert(Prerequisite),
            [{"knowledge_point_id": ids[kp], "prerequisite_id": ids[pre]} for kp, pre in edges],
        )
    session.execute(update(KnowledgePoint).where(KnowledgePoint.subject == subject).values(parent_id=None))
    for kp, parent in hierarchy.items():
        session.execute(update(KnowledgePoint).where(KnowledgePoint.id == ids[kp]).values(parent_id=ids[parent]))
    _remove_unused_graph_points(session, subject)
    return len(edges)


def load_prerequisites(session: Session, subject: str) -> list[tuple[str, str]]:
    """The subject's `(knowledge_point, prerequisite)` pairs, sorted."""
    prerequisite = aliased(KnowledgePoint)
    rows = session.execute(
        select(KnowledgePoint.name, prerequisite.name)
        .join(Prerequisite, Prerequisite.knowledge_point_id == KnowledgePoint.id)
        .join(prerequisite, prerequisite.id == Prerequisite.prerequisite_id)
        .where(KnowledgePoint.subject == subject)
    )
    return sorted((kp, pre) for kp, pre in rows)


def load_parents(session: Session, subject: str) -> dict[str, str]:
    """The subject's hierarchy: each knowledge point that has a parent, with its parent's name."""
    parent = aliased(KnowledgePoint)
    rows = session.execute(
        select(KnowledgePoint.name, parent.name)
        .join(parent, parent.id == KnowledgePoint.parent_id)
        .where(KnowledgePoint.subject == subject)
    )
    return dict(sorted((kp, parent) for kp, parent in rows))


def _remove_unused_graph_points(session: Session, subject: str) -> None:
    """Delete the subject's knowledge points that no import owns and nothing references any more."""
    child = aliased(KnowledgePoint)
    referenced = (
        select(Prerequisite).where(
            or_(
                Prerequisite.knowledge_point_id == KnowledgePoint.id,
                Prerequisite.prerequisite_id == KnowledgePoint.id,
            )
        ),
        select(QuestionKnowledgePoint).where(QuestionKnowledgePoint.knowledge_point_id == KnowledgePoint.id),
        select(DiagnosisResult).where(DiagnosisResult.knowledge_point_id == KnowledgePoint.id),
        select(child).where(child.parent_id == KnowledgePoint.id),
    )
    session.execute(
        delete(KnowledgePoint).where(
            KnowledgePoint.subject == subject,
            KnowledgePoint.batch_id.is_(None),
            KnowledgePoint.parent_id.is_(None),
            *(~query.exists() for query in referenced),
        )
    )


def knowledge_point_names(session: Session, subject: str) -> list[str]:
    """Every knowledge point of the subject, sorted by name."""
    return sorted(session.scalars(select(KnowledgePoint.name).where(KnowledgePoint.subject == subject)))
