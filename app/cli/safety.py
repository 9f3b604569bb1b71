"""Sub-commands that keep the teacher's data safe: backup, restore, check-store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import SubCommand, open_store, plural, report, store_arguments
from app.core.problems import Text
from app.core.vocabulary import listed

if TYPE_CHECKING:
    from app.services.backups import StoreHealth


def _path(args: argparse.Namespace) -> Path:
    from app.services.backups import store_file

    return store_file(args.db)


def run_backup(args: argparse.Namespace, lang: str) -> int:
    """Back the store up now."""
    from app.services.backups import backup_kind

    with open_store(args) as db:
        record, kind = db.make_backup("manual"), backup_kind(db.server)
    report(
        args,
        lang,
        {"backup": str(record.path), "created": record.created.isoformat(timespec="seconds"), "size": record.size},
        Text(f"{kind.zh}\n已备份到 {record.path}", f"{kind.en}\nBacked up to {record.path}"),
    )
    return 0


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "backup", nargs="?", help="要恢复的备份文件（省略则列出备份）/ the backup to restore (omit to list them)"
    )
    store_arguments(parser)


def run_restore(args: argparse.Namespace, lang: str) -> int:
    """List the store's backups with what they hold, or restore one (after a safety copy of the store)."""
    from app.services.backups import described_backups, find_backup, restore, restore_missing

    if _server(args):
        return _restore_server(args, lang)
    store = _path(args)
    if args.backup is None:
        rows: list[dict[str, object]] = []
        lines: list[str] = []
        for described in described_backups(store):
            b, content = described.record, described.content
            classes = list(content.classes or ())
            rows.append(
                {
                    "backup": str(b.path),
                    "created": b.created.isoformat(timespec="seconds"),
                    "reason": b.reason,
                    "classes": classes,
                    "students": content.students,
                    "assessments": content.assessments,
                    "damaged": not described.readable,
                }
            )
            damaged = "" if described.readable else Text("【已损坏】", "[DAMAGED] ").get(lang)
            lines.append(
                f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason:<24} {damaged}{listed(classes, lang) or '—'}  {b.path}"
            )
        empty = Text("这个数据库还没有备份。", "This store has no backup yet.")
        report(args, lang, {"backups": rows}, Text("\n".join(lines) or empty.zh, "\n".join(lines) or empty.en))
        return 0
    chosen = find_backup(store, args.backup)
    if not store.exists() and not store.with_name(store.name + "-wal").exists():
        restore_missing(store, chosen)
        record: dict[str, object] = {"restored": str(chosen.path), "safety_copy": None, "damaged_copy": None}
        report(args, lang, record, Text(f"已从 {chosen.path.name} 恢复。", f"Restored {chosen.path.name}."))
        return 0
    restored = restore(store, chosen)
    safety = restored.safety_copy
    if restored.damaged:
        record = {"restored": str(chosen.path), "safety_copy": None, "damaged_copy": str(safety.path)}
        text = Text(
            f"已从 {chosen.path.name} 恢复；损坏的数据库已原样复制到 {safety.path}",
            f"Restored {chosen.path.name}; the damaged store was copied as it was to {safety.path}",
        )
    else:
        record = {"restored": str(chosen.path), "safety_copy": str(safety.path), "damaged_copy": None}
        text = Text(
            f"已从 {chosen.path.name} 恢复；恢复前的数据库已备份到 {safety.path}",
            f"Restored {chosen.path.name}; the store as it was is backed up to {safety.path}",
        )
    report(args, lang, record, text)
    return 0


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repair",
        action="store_true",
        help="删除指向不存在记录的行（先备份）/ remove rows pointing nowhere (backs up first)",
    )
    store_arguments(parser)


def run_check_store(args: argparse.Namespace, lang: str) -> int:
    """Check the store's integrity and references; with --repair remove dangling rows after a backup."""
    from app.services.backups import check, repair

    if _server(args):
        from app.services.server import check_server

        health = check_server(_server(args) or "")
        report(args, lang, _health_record(health, {}), _health_text(health, {}, lang))
        return 0 if health.ok else 2
    store = _path(args)
    health = check(store)
    removed: dict[str, int] = {}
    if args.repair and health.dangling:
        repaired = repair(store)
        removed, health = repaired.removed, repaired.health
    report(args, lang, _health_record(health, removed), _health_text(health, removed, lang))
    return 0 if health.ok else 2


def _health_record(health: StoreHealth, removed: dict[str, int]) -> dict[str, object]:
    return {"ok": health.ok, "integrity": list(health.integrity), "dangling": health.dangling, "removed": removed}


def _health_text(health: StoreHealth, removed: dict[str, int], lang: str) -> Text:
    if health.ok:
        text = Text("数据库完好。", "The store is sound.")
    elif health.integrity:
        text = Text(
            f"数据库已损坏（{health.integrity[0]}）。请恢复一个备份：python -m app restore",
            f"The store is damaged ({health.integrity[0]}). Restore a backup: python -m app restore",
        )
    else:
        tables = listed((f"{t} {n} 行" for t, n in health.dangling.items()), "zh")
        tables_en = listed((f"{t}: {plural(n, 'row')}" for t, n in health.dangling.items()), "en")
        text = Text(
            f"有数据指向不存在的记录（{tables}）。可运行 python -m app check-store --repair 删除它们。",
            f"Some rows point at records that do not exist ({tables_en}). "
            "python -m app check-store --repair removes them.",
        )
    if removed:
        text = Text(
            f"已删除 {sum(removed.values())} 行。" + text.zh,
            f"Removed {plural(sum(removed.values()), 'row')}. " + text.en,
        )
    return text


def _server(args: argparse.Namespace) -> str | None:
    """The server's URL where --db (or ZHIDIAN_DB) names one, else None (a file store)."""
    from app.services.store import store_location

    where = store_location(args.db)
    return where if isinstance(where, str) else None


def _restore_server(args: argparse.Namespace, lang: str) -> int:
    """List the server store's pg_dump backups made from here, or restore one (after a dump of the store now)."""
    from app.services.server import restore_server, server_backups

    url = _server(args) or ""
    if args.backup is None:
        found = server_backups(url)
        rows: list[dict[str, object]] = [
            {"backup": str(b.path), "created": b.created.isoformat(timespec="seconds"), "reason": b.reason}
            for b in found
        ]
        lines = "\n".join(f"{b.created:%Y-%m-%d %H:%M:%S}  {b.reason:<24} {b.path}" for b in found)
        empty = Text("这台电脑还没有备份过这个服务器数据库。", "No backup of this server store was made from here yet.")
        report(args, lang, {"backups": rows}, Text(lines or empty.zh, lines or empty.en))
        return 0
    chosen, safety = restore_server(url, args.backup)
    report(
        args,
        lang,
        {"restored": str(chosen.path), "safety_copy": str(safety.path), "damaged_copy": None},
        Text(
            f"已从 {chosen.path.name} 恢复；恢复前的数据库已备份到 {safety.path}",
            f"Restored {chosen.path.name}; the store as it was is backed up to {safety.path}",
        ),
    )
    return 0


COMMANDS = (
    SubCommand("backup", "立即备份数据库 / back the store up now", store_arguments, run_backup),
    SubCommand("restore", "列出或恢复备份 / list or restore backups", _restore_arguments, run_restore),
    SubCommand("check-store", "检查数据库 / check the store", _check_arguments, run_check_store),
)
