"""Opening the store and reading what it holds, and warming the engine up (no Qt).

Heavy modules (SQLAlchemy, matplotlib, torch) are imported inside the functions, so the window
opens without them and loads them in its worker thread.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from app.core.score_matrix import ScoreMatrix
    from app.storage import BackupRecord as BackupRecord  # the records and the store handle the faces hold
    from app.storage import ClassRecord as ClassRecord
    from app.storage import Database as Database
    from app.storage import ImportRecord as ImportRecord
    from app.storage import ImportSummary as ImportSummary
    from app.storage import StoreSummary as StoreSummary
    from app.storage import UndoSummary as UndoSummary


@dataclass(frozen=True)
class StoreState:
    """What the window needs to know about the store after opening it or changing it: `read_only` says why the
    store can only be read (the window's banner), None when it can be written; `notes` what could not be done
    (today's backup skipped: the disk is full)."""

    path: Path | None  # None for a server store
    classes: list[ClassRecord]
    empty: bool
    imports: list[ImportRecord] = field(default_factory=list)  # newest first
    read_only: Text | None = None
    notes: list[Text] = field(default_factory=list)
    location: str = ""  # how the store is named to the teacher: its path, or the server's URL without the password


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


def open_store(
    path: Path | str | None, progress: Progress | None = None, *, server: str | None = None
) -> tuple[Database, StoreState]:
    """Open (create, upgrade) the store (a file, or a school server's URL) and read what it holds; also imports
    the charting code. `server`: the school server the teacher chose, opened where no `path` is given; when it
    cannot be reached the store on this PC opens instead, and `notes` say so."""
    progress = progress or NullProgress()
    checkpoint(progress, 0.1, "store")
    with quiet_gc():
        db = _open_chosen(path, server)
        daily_backup(db)
        state = store_state(db)
        checkpoint(progress, 0.6, "charts")

        from app.charts.style import register_font

        register_font()
    return db, state


def _open_chosen(path: Path | str | None, server: str | None) -> Database:
    """The store `path` (or ZHIDIAN_DB) names, else the chosen server, else (or where the server cannot be reached)
    this PC's."""
    import os

    from app.storage.errors import StoreUnreachable

    if path or server is None or os.environ.get("ZHIDIAN_DB"):
        return open_readable(store_location(path))
    try:
        return open_readable(server)
    except StoreUnreachable as unreachable:
        db = open_readable(store_location(None))
        db.notes.append(
            Text(
                f"{unreachable.text.zh} 现在打开的是本机的数据库“{db.location}”：这里的修改不会到学校服务器上。",
                f"{unreachable.text.en} The store on this PC, '{db.location}', is open instead: changes made here do "
                "not reach the school server.",
            )
        )
        return db


def store_location(given: Path | str | None) -> Path | str:
    """Where the store is: `given` (--db: a file path or a postgresql:// URL), else the ZHIDIAN_DB environment
    variable, else `zhidian.db` in the data folder. A server's URL stays text; a file's is a Path."""
    import os

    from app.storage import default_db_path, is_server

    where = given if given not in (None, "") else os.environ.get("ZHIDIAN_DB") or None
    if where is None:
        return default_db_path()
    return str(where) if is_server(where) else Path(where)


def open_readable(path: Path | str) -> Database:
    """The store at `path` opened to write, else (no permission, a read-only medium, a network share) opened to
    read only: a locked-down PC can still look at and export what it holds. A server store opens as the login
    given may use it (the server's rules say what it can change)."""
    from app.storage import ReadOnlyStore, StoreError, open_database

    try:
        return open_database(path)
    except ReadOnlyStore as cannot_write:
        try:
            return open_database(path, read_only=True)
        except StoreError:
            raise cannot_write from None


def connect(path: Path | str | None = None, *, reading: bool = False) -> Database:
    """The store at `path` (a file or a server's URL; default: ZHIDIAN_DB, else the data folder's), opened (a file
    created or upgraded if need be) for a command: no daily backup, no charts; `reading`: opened read-only where
    it cannot be written (the command only reads)."""
    from app.storage import open_database

    store = store_location(path)
    return open_readable(store) if reading else open_database(store)


def store_totals(db: Database) -> StoreSummary:
    """How many classes, students, exams, questions, scores and knowledge points the store holds."""
    from app.storage import store_summary

    with db.session() as session:
        return store_summary(session)


def cannot_write(store: Path) -> Text | None:
    """Why nothing can be written beside the store (no permission, a read-only medium), None when it can: where it
    cannot, the window opens the store read-only and takes no single-instance lock (its lock file cannot be made,
    which does not mean another Zhidian runs)."""
    import tempfile

    folder = Path(store).parent
    if not folder.is_dir():
        return None  # made when the store is opened (or that says why it cannot be)
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        from app.storage.errors import read_only_text  # only then: the window asks before SQLAlchemy is loaded

        return read_only_text(Path(store))
    return None


@dataclass(frozen=True)
class SkippedBackup(Text):
    """The note that today's backup was skipped, which any backup made through the handle after it takes back."""

    made: int = 0  # the backups made through the handle when it was skipped


def notes_now(db: Database) -> list[Text]:
    """What could not be done while the store was open and still holds: a skipped backup no longer does once a
    backup (by hand, before an import) was made since."""
    db.notes[:] = [n for n in db.notes if not (isinstance(n, SkippedBackup) and len(db.backups) > n.made)]
    return list(db.notes)


def daily_backup(db: Database) -> BackupRecord | None:
    """A backup of a store that holds something, once a day, when the app (or the CLI) first opens it. A backup
    that cannot be made (a full disk, a backup folder that cannot be written) does not keep the store from
    opening: the reason goes to `db.notes`. None of this for a store opened read-only."""
    from app.storage import DiskFull, ReadOnlyStore, backed_up_today, backup_folder, list_classes

    if db.read_only or db.path is None:  # a server is backed up by the school (python -m app backup --db URL)
        return None
    with db.session() as session:
        empty = not list_classes(session)
    if empty or backed_up_today(db.path):
        return None
    try:
        return db.make_backup("daily")
    except DiskFull:
        why = Text("磁盘已满", "the disk is full")
    except ReadOnlyStore:
        why = Text("备份文件夹不能写入", "the backup folder cannot be written")
    folder = backup_folder(db.path)
    db.notes.append(
        SkippedBackup(
            f"今天的自动备份没有做：{why.zh}（{folder}）。请腾出空间或检查文件夹权限；数据库照常打开。",
            f"Today's backup was skipped: {why.en} ({folder}). Free some space or check the folder's permissions; "
            "the store opened as usual.",
            made=len(db.backups),
        )
    )
    return None


def store_state(db: Database) -> StoreState:
    """Classes and imports now in the store, whether it can only be read, and what could not be done."""
    from app.storage import list_classes, list_imports

    with db.session() as session:
        classes = list_classes(session)
        imports = list_imports(session)
    read_only = (
        Text(
            f"只读：不能写入“{db.location}”（没有权限，或在只读的位置）。可以查看和导出；导入、诊断和修改都不可用。",
            f"Read-only: '{db.location}' cannot be written (no permission, or a read-only medium). You can look and "
            "export; importing, diagnosing and changes are off.",
        )
        if db.read_only
        else None
    )
    return StoreState(
        path=db.path,
        classes=classes,
        empty=not classes,
        imports=imports,
        read_only=read_only,
        notes=notes_now(db),
        location=db.location,
    )


def undo_import(db: Database, batch_id: int | None = None, *, whole_file: bool = True) -> list[UndoSummary]:
    """Undo an import (the newest when `batch_id` is None) in one transaction, after a backup; with
    `whole_file`, every class's part of the same file (a grade's export) goes with it."""
    from app.storage import file_batches
    from app.storage import undo_import as undo

    with db.writing(backup="before-undo") as session:
        batches = file_batches(session, batch_id) if whole_file else [batch_id]
        return [undo(session, batch) for batch in batches]


def engine_threads() -> int:
    """Give the engine every core but one (at least one), as both faces run it; returns how many. The other core is
    the window's, or the rest of the PC's: torch's threads spinning against other work cost far more than the
    thread they leave (a 60-class term through the CLI on 2 cores beside one other busy program: 31 s with 2
    threads, 6.6 s with 1)."""
    import os

    import torch

    threads = max(1, (os.cpu_count() or 2) - 1)
    torch.set_num_threads(threads)
    return threads


def device_problem(device: str | None) -> Text | None:
    """Why the compute device asked for ("cpu", "cuda", "mps"; None or "auto": the best there is) cannot be used
    on this computer; None when it can."""
    if device in (None, "auto"):
        return None
    from app.engine.device import pick_device

    try:
        pick_device(device)
    except (RuntimeError, ValueError):
        return Text(
            f"此电脑上没有可用的计算设备“{device}”；请去掉 --device 或改用 --device cpu",
            f"device '{device}' is not available on this computer; drop --device or use --device cpu",
        )
    return None


def warm_up(progress: Progress | None = None) -> str:
    """Import the engine (torch) off the UI thread and run a tiny diagnosis, so the first real one
    starts at once; returns the compute device's label."""
    progress = progress or NullProgress()
    with quiet_gc():
        checkpoint(progress, 0.1, "engine")
        from app.engine import device_label, pick_device
        from app.engine.diagnose import diagnose

        engine_threads()
        device = pick_device()
        checkpoint(progress, 0.6, "engine")
        with contextlib.suppress(Exception):  # only a warm-up: the real run reports its own errors
            diagnose(_tiny_matrix())  # torch imports most of its machinery on first use
        label: str = device_label(device)
        return label


def _tiny_matrix() -> ScoreMatrix:
    import numpy as np

    from app.core.score_matrix import ScoreMatrix

    return ScoreMatrix(
        student_ids=("a", "b", "c"),
        student_names=(None, None, None),
        item_ids=("q1", "q2"),
        knowledge_points=("k",),
        assessments=("t",),
        item_assessment=np.zeros(2, dtype=int),
        points=np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]),
        max_scores=np.ones(2),
        q_matrix=np.ones((2, 1), dtype=bool),
    )
