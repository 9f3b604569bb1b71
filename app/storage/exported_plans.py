"""Practice plans a teacher exported, remembered per class so that the next exam can follow their points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import ExportedPlan
from app.storage.queries import find_class
from app.storage.records import ExportedPlanRecord


def record_exported_plans(
    session: Session,
    class_name: str,
    *,
    run_id: int | None,
    kind: str,
    after: str,
    points: Mapping[str, Sequence[str]],
    exported: dt.datetime | None = None,
) -> int:
    """Remember that plans of `kind` were exported for the class from run `run_id`, made after exam `after`, with each
    student's points (学号 -> points in the plan's order); returns its id."""
    row = ExportedPlan(
        class_id=find_class(session, class_name).id,
        run_id=run_id,
        exported=exported or dt.datetime.now(),
        kind=kind,
        after=after,
        points={sid: list(found) for sid, found in points.items()},
    )
    session.add(row)
    session.flush()
    return row.id


def list_exported_plans(session: Session, class_name: str) -> list[ExportedPlanRecord]:
    """The class's exported plans, oldest first."""
    rows = session.scalars(
        select(ExportedPlan)
        .where(ExportedPlan.class_id == find_class(session, class_name).id)
        .order_by(ExportedPlan.exported, ExportedPlan.id)
    )
    return [
        ExportedPlanRecord(
            plan_id=r.id,
            exported=r.exported,
            kind=r.kind,
            run_id=r.run_id,
            after=r.after,
            points={sid: tuple(found) for sid, found in r.points.items()},
        )
        for r in rows
    ]
