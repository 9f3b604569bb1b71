"""What the window's Manage dialog reads before it asks to confirm a change (no Qt).

The changes themselves are `app.services.classes` (rename, delete, correct) and
`app.services.store.undo_import`; these say beforehand exactly what a change takes away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage import Database, ImportRecord


def undo_parts(db: Database, batch_id: int | None = None) -> list[ImportRecord]:
    """The imports that undoing `batch_id` takes away together (`undo_import(db, batch_id, whole_file=True)`):
    every class's part of the same file, newest first. `batch_id` None: the newest import in the store now (read
    afresh, so an import the command line or another window made meanwhile is the one offered); [] when the
    store holds none."""
    from app.storage import file_batches, list_imports

    with db.session() as session:
        imports = list_imports(session)
        if batch_id is None:
            if not imports:
                return []
            batch_id = max(imports, key=lambda r: (r.imported_at, r.batch_id)).batch_id
        batches = set(file_batches(session, batch_id))
        return [record for record in imports if record.batch_id in batches]
