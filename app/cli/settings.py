"""The `settings` sub-command: show or change the teacher's settings, the file the window's Settings edits too."""

from __future__ import annotations

import argparse
import dataclasses
import typing
from typing import Any

from app.cli.common import SubCommand, report
from app.core.problems import Text
from app.core.settings import Language, load_settings, settings_path, update_settings


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weak-below", type=float, help="薄弱阈值 / mastery under this is weak")
    parser.add_argument("--mastered-from", type=float, help="已掌握阈值 / mastery from this up is mastered")
    parser.add_argument(
        "--confidence",
        type=float,
        help="置信度 / how sure a weak flag must be (0.5-0.99; less sure is 'not sure yet')",
    )
    parser.add_argument("--language", choices=typing.get_args(Language), help="窗口语言 / the window's language")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / print one JSON object")


def run_settings(args: argparse.Namespace, lang: str) -> int:
    """Print the settings in force; with options, change those first (refused by the rule the window applies)."""
    settings = load_settings()
    changes: dict[str, Any] = {}
    if args.weak_below is not None or args.mastered_from is not None:
        weak = settings.thresholds.weak_below if args.weak_below is None else args.weak_below
        mastered = settings.thresholds.mastered_from if args.mastered_from is None else args.mastered_from
        changes["thresholds"] = dataclasses.replace(settings.thresholds, weak_below=weak, mastered_from=mastered)
    if args.confidence is not None:
        changes["confidence"] = args.confidence
    if args.language is not None:
        changes["language"] = args.language
    if changes:
        settings = update_settings(**changes)
    t = settings.thresholds
    report(
        args,
        lang,
        {
            "file": str(settings_path()),
            "thresholds": {"weak_below": t.weak_below, "mastered_from": t.mastered_from},
            "confidence": settings.confidence,
            "language": settings.language,
            "last_class": settings.last_class,
        },
        Text(
            f"{settings_path()}：薄弱低于 {t.weak_below:.2f}，已掌握自 {t.mastered_from:.2f}，"
            f"置信度 {settings.confidence:.2f}；窗口语言 {settings.language}；"
            f"上次显示的班级 {settings.last_class or '—'}。",
            f"{settings_path()}: weak below {t.weak_below:.2f}, mastered from {t.mastered_from:.2f}, confidence "
            f"{settings.confidence:.2f}; window language "
            f"{settings.language}; class shown last {settings.last_class or '—'}.",
        ),
    )
    return 0


COMMANDS = (
    SubCommand(
        "settings", "显示或修改教师设置（与窗口共用）/ show or change the teacher's settings", _arguments, run_settings
    ),
)
