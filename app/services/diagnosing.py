"""Diagnose a class held in the store and keep the result: what the CLI and the window both run (no Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.diagnosis import Diagnosis
from app.core.progress import NullProgress, Progress, Scaled, checkpoint

if TYPE_CHECKING:
    from app.storage import Database


def diagnose_stored_class(
    db: Database,
    class_name: str,
    *,
    device: str | None = None,
    trajectory: bool = True,
    progress: Progress | None = None,
) -> list[tuple[int, Diagnosis]]:
    """Diagnose the class over all its assessments and, with `trajectory` and several assessments,
    over each alone; store every run in one transaction. Returns (run id, diagnosis), main run first.
    """
    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    from app.engine.diagnose import (
        diagnose,  # the module, not the package attribute (same name)
    )
    from app.storage import load_score_matrix, save_diagnosis

    with db.session() as session, session.begin():
        matrix = load_score_matrix(session, class_name)
        parts: list[tuple[str, ...] | None] = [None]
        if trajectory and len(matrix.assessments) > 1:
            parts += [(name,) for name in matrix.assessments]
        results = []
        share = 0.9 / len(parts)
        for n, assessments in enumerate(parts):
            m = matrix if assessments is None else load_score_matrix(session, class_name, list(assessments))
            sub = Scaled(progress, 0.05 + n * share, 0.05 + (n + 1) * share)
            results.append((assessments, diagnose(m, device=device, progress=sub)))
        checkpoint(progress, 0.96, "save")
        saved = [(save_diagnosis(session, class_name, d, list(a) if a else None), d) for a, d in results]
    progress.report(1.0, "done")  # committed: too late to cancel
    return saved
