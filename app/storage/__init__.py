"""The SQLite store: classes, gradebooks, knowledge graph and diagnoses, behind plain functions.

Open it with `open_database`, then use one session per user action::

    with open_database(path) as db, db.session() as session, session.begin():
        summary = import_gradebook(session, parsed, "高一(3)班")

Every function below takes that session and returns frozen dataclasses, never ORM rows.
"""

from app.storage.database import Database, open_database
from app.storage.diagnoses import (
    delete_diagnosis_run,
    list_diagnosis_runs,
    load_diagnosis,
    save_diagnosis,
)
from app.storage.errors import (
    DatabaseTooNew,
    DuplicateImport,
    NotADatabase,
    NotFound,
    StoreError,
)
from app.storage.imports import import_gradebook
from app.storage.knowledge import load_prerequisites, save_prerequisites
from app.storage.paths import default_db_path
from app.storage.queries import (
    get_class,
    list_classes,
    load_score_matrix,
    store_summary,
)
from app.storage.records import (
    ClassRecord,
    DiagnosisRunRecord,
    ImportRecord,
    ImportSummary,
    StoreSummary,
    UndoSummary,
)
from app.storage.undo import list_imports, undo_import

__all__ = [
    "ClassRecord",
    "Database",
    "DatabaseTooNew",
    "DiagnosisRunRecord",
    "DuplicateImport",
    "ImportRecord",
    "ImportSummary",
    "NotADatabase",
    "NotFound",
    "StoreError",
    "StoreSummary",
    "UndoSummary",
    "default_db_path",
    "delete_diagnosis_run",
    "get_class",
    "import_gradebook",
    "list_classes",
    "list_diagnosis_runs",
    "list_imports",
    "load_diagnosis",
    "load_prerequisites",
    "load_score_matrix",
    "open_database",
    "save_diagnosis",
    "save_prerequisites",
    "store_summary",
    "undo_import",
]
