"""Check the model on a stored class: hide some of its scores, predict them, compare with the score rate (no Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.progress import NullProgress, Progress, Scaled, checkpoint

if TYPE_CHECKING:
    from app.engine.evaluate import ModelCheck
    from app.storage import Database


def check_class(
    db: Database, class_name: str, *, hide: float = 0.2, seed: int = 0, progress: Progress | None = None
) -> ModelCheck:
    """Hide `hide` of each student's scores in the class, predict them with the engine and with the
    per-knowledge-point score rate, and compare (what Check the model and `python -m app check` show)."""
    from app.engine.evaluate import check_model
    from app.storage import load_score_matrix

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    with db.session() as session:
        matrix = load_score_matrix(session, class_name)
    return check_model(matrix, hide=hide, seed=seed, progress=Scaled(progress, 0.05, 1.0))
