"""Where the engine choice lives: a file path means the embedded SQLite store, a `postgresql://` URL a school's
PostgreSQL server. Everything else in app.storage runs on either through SQLAlchemy; what only one engine has
(SQLite's file lock, WAL, secure_delete; the server's roles and row-level security) is set up here and in
`server.py`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session

from app.storage.errors import StoreError, classified
from app.storage.health import read_only_uri

SERVER_SCHEMES = ("postgresql", "postgres")
"""The URL schemes (before any `+driver`) that name a server; anything else is a file path."""

BUSY_TIMEOUT_MS = 20_000
"""How long a writer waits for another one (another window, the CLI) before giving up with a plain message."""

CONNECT_TIMEOUT_S = 5
"""How long opening a server store waits for the server before saying it cannot be reached."""

APPLICATION_NAME = "zhidian"
"""What a Zhidian connection calls itself on the server (`pg_stat_activity.application_name`, followed by the
schema revision it was built for): how `server init` finds older clients still connected."""


def is_server(location: str | Path) -> bool:
    """True when `location` is a server URL (postgresql://…), False for a file path."""
    scheme = str(location).partition("://")[0].partition("+")[0].lower()
    return "://" in str(location) and scheme in SERVER_SCHEMES


def server_url(location: str | URL) -> URL:
    """The URL with psycopg (v3) as its driver, whatever scheme spelling it came with."""
    url = make_url(location)
    return url.set(drivername="postgresql+psycopg")


def make_server_url(host: str, port: int, database: str, user: str, password: str | None) -> str:
    """The postgresql:// URL of a server login (each part quoted as URLs need)."""
    url = URL.create("postgresql", username=user or None, password=password, host=host, port=port, database=database)
    return url.render_as_string(hide_password=False)


def label(location: str | Path | URL) -> str:
    """How a store is named to the teacher: its path, or its URL without the password."""
    if isinstance(location, URL) or is_server(location):
        return (
            server_url(str(location) if isinstance(location, Path) else location)
            .set(drivername="postgresql")
            .render_as_string(hide_password=True)
        )
    return str(location)


def location_from_environment(given: str | Path | None) -> str | Path | None:
    """`given` (--db), else the ZHIDIAN_DB environment variable, else None (the data folder's store)."""
    if given is not None and str(given) != "":
        return given
    return os.environ.get("ZHIDIAN_DB") or None


def insert_new(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """Insert `rows`, skipping those a unique key already holds (INSERT … ON CONFLICT DO NOTHING, which both engines
    speak): on a server another teacher's transaction may add the same knowledge point at the same moment, and
    the second one waits for the first, then skips the row instead of failing."""
    from sqlalchemy.dialects import postgresql, sqlite

    if rows:
        dialect = session.get_bind().dialect.name
        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
        session.execute(statement.on_conflict_do_nothing(), rows)


def insert_tuples(session: Session, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert `rows` (tuples in the order of `columns`) into `table` in one executemany, the statement written once
    and the tuples handed straight to the driver in its own placeholder style (SQLite's ?, psycopg's %s):
    SQLAlchemy's per-row parameter handling takes three times as long on a grade's 100,000s of rows."""
    if rows:
        connection = session.connection()
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        connection.exec_driver_sql(statement, rows)


def is_shared(session: Session) -> bool:
    """True on a server store, which several teachers share: there a knowledge point is the grade's, kept by no
    import (undoing one teacher's import never takes away the tags of another teacher's class)."""
    return session.get_bind().dialect.name == "postgresql"


def sqlite_engine(path: Path, *, foreign_keys: bool, read_only: bool = False) -> Engine:
    """An engine on `path` with WAL, foreign keys as asked, deleted rows overwritten (secure_delete), transactions
    begun by SQLAlchemy, and SQLite's failures raised as the store errors they mean, at any query."""
    if read_only:
        uri, _, query = read_only_uri(path).partition("?")
        key, _, value = query.partition("=")
        url = URL.create("sqlite", database=uri, query={"uri": "true", key: value})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN breaks SAVEPOINT and transactional DDL; see _on_begin.
        dbapi_connection.isolation_level = None
        with closing(dbapi_connection.cursor()) as cursor:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA secure_delete=ON")  # a deleted class or undone import leaves no names behind
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock at once: in WAL a read transaction that later writes fails at
        # once (SQLITE_BUSY_SNAPSHOT) when another writer committed meanwhile; waiting cannot help it.
        write = connection.get_execution_options().get("zhidian_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> StoreError | None:
        return classified(path, context.original_exception)

    return engine


def server_engine(location: str | URL, revision: str) -> Engine:
    """An engine on the server at `location`: no file lock (PostgreSQL locks rows, and each transaction sees
    committed data), a lock wait bounded like SQLite's busy timeout, connections named after the schema
    `revision` this Zhidian was built for, and the server's failures raised as store errors at any query."""
    url = server_url(location)
    engine = create_engine(
        url,
        pool_pre_ping=True,  # a connection the network dropped is replaced, not handed to the next action
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": f"{APPLICATION_NAME} {revision}",
            "options": f"-c lock_timeout={BUSY_TIMEOUT_MS}",
        },
    )
    where = label(url)

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> StoreError | None:
        return classified(where, context.original_exception)

    return engine
