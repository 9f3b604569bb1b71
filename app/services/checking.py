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
    """Hide `hide` of each student's scores in the class, predict them with the engine (within its grade, with
    the prior diagnoses use) and with the per-knowledge-point score rate, and compare; with the reliability of
    the class's knowledge-point profile (what Check the model and `python -m app check` show)."""
    from app.engine.evaluate import check_model
    from app.services.grade_peers import grade_peers
    from app.services.priors import active_prior
    from app.storage import load_score_matrix

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    with db.session() as session:
        matrix = load_score_matrix(session, class_name)
        (peers,) = grade_peers(session, class_name, [matrix.assessments])
    prior, _ = active_prior(db)
    return check_model(matrix, peers=peers, hide=hide, seed=seed, prior=prior, progress=Scaled(progress, 0.05, 1.0))
