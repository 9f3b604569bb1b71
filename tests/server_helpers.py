"""Both engines for the storage and services tests: `store_location` is a SQLite file in the test's folder, and,
where ZHIDIAN_TEST_PG names a PostgreSQL superuser's URL (postgresql://USER:PW@127.0.0.1:PORT/postgres), a fresh
database on that server made from a template `server init` set up once per session; `keyring_box`, the operating
system's keyring (where a school server's password is kept) as a dictionary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.storage.server import init_server

SERVER = os.environ.get("ZHIDIAN_TEST_PG")
"""A superuser's URL on a throwaway server (.ci/run starts one); unset: the server tests skip."""

needs_server = pytest.mark.skipif(not SERVER, reason="ZHIDIAN_TEST_PG is not set (no PostgreSQL server to test on)")
ENGINES = ["sqlite", pytest.param("postgresql", marks=needs_server)]


@pytest.fixture
def keyring_box(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """The operating system's keyring, as a dictionary."""
    import keyring

    box: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "set_password", lambda service, user, pw: box.__setitem__((service, user), pw))
    monkeypatch.setattr(keyring, "get_password", lambda service, user: box.get((service, user)))
    return box


def database_url(name: str, user: str | None = None, password: str | None = None) -> str:
    """The test server's URL for the database `name` (as `user` with `password` where given)."""
    assert SERVER is not None
    url = make_url(SERVER).set(database=name)
    if user is not None:
        url = url.set(username=user, password=password)
    return url.render_as_string(hide_password=False)


def run_as_superuser(*statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE) as the test server's superuser."""
    engine = create_engine(make_url(database_url("postgres")).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def server_template() -> Iterator[str]:
    """A database `server init` set up, copied for each test (much faster than creating the schema each time)."""
    name = f"zt_template_{os.getpid()}"
    run_as_superuser(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    init_server(database_url(name))
    yield name
    run_as_superuser(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def fresh_server_store(template: str) -> Iterator[str]:
    """The URL of a new, empty, initialised store on the test server, copied from `template` (dropped after)."""
    name = f"zt_{uuid.uuid4().hex[:12]}"
    run_as_superuser(f"CREATE DATABASE {name} TEMPLATE {template}")
    try:
        yield database_url(name)
    finally:
        run_as_superuser(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def server_store(server_template: str) -> Iterator[str]:
    """The URL of a new, empty, initialised store on the test server (dropped after the test)."""
    with fresh_server_store(server_template) as url:
        yield url


@pytest.fixture(scope="module", params=ENGINES)
def module_store_location(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path | str]:
    """`store_location` shared by a module's tests (a store they fill once: a file, or a database on the server)."""
    if request.param == "sqlite":
        yield tmp_path_factory.mktemp("store") / "zhidian.db"
        return
    with fresh_server_store(request.getfixturevalue("server_template")) as url:
        yield url


@pytest.fixture(params=ENGINES)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's store lives: a file in its folder (SQLite), or a fresh database on the test server."""
    if request.param == "sqlite":
        return tmp_path / "zhidian.db"
    url: str = request.getfixturevalue("server_store")
    return url
