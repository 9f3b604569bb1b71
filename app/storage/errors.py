"""Store errors the teacher is told about, in Chinese or English, and how SQLite's and the file system's failures
map onto them (`classified`, `store_errors`)."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.problems import GradebookError, Problem, Refused, Text


class StoreError(Refused):
    """A store operation that cannot be done, with a bilingual reason."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer Zhidian than this one."""


class NotADatabase(StoreError):
    """The file is not a Zhidian database."""


class NotFound(StoreError):
    """A class, assessment, import or diagnosis run that the store does not hold."""


class StoreMissing(NotFound):
    """There is no store at the path given, and the action must not create one."""


class EmptyStore(StoreError):
    """The store's file is missing or empty (0 bytes) while backups of it exist: restore the newest."""

    def __init__(self, text: Text, newest_backup: Path) -> None:
        super().__init__(text)
        self.newest_backup = newest_backup


class DuplicateImport(GradebookError):
    """The same file (same content hash) was imported before."""

    def __init__(self, problem: Problem, earlier_batch_id: int) -> None:
        super().__init__([problem])
        self.earlier_batch_id = earlier_batch_id


class StoreBusy(StoreError):
    """Another Zhidian (a window or the CLI) held the store for longer than we wait."""


class ReadOnlyStore(StoreError):
    """The store (or its folder) cannot be written: no permission, or a read-only medium."""


class DiskFull(StoreError):
    """The disk holding the store is full."""


class DamagedStore(StoreError):
    """The store's file is damaged; a backup can be restored."""


class DamagedBackup(StoreError):
    """A backup fails SQLite's check: it is not restored (another one can be)."""


class UpgradeFailed(StoreError):
    """Upgrading the store's schema failed and was rolled back; the store is as it was."""


class StoreUnreachable(StoreError):
    """The school's server cannot be reached (the network, the server, the login): the local store still can."""


class StoreChanged(StoreError):
    """The class changed while a diagnosis ran (another window or the CLI imported or corrected scores)."""


@contextmanager
def store_errors(path: Path | str) -> Iterator[None]:
    """Turn SQLite's and the file system's failures into messages a teacher can act on."""
    from sqlalchemy.exc import DatabaseError

    try:
        yield
    except StoreError:
        raise
    except (OSError, DatabaseError, sqlite3.Error) as error:
        found = classified(path, error)
        if found is None:
            raise
        raise found from error


def classified(path: Path | str, error: BaseException) -> StoreError | None:
    """The store error `error` means (or the one it happened while handling: a full disk, then SQLite's failed
    rollback of a savepoint), a plain "the store failed" for any other failure of SQLite's but a broken
    constraint (which the code that broke it handles) or a misuse of the driver (a bug); None for those and for
    other errors of the system."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, StoreError):
            return seen
        found = _one(path, seen)
        if found is not None:
            return found
        seen = seen.__cause__ or seen.__context__
    original = getattr(error, "orig", None) or error
    bugs = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)
    if (isinstance(original, sqlite3.DatabaseError) and not isinstance(original, bugs)) or _server_failure(original):
        return StoreError(Text(f"数据库“{path}”出错：{original}", f"The store '{path}' failed: {original}"))
    return None


def _one(path: Path | str, error: BaseException) -> StoreError | None:
    server = _server_error(path, error)
    if server is not None:
        return server
    if isinstance(error, PermissionError) or (isinstance(error, OSError) and error.errno == errno.EROFS):
        return ReadOnlyStore(read_only_text(path))
    if isinstance(error, OSError):
        return DiskFull(disk_full_text(path)) if error.errno == errno.ENOSPC else None
    message = str(getattr(error, "orig", None) or error).lower()
    if "locked" in message or "busy" in message:
        return StoreBusy(
            Text(
                "另一个知点（窗口或命令行）正在保存这个数据库，请稍后再试。",
                "Another Zhidian (a window or the command line) is saving to this store; try again in a moment.",
            )
        )
    if "disk is full" in message or "disk full" in message:
        return DiskFull(disk_full_text(path))
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return ReadOnlyStore(read_only_text(path))
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return DamagedStore(damaged_text(path))
    if "i/o error" in message:
        return StoreError(
            Text(
                f"读写数据库“{path}”时磁盘出错（I/O 错误）：磁盘或 U 盘可能有故障或已被拔出。请把数据文件夹复制到"
                "完好的磁盘上，或恢复一个备份。",
                f"The disk failed while reading or writing the store '{path}' (an I/O error): the disk or USB stick "
                "may be failing or was removed. Copy the data folder to a sound disk, or restore a backup.",
            )
        )
    return None


def _server_failure(error: BaseException) -> bool:
    """A failure of the server's (psycopg's) other than a broken constraint or a misuse of the driver (a bug)."""
    names = {kind.__name__ for kind in type(error).__mro__}
    return type(error).__module__.startswith("psycopg") and "DatabaseError" in names and not names & _BUGS


_BUGS = {"IntegrityError", "ProgrammingError", "InterfaceError"}


def _server_error(where: Path | str, error: BaseException) -> StoreError | None:
    """What a failure of the PostgreSQL driver (psycopg) means, by its SQLSTATE; None for any other error."""
    error = getattr(error, "orig", None) or error
    if not type(error).__module__.startswith("psycopg"):
        return None
    state = str(getattr(error, "sqlstate", None) or "")
    if state in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock wait timed out
        return StoreBusy(
            Text(
                "另一位老师正在修改同样的数据，请稍后再试；这次改动没有保存。",
                "Another teacher is changing the same data; try again in a moment. This change was not saved.",
            )
        )
    if state == "42501":  # insufficient_privilege: row-level security or a missing grant
        return ReadOnlyStore(
            Text(
                f"你在学校服务器“{where}”上的账号没有这项权限（只能查看和修改自己任教的班级）。请联系管理员。",
                f"Your login on the school server '{where}' may not do this (a teacher sees and changes only their "
                "own classes). Ask the administrator.",
            )
        )
    if state == "53100":
        return DiskFull(disk_full_text(where))
    if state.startswith(("08", "28", "3D", "57P")) or (not state and type(error).__name__ == "OperationalError"):
        return StoreUnreachable(unreachable_text(where, error))
    return None


def unreachable_text(where: Path | str, error: BaseException) -> Text:
    """The server at `where` cannot be reached or refused the login; the local store can still be used."""
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Text(
        f"连接不上学校服务器“{where}”（{reason}）。请检查网络、服务器地址、用户名和密码；也可以先用本机的数据库。",
        f"Cannot reach the school server '{where}' ({reason}). Check the network, the server's address, the user "
        "name and the password; or use the store on this PC meanwhile.",
    )


def damaged_text(path: Path | str) -> Text:
    """The store at `path` is damaged: restore a backup."""
    return Text(
        f"数据库“{path}”已损坏。可以从备份恢复（文件 → 从备份恢复，或 python -m app restore）。",
        f"The store '{path}' is damaged. Restore a backup (File → Restore from backup, or python -m app restore).",
    )


def read_only_text(path: Path | str) -> Text:
    """The store at `path` cannot be written."""
    return Text(
        f"没有写入数据库“{path}”的权限（或它在只读的位置）。请换一个有写入权限的文件夹，或用 --db 指定。",
        f"No permission to write the store '{path}' (or it is on a read-only medium). Choose a folder you can "
        "write to, or name another store with --db.",
    )


def disk_full_text(path: Path | str) -> Text:
    """The disk holding the store at `path` is full; the change that hit it was not saved."""
    return Text(
        f"保存数据库“{path}”的磁盘已满。请腾出空间后再试；这次改动没有保存。",
        f"The disk holding the store '{path}' is full. Free some space and try again; this change was not saved.",
    )
