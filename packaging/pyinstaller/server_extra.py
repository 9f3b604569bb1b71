"""The optional extra `[server]` (a school's store on PostgreSQL) in the frozen build, where it is installed.

psycopg (with psycopg-binary's libpq) is loaded by SQLAlchemy from a URL's driver name and keyring finds its
backends through its package metadata (entry points), so neither is found by following imports alone: the spec
names their modules and copies their metadata. Without psycopg installed the build has no server driver, and a
`postgresql://` store says so when opened.
"""

from __future__ import annotations

import importlib.util

SERVER_PACKAGES = {"psycopg": "psycopg", "psycopg_binary": "psycopg-binary", "keyring": "keyring"}
"""{top-level module: its distribution} of the extra."""
SERVER_DRIVER = ("sqlalchemy.dialects.postgresql.psycopg", "alembic.ddl.postgresql")
"""What SQLAlchemy and Alembic load by name for a `postgresql+psycopg` URL."""
PSYCOPG_BINARY_MODULES = ("psycopg_binary", "psycopg_binary.pq", "psycopg_binary._psycopg", "psycopg_binary.version")
"""psycopg-binary's modules, named: it refuses to be imported before psycopg, so they cannot be listed by importing."""


def installed_server_packages() -> list[str]:
    """The extra's top-level modules installed where the build runs (none without psycopg: no driver, no server)."""
    found = [name for name in SERVER_PACKAGES if importlib.util.find_spec(name) is not None]
    return found if "psycopg" in found else []


def server_hidden_imports() -> list[str]:
    """The modules the build takes for the extra: the driver's and every submodule of its installed packages."""
    from PyInstaller.utils.hooks import collect_submodules

    found = installed_server_packages()
    if not found:
        return []
    modules = [*SERVER_DRIVER, *(m for name in found if name != "psycopg_binary" for m in collect_submodules(name))]
    return modules + list(PSYCOPG_BINARY_MODULES if "psycopg_binary" in found else ())


def server_metadata() -> list[tuple[str, str]]:
    """The installed packages' metadata (keyring's backends are entry points; psycopg reads its own version)."""
    from PyInstaller.utils.hooks import copy_metadata

    return [entry for name in installed_server_packages() for entry in copy_metadata(SERVER_PACKAGES[name])]
