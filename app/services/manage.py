"""What the window's Manage dialog reads before it asks to confirm a change (no Qt).

The changes themselves are `app.services.classes` (rename, delete, correct) and
`app.services.store.undo_import`; these say beforehand exactly what a change takes away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage import Database, ImportRecord


def undo_parts(db: Database, batch_id: int) -> list[ImportRecord]:
    """The imports that undoing `batch_id` takes away together (`undo_import(db, batch_id, whole_file=True)`):
    every class's part of the same file, newest first."""
    from app.storage import file_batches, list_imports

    with db.session() as session:
        batches = set(file_batches(session, batch_id))
        return [record for record in list_imports(session) if record.batch_id in batches]
