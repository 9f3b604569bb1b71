"""Opening the store, a SQLite file or a school's PostgreSQL server (`engines.py` says which): schema creation,
backup and migration to the app's head, write transactions; read-only where the store cannot be written (a
locked-down PC, a write-protected stick, a network share)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from app.core.fault_points import reached
from app.core.owner_only import create_owner_only, owner_only_file, owner_only_folder
from app.core.problems import Text
from app.storage.backups import BackupRecord, list_backups, make_backup, refuse_lost_store, sweep_partial_copies
from app.storage.engines import is_server, label, server_engine, sqlite_engine
from app.storage.errors import (
    DatabaseTooNew,
    NotADatabase,
    ReadOnlyStore,
    StoreMissing,
    UpgradeFailed,
    read_only_text,
    store_errors,
)
from app.storage.health import SQLITE_HEADER
from app.storage.models import Base
from app.storage.network import refuse_network_share

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0010"
"""The newest migration's revision (a test keeps it equal to Alembic's head): a store stamped with
it opens without loading Alembic, which costs ~0.4 s of every start."""


class Database:
    """An open store; hands out one session per user action.

    `session()` is for reading; `writing()` is the one way to change the store: a short transaction
    that takes the file's write lock at its start (BEGIN IMMEDIATE), so two writers wait for each other
    instead of failing half-way; on a server (`path` None, `server` True) writers lock only the rows they
    change, so teachers of different classes write at once. `backups` lists the backups made through this
    handle. A store opened `read_only` reads as usual and refuses every write with ReadOnlyStore.
    """

    def __init__(
        self,
        path: Path | None,
        engine: Engine,
        upgraded: BackupRecord | None,
        read_only: bool = False,
        *,
        location: str | None = None,
    ) -> None:
        self.path = path  # None for a server store
        self.location = location or str(path)  # how the store is named to the teacher (a server's URL: no password)
        self.server = path is None
        self.read_only = read_only
        self.backups: list[BackupRecord] = [upgraded] if upgraded else []
        self.notes: list[Text] = []  # what could not be done while it was open (today's backup: disk full)
        self._engine = engine
        self._sessions = sessionmaker(engine)
        self._writers = sessionmaker(engine.execution_options(zhidian_write=True))

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for the server's administration: roles, dumps)."""
        return self._engine

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
        backup of the store when `backup` names the reason ("before-import", …) and it holds anything (a file's;
        a server is backed up by the school). A file's write lock is taken at once, before the caller's first
        statement."""
        with store_errors(self.location):
            if self.read_only:
                raise ReadOnlyStore(read_only_text(self.location))
            # On a server there is no file to copy before each change: the school backs it up with pg_dump
            # (`python -m app backup --db URL`), and each change is one transaction that commits whole or not at all.
            if backup is not None and not self.server and self._holds_data():
                self.make_backup(backup)
            with self._writers() as session, session.begin():
                session.connection()  # BEGIN IMMEDIATE: from here no other writer can commit
                reached("store.write.begin")
                yield session
                session.flush()
                reached("store.write.commit")
            reached("store.write.committed")

    def _holds_data(self) -> bool:
        """False for a store nothing was imported into yet (nothing to back up)."""
        with self._engine.connect() as connection:
            return connection.exec_driver_sql("SELECT 1 FROM import_batches LIMIT 1").first() is not None

    def make_backup(self, reason: str) -> BackupRecord:
        """Back the store up now (SQLite's backup API, checked, rotated; a server's: pg_dump into the data folder's
        backups of that server); the record is also kept in `backups`."""
        with store_errors(self.location):
            if self.read_only:
                raise ReadOnlyStore(read_only_text(self.location))
            if self.path is None:
                from app.storage.server_backups import dump_server

                record = dump_server(self._engine.url, reason)
            else:
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


def open_database(location: Path | str, *, create: bool = True, read_only: bool = False) -> Database:
    """Open the store at `location`: a file path (SQLite, created or upgraded as needed, owner-only) or a
    `postgresql://` URL (a school's server, set up by `server init`). `create=False`: StoreMissing where there is
    no file. `read_only`: read it without changing anything (it must be at the app's schema). EmptyStore where
    the file is missing or empty but backups of it exist."""
    if is_server(location):
        return _open_server(str(location), read_only=read_only)
    path = Path(location)
    with store_errors(path):
        refuse_lost_store(path)
        if (read_only or not create) and not path.exists():
            raise StoreMissing(_missing(path))
        _refuse_other_files(path)
        if read_only:
            return _open_read_only(path)
        refuse_network_share(path)
        owner_only_folder(path.parent)
        if not create_owner_only(path):
            for suffix in ("", "-wal", "-shm"):
                owner_only_file(path.with_name(path.name + suffix))
        sweep_partial_copies(path)
        upgraded = _prepare_schema(path)
        engine = sqlite_engine(path, foreign_keys=True)
        with engine.connect() as connection:  # fail here, with a plain message, not in the first action
            connection.exec_driver_sql("SELECT count(*) FROM classes").scalar()
    return Database(path, engine, upgraded)


def _open_server(url: str, *, read_only: bool) -> Database:
    """The server store at `url`, which `server init` brought to this app's schema; nothing is created here."""
    where = label(url)
    engine = server_engine(url, HEAD_REVISION)
    try:
        with store_errors(where):
            revision, tables = current_revision(engine, where)
            if revision is None:
                raise StoreMissing(_not_initialised(where, bool(tables)))
            if revision != HEAD_REVISION:
                known = revision in _known_revisions()
                raise (StoreMissing if known else DatabaseTooNew)(
                    _server_upgrade(where, revision) if known else _too_new(where, revision, HEAD_REVISION)
                )
    except BaseException:
        engine.dispose()
        raise
    return Database(None, engine, None, read_only=read_only, location=where)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _not_initialised(where: str, other_tables: bool) -> Text:
    if other_tables:
        return Text(
            f"服务器上的数据库“{where}”不是知点数据库。请换一个数据库名。",
            f"The database '{where}' on the server is not a Zhidian store. Name another database.",
        )
    return Text(
        f"服务器上的数据库“{where}”还没有建立知点的结构。请管理员运行 python -m app server init --db URL。",
        f"The database '{where}' on the server has no Zhidian schema yet. The administrator runs "
        "python -m app server init --db URL.",
    )


def _server_upgrade(where: str, revision: str) -> Text:
    return Text(
        f"学校服务器上的数据库“{where}”是较旧的结构版本（{revision}），本版本知点需要 {HEAD_REVISION}。"
        "请管理员在所有老师关闭旧版知点后运行 python -m app server init --db URL 升级它。",
        f"The school server's store '{where}' is at an older schema ({revision}); this Zhidian needs "
        f"{HEAD_REVISION}. The administrator upgrades it with python -m app server init --db URL once every "
        "teacher has closed the older Zhidian.",
    )


def _open_read_only(path: Path) -> Database:
    engine = sqlite_engine(path, foreign_keys=True, read_only=True)
    try:
        revision = current_revision(engine, path)[0]
        if revision != HEAD_REVISION:
            raise ReadOnlyStore(_cannot_upgrade(path, revision))
    except BaseException:
        engine.dispose()
        raise
    return Database(path, engine, None, read_only=True)


def _missing(path: Path) -> Text:
    return Text(f"没有数据库“{path}”。请检查路径。", f"There is no store '{path}'. Check the path.")


def _cannot_upgrade(path: Path, revision: str | None) -> Text:
    return Text(
        f"数据库“{path}”需要升级（结构版本 {revision}），但它在只读的位置，无法升级。请把它复制到可写的文件夹再打开。",
        f"The store '{path}' needs upgrading (schema {revision}) but it is read-only, so it cannot be. Copy it "
        "to a folder you can write to and open it there.",
    )


def _refuse_other_files(path: Path) -> None:
    """An existing file that is not SQLite at all is refused before SQLite touches it."""
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as f:
            if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise NotADatabase(_not_zhidian(path))


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configured in code, with its scripts inside the package and `connection` to run on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _prepare_schema(path: Path) -> BackupRecord | None:
    """Bring the file to the head revision; returns the backup made before an upgrade.

    Several processes opening an old store at once: the first takes the write lock and upgrades,
    the others wait for it and then find the store at head.
    """
    # Migrations run with foreign keys OFF: SQLite batch migrations drop and re-create tables,
    # and with them ON the drop would cascade into every referencing table.
    engine = sqlite_engine(path, foreign_keys=False)
    try:
        if current_revision(engine, path)[0] == HEAD_REVISION:  # the fast path: no lock, no Alembic
            return None
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        with engine.execution_options(zhidian_write=True).begin() as connection:
            current, tables = current_revision(engine, path, connection)
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


def _too_new(path: Path | str, current: str, head: str) -> Text:
    return Text(
        f"数据库“{path}”由更新版本的知点写入（结构版本 {current}），本版本只认识到 {head}。"
        "请升级知点，或打开另一个数据库文件。",
        f"The database '{path}' was written by a newer version of Zhidian (schema "
        f"{current}); this version knows up to {head}. Update Zhidian or open "
        "another database file.",
    )


def current_revision(
    engine: Engine, path: Path | str, connection: Connection | None = None
) -> tuple[str | None, list[str]]:
    """The file's Alembic revision (None when unstamped) and its table names (on `connection` if given)."""
    if connection is None:
        with engine.connect() as own:
            return current_revision(engine, path, own)
    tables = inspect(connection).get_table_names()
    if "alembic_version" not in tables:
        return None, tables
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar(), tables


def _not_zhidian(path: Path) -> Text:
    return Text(
        f"文件“{path}”不是知点数据库。请选择另一个数据库文件。",
        f"The file '{path}' is not a Zhidian database. Choose another database file.",
    )
