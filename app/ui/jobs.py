"""What each user action asks of the core, one store session per action (no Qt here).

The window runs the slow ones (`open_store`, `run_diagnosis`, `import_files`, `load_sample`) in a
worker thread and the quick ones (`load_class_data`, `undo_last_import`) on the UI thread; it never
runs two at once, so the store is used from one thread at a time. Heavy modules (pandas,
SQLAlchemy, torch) are imported here, inside the functions, so the window opens without them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.progress import NullProgress, Progress, checkpoint
from app.ui.state import ClassData

if TYPE_CHECKING:
    from app.storage import Database


@dataclass(frozen=True)
class StoreState:
    """What the window needs to know about the store after opening it or changing it."""

    path: Path
    classes: list[Any]  # ClassRecord
    empty: bool
    imports: list[Any] = field(default_factory=list)  # ImportRecord, newest last


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Pause garbage collection around heavy imports, then freeze what they made out of it.

    A full collection over the objects torch, sympy, pandas and SQLAlchemy create holds the
    interpreter lock for up to half a second, which would stall the window's event loop.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def open_store(path: Path | str | None, progress: Progress | None = None) -> tuple[Database, StoreState]:
    """Open (create, upgrade) the store and read what it holds; also imports the charting code."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "store")
    with quiet_gc():
        from app.storage import default_db_path, open_database

        db = open_database(Path(path) if path else default_db_path())
        state = store_state(db)
        checkpoint(progress, 0.6, "charts")
        from app.ui.fonts import register_matplotlib_font

        register_matplotlib_font()
        import matplotlib.backends.backend_agg  # noqa: F401
        import matplotlib.figure  # noqa: F401

        import app.analysis  # noqa: F401
    return db, state


def store_state(db: Database) -> StoreState:
    """Classes and imports now in the store."""
    from app.storage import list_classes, list_imports

    with db.session() as session:
        classes = list_classes(session)
        imports = list_imports(session)
    return StoreState(path=Path(db.path), classes=classes, empty=not classes, imports=imports)


def warm_up(progress: Progress | None = None) -> str:
    """Import the engine (torch) off the UI thread and run a tiny diagnosis, so the first real one
    starts at once; returns the compute device's label."""
    import os

    progress = progress or NullProgress()
    with quiet_gc():
        checkpoint(progress, 0.1, "engine")
        import torch

        from app.engine import device_label, pick_device
        from app.engine.diagnose import diagnose

        torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))  # leave a core to the window
        device = pick_device()
        checkpoint(progress, 0.6, "engine")
        try:
            diagnose(_tiny_matrix())  # torch.func imports most of its machinery on first use
        except Exception:  # noqa: BLE001 - only a warm-up; the real run reports its own errors
            pass
        return device_label(device)


def _tiny_matrix():
    import numpy as np

    from app.score_matrix import ScoreMatrix

    return ScoreMatrix(
        student_ids=("a", "b", "c"), student_names=(None, None, None), item_ids=("q1", "q2"),
        knowledge_points=("k",), assessments=("t",), item_assessment=np.zeros(2, dtype=int),
        points=np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]), max_scores=np.ones(2),
        q_matrix=np.ones((2, 1), dtype=bool),
    )


def _latest(runs: list[Any], assessments: tuple[str, ...]) -> Any | None:
    matching = [r for r in runs if set(r.assessments) == set(assessments)]
    return max(matching, key=lambda r: (r.created, r.run_id)) if matching else None


def load_class_data(db: Database, class_name: str, run_id: int | None = None) -> ClassData:
    """The class's scores, its diagnosis (run `run_id`, else the latest over all its assessments),
    the per-assessment diagnoses for trajectories, and its prerequisites."""
    from app.storage import (
        list_classes,
        list_diagnosis_runs,
        list_imports,
        load_diagnosis,
        load_prerequisites,
        load_score_matrix,
    )

    with db.session() as session:
        record = next((c for c in list_classes(session) if c.name == class_name), None)
        subject = record.subject if record else ""
        matrix = load_score_matrix(session, class_name)
        runs = list_diagnosis_runs(session, class_name)
        chosen = next((r for r in runs if r.run_id == run_id), None) if run_id else _latest(runs, matrix.assessments)
        if chosen is None and runs and run_id is None:
            chosen = max(runs, key=lambda r: (len(r.assessments), r.created, r.run_id))
        diagnosis = load_diagnosis(session, chosen.run_id) if chosen else None
        per_assessment = {}
        if len(matrix.assessments) > 1:
            for name in matrix.assessments:
                run = _latest(runs, (name,))
                if run is not None:
                    per_assessment[name] = load_diagnosis(session, run.run_id)
        prerequisites = list(load_prerequisites(session, subject))
        imports = [i for i in list_imports(session, class_name)]
    stale = False
    if chosen is not None and run_id is None:  # an earlier run the teacher picked is shown as it was
        newest_import = max((i.imported_at for i in imports), default=None)
        stale = set(chosen.assessments) != set(matrix.assessments) or (
            newest_import is not None and newest_import > chosen.created)
    return ClassData(
        class_name=class_name,
        subject=subject,
        matrix=matrix,
        diagnosis=diagnosis,
        run_id=chosen.run_id if chosen else None,
        run_label="",
        per_assessment=per_assessment,
        prerequisites=prerequisites,
        stale=stale,
    )


def list_runs(db: Database, class_name: str) -> list[Any]:
    """The class's stored diagnosis runs, newest first."""
    from app.storage import list_diagnosis_runs

    with db.session() as session:
        runs = list_diagnosis_runs(session, class_name)
    return sorted(runs, key=lambda r: (r.created, r.run_id), reverse=True)


def run_diagnosis(db: Database, class_name: str, progress: Progress | None = None) -> int:
    """Diagnose the class (and each assessment alone, for the trajectory); returns the main run's id."""
    from app.class_diagnosis import diagnose_stored_class

    return diagnose_stored_class(db, class_name, progress=progress)[0][0]


def undo_last_import(db: Database) -> Any:
    """Undo the newest import; returns the UndoSummary."""
    from app.storage import undo_import

    with db.session() as session, session.begin():
        return undo_import(session)


def load_matrix(db: Database, class_name: str) -> Any:
    """The class's full score matrix."""
    from app.storage import load_score_matrix

    with db.session() as session:
        return load_score_matrix(session, class_name)


@dataclass(frozen=True)
class ImportRequest:
    """What the wizard hands the window: parsed gradebook, class, optional prerequisite links."""

    parsed: Any  # ParsedGradebook
    class_name: str
    prerequisites: list[tuple[str, str]] | None = None
    path: str = ""


def import_parsed(db: Database, request: ImportRequest, progress: Progress | None = None) -> Any:
    """Store one parsed gradebook (and its prerequisites) in one transaction; returns the ImportSummary."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "import")
    from app.storage import import_gradebook, list_classes, save_prerequisites

    with db.session() as session, session.begin():
        summary = import_gradebook(session, request.parsed, request.class_name)
        if request.prerequisites:
            subject = next((c.subject for c in list_classes(session) if c.name == request.class_name), "")
            save_prerequisites(session, subject, request.prerequisites)
    progress.report(1.0, "done")  # committed: too late to cancel
    return summary


@dataclass(frozen=True)
class ExportRequest:
    """What the export dialog asks for: which export of which class, where, how (as `python -m app export`)."""

    what: str  # "plans", "report" or "mastery"
    class_name: str
    out: Path  # a file, or a folder for per-student plans
    fmt: str
    lang: str
    anonymise: bool = False
    per_student: bool = False
    threshold: float | None = None  # None: the diagnosis' own
    run_id: int | None = None


def export_class(db: Database, request: ExportRequest, progress: Progress | None = None) -> list[Path]:
    """Gather the class (diagnosing it first if it never was) and write the export; returns the files."""
    from app.class_export import load_export_data
    from app.export import PlanSettings, export_mastery, export_plans, export_report
    from app.progress import Scaled

    progress = progress or NullProgress()
    data = load_export_data(db, request.class_name, run_id=request.run_id, predictions=request.what == "plans",
                            progress=Scaled(progress, 0.0, 0.4))
    common: dict[str, Any] = {"fmt": request.fmt, "lang": request.lang, "anonymise": request.anonymise,
                              "settings": PlanSettings(threshold=request.threshold)}
    writing = Scaled(progress, 0.4, 1.0)
    if request.what == "plans":
        return export_plans(data, request.out, per_student=request.per_student, progress=writing, **common)
    if request.what == "report":
        return export_report(data, request.out, progress=writing, **common)
    checkpoint(writing, 0.0, "write")
    return export_mastery(data, request.out, **common)


@dataclass(frozen=True)
class GraphImport:
    """The outcome of importing a prerequisite file: the links read, the problems found, whether it was saved."""

    pairs: list[tuple[str, str]]
    problems: list[Any]  # Problem
    saved: bool


def import_prerequisites(db: Database, subject: str, path: Path | str, known_points: Any,
                         progress: Progress | None = None) -> GraphImport:
    """Read and check a prerequisite file; unless it has errors (a cycle among them), replace the
    subject's graph with it in one transaction."""
    from app.knowledge_graph import read_prerequisites, validate_graph
    from app.problems import Severity
    from app.storage import save_prerequisites

    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "read")
    links, problems = read_prerequisites(path)
    if not any(p.severity == Severity.ERROR for p in problems):
        problems += validate_graph(links, known_points)
    pairs = [link.pair for link in links]
    if any(p.severity == Severity.ERROR for p in problems) or not pairs:
        return GraphImport(pairs, problems, saved=False)
    checkpoint(progress, 0.5, "save")
    with db.session() as session, session.begin():
        save_prerequisites(session, subject, pairs)
    progress.report(1.0, "done")  # committed: too late to cancel
    return GraphImport(pairs, problems, saved=True)
