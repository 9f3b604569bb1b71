"""Opening the SQLite store: pragmas, schema creation, backup and migration to the app's head, write transactions."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.core.problems import Text
from app.storage.backups import BackupRecord, list_backups, make_backup
from app.storage.errors import (
    DamagedStore,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    ReadOnlyStore,
    StoreBusy,
    StoreError,
    UpgradeFailed,
)
from app.storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0006"
"""The newest migration's revision (a test keeps it equal to Alembic's head): a store stamped with
it opens without loading Alembic, which costs ~0.4 s of every start."""


BUSY_TIMEOUT_MS = 20_000
"""How long a writer waits for another one (another window, the CLI) before giving up with a plain message."""
_SQLITE_HEADER = b"SQLite format 3\x00"


class Database:
    """An open store; hands out one session per user action.

    `session()` is for reading; `writing()` is the one way to change the store: a short transaction
    that takes the write lock at its start (BEGIN IMMEDIATE), so two writers wait for each other
    instead of failing half-way. `backups` lists the backups made through this handle.
    """

    def __init__(self, path: Path, engine: Engine, upgraded: BackupRecord | None) -> None:
        self.path = path
        self.backups: list[BackupRecord] = [upgraded] if upgraded else []
        self._engine = engine
        self._sessions = sessionmaker(engine)
        self._writers = sessionmaker(engine.execution_options(zhidian_write=True))

    @property
    def backup(self) -> Path | None:
        """The copy made before this open upgraded the schema, if it did."""
        upgrades = [b.path for b in self.backups if b.reason.startswith("before-upgrade")]
        return upgrades[0] if upgrades else None

    def session(self) -> Session:
        """A new session for reading: `with db.session() as s: ...`."""
        return self._sessions()

    @contextmanager
    def writing(self, backup: str | None = None) -> Iterator[Session]:
        """A session in a write transaction (committed at the end, rolled back on any error), after a
        backup of the store when `backup` names the reason ("before-import", …) and it holds anything."""
        with store_errors(self.path):
            if backup is not None and self._holds_data():
                self.make_backup(backup)
            with self._writers() as session, session.begin():
                yield session

    def _holds_data(self) -> bool:
        """False for a store nothing was imported into yet (nothing to back up)."""
        with self._engine.connect() as connection:
            return connection.exec_driver_sql("SELECT 1 FROM import_batches LIMIT 1").first() is not None

    def make_backup(self, reason: str) -> BackupRecord:
        """Back the store up now (SQLite's backup API, rotated); the record is also kept in `backups`."""
        with store_errors(self.path):
            record = make_backup(self.path, reason)
        self.backups.append(record)
        return record

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_database(path: Path | str) -> Database:
    """Open (creating or upgrading as needed) the store at `path`."""
    path = Path(path)
    with store_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_other_files(path)
        upgraded = _prepare_schema(path)
        engine = _engine(path, foreign_keys=True)
        with engine.connect() as connection:  # fail here, with a plain message, not in the first action
            connection.exec_driver_sql("SELECT count(*) FROM classes").scalar()
    return Database(path, engine, upgraded)


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's and the file system's failures into messages a teacher can act on."""
    try:
        yield
    except StoreError:
        raise
    except PermissionError as error:
        raise ReadOnlyStore(_read_only(path)) from error
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull(_disk_full(path)) from error
        raise
    except (DatabaseError, sqlite3.Error) as error:
        raise _classified(path, str(getattr(error, "orig", None) or error).lower()) from error


def _classified(path: Path, message: str) -> StoreError:
    if "locked" in message or "busy" in message:
        return StoreBusy(
            Text(
                "另一个知点（窗口或命令行）正在保存这个数据库，请稍后再试。",
                "Another Zhidian (a window or the command line) is saving to this store; try again in a moment.",
            )
        )
    if "disk is full" in message or "disk full" in message:
        return DiskFull(_disk_full(path))
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return ReadOnlyStore(_read_only(path))
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return DamagedStore(
            Text(
                f"数据库“{path}”已损坏。可以从备份恢复（文件 → 从备份恢复，或 python -m app restore）。",
                f"The store '{path}' is damaged. Restore a backup (File → Restore from backup, or python -m app restore).",
            )
        )
    return StoreError(Text(f"数据库“{path}”出错：{message}", f"The store '{path}' failed: {message}"))


def _read_only(path: Path) -> Text:
    return Text(
        f"没有写入数据库“{path}”的权限（或它在只读的位置）。请换一个有写入权限的文件夹，或用 --db 指定。",
        f"No permission to write the store '{path}' (or it is on a read-only medium). Choose a folder you can "
        "write to, or name another store with --db.",
    )


def _disk_full(path: Path) -> Text:
    return Text(
        f"保存数据库“{path}”的磁盘已满。请腾出空间后再试；数据库未被改动。",
        f"The disk holding the store '{path}' is full. Free some space and try again; the store is unchanged.",
    )


def _refuse_other_files(path: Path) -> None:
    """An existing file that is not SQLite at all is refused before SQLite touches it."""
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as f:
            if f.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                raise NotADatabase(_not_zhidian(path))


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configured in code, with its scripts inside the package and `connection` to run on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _engine(path: Path, *, foreign_keys: bool) -> Engine:
    """An engine on `path` with WAL, foreign keys as asked, and transactions begun by SQLAlchemy."""
    engine = create_engine(URL.create("sqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN breaks SAVEPOINT and transactional DDL; see _on_begin.
        dbapi_connection.isolation_level = None
        with closing(dbapi_connection.cursor()) as cursor:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock at once: in WAL a read transaction that later writes fails at
        # once (SQLITE_BUSY_SNAPSHOT) when another writer committed meanwhile; waiting cannot help it.
        write = connection.get_execution_options().get("zhidian_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _prepare_schema(path: Path) -> BackupRecord | None:
    """Bring the file to the head revision; returns the backup made before an upgrade.

    Several processes opening an old store at once: the first takes the write lock and upgrades,
    the others wait for it and then find the store at head.
    """
    # Migrations run with foreign keys OFF: SQLite batch migrations drop and re-create tables,
    # and with them ON the drop would cascade into every referencing table.
    engine = _engine(path, foreign_keys=False)
    try:
        if _current_revision(engine, path)[0] == HEAD_REVISION:  # the fast path: no lock, no Alembic
            return None
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        with engine.execution_options(zhidian_write=True).begin() as connection:
            current, tables = _current_revision(engine, path, connection)
            if current is None:
                if tables:
                    raise NotADatabase(_not_zhidian(path))
                Base.metadata.create_all(connection)
                command.stamp(alembic_config(connection), "head")
                return None
            if current == head:
                return None
            if current not in {s.revision for s in script.walk_revisions()}:
                raise DatabaseTooNew(_too_new(path, current, head or "?"))
            backup = _upgrade_backup(path, current)
            command.upgrade(alembic_config(connection), "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise UpgradeFailed(_dangling(path, broken, backup))
        return backup
    finally:
        engine.dispose()


def _upgrade_backup(path: Path, revision: str) -> BackupRecord:
    """The copy made before upgrading from `revision`; a failed earlier attempt's copy is reused, not repeated."""
    reason = f"before-upgrade-{revision}"
    earlier = [b for b in list_backups(path) if b.reason == reason]
    return earlier[0] if earlier else make_backup(path, reason)


def _dangling(path: Path, broken: Sequence[Any], backup: BackupRecord) -> Text:
    tables = sorted({str(row[0]) for row in broken})
    return Text(
        f"升级数据库“{path}”时发现 {len(broken)} 行数据指向不存在的记录（表 {'、'.join(tables)}），已撤销升级，"
        f"数据库保持原样，升级前的备份在“{backup.path}”。可运行 python -m app check-store --repair 删除这些行后重试，"
        "或恢复一个备份。",
        f"Upgrading the store '{path}' found {len(broken)} rows pointing at records that do not exist (tables "
        f"{', '.join(tables)}); the upgrade was rolled back and the store is as it was; the copy made before it is "
        f"'{backup.path}'. Run python -m app check-store --repair to remove those rows and open it again, or "
        "restore a backup.",
    )


def _too_new(path: Path, current: str, head: str) -> Text:
    return Text(
        f"数据库“{path}”由更新版本的知点写入（结构版本 {current}），本版本只认识到 {head}。"
        "请升级知点，或打开另一个数据库文件。",
        f"The database '{path}' was written by a newer version of Zhidian (schema "
        f"{current}); this version knows up to {head}. Update Zhidian or open "
        "another database file.",
    )


def _current_revision(engine: Engine, path: Path, connection: Connection | None = None) -> tuple[str | None, list[str]]:
    """The file's Alembic revision (None when unstamped) and its table names (on `connection` if given)."""
    if connection is None:
        with engine.connect() as own:
            return _current_revision(engine, path, own)
    tables = inspect(connection).get_table_names()
    if "alembic_version" not in tables:
        return None, tables
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar(), tables


def _not_zhidian(path: Path) -> Text:
    return Text(
        f"文件“{path}”不是知点数据库。请选择另一个数据库文件。",
        f"The file '{path}' is not a Zhidian database. Choose another database file.",
    )
