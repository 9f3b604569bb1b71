"""Backups of a school's server store: the server's own tools, pg_dump (custom format, one file) and pg_restore
(one transaction: the store is the backup's or stays as it was), where they are installed. Dumps go into the data
folder, under `server-backups/<host>-<port>-<database>/`, owner-only, named by time and reason like a file store's."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import URL

from app.core.locations import data_folder
from app.core.owner_only import create_owner_only, owner_only_folder
from app.core.problems import Text
from app.storage.backups import BackupRecord
from app.storage.engines import label, server_url
from app.storage.errors import StoreError

_NAME = re.compile(r"^(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z0-9-]+)\.dump$")


def server_backup_folder(url: str | URL) -> Path:
    """The local folder holding the dumps of the server store at `url`."""
    parsed = server_url(url)
    name = f"{parsed.host or 'localhost'}-{parsed.port or 5432}-{parsed.database or ''}"
    return data_folder() / "server-backups" / re.sub(r"[^A-Za-z0-9._-]", "_", name)


def dump_server(url: str | URL, reason: str) -> BackupRecord:
    """Dump the server store at `url` with pg_dump into its backup folder; StoreError saying so when pg_dump is
    not installed or fails (the login must be allowed to read every row: the owner's or an admin's)."""
    tool = _tool("pg_dump", url)
    folder = owner_only_folder(server_backup_folder(url), tighten=True)
    now = dt.datetime.now()
    target = folder / f"{now:%Y%m%d-%H%M%S-%f}-{re.sub(r'[^a-z0-9-]', '-', reason.lower())}.dump"
    partial = target.with_name(target.name + ".partial")
    create_owner_only(partial)
    try:
        _run(url, [tool, "--format=custom", f"--file={partial}", *_connection(url)])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupRecord(target, now, reason, target.stat().st_size)


def list_server_backups(url: str | URL) -> list[BackupRecord]:
    """The dumps of the server store at `url`, newest first."""
    folder = server_backup_folder(url)
    found = []
    for path in folder.glob("*.dump") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            created = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
            found.append(BackupRecord(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def restore_server(url: str | URL, dump: Path) -> None:
    """Put the dump back into the server store at `url` in one transaction (its tables replaced by the dump's)."""
    tool = _tool("pg_restore", url)
    _run(
        url,
        [
            tool,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            *_connection(url, "--dbname="),
            str(dump),
        ],
    )


def _connection(url: str | URL, database_flag: str = "") -> list[str]:
    """pg_dump's and pg_restore's options naming the server, the login and the database (the password goes in
    the environment, never on the command line where `ps` shows it)."""
    parsed = server_url(url)
    options = [f"--host={parsed.host or 'localhost'}", f"--port={parsed.port or 5432}"]
    if parsed.username:
        options.append(f"--username={parsed.username}")
    return [*options, "--no-password", f"{database_flag}{parsed.database or ''}"]


def _run(url: str | URL, command: list[str]) -> None:
    password = server_url(url).password
    environment = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise StoreError(
            Text(
                f"{Path(command[0]).name} 没有完成（{label(url)}）：{why}",
                f"{Path(command[0]).name} failed ({label(url)}): {why}",
            )
        )


def _tool(name: str, url: str | URL) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            Text(
                f"这台电脑上没有 PostgreSQL 的 {name}，所以不能备份或恢复学校服务器上的数据库“{label(url)}”。"
                "请在服务器上安装 postgresql-client（Debian：apt install postgresql-client；Windows：PostgreSQL 安装程序）"
                "后再试，或请管理员在服务器上备份。",
                f"PostgreSQL's {name} is not installed on this computer, so the school server's store '{label(url)}' "
                "cannot be backed up or restored from here. Install postgresql-client (Debian: apt install "
                "postgresql-client; Windows: the PostgreSQL installer) and try again, or ask the administrator to "
                "back up the server.",
            )
        )
    return found
