"""What every sub-command shares: its shape, the store and device options, the class and the thresholds it works
with (the window's rules, `app.services`), and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.diagnosis import Thresholds
from app.core.problems import Refused, Text
from app.core.settings import load_settings
from app.core.vocabulary import listed
from app.core.vocabulary import plural as plural  # the sub-commands' English counts

if TYPE_CHECKING:
    from app.services.store import Database


@dataclass(frozen=True)
class SubCommand:
    """One sub-command: its name, help, arguments and what runs it."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, str], int]


def store_arguments(parser: argparse.ArgumentParser) -> None:
    """--db and --json, shared by the sub-commands that read or change the store."""
    parser.add_argument(
        "--db",
        help="数据库文件或学校服务器 postgresql://用户:密码@主机:端口/库名（默认 ZHIDIAN_DB，否则用户数据文件夹）/ store file or "
        "school server postgresql://USER:PASSWORD@HOST:PORT/DBNAME (default: ZHIDIAN_DB, else the user data folder)",
    )
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / print one JSON object")


def open_store(args: argparse.Namespace, *, reading: bool = False) -> Database:
    """The store named by --db, else the one in the user data folder; `reading`: opened read-only where it
    cannot be written (the command only reads it)."""
    from app.services.store import connect

    return connect(args.db, reading=reading)


def report(args: argparse.Namespace, lang: str, record: dict[str, object], text: Text) -> None:
    """Print the result: `record` as one JSON object with --json, else `text` in `lang`."""
    print(json.dumps(record) if args.json else text.get(lang))


def device_argument(parser: argparse.ArgumentParser) -> None:
    """--device, for the sub-commands that run the engine."""
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda", "mps"), help="计算设备 / compute device (default: auto)"
    )


def device_refusal(args: argparse.Namespace, lang: str) -> str | None:
    """Why the requested --device cannot be used here, or None when it can; the engine's threads set as the window
    sets them (`engine_threads`), for every sub-command that runs the engine asks this first."""
    from app.services.store import device_problem, engine_threads

    engine_threads()
    problem = device_problem(args.device)
    return problem.get(lang) if problem is not None else None


def chosen_class(db: Database, class_name: str | None) -> str:
    """The class named with --class, else the class the window showed last, else the store's only class
    (`choose_class`, the window's rule); refused, naming the choices, when nothing says which."""
    from app.services.class_data import choose_class
    from app.services.store import store_state

    names = [c.name for c in store_state(db).classes]
    choice = choose_class(names, class_name, last=load_settings().last_class)
    if choice.name is None or not choice.settled:
        raise Refused(
            Text(
                f"请用 --class 指定班级：{listed(names, 'zh') or '（数据库中没有班级）'}",
                f"name the class with --class: {listed(names, 'en') or '(the store holds no class)'}",
            )
        )
    return choice.name


def thresholds_argument(parser: argparse.ArgumentParser) -> None:
    """--threshold, for the sub-commands that judge mastery."""
    parser.add_argument(
        "--threshold",
        type=float,
        help="薄弱阈值 / weak below this mastery (default: the teacher's, as in the window's Settings)",
    )


def thresholds(args: argparse.Namespace) -> Thresholds:
    """The teacher's thresholds (the settings file the window writes), weak below taken from --threshold when
    given; refused (exit 2) by the rule the window's Settings dialog applies."""
    teacher = load_settings().thresholds
    weak_below = getattr(args, "threshold", None)
    return teacher if weak_below is None else dataclasses.replace(teacher, weak_below=weak_below)
