"""The `package` sub-command: exam packages (考试包) that pass one exam's paper, tagging and optionally its scores to
colleagues without a server.

    python -m app package export --class C --assessment E [--with-scores [--anonymise]] --out F.zhidian
    python -m app package show F.zhidian            # what it holds and what an import would do; nothing changes
    python -m app package import F.zhidian [--class C] [--assessment E | --no-tagging]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import SubCommand, chosen_class, open_store, plural, report, store_arguments
from app.core.exam_package import SUFFIX
from app.core.problems import Text
from app.core.vocabulary import listed

if TYPE_CHECKING:
    from app.services.packages import PackageImport, PackagePlan


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export",
        help="把一次考试写成考试包 / write an exam as a package",
        description="试卷、知识点、答案和满分，可附全年级的成绩 / the paper, its tags, keys and full marks, optionally "
        "the scores of every class that sat the exam",
    )
    export.add_argument("--class", dest="class_name", help="班级名称 / class name (default: the only class)")
    export.add_argument("--assessment", required=True, help="考试名称 / the exam")
    export.add_argument(
        "--with-scores",
        action="store_true",
        help="附上参加这次考试的每个班的成绩 / with the scores of every class in the store that sat the exam",
    )
    export.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="成绩用化名，去掉姓名和学号 / the scores under pseudonyms, no names or student numbers",
    )
    export.add_argument("--out", type=Path, required=True, help=f"考试包文件 / the package written (*{SUFFIX})")
    store_arguments(export)
    for name, help_text in (
        ("show", "查看考试包及导入会做什么（不改动数据库）/ what a package holds and what importing it would do"),
        ("import", "导入同事的考试包 / import a colleague's package"),
    ):
        sub = actions.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("package", type=Path, help=f"考试包 / the package (*{SUFFIX})")
        sub.add_argument(
            "--class", dest="class_name", help="试卷只用于这个班的考试 / set the paper on this class's exam only"
        )
        target = sub.add_mutually_exclusive_group()
        target.add_argument(
            "--assessment",
            help="试卷用于这次考试（默认：同名或同日的考试）/ set the paper on this exam (default: "
            "the exams of its name, else of its date)",
        )
        target.add_argument(
            "--no-tagging",
            action="store_true",
            help="不标注任何考试，只保存试卷供以后导入 / tag no exam now: keep the paper for a later import",
        )
        store_arguments(sub)


def run(args: argparse.Namespace, lang: str) -> int:
    """Export, show or import an exam package."""
    if args.action == "export":
        return _export(args, lang)
    from app.services.package_report import import_lines, package_summary, plan_lines
    from app.services.packages import PackageImportRequest, import_package, preview_package

    request = PackageImportRequest(args.package, args.class_name, args.assessment, tag=not args.no_tagging)
    if args.action == "show":
        with open_store(args, reading=True) as db:
            plan = preview_package(db, request)
        report(args, lang, _plan_record(plan), _lines([package_summary(plan), *plan_lines(plan)]))
        return 0
    with open_store(args) as db:
        done = import_package(db, request)
        backup = db.backups[-1].path if db.backups else None
    lines = import_lines(done)
    if backup is not None:
        lines.append(Text(f"（改动前已备份到 {backup}）", f"(backed up before the change to {backup})"))
    record = {**_plan_record(done.plan), **_import_record(done), "backup": str(backup) if backup else None}
    report(args, lang, record, _lines(lines))
    return 0


def _export(args: argparse.Namespace, lang: str) -> int:
    from app.services.packages import PackageRequest, export_package

    out = args.out if args.out.suffix else args.out.with_name(args.out.name + SUFFIX)
    with open_store(args, reading=True) as db:
        class_name = chosen_class(db, args.class_name)
        request = PackageRequest(class_name, args.assessment, out, args.with_scores, args.anonymise, lang)
        done = export_package(db, request)
    for note in done.notes:
        print(note.get(lang), file=sys.stderr)
    scores_zh = (
        f"，附 {listed(done.classes, 'zh')}的成绩（学生 {done.students} 人{'，已化名' if request.anonymise else ''}）"
        if done.classes
        else "，不含成绩"
    )
    scores_en = (
        f", with the scores of {listed(done.classes, 'en')} ({plural(done.students, 'student')}"
        f"{', anonymised' if request.anonymise else ''})"
        if done.classes
        else ", no scores"
    )
    report(
        args,
        lang,
        {
            "package": str(done.path),
            "class": class_name,
            "assessment": done.exam,
            "questions": done.questions,
            "classes": list(done.classes),
            "students": done.students,
            "anonymised": bool(done.classes) and request.anonymise,
        },
        Text(
            f"已把“{class_name}”的考试“{done.exam}”写成考试包 {done.path}：题目 {done.questions} 道{scores_zh}。",
            f"Wrote the exam '{done.exam}' of '{class_name}' as the package {done.path}: "
            f"{plural(done.questions, 'question')}{scores_en}.",
        ),
    )
    return 0


def _plan_record(plan: PackagePlan) -> dict[str, object]:
    exam = plan.exam
    return {
        "package": plan.source,
        "exam": exam.name,
        "date": exam.date.isoformat() if exam.date else None,
        "questions": len(exam.paper.questions),
        "knowledge_points": len({kp for q in exam.paper.questions for kp in q.knowledge_points}),
        "prerequisites": len(exam.prerequisites),
        "anonymised": exam.anonymised,
        "exported": plan.exported,
        "paper_stored": plan.paper_stored,
        "exams": [{"class": e.class_name, "assessment": e.assessment, "already": e.already} for e in plan.exams],
        "classes": [
            {
                "class": c.class_name,
                "assessment": c.assessment,
                "students": c.students,
                "scores": c.scores,
                "fate": c.fate,
            }
            for c in plan.classes
        ],
        "graph": plan.graph,
        "nothing_to_do": plan.nothing_to_do,
    }


def _import_record(done: PackageImport) -> dict[str, object]:
    tagged = done.tagged
    return {
        "paper_id": done.paper_id,
        "tagged": [{"class": c, "assessment": a} for c, a in tagged.assessments] if tagged else [],
        "rescored": tagged.rescored if tagged else 0,
        "imports": [
            {"batch_id": s.batch_id, "class": s.class_name, "students": s.students, "scores": s.scores}
            for s in done.imports
        ],
    }


def _lines(lines: list[Text]) -> Text:
    return Text("\n".join(t.zh for t in lines), "\n".join(t.en for t in lines))


COMMANDS = (
    SubCommand(
        "package",
        "考试包：导出、查看、导入 / exam packages: export, show, import",
        _arguments,
        run,
    ),
)
