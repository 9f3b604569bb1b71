"""Gather a stored class for the exports: its scores, a diagnosis, predictions and prerequisites (no Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.export import ClassData
from app.progress import NullProgress, Progress, Scaled, checkpoint

if TYPE_CHECKING:
    from app.storage import Database


def load_export_data(
    db: Database,
    class_name: str,
    *,
    run_id: int | None = None,
    device: str | None = None,
    predictions: bool = True,
    progress: Progress | None = None,
) -> ClassData:
    """The class with diagnosis run `run_id`, else its newest run over all its assessments (diagnosing
    it first when there is none), plus the engine's predicted success per student × question."""
    from app.storage import (
        NotFound,
        list_classes,
        list_diagnosis_runs,
        load_diagnosis,
        load_prerequisites,
        load_score_matrix,
    )
    from app.problems import Text

    progress = progress or NullProgress()
    checkpoint(progress, 0.0, "load")
    with db.session() as session:
        record = next((c for c in list_classes(session) if c.name == class_name), None)
        if record is None:
            raise NotFound(Text(f"没有名为“{class_name}”的班级", f"there is no class named '{class_name}'"))
        runs = list_diagnosis_runs(session, class_name)
    if run_id is not None:
        chosen = next((r for r in runs if r.run_id == run_id), None)
        if chosen is None:
            raise NotFound(Text(f"班级“{class_name}”没有诊断编号 {run_id}", f"class '{class_name}' has no diagnosis run {run_id}"))
    else:
        covering = [r for r in runs if set(r.assessments) == set(record.assessments)]
        chosen = max(covering, key=lambda r: (r.created, r.run_id)) if covering else None
    if chosen is None:
        from app.class_diagnosis import diagnose_stored_class

        run_id = diagnose_stored_class(db, class_name, device=device, progress=Scaled(progress, 0.0, 0.6))[0][0]
    else:
        run_id = chosen.run_id
    with db.session() as session:
        diagnosis = load_diagnosis(session, run_id)
        assessments = next(r.assessments for r in list_diagnosis_runs(session, class_name) if r.run_id == run_id)
        matrix = load_score_matrix(session, class_name, list(assessments) or None)
        prerequisites = list(load_prerequisites(session, record.subject))
    success = None
    if predictions:
        checkpoint(progress, 0.7, "predict")
        from app.engine.diagnose import predict
        from app.planning import success_grid

        success = success_grid(lambda m, s, i: predict(m, s, i, device=device), matrix)
    progress.report(1.0, "done")
    return ClassData(class_name, matrix, diagnosis, success, prerequisites=prerequisites)
