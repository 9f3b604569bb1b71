"""The school's own prior as the store keeps it: tensors, model card and the teacher's switch, one row at most."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.models import StoredPrior


@dataclass(frozen=True)
class StoredPriorRecord:
    """The stored prior: `weights` as `torch.save` wrote them, `card` as JSON text (either may be damaged: the
    caller checks both), whether diagnoses use it, and when it was trained."""

    weights: bytes
    card: str
    in_use: bool
    trained_at: dt.datetime


def load_stored_prior(session: Session) -> StoredPriorRecord | None:
    """The store's own prior, None when it has none."""
    row = session.scalars(select(StoredPrior).order_by(StoredPrior.id.desc()).limit(1)).one_or_none()
    if row is None:
        return None
    return StoredPriorRecord(bytes(row.weights), row.card, bool(row.in_use), row.trained_at)


def save_stored_prior(session: Session, weights: bytes, card: str, in_use: bool) -> None:
    """Replace the store's own prior (in the caller's write transaction)."""
    session.execute(delete(StoredPrior))
    session.add(StoredPrior(weights=weights, card=card, in_use=in_use, trained_at=dt.datetime.now()))
    session.flush()


def set_prior_in_use(session: Session, in_use: bool) -> None:
    """The teacher's switch: diagnoses use the store's own prior, or the shipped one."""
    for row in session.scalars(select(StoredPrior)):
        row.in_use = in_use
    session.flush()
