"""The command-line interface: `python -m app import|summary|undo|tag|date-exam|transfer|merge|diagnose|progress|predict|
export|check|train-prior|settings|backup|restore|check-store|package|server`, one function per sub-command, each calling `app.services` (never the store or
the engine directly) and sharing the window's rules: the class shown, the teacher's thresholds, the check's verdict.

A sub-command is a `SubCommand` in `SUBCOMMANDS`: a function adding its arguments and a function
running it, which returns the exit code. Exit codes: 0 done, 2 refused input (every problem on
stderr, the store unchanged), 1 an unexpected failure (one line; ZHIDIAN_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli import analysis, packages, priors, progress, roster, safety, server, settings, store
from app.core.locations import use_data_folder
from app.core.problems import GradebookError, Refused, Text, default_language

SUBCOMMANDS = (
    *store.COMMANDS,
    *roster.COMMANDS,
    *analysis.COMMANDS,
    *progress.COMMANDS,
    *priors.COMMANDS,
    *settings.COMMANDS,
    *safety.COMMANDS,
    *packages.COMMANDS,
    *server.COMMANDS,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m app", description="Zhidian 知点")
    parser.add_argument("--lang", choices=("zh", "en"), help="消息语言 / message language")
    parser.add_argument(
        "--data-dir", type=Path, help="数据文件夹（数据库、设置、备份）/ the folder for the store, settings and backups"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for command in SUBCOMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = build_parser().parse_args(argv)
    lang = args.lang or default_language()
    if args.data_dir is not None:
        use_data_folder(args.data_dir)
    try:
        code: int = args.run(args, lang)
        sys.stdout.flush()  # a reader gone away fails here, not in the exit's own flush
        return code
    except GradebookError as refused:
        for problem in refused.problems:
            print(problem.describe(lang), file=sys.stderr)
        return 2
    except Refused as refused:
        print(refused.text.get(lang), file=sys.stderr)
        return 2
    except BrokenPipeError:  # whoever read the output stopped early (… | head): the work is done, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
        return 0
    except Exception as unexpected:  # the last line of defence: one line, no traceback
        if os.environ.get("ZHIDIAN_DEBUG") == "1":
            raise
        message = Text("意外错误", "unexpected error").get(lang)
        hint = Text("设置 ZHIDIAN_DEBUG=1 可查看详情", "set ZHIDIAN_DEBUG=1 for details").get(lang)
        print(f"{message}: {type(unexpected).__name__}: {unexpected} ({hint})", file=sys.stderr)
        return 1
