"""What every sub-command shares: its shape, the store and device options, and how results are printed."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.problems import Text
from app.storage import Database, NotFound, default_db_path, get_class, list_classes, open_database


@dataclass(frozen=True)
class SubCommand:
    """One sub-command: its name, help, arguments and what runs it."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, str], int]


def store_arguments(parser: argparse.ArgumentParser) -> None:
    """--db and --json, shared by the sub-commands that read or change the store."""
    parser.add_argument("--db", type=Path, help="数据库文件 / store file (default: the user data folder)")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / print one JSON object")


def open_store(args: argparse.Namespace, *, reading: bool = False) -> Database:
    """The store named by --db, else the one in the user data folder; `reading`: opened read-only where it
    cannot be written (the command only reads it)."""
    if reading:
        from app.services.store import open_readable

        return open_readable(Path(args.db or default_db_path()))
    return open_database(args.db or default_db_path())


def report(args: argparse.Namespace, lang: str, record: dict[str, object], text: Text) -> None:
    """Print the result: `record` as one JSON object with --json, else `text` in `lang`."""
    print(json.dumps(record) if args.json else text.get(lang))


def plural(count: int, noun: str, plural: str = "") -> str:
    """`count` with its English noun, e.g. "1 class", "2 classes"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def device_argument(parser: argparse.ArgumentParser) -> None:
    """--device, for the sub-commands that run the engine."""
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda", "mps"), help="计算设备 / compute device (default: auto)"
    )


def device_refusal(args: argparse.Namespace, lang: str) -> str | None:
    """Why the requested --device cannot be used here, or None when it can."""
    if args.device in (None, "auto"):
        return None
    from app.engine.device import pick_device

    try:
        pick_device(args.device)
    except RuntimeError:
        return Text(
            f"此电脑上没有可用的计算设备“{args.device}”；请去掉 --device 或改用 --device cpu",
            f"device '{args.device}' is not available on this computer; drop --device or use --device cpu",
        ).get(lang)
    return None


def chosen_class(db: Database, class_name: str | None) -> str:
    """The class named with --class, else the store's only class; NotFound naming the choices otherwise."""
    with db.session() as session:
        if class_name is not None:
            return get_class(session, class_name).name
        names = [c.name for c in list_classes(session)]
    if len(names) != 1:
        raise NotFound(
            Text(
                f"请用 --class 指定班级：{'、'.join(names) or '（数据库中没有班级）'}",
                f"name the class with --class: {', '.join(names) or '(the store holds no class)'}",
            )
        )
    return names[0]
