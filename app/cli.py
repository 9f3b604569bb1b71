"""The command-line interface: `python -m app import|summary|undo|diagnose|predict|export|check`, one function per sub-command.

A sub-command is a `SubCommand` in `SUBCOMMANDS`: a function adding its arguments and a function
running it, which returns the exit code. Exit codes: 0 done, 2 refused input (every problem on
stderr, the store unchanged), 1 an unexpected failure (one line; ZHIDIAN_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from app.core.problems import GradebookError, Text, default_language
from app.storage import Database, NotFound, StoreError, default_db_path, open_database, store_summary


@dataclass(frozen=True)
class SubCommand:
    """One sub-command: its name, help, arguments and what runs it."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, str], int]


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    """--db and --json, shared by the sub-commands that read or change the store."""
    parser.add_argument("--db", type=Path, help="数据库文件 / store file (default: the user data folder)")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象 / print one JSON object")


def _open(args: argparse.Namespace) -> Database:
    return open_database(args.db or default_db_path())


def _report(args: argparse.Namespace, lang: str, record: dict[str, object], text: Text) -> None:
    """Print the result: `record` as one JSON object with --json, else `text` in `lang`."""
    print(json.dumps(record) if args.json else text.get(lang))


def _n(count: int, noun: str, plural: str = "") -> str:
    """`count` with its English noun, e.g. "1 class", "2 classes"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="成绩册 / gradebook (.xlsx, .xls, .csv)")
    parser.add_argument("--items", type=Path, help="题目信息文件 / question file (max score, knowledge points)")
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name (default: the file name)")
    _store_arguments(parser)


def run_import(args: argparse.Namespace, lang: str) -> int:
    """Read a gradebook and store it as one undoable import."""
    from app.services.importing import ImportRequest, import_parsed, read_checked

    parsed = read_checked(args.file, args.items)  # refused before opening, so a bad file creates no store
    with _open(args) as db:
        s = import_parsed(db, ImportRequest(parsed, args.class_name or args.file.stem, path=str(args.file)))
    for warning in s.warnings:
        print(warning.describe(lang), file=sys.stderr)
    _report(
        args,
        lang,
        {
            "batch_id": s.batch_id,
            "class": s.class_name,
            "students": s.students,
            "items": s.items,
            "scores": s.scores,
            "missing": s.missing,
            "knowledge_points": s.knowledge_points,
            "assessments": s.assessments,
            "warnings": len(s.warnings),
        },
        Text(
            f"已把“{parsed.source}”导入班级“{s.class_name}”（导入编号 {s.batch_id}）：学生 {s.students} 人，"
            f"题目 {s.items} 道，得分 {s.scores} 个，缺失 {s.missing} 个，知识点 {s.knowledge_points} 个，"
            f"考试 {s.assessments} 次，警告 {len(s.warnings)} 条。",
            f"Imported '{parsed.source}' into class '{s.class_name}' (import {s.batch_id}): "
            f"{_n(s.students, 'student')}, {_n(s.items, 'item')}, {_n(s.scores, 'score')}, "
            f"{s.missing} missing, {_n(s.knowledge_points, 'knowledge point')}, "
            f"{_n(s.assessments, 'assessment')}, {_n(len(s.warnings), 'warning')}.",
        ),
    )
    return 0


def run_summary(args: argparse.Namespace, lang: str) -> int:
    """Print the store's totals."""
    with _open(args) as db, db.session() as session:
        s = store_summary(session)
        path = db.path
    _report(
        args,
        lang,
        {
            "students": s.students,
            "items": s.items,
            "scores": s.scores,
            "assessments": s.assessments,
            "knowledge_points": s.knowledge_points,
            "classes": s.classes,
        },
        Text(
            f"{path}：班级 {s.classes} 个，学生 {s.students} 人，考试 {s.assessments} 次，题目 {s.items} 道，"
            f"得分 {s.scores} 个，知识点 {s.knowledge_points} 个。",
            f"{path}: {_n(s.classes, 'class', 'classes')}, {_n(s.students, 'student')}, "
            f"{_n(s.assessments, 'assessment')}, {_n(s.items, 'item')}, {_n(s.scores, 'score')}, "
            f"{_n(s.knowledge_points, 'knowledge point')}.",
        ),
    )
    return 0


def _undo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--batch", type=int, help="导入编号 / import id (default: the most recent)")
    _store_arguments(parser)


def run_undo(args: argparse.Namespace, lang: str) -> int:
    """Undo the most recent import, or the one given by --batch."""
    from app.services.store import undo_import

    with _open(args) as db:
        u = undo_import(db, args.batch)
    _report(
        args,
        lang,
        {
            "batch_id": u.batch_id,
            "class": u.class_name,
            "source": u.source,
            "students": u.students,
            "items": u.items,
            "scores": u.scores,
            "assessments": u.assessments,
            "knowledge_points": u.knowledge_points,
            "diagnosis_runs": u.diagnosis_runs,
            "class_removed": u.class_removed,
        },
        Text(
            f"已撤销导入 {u.batch_id}（“{u.source}”，班级“{u.class_name}”）：删除学生 {u.students} 人，"
            f"题目 {u.items} 道，得分 {u.scores} 个，考试 {u.assessments} 次，知识点 {u.knowledge_points} 个，"
            f"诊断 {u.diagnosis_runs} 次" + ("，班级也已删除。" if u.class_removed else "。"),
            f"Undid import {u.batch_id} ('{u.source}', class '{u.class_name}'): removed "
            f"{_n(u.students, 'student')}, {_n(u.items, 'item')}, {_n(u.scores, 'score')}, "
            f"{_n(u.assessments, 'assessment')}, {_n(u.knowledge_points, 'knowledge point')}, "
            f"{_n(u.diagnosis_runs, 'diagnosis', 'diagnoses')}" + (", and the class." if u.class_removed else "."),
        ),
    )
    return 0


def _device_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda", "mps"), help="计算设备 / compute device (default: auto)"
    )


def _device_refusal(args: argparse.Namespace, lang: str) -> str | None:
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


def _diagnose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name (default: every class)")
    _device_argument(parser)
    _store_arguments(parser)


# One class's line in `diagnose --json` ("class" is a keyword, hence the functional syntax).
_DiagnosedClass = TypedDict(
    "_DiagnosedClass",
    {
        "class": str,
        "run_id": int,
        "students": int,
        "knowledge_points": int,
        "weak": int,
        "insufficient": int,
        "weak_by_knowledge_point": dict[str, int],
        "device": str,
        "model_version": str,
    },
)


def run_diagnose(args: argparse.Namespace, lang: str) -> int:
    """Diagnose one class (or every class) in the store and keep the runs."""
    import time

    from app.services.diagnosing import diagnose_stored_class
    from app.storage import get_class, list_classes

    if (refusal := _device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    started = time.perf_counter()
    with _open(args) as db:
        with db.session() as session:
            names = (
                [get_class(session, args.class_name).name]
                if args.class_name
                else [c.name for c in list_classes(session)]
            )
        results: list[_DiagnosedClass] = []
        for name in names:
            run_id, d = diagnose_stored_class(db, name, device=args.device)[0]
            weak = {kp: int((d.status[:, k] == "weak").sum()) for k, kp in enumerate(d.knowledge_points)}
            results.append(
                {
                    "class": name,
                    "run_id": run_id,
                    "students": len(d.student_ids),
                    "knowledge_points": len(d.knowledge_points),
                    "weak": sum(weak.values()),
                    "insufficient": int((d.status == "insufficient").sum()),
                    "weak_by_knowledge_point": weak,
                    "device": d.device,
                    "model_version": d.model_version,
                }
            )
    seconds = round(time.perf_counter() - started, 3)
    record: dict[str, object] = {
        "classes": len(results),
        "students": sum(r["students"] for r in results),
        "knowledge_points": len({kp for r in results for kp in r["weak_by_knowledge_point"]}),
        "weak": sum(r["weak"] for r in results),
        "device": results[0]["device"] if results else None,
        "seconds": seconds,
        "runs": results,
    }
    lines = [
        Text(
            f"班级“{r['class']}”（诊断编号 {r['run_id']}）：学生 {r['students']} 人，知识点 {r['knowledge_points']} 个，"
            f"薄弱 {r['weak']} 处，证据不足 {r['insufficient']} 处。",
            f"Class '{r['class']}' (run {r['run_id']}): {_n(r['students'], 'student')}, "
            f"{_n(r['knowledge_points'], 'knowledge point')}, {r['weak']} weak, {r['insufficient']} without enough evidence.",
        ).get(lang)
        for r in results
    ] or [Text("数据库中没有班级。", "The store holds no class.").get(lang)]
    done = Text(f"设备：{record['device']}，用时 {seconds} 秒。", f"Device: {record['device']}, {seconds} s.")
    _report(args, lang, record, Text("\n".join([*lines, done.zh]), "\n".join([*lines, done.en])))
    return 0


def _predict_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("train", type=Path, help="训练成绩册 / TRAIN gradebook (any format the importer accepts)")
    parser.add_argument("--query", type=Path, required=True, help="CSV: student_id,item_id")
    parser.add_argument("--out", type=Path, required=True, help="CSV written: student_id,item_id,p")
    parser.add_argument("--items", type=Path, help="题目信息文件 / question file for TRAIN")
    _device_argument(parser)


def run_predict(args: argparse.Namespace, lang: str) -> int:
    """Predict expected score fractions for QUERY pairs from TRAIN, using a temporary store."""
    from app.services.predicting import predict_file

    if (refusal := _device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    rows = predict_file(args.train, args.query, args.out, items_path=args.items, device=args.device)
    print(
        Text(f"已写入 {rows} 条预测到 {args.out}", f"Wrote {rows} predictions to {args.out}").get(lang), file=sys.stderr
    )
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("plans", "report", "mastery"), help="练习计划 / 班级报告 / 掌握度表")
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name (default: the only class)")
    parser.add_argument("--format", dest="fmt", choices=("pdf", "xlsx", "csv"), help="default: from --out's suffix")
    parser.add_argument(
        "--anonymise", "--anonymize", action="store_true", help="化名，去掉学号 / pseudonyms, no student numbers"
    )
    parser.add_argument(
        "--per-student", action="store_true", help="每个学生一个文件（--out 为文件夹）/ one file per student"
    )
    parser.add_argument(
        "--run", dest="run_id", type=int, help="诊断编号 / diagnosis run (default: the newest over all assessments)"
    )
    parser.add_argument("--threshold", type=float, help="薄弱阈值 / weak below this mastery (default: the diagnosis')")
    parser.add_argument("--out", type=Path, required=True, help="输出文件或文件夹 / file or folder written")
    _device_argument(parser)
    _store_arguments(parser)


def run_export(args: argparse.Namespace, lang: str) -> int:
    """Export practice plans, the class report or the mastery table of one class."""
    from app.core.links import GraphCycleError
    from app.export import ExportError
    from app.services.exporting import ExportRequest, export_class
    from app.storage import get_class, list_classes

    if (refusal := _device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    with _open(args) as db:
        with db.session() as session:
            if args.class_name is not None:
                class_name = get_class(session, args.class_name).name
            else:
                names = [c.name for c in list_classes(session)]
                if len(names) != 1:
                    raise NotFound(
                        Text(
                            f"请用 --class 指定班级：{'、'.join(names) or '（数据库中没有班级）'}",
                            f"name the class with --class: {', '.join(names) or '(the store holds no class)'}",
                        )
                    )
                class_name = names[0]
        request = ExportRequest(
            args.what,
            class_name,
            args.out,
            args.fmt,
            lang,
            anonymise=args.anonymise,
            per_student=args.per_student,
            threshold=args.threshold,
            run_id=args.run_id,
            device=args.device,
        )
        try:
            paths = export_class(db, request)
        except (ExportError, GraphCycleError) as refused:
            print(refused.text.get(lang), file=sys.stderr)
            return 2
    record = {"class": class_name, "what": args.what, "files": [str(p) for p in paths]}
    _report(
        args,
        lang,
        record,
        Text(
            "\n".join([f"已导出 {len(paths)} 个文件：", *map(str, paths)]),
            "\n".join([f"Exported {len(paths)} file(s):", *map(str, paths)]),
        ),
    )
    return 0


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", required=True, help="班级名称 / class name")
    parser.add_argument("--hide", type=float, default=0.2, help="隐藏比例 / share of each student's scores hidden")
    parser.add_argument("--seed", type=int, default=0, help="随机种子 / seed of the hidden scores")
    _store_arguments(parser)


def run_check(args: argparse.Namespace, lang: str) -> int:
    """Hide some of the class's scores, predict them, and compare with the per-knowledge-point score rate."""
    from app.services.checking import check_class

    with _open(args) as db:
        c = check_class(db, args.class_name, hide=args.hide, seed=args.seed)
    e, b = c.engine, c.baseline
    verdict = (
        Text("诊断比得分率预测得更准。", "The diagnosis predicts better than the score rate.")
        if c.engine_better
        else Text("诊断没有比得分率预测得更准。", "The diagnosis does not predict better than the score rate.")
    )
    _report(
        args,
        lang,
        {
            "class": args.class_name,
            "hidden_scores": c.hidden_scores,
            "hide": c.hide,
            "seed": c.seed,
            "engine": e,
            "baseline": b,
            "engine_better": c.engine_better,
        },
        Text(
            f"隐藏了 {c.hidden_scores} 个得分再预测：诊断 AUC {e['auc']:.3f}、RMSE {e['rmse']:.3f}；"
            f"得分率 AUC {b['auc']:.3f}、RMSE {b['rmse']:.3f}。{verdict.zh}",
            f"Hid {c.hidden_scores} scores and predicted them: diagnosis AUC {e['auc']:.3f}, RMSE {e['rmse']:.3f}; "
            f"score rate AUC {b['auc']:.3f}, RMSE {b['rmse']:.3f}. {verdict.en}",
        ),
    )
    return 0


SUBCOMMANDS = (
    SubCommand("import", "导入成绩册 / import a gradebook", _import_arguments, run_import),
    SubCommand("summary", "数据库总计 / totals of the store", _store_arguments, run_summary),
    SubCommand("undo", "撤销一次导入 / undo an import", _undo_arguments, run_undo),
    SubCommand("diagnose", "诊断班级 / diagnose classes", _diagnose_arguments, run_diagnose),
    SubCommand("predict", "预测得分 / predict expected scores", _predict_arguments, run_predict),
    SubCommand("export", "导出计划、报告或掌握度表 / export plans, report or mastery", _export_arguments, run_export),
    SubCommand("check", "检验模型 / check the model on hidden scores", _check_arguments, run_check),
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m app", description="Zhidian 知点")
    parser.add_argument("--lang", choices=("zh", "en"), help="消息语言 / message language")
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
    try:
        return args.run(args, lang)
    except GradebookError as refused:
        for problem in refused.problems:
            print(problem.describe(lang), file=sys.stderr)
        return 2
    except StoreError as refused:
        print(refused.text.get(lang), file=sys.stderr)
        return 2
    except Exception as unexpected:  # the last line of defence: one line, no traceback
        if os.environ.get("ZHIDIAN_DEBUG") == "1":
            raise
        message = Text("意外错误", "unexpected error").get(lang)
        hint = Text("设置 ZHIDIAN_DEBUG=1 可查看详情", "set ZHIDIAN_DEBUG=1 for details").get(lang)
        print(f"{message}: {type(unexpected).__name__}: {unexpected} ({hint})", file=sys.stderr)
        return 1
