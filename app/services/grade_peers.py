"""The other classes of a class's grade, as the engine takes them: their scores on the same exams (no Qt)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core.score_matrix import ScoreMatrix

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def grade_peers(session: Session, class_name: str, assessments: Sequence[str]) -> list[ScoreMatrix]:
    """The scores of every other class of the grade on those of `assessments` it sat too (by exam name),
    with item ids as the class's own matrix on `assessments` names them, so the engine can match them."""
    from app.storage import get_class, grade_of, load_score_matrix
    from app.storage.queries import item_id

    qualified = len(assessments) > 1
    peers = []
    for other in grade_of(session, class_name):
        taken = set(get_class(session, other).assessments)
        names = [a for a in assessments if a in taken]
        if not names:  # the same paper under another exam name: its questions cannot be matched by id
            continue
        matrix = load_score_matrix(session, other, names)
        if qualified and len(names) == 1:  # loaded alone its ids are bare labels: qualify them as the class does
            matrix = dataclasses.replace(matrix, item_ids=tuple(item_id(names[0], i, True) for i in matrix.item_ids))
        peers.append(matrix)
    return peers
