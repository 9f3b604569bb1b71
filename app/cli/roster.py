"""Sub-commands for a class's roster over a term, as Manage classes and exams does them in the window: date an exam,
mark a student 转出 or 转入, merge two records of one student (`services.roster`)."""

from __future__ import annotations

import argparse

from app.cli.common import SubCommand, chosen_class, open_store, report, store_arguments
from app.cli.store import iso_date
from app.core.problems import Refused, Text
from app.core.vocabulary import listed


def _date_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assessment", help="考试名称 / the exam's name")
    parser.add_argument("date", type=iso_date, help="考试日期 YYYY-MM-DD / the exam's date")
    parser.add_argument(
        "--class", dest="class_name", help="班级（默认：参加这次考试的每个班）/ class (default: every one)"
    )
    store_arguments(parser)


def run_date(args: argparse.Namespace, lang: str) -> int:
    """Date an exam in a class, or in every class that sat it: the term's order follows the dates."""
    from app.services.roster import date_exams

    with open_store(args) as db:
        classes = date_exams(db, args.assessment, args.date, args.class_name)
    report(
        args,
        lang,
        {"assessment": args.assessment, "date": args.date.isoformat(), "classes": classes},
        Text(
            f"已把{listed(classes, 'zh')}的考试“{args.assessment}”的日期设为 {args.date}；这些班级需要重新诊断。",
            f"Dated '{args.assessment}' {args.date} in {listed(classes, 'en')}; diagnose these classes again.",
        ),
    )
    return 0


def _transfer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("student", help="学号 / the student's number")
    parser.add_argument("--class", dest="class_name", help="班级 / class (default: the only class)")
    parser.add_argument("--left", type=iso_date, help="转出日期 YYYY-MM-DD / left the class on")
    parser.add_argument("--joined", type=iso_date, help="转入日期 YYYY-MM-DD / joined the class on")
    parser.add_argument("--clear", action="store_true", help="取消转出和转入 / take both back")
    store_arguments(parser)


def run_transfer(args: argparse.Namespace, lang: str) -> int:
    """Mark a student 转出 (no longer in the class's figures, plans and groups from then) or 转入, or take it back."""
    from app.services.roster import clear_transfer, transfer

    if args.clear == (args.left is not None or args.joined is not None):
        raise Refused(Text("请给出 --left、--joined 或 --clear 之一。", "Give --left, --joined, or --clear."))
    with open_store(args) as db:
        class_name = chosen_class(db, args.class_name)
        if args.clear:
            entry = clear_transfer(db, class_name, args.student)
        else:
            entry = transfer(db, class_name, args.student, left_on=args.left, joined_on=args.joined)
    who = f"{entry.name or entry.number}（{entry.number}）"
    joined, left = entry.joined_on, entry.left_on
    report(
        args,
        lang,
        {
            "class": class_name,
            "student": entry.number,
            "name": entry.name,
            "joined_on": joined.isoformat() if joined else None,
            "left_on": left.isoformat() if left else None,
        },
        Text(
            f"班级“{class_name}”的{who}：转入 {joined or '—'}，转出 {left or '—'}；该班需要重新诊断。",
            f"{who} of class '{class_name}': joined {joined or '—'}, left {left or '—'}; diagnose the class again.",
        ),
    )
    return 0


def _merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kept", help="保留的学号 / the number kept")
    parser.add_argument("merged", help="并入它的学号 / the number merged into it")
    parser.add_argument("--class", dest="class_name", help="班级 / class (default: the only class)")
    store_arguments(parser)


def run_merge(args: argparse.Namespace, lang: str) -> int:
    """Join two records of one student (their scores join, nothing lost), after a backup."""
    from app.services.roster import merge_students

    with open_store(args) as db:
        class_name = chosen_class(db, args.class_name)
        merge = merge_students(db, class_name, args.kept, args.merged)
    report(
        args,
        lang,
        {"class": class_name, "kept": merge.kept, "merged": merge.merged, "scores": merge.scores},
        Text(
            f"已把班级“{class_name}”的 {merge.merged} 并入 {merge.kept}（成绩 {merge.scores} 个）；该班需要重新诊断。",
            f"Merged {merge.merged} into {merge.kept} in class '{class_name}' ({merge.scores} scores); diagnose the "
            "class again.",
        ),
    )
    return 0


COMMANDS = (
    SubCommand("date-exam", "设置考试日期 / date an exam (the term's order)", _date_arguments, run_date),
    SubCommand("transfer", "学生转出或转入 / a student left or joined the class", _transfer_arguments, run_transfer),
    SubCommand("merge", "合并同一学生的两条记录 / join two records of one student", _merge_arguments, run_merge),
)
