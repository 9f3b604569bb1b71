"""The SQLite store: classes, gradebooks, knowledge graph and diagnoses, behind plain functions.

Open it with `open_database`, then use one session per user action::

    with open_database(path) as db, db.writing(backup="before-import") as session:
        summary = import_gradebook(session, parsed, "高一(3)班")

`db.session()` reads; `db.writing()` is the one way to change the store (a short transaction
that takes the write lock first). Every function below takes a session and returns frozen
dataclasses, never ORM rows.
"""

from app.storage.backups import (
    BackupContent,
    BackupRecord,
    backed_up_today,
    backup_folder,
    describe_backup,
    list_backups,
)
from app.storage.calibrations import (
    CalibrationRecord,
    QuestionCalibration,
    class_ids,
    find_calibration,
    newest_calibration,
    paper_fingerprint,
    save_calibration,
)
from app.storage.classes import Removed, delete_assessment, delete_class, rename_class
from app.storage.corrections import Correction, ScoreGrid, correct_score, score_grid
from app.storage.database import Database, open_database
from app.storage.diagnoses import (
    delete_diagnosis_run,
    list_diagnosis_runs,
    load_diagnosis,
    save_diagnosis,
)
from app.storage.engines import is_server, label
from app.storage.errors import (
    DamagedBackup,
    DamagedStore,
    DatabaseTooNew,
    DiskFull,
    DuplicateImport,
    EmptyStore,
    NotADatabase,
    NotFound,
    ReadOnlyStore,
    StoreBusy,
    StoreChanged,
    StoreError,
    StoreMissing,
    UpgradeFailed,
    store_errors,
)
from app.storage.exported_plans import list_exported_plans, record_exported_plans
from app.storage.health import StoreHealth, check_store, file_condition, repair_store
from app.storage.imports import import_gradebook, refuse_duplicate
from app.storage.knowledge import knowledge_point_names, load_parents, load_prerequisites, save_prerequisites
from app.storage.papers import (
    PaperRecord,
    StoredExam,
    TagSummary,
    assessment_ids,
    attach_paper,
    find_paper,
    find_same_paper,
    implied_paper,
    list_papers,
    load_paper,
    paper_id_of,
    paper_version,
    replace_paper,
    save_paper,
    stored_exams,
)
from app.storage.paths import default_db_path
from app.storage.priors import StoredPriorRecord, load_stored_prior, save_stored_prior, set_prior_in_use
from app.storage.queries import (
    class_exams,
    get_class,
    grade_of,
    list_classes,
    load_score_matrix,
    same_exam,
    score_rows,
    store_summary,
)
from app.storage.records import (
    ClassRecord,
    DiagnosisRunRecord,
    ExportedPlanRecord,
    ImportRecord,
    ImportSummary,
    StoreSummary,
    UndoSummary,
)
from app.storage.restore import RestoreOutcome, restore_backup
from app.storage.undo import file_batches, list_imports, undo_import

__all__ = [
    "BackupContent",
    "BackupRecord",
    "CalibrationRecord",
    "ClassRecord",
    "Correction",
    "DamagedBackup",
    "DamagedStore",
    "Database",
    "DatabaseTooNew",
    "DiagnosisRunRecord",
    "DiskFull",
    "DuplicateImport",
    "EmptyStore",
    "ExportedPlanRecord",
    "ImportRecord",
    "ImportSummary",
    "NotADatabase",
    "NotFound",
    "PaperRecord",
    "QuestionCalibration",
    "ReadOnlyStore",
    "Removed",
    "RestoreOutcome",
    "ScoreGrid",
    "StoreBusy",
    "StoreChanged",
    "StoreError",
    "StoreHealth",
    "StoreMissing",
    "StoreSummary",
    "StoredExam",
    "StoredPriorRecord",
    "TagSummary",
    "UndoSummary",
    "UpgradeFailed",
    "assessment_ids",
    "attach_paper",
    "backed_up_today",
    "backup_folder",
    "check_store",
    "class_exams",
    "class_ids",
    "correct_score",
    "default_db_path",
    "delete_assessment",
    "delete_class",
    "delete_diagnosis_run",
    "describe_backup",
    "file_batches",
    "file_condition",
    "find_calibration",
    "find_paper",
    "find_same_paper",
    "get_class",
    "grade_of",
    "implied_paper",
    "import_gradebook",
    "is_server",
    "knowledge_point_names",
    "label",
    "list_backups",
    "list_classes",
    "list_diagnosis_runs",
    "list_exported_plans",
    "list_imports",
    "list_papers",
    "load_diagnosis",
    "load_paper",
    "load_parents",
    "load_prerequisites",
    "load_score_matrix",
    "load_stored_prior",
    "newest_calibration",
    "open_database",
    "paper_fingerprint",
    "paper_id_of",
    "paper_version",
    "record_exported_plans",
    "refuse_duplicate",
    "rename_class",
    "repair_store",
    "replace_paper",
    "restore_backup",
    "same_exam",
    "save_calibration",
    "save_diagnosis",
    "save_paper",
    "save_prerequisites",
    "save_stored_prior",
    "score_grid",
    "score_rows",
    "set_prior_in_use",
    "store_errors",
    "store_summary",
    "stored_exams",
    "undo_import",
]
