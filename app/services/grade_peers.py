"""The other classes of a class's grade, as the engine takes them: their scores on the same exams (no Qt)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.score_matrix import ScoreMatrix

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.storage.queries import ExamSignatures


@dataclass
class PeerCache:
    """What one action diagnosing a grade has read, so it reads it once: each class's scores by (class, exams),
    and the store's exams as `grade_of` matches them."""

    scores: dict[tuple[str, tuple[str, ...]], ScoreMatrix] = field(default_factory=dict)
    exams: ExamSignatures | None = None
    exam_names: dict[str, set[str]] | None = None  # each class's exams by name


def grade_peers(
    session: Session,
    class_name: str,
    assessment_sets: Sequence[Sequence[str]],
    cache: PeerCache | None = None,
) -> list[list[ScoreMatrix]]:
    """`named_grade_peers` without the classes' names."""
    return [[m for _, m in peers] for peers in named_grade_peers(session, class_name, assessment_sets, cache)]


def named_grade_peers(
    session: Session,
    class_name: str,
    assessment_sets: Sequence[Sequence[str]],
    cache: PeerCache | None = None,
) -> list[list[tuple[str, ScoreMatrix]]]:
    """For each set of the class's assessments, (name, scores) of every other class of the grade on those of the set
    it sat too (by exam name), with item ids as the class's own matrix on that set names them, so the engine can
    match them. The grade and its classes' exams are looked up once for all the sets. On a school's server the
    whole grade is read, the classes the login does not teach anonymously (`grade_session`). `cache` keeps what
    was read for the next class of the same action (40 classes of a grade read 40 times, not 1,600)."""
    from app.storage import class_exams, grade_of
    from app.storage.queries import exam_signatures
    from app.storage.server import grade_session

    cache = PeerCache() if cache is None else cache
    with grade_session(session) as grade:
        if cache.exams is None or cache.exam_names is None:
            cache.exams, cache.exam_names = exam_signatures(grade), class_exams(grade)
        others = grade_of(grade, class_name, cache.exams)
        taken = cache.exam_names
        return [_on(grade, others, taken, assessments, cache) for assessments in assessment_sets]


def _on(
    session: Session, others: list[str], taken: dict[str, set[str]], assessments: Sequence[str], cache: PeerCache
) -> list[tuple[str, ScoreMatrix]]:
    """The other classes' scores on those of `assessments` each sat."""
    from app.storage.queries import item_id

    qualified = len(assessments) > 1
    peers = []
    for other in others:
        names = [a for a in assessments if a in taken.get(other, set())]
        if not names:  # the same paper under another exam name: its questions cannot be matched by id
            continue
        matrix = class_scores(session, other, names, cache)
        if qualified and len(names) == 1:  # loaded alone its ids are bare labels: qualify them as the class does
            matrix = dataclasses.replace(matrix, item_ids=tuple(item_id(names[0], i, True) for i in matrix.item_ids))
        peers.append((other, matrix))
    return peers


def class_scores(session: Session, class_name: str, assessments: Sequence[str], cache: PeerCache | None) -> ScoreMatrix:
    """The class's scores on `assessments` (in that order), read once per action when `cache` keeps them."""
    from app.storage import load_score_matrix

    key = (class_name, tuple(assessments))
    if cache is None:
        return load_score_matrix(session, class_name, list(assessments))
    if key not in cache.scores:
        cache.scores[key] = load_score_matrix(session, class_name, list(assessments))
    return cache.scores[key]
