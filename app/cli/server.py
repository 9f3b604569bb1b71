"""`server init | add-teacher | push | pull`: a school's shared store on PostgreSQL (README, "For a school")."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from app.cli.common import SubCommand, report
from app.core.problems import Refused, Text


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    init = actions.add_parser("init", help="建立或升级服务器上的数据库 / create or upgrade the server's store")
    teacher = actions.add_parser("add-teacher", help="添加老师及其班级 / add a teacher and their classes")
    teacher.add_argument("name", help="老师的登录名 / the teacher's login name")
    teacher.add_argument("--classes", required=True, help="任教班级，逗号分隔 / their classes, comma-separated")
    teacher.add_argument(
        "--role",
        choices=("teacher", "grade-lead", "admin"),
        default="teacher",
        help="teacher 任课老师；grade-lead 备课组长（全年级）；admin 管理员 / a teacher, the grade lead, an admin",
    )
    push = actions.add_parser("push", help="把本机数据库复制到服务器 / copy a local store onto the server")
    push.add_argument("--from", dest="source", type=Path, required=True, help="本机数据库文件 / the local store file")
    pull = actions.add_parser("pull", help="把一个班取回本机文件 / copy a class into a local store file")
    pull.add_argument("--class", dest="class_name", required=True, help="班级 / the class")
    pull.add_argument("--to", dest="target", type=Path, required=True, help="本机数据库文件 / the local store file")
    for sub in (init, teacher, push, pull):
        sub.add_argument("--db", help="学校服务器 / the server: postgresql://USER:PASSWORD@HOST:PORT/DBNAME")
        sub.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / print one JSON object")


def _url(args: argparse.Namespace) -> str:
    url = args.db or os.environ.get("ZHIDIAN_DB")
    if not url:
        raise Refused(
            Text(
                "请用 --db postgresql://用户:密码@主机:端口/库名 指定学校服务器。",
                "Name the school server with --db postgresql://USER:PASSWORD@HOST:PORT/DBNAME.",
            )
        )
    return str(url)


def run_server(args: argparse.Namespace, lang: str) -> int:
    """Run one of the server's actions."""
    from app.services import server

    url = _url(args)
    if args.action == "init":
        created, revision = server.init_server(url)
        said = Text("已建立", "Created") if created else Text("已是最新或已升级到", "Up to date or upgraded to")
        report(
            args,
            lang,
            {"created": created, "revision": revision},
            Text(
                f"{said.zh}结构版本 {revision}；角色和行级安全策略已设置。",
                f"{said.en} schema {revision}; roles and row-level security policies are set.",
            ),
        )
    elif args.action == "add-teacher":
        classes = [c.strip() for c in args.classes.split(",") if c.strip()]
        password = os.environ.get("ZHIDIAN_NEW_PASSWORD") or _prompt(args.name, lang)
        role = {"teacher": "zhidian_teacher", "grade-lead": "zhidian_grade_lead", "admin": "zhidian_admin"}[args.role]
        created = server.add_teacher(url, args.name, classes, password, role=role)
        report(
            args,
            lang,
            {"teacher": args.name, "created": created, "classes": classes, "role": args.role},
            Text(
                f"{'已创建' if created else '已更新'}老师 {args.name}，任教：{'、'.join(classes)}。",
                f"{'Created' if created else 'Updated'} the teacher {args.name}, teaching {', '.join(classes)}.",
            ),
        )
    else:
        copied = (
            server.push_store(args.source, url)
            if args.action == "push"
            else server.pull_class(url, args.class_name, args.target)
        )
        report(
            args,
            lang,
            {"from": copied.source, "to": copied.target, "added": copied.added, "total": copied.total},
            Text(
                f"已从 {copied.source} 复制到 {copied.target}：新增 {copied.total} 行"
                + ("（都已存在，没有重复）" if copied.total == 0 else "")
                + "。",
                f"Copied from {copied.source} to {copied.target}: {copied.total} new rows"
                + (" (all there already; nothing doubled)" if copied.total == 0 else "")
                + ".",
            ),
        )
    return 0


def _prompt(name: str, lang: str) -> str | None:
    """The new teacher's password, asked twice at the terminal; None where there is no terminal to ask at (an
    existing login keeps its password then)."""
    if not os.isatty(0):
        return None
    first = getpass.getpass(Text(f"{name} 的密码：", f"Password for {name}: ").get(lang))
    if first != getpass.getpass(Text("再输入一次：", "Again: ").get(lang)):
        raise Refused(Text("两次输入的密码不一样。", "The two passwords differ."))
    return first or None


COMMANDS = (SubCommand("server", "学校服务器（PostgreSQL）/ the school's server (PostgreSQL)", _arguments, run_server),)
