"""Keeping the teacher's data safe: back up now, list and restore backups, check and repair the store (no Qt).

The window's File menu and the CLI (`python -m app backup | restore | check-store`) call these.
They work on the store's file, not on an open `Database`, where the store may not open at all
(a damaged store at start-up can still be checked and restored). Restoring replaces the file: the
caller closes its own handle on the store first and opens it again afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.progress import NullProgress, Progress, checkpoint

if TYPE_CHECKING:
    from app.storage import BackupContent, Database
    from app.storage import BackupRecord as BackupRecord  # what the faces get, through this module
    from app.storage import StoreHealth as StoreHealth


@dataclass(frozen=True)
class DescribedBackup:
    """One backup with what it holds, to choose one to restore."""

    record: BackupRecord
    content: BackupContent

    @property
    def readable(self) -> bool:
        """False when the backup file cannot be read as a store or fails SQLite's check (then it is not
        restored either)."""
        return self.content.classes is not None and self.content.sound


@dataclass(frozen=True)
class Repair:
    """What a repair did: the backup made before it, the rows removed per table, and the store's health after."""

    backup: BackupRecord
    removed: dict[str, int]
    health: StoreHealth


@dataclass(frozen=True)
class Restored:
    """A restore: the backup put back and the copy of the store as it was just before: a backup made under the
    store's write lock, or for a store that could not be read (damaged, empty) its byte-for-byte copy, which no
    restore lists (`damaged`)."""

    backup: BackupRecord
    safety_copy: BackupRecord
    damaged: bool = False


@dataclass(frozen=True)
class StoreProblem:
    """Why a store could not be opened or used, in words, and what can help."""

    kind: str  # "damaged", "damaged-backup", "empty", "upgrade", "busy", "read-only", "disk-full", "too-new",
    # "not-a-store", "other"
    text: Text
    can_repair: bool = False  # rows pointing nowhere: removing them (after a backup) may let it open
    can_retry: bool = False  # waiting may help (another Zhidian is saving)
    hints: list[Text] = field(default_factory=list)


def store_file(path: Path | str | None) -> Path:
    """The store's file: `path`, else `zhidian.db` in the data folder."""
    from app.storage import default_db_path

    return Path(path) if path else default_db_path()


def back_up_now(db: Database) -> BackupRecord:
    """A backup of the open store, made now: a checked copy of this PC's store file (SQLite's backup API, so nothing
    in the WAL is missed), or a pg_dump of the school server's store into this PC's data folder."""
    return db.make_backup("manual")


def backup_kind(server: bool) -> Text:
    """Which backup Back up now makes of the store, in words (the window's File menu and Backups dialog, the
    command line's `backup`): a copy of this PC's store file, or a pg_dump of the school server's store."""
    if server:
        return Text(
            "备份学校服务器上的数据库：用 pg_dump 导出一份，存在这台电脑的数据文件夹（server-backups）里；服务器本身的"
            "定期备份由学校负责。",
            "Backs up the school server's store: a pg_dump of it, kept in this PC's data folder (server-backups); "
            "the server's own regular backups are the school's.",
        )
    return Text(
        "备份这台电脑上的数据文件：复制一份（检查过）放进它旁边的备份文件夹，保留最新的 20 份。",
        "Backs up this PC's store file: a checked copy of it in the backup folder beside it; the newest 20 are kept.",
    )


SERVER_RESTORE = Text(
    "学校服务器上的数据库不在窗口里恢复：它是全年级老师共用的。请学校的信息技术老师用 "
    "python -m app restore --db postgresql://… 从 pg_dump 备份恢复（pg_restore）。",
    "A school server's store is not restored from the window: the whole grade's teachers share it. The school's IT "
    "teacher restores it from a pg_dump backup with python -m app restore --db postgresql://… (pg_restore).",
)
"""Why the window's Restore is off on a school server's store, and who restores it how."""


def last_backup(store: Path) -> BackupRecord | None:
    """The newest backup of the store, if any."""
    from app.storage import list_backups

    found = list_backups(Path(store))
    return found[0] if found else None


def described_backups(store: Path, progress: Progress | None = None) -> list[DescribedBackup]:
    """The store's backups, newest first, each with the classes, students, exams and newest import it holds."""
    from app.storage import describe_backup, list_backups

    progress = progress or NullProgress()
    records = list_backups(Path(store))
    described = []
    for index, record in enumerate(records):
        checkpoint(progress, index / max(len(records), 1), record.path.name)
        described.append(DescribedBackup(record, describe_backup(record)))
    return described


def find_backup(store: Path, name: str) -> BackupRecord:
    """The backup named `name` (its file name or full path); NotFound when the store has no such backup."""
    from app.storage import NotFound, list_backups

    chosen = next((b for b in list_backups(Path(store)) if str(b.path) == name or b.path.name == name), None)
    if chosen is None:
        raise NotFound(Text(f"没有这个备份：{name}", f"There is no such backup: {name}"))
    return chosen


def restore(store: Path, backup: BackupRecord) -> Restored:
    """Make the store what `backup` holds. A readable store is backed up first under its write lock (a writer
    busy now finishes first, and whatever it committed is in the store or that copy); one that cannot be read is
    copied aside byte for byte. DamagedBackup when the backup fails SQLite's check (the store is unchanged);
    StoreMissing when there is no store at all (`restore_missing` puts the backup there)."""
    import datetime as dt

    from app.storage import BackupRecord, StoreMissing, restore_backup, store_errors

    store = Path(store)
    if not store.exists() and not store.with_name(store.name + "-wal").exists():
        raise StoreMissing(Text(f"没有数据库“{store}”可以恢复。", f"There is no store '{store}' to restore over."))
    with store_errors(store):
        outcome = restore_backup(store, backup)
    if outcome.safety_copy is not None:
        return Restored(backup, outcome.safety_copy)
    aside = outcome.damaged_copy
    assert aside is not None  # the store or its WAL existed, so what could not be read was copied aside
    return Restored(backup, BackupRecord(aside, dt.datetime.now(), "damaged", aside.stat().st_size), damaged=True)


def restore_missing(store: Path, backup: BackupRecord) -> BackupRecord:
    """Put `backup` where the store is missing (nothing of it is there to keep); returns the backup restored.
    DamagedBackup when the backup fails SQLite's check."""
    from app.storage import restore_backup, store_errors

    store = Path(store)
    with store_errors(store):
        restore_backup(store, backup)
    return backup


def put_back(store: Path, backup: BackupRecord) -> Restored | None:
    """`restore`, or where there is no store at all `restore_missing`: what Restore a backup does whatever is left
    of the store; None when nothing of it was there to keep."""
    store = Path(store)
    if not store.exists() and not store.with_name(store.name + "-wal").exists():
        restore_missing(store, backup)
        return None
    return restore(store, backup)


def check(store: Path, progress: Progress | None = None) -> StoreHealth:
    """SQLite's integrity check and the references between rows, read only (the store need not open); EmptyStore
    offering the newest backup where the store is missing or empty, StoreMissing where there is nothing at all."""
    from app.storage import StoreMissing, check_store, store_errors
    from app.storage.backups import refuse_lost_store

    checkpoint(progress or NullProgress(), 0.0, "check")
    store = Path(store)
    with store_errors(store):
        refuse_lost_store(store)
        if not store.exists() or store.stat().st_size == 0:
            raise StoreMissing(Text(f"数据库“{store}”不存在或是空的。", f"The store '{store}' is missing or empty."))
        return check_store(store)


def repair(store: Path, progress: Progress | None = None) -> Repair:
    """Back the store up, delete the rows whose references point nowhere, and check it again."""
    from app.storage import check_store, repair_store, store_errors
    from app.storage.backups import make_backup

    progress = progress or NullProgress()
    store = Path(store)
    with store_errors(store):
        checkpoint(progress, 0.0, "backup")
        backup = make_backup(store, "before-repair")
        checkpoint(progress, 0.3, "repair")
        removed = repair_store(store)
        return Repair(backup, removed, check_store(store))


def problem_of(error: BaseException) -> StoreProblem | None:
    """What went wrong with the store, for a message that says what to do; None when it is not a store problem."""
    from app.storage import (
        DamagedBackup,
        DamagedStore,
        DatabaseTooNew,
        DiskFull,
        EmptyStore,
        NotADatabase,
        ReadOnlyStore,
        StoreBusy,
        StoreError,
        UpgradeFailed,
    )

    if not isinstance(error, StoreError):
        return None
    kinds: list[tuple[type[StoreError], str]] = [
        (DamagedStore, "damaged"),
        (DamagedBackup, "damaged-backup"),
        (EmptyStore, "empty"),
        (UpgradeFailed, "upgrade"),
        (StoreBusy, "busy"),
        (ReadOnlyStore, "read-only"),
        (DiskFull, "disk-full"),
        (DatabaseTooNew, "too-new"),
        (NotADatabase, "not-a-store"),
    ]
    kind = next((name for cls, name in kinds if isinstance(error, cls)), "other")
    return StoreProblem(kind, error.text, can_repair=kind == "upgrade", can_retry=kind in ("busy", "disk-full"))


REASONS = {
    "manual": Text("手动备份", "backed up by hand"),
    "daily": Text("每日自动备份", "daily backup"),
    "before-import": Text("导入前", "before an import"),
    "before-undo": Text("撤销导入前", "before undoing an import"),
    "before-delete": Text("删除前", "before deleting"),
    "before-tagging": Text("修改试卷前", "before changing a paper"),
    "before-merge": Text("合并学生前", "before merging two students"),
    "before-prerequisites": Text("导入前置关系前", "before importing prerequisites"),
    "before-restore": Text("恢复备份前", "before restoring a backup"),
    "before-repair": Text("修复数据库前", "before repairing the store"),
    "damaged": Text("损坏的数据库（原样复制）", "the damaged store, copied as it was"),
}


def reason_text(reason: str) -> Text:
    """Why a backup was made, in words (e.g. "before-upgrade-0003" → "before upgrading (schema 0003)")."""
    if reason in REASONS:
        return REASONS[reason]
    if reason.startswith("before-upgrade"):
        version = reason.removeprefix("before-upgrade").strip("-")
        return Text(f"升级数据库前（结构版本 {version}）", f"before upgrading the store (schema {version})")
    return Text(reason, reason)


def when_text(moment: dt.datetime, now: dt.datetime | None = None) -> Text:
    """A time as a teacher reads it: "今天 08:12" / "today 08:12", "昨天 …" / "yesterday …", else the date."""
    now = now or dt.datetime.now()
    clock = f"{moment:%H:%M}"
    if moment.date() == now.date():
        return Text(f"今天 {clock}", f"today {clock}")
    if moment.date() == now.date() - dt.timedelta(days=1):
        return Text(f"昨天 {clock}", f"yesterday {clock}")
    return Text(f"{moment:%Y-%m-%d} {clock}", f"{moment:%Y-%m-%d} {clock}")


def size_text(size: int) -> str:
    """A file size: "820 KB", "3.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
