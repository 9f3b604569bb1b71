"""Opening the SQLite store: pragmas, schema creation, backup and migration to the app's head."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.core.problems import Text
from app.storage.errors import DatabaseTooNew, NotADatabase
from app.storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0004"
"""The newest migration's revision (a test keeps it equal to Alembic's head): a store stamped with
it opens without loading Alembic, which costs ~0.4 s of every start."""


class Database:
    """An open store; hands out one session per user action."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None) -> None:
        self.path = path
        self.backup = backup  # the copy made before this open upgraded the schema, if it did
        self._engine = engine
        self._sessions = sessionmaker(engine)

    def session(self) -> Session:
        """A new session: `with db.session() as s, s.begin(): ...`."""
        return self._sessions()

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
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = _prepare_schema(path)
    return Database(path, _engine(path, foreign_keys=True), backup)


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
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _prepare_schema(path: Path) -> Path | None:
    """Bring the file to the head revision; returns the backup made before an upgrade."""
    # Migrations run with foreign keys OFF: SQLite batch migrations drop and re-create tables,
    # and with them ON the drop would cascade into every referencing table.
    engine = _engine(path, foreign_keys=False)
    try:
        current, tables = _current_revision(engine, path)
        if current == HEAD_REVISION:
            return None
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        if current is None:
            if tables:
                raise NotADatabase(_not_zhidian(path))
            with engine.begin() as connection:
                Base.metadata.create_all(connection)
                command.stamp(alembic_config(connection), "head")
            return None
        if current == head:
            return None
        if current not in {s.revision for s in script.walk_revisions()}:
            raise DatabaseTooNew(
                Text(
                    f"数据库“{path}”由更新版本的知点写入（结构版本 {current}），本版本只认识到 {head}。"
                    "请升级知点，或打开另一个数据库文件。",
                    f"The database '{path}' was written by a newer version of Zhidian (schema "
                    f"{current}); this version knows up to {head}. Update Zhidian or open "
                    "another database file.",
                )
            )
        backup = _backup(path, current)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"upgrade left {len(broken)} rows with dangling references")
        return backup
    finally:
        engine.dispose()


def _current_revision(engine: Engine, path: Path) -> tuple[str | None, list[str]]:
    """The file's Alembic revision (None when unstamped) and its table names."""
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            if "alembic_version" not in tables:
                return None, tables
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return version, tables
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise NotADatabase(_not_zhidian(path)) from exc


def _not_zhidian(path: Path) -> Text:
    return Text(
        f"文件“{path}”不是知点数据库。请选择另一个数据库文件。",
        f"The file '{path}' is not a Zhidian database. Choose another database file.",
    )


def _backup(path: Path, revision: str) -> Path:
    """Copy the database next to itself with the SQLite backup API, before upgrading it."""
    target = path.with_name(f"{path.name}.bak-{revision}-{dt.datetime.now():%Y%m%d-%H%M%S}")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target
