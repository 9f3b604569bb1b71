"""A school's shared store on PostgreSQL, for both faces: setting the server up, its teachers, and copying classes
between a teacher's file and the server (`server push` / `server pull`, the window's 数据位置)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.problems import Refused, Text

if TYPE_CHECKING:
    from app.core.settings import SchoolServer, Settings
    from app.storage import BackupRecord, StoreHealth


@dataclass(frozen=True)
class Copied:
    """What a push or a pull copied: rows added per table (0 everywhere: the target held it all already)."""

    source: str
    target: str
    added: dict[str, int]

    @property
    def total(self) -> int:
        """Rows added over every table."""
        return sum(self.added.values())


def refuse_file(url: str) -> None:
    """Refused unless `url` names a server (postgresql://…): the server commands need one."""
    from app.storage import is_server

    if not is_server(url):
        raise Refused(
            Text(
                f"“{url}”不是学校服务器的地址。请用 --db postgresql://用户:密码@主机:端口/库名。",
                f"'{url}' is not a school server. Use --db postgresql://USER:PASSWORD@HOST:PORT/DBNAME.",
            )
        )


def init_server(url: str) -> tuple[bool, str]:
    """Create or upgrade the schema, roles and row-level security on the server at `url`; (created, revision)."""
    from app.storage.server import init_server as init

    refuse_file(url)
    done = init(url)
    return done.created, done.revision


def add_teacher(
    url: str, name: str, classes: list[str], password: str | None, *, role: str = "zhidian_teacher"
) -> bool:
    """Create (True) or reuse (False) the login role `name` in the group `role` and give it `classes`."""
    from app.storage.server import add_teacher as add

    refuse_file(url)
    return add(url, name, classes, password, role=role)


def push_store(source: Path, url: str) -> Copied:
    """Copy every class of the teacher's store file `source` onto the server at `url` (twice: copied once)."""
    from app.storage import label, open_database
    from app.storage.transfer import copy_classes

    refuse_file(url)
    with (
        open_database(source, create=False) as local,
        open_database(url) as server,
        local.engine.connect() as reading,
        server.writing() as session,
    ):
        added = copy_classes(reading, session.connection())
    return Copied(str(source), label(url), added)


def pull_class(url: str, class_name: str, target: Path) -> Copied:
    """Copy the class `class_name` (what the login may read of it) from the server at `url` into the store file
    `target` (made if missing), for work away from the school's network."""
    from app.storage import NotFound, label, list_classes, open_database
    from app.storage.transfer import copy_classes

    refuse_file(url)
    with open_database(url, read_only=True) as server, open_database(target) as local:
        with server.session() as session:
            if class_name not in [c.name for c in list_classes(session)]:
                raise NotFound(
                    Text(
                        f"学校服务器上没有（或你看不到）班级“{class_name}”。",
                        f"The school server holds no class '{class_name}' (or you may not see it).",
                    )
                )
        with server.engine.connect() as reading, local.writing(backup="before-pull") as writing:
            added = copy_classes(reading, writing.connection(), [class_name])
    return Copied(label(url), str(target), added)


def check_server(url: str) -> StoreHealth:
    """The server store's check, as a file store's reads (its complaints as `integrity`; no dangling rows: the
    server enforces every reference)."""
    from app.storage import StoreHealth
    from app.storage.server import check_server as check

    return StoreHealth(tuple(check(url)), {})


def server_backups(url: str) -> list[BackupRecord]:
    """The pg_dump backups of the server store at `url` made from this computer, newest first."""
    from app.storage.server_backups import list_server_backups

    return list_server_backups(url)


def restore_server(url: str, name: str) -> tuple[BackupRecord, BackupRecord]:
    """Put the dump named `name` back into the server store at `url`, after a dump of the store as it is now;
    returns (the dump restored, that safety dump). NotFound when there is no such dump."""
    from app.storage import NotFound
    from app.storage.server_backups import dump_server, list_server_backups
    from app.storage.server_backups import restore_server as put_back

    chosen = next((b for b in list_server_backups(url) if b.path.name == name or str(b.path) == name), None)
    if chosen is None:
        raise NotFound(Text(f"没有这个备份：{name}", f"There is no such backup: {name}"))
    safety = dump_server(url, "before-restore")
    put_back(url, chosen.path)
    return chosen, safety


KEYRING_SERVICE = "Zhidian school server"
"""The operating system keyring's service name under which a server login's password is kept."""


def _account(server: SchoolServer) -> str:
    """The keyring's account for a login: user@host:port/database."""
    return f"{server.user}@{server.host}:{server.port}/{server.database}"


def save_password(server: SchoolServer, password: str) -> None:
    """Keep the login's password in the operating system's keyring (never in a file of ours); Refused saying so
    where this computer has no keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _account(server), password)
    except KeyringError as missing:
        raise Refused(
            Text(
                f"这台电脑上没有可用的密码保管（{missing}），密码没有保存。",
                f"This computer has no keyring to keep the password in ({missing}); it was not saved.",
            )
        ) from missing


def saved_password(server: SchoolServer) -> str | None:
    """The login's password from the keyring; None where none is kept (or there is no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        found: str | None = keyring.get_password(KEYRING_SERVICE, _account(server))
    except KeyringError:
        return None
    return found


def server_url(server: SchoolServer, password: str | None) -> str:
    """The postgresql:// URL of `server` with `password` (for opening it; never shown or written)."""
    from app.storage.engines import make_server_url

    return make_server_url(server.host, server.port, server.database, server.user, password)


def chosen_server(settings: Settings) -> str | None:
    """The URL of the school server the teacher chose in Settings (password from the keyring), None where the
    store is on this PC."""
    if settings.data_location != "server" or not settings.server.host:
        return None
    return server_url(settings.server, saved_password(settings.server))


def try_connection(server: SchoolServer, password: str | None) -> Text:
    """Try to open the store on `server`: what it holds, or why it cannot be opened (the words to show)."""
    from app.storage import StoreError, list_classes, open_database

    where = f"{server.user}@{server.host}:{server.port}/{server.database}"
    try:
        with open_database(server_url(server, password), read_only=True) as db, db.session() as session:
            classes = len(list_classes(session))
    except StoreError as failure:
        return failure.text
    return Text(
        f"已连接 {where}：你能看到 {classes} 个班级。",
        f"Connected to {where}: you can see {classes} {'class' if classes == 1 else 'classes'}.",
    )
