"""A school's shared store on PostgreSQL, for both faces: setting the server up, its teachers, and copying classes
between a teacher's file and the server (`server push` / `server pull`, the window's 数据位置)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.problems import Refused, Text


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
