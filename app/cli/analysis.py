"""Sub-commands that run the engine: diagnose, predict, export, check."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from app.cli.common import (
    SubCommand,
    chosen_class,
    device_argument,
    device_refusal,
    open_store,
    plural,
    report,
    store_arguments,
)
from app.core.diagnosis import Thresholds
from app.core.problems import Text

if TYPE_CHECKING:
    from app.engine.evaluate import ModelCheck
    from app.services.exporting import ExportRequest


def _diagnose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name (default: every class)")
    device_argument(parser)
    store_arguments(parser)


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
        "device_reason": str,
        "model_version": str,
        "prior": str,
        "grade_classes": int,
    },
)


def _grade_note(run: _DiagnosedClass) -> Text:
    """How many other classes of the grade calibrated the questions, and whether the school's own prior was used."""
    zh, en = [], []
    if run["grade_classes"]:
        zh.append(f"；题目参数由同年级另 {run['grade_classes']} 个班共同估计")
        en.append(
            f"; questions calibrated with {plural(run['grade_classes'], 'other class', 'other classes')} of the grade"
        )
    if run["prior"] == "local":
        zh.append("；使用本校模型")
        en.append("; the school's own prior")
    return Text("".join(zh), "".join(en))


def run_diagnose(args: argparse.Namespace, lang: str) -> int:
    """Diagnose one class (or every class) in the store and keep the runs."""
    import time

    from app.services.diagnosing import diagnose_classes
    from app.services.priors import local_prior_problem
    from app.storage import get_class, list_classes

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    started = time.perf_counter()
    with open_store(args) as db:
        with db.session() as session:
            names = (
                [get_class(session, args.class_name).name]
                if args.class_name
                else [c.name for c in list_classes(session)]
            )
        if (problem := local_prior_problem(db)) is not None:
            print(problem.get(lang), file=sys.stderr)
        results: list[_DiagnosedClass] = []
        for name, run_id, d in diagnose_classes(db, names, device=args.device):
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
                    "device_reason": str(d.settings.get("device_reason", "")),
                    "model_version": d.model_version,
                    "prior": str(d.settings.get("prior", "shipped")),
                    "grade_classes": int(str(d.settings.get("peer_classes", 0))),
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
            f"薄弱 {r['weak']} 处，证据不足 {r['insufficient']} 处{_grade_note(r).zh}。",
            f"Class '{r['class']}' (run {r['run_id']}): {plural(r['students'], 'student')}, "
            f"{plural(r['knowledge_points'], 'knowledge point')}, {r['weak']} weak, {r['insufficient']} without enough "
            f"evidence{_grade_note(r).en}.",
        ).get(lang)
        for r in results
    ] or [Text("数据库中没有班级。", "The store holds no class.").get(lang)]
    done = Text(f"设备：{record['device']}，用时 {seconds} 秒。", f"Device: {record['device']}, {seconds} s.")
    report(args, lang, record, Text("\n".join([*lines, done.zh]), "\n".join([*lines, done.en])))
    return 0


def _predict_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("train", type=Path, help="训练成绩册 / TRAIN gradebook (any format the importer accepts)")
    parser.add_argument("--query", type=Path, required=True, help="CSV: student_id,item_id")
    parser.add_argument("--out", type=Path, required=True, help="CSV written: student_id,item_id,p")
    parser.add_argument("--items", type=Path, help="题目信息文件 / question file for TRAIN")
    device_argument(parser)


def run_predict(args: argparse.Namespace, lang: str) -> int:
    """Predict expected score fractions for QUERY pairs from TRAIN, using a temporary store."""
    from app.services.predicting import predict_file

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    rows = predict_file(args.train, args.query, args.out, items_path=args.items, device=args.device)
    print(
        Text(f"已写入 {rows} 条预测到 {args.out}", f"Wrote {rows} predictions to {args.out}").get(lang), file=sys.stderr
    )
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        choices=("plans", "handbook", "report", "mastery", "review", "groups", "scores"),
        help="练习计划 / 学习手册（每人一页）/ 班级报告 / 掌握度表 / 讲评清单 / 分层练习 / 得分（长格式）",
    )
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
    parser.add_argument("--top", type=int, default=10, help="讲评清单的题数 / review: questions listed (default 10)")
    parser.add_argument(
        "--groups",
        dest="n_groups",
        type=int,
        default=3,
        choices=range(2, 9),
        metavar="N",
        help="分层组数 / groups (2–8)",
    )
    parser.add_argument("--out", type=Path, required=True, help="输出文件或文件夹 / file or folder written")
    device_argument(parser)
    store_arguments(parser)


def run_export(args: argparse.Namespace, lang: str) -> int:
    """Export one class's plans, handbook, report, mastery table, review list, groups or scores."""
    from app.services.exporting import export_class

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    with open_store(args, reading=True) as db:
        class_name = chosen_class(db, args.class_name)
        if args.what == "scores":
            from app.services.exporting import export_scores

            result = export_scores(db, class_name, args.out, args.fmt, anonymise=args.anonymise, lang=lang)
        else:
            result = export_class(db, _export_request(args, lang, class_name))
    paths = result.paths
    for note in result.notes:
        print(note.get(lang), file=sys.stderr)
    if result.undrawable:
        whose = result.undrawable_students
        print(
            Text(
                f"注意：没有字体能显示这些字符，导出文件中它们会显示为方框：{result.undrawable}"
                + (f"（见 {'、'.join(whose)} 的姓名）" if whose else ""),
                f"Note: no font on this computer draws these characters; they show as boxes in the export: "
                f"{result.undrawable}" + (f" (in the names of {', '.join(whose)})" if whose else ""),
            ).get(lang),
            file=sys.stderr,
        )
    report(args, lang, {"class": class_name, "what": args.what, "files": [str(p) for p in paths]}, _exported(paths))
    return 0


def _export_request(args: argparse.Namespace, lang: str, class_name: str) -> ExportRequest:
    from app.services.exporting import ExportRequest

    return ExportRequest(
        args.what,
        class_name,
        args.out,
        args.fmt,
        lang,
        anonymise=args.anonymise,
        per_student=args.per_student,
        thresholds=_thresholds(args.threshold),
        run_id=args.run_id,
        device=args.device,
        top=args.top,
        n_groups=args.n_groups,
    )


def _thresholds(weak_below: float | None) -> Thresholds | None:
    """--threshold as the teacher's thresholds (mastered from stays at least the default)."""
    if weak_below is None:
        return None
    return Thresholds(weak_below=weak_below, mastered_from=max(Thresholds().mastered_from, weak_below))


def _exported(paths: list[Path]) -> Text:
    return Text(
        "\n".join([f"已导出 {len(paths)} 个文件：", *map(str, paths)]),
        "\n".join([f"Exported {len(paths)} file(s):", *map(str, paths)]),
    )


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", required=True, help="班级名称 / class name")
    parser.add_argument("--hide", type=float, default=0.2, help="隐藏比例 / share of each student's scores hidden")
    parser.add_argument("--seed", type=int, default=0, help="随机种子 / seed of the hidden scores")
    store_arguments(parser)


def _profile(check: ModelCheck) -> Text:
    """How far the class's scores tell knowledge points apart beyond each student's overall level."""
    r = check.reliability
    if r is None or r.full_length != r.full_length:  # NaN: too few cells scored in both halves
        return Text("", "")
    if r.supports_relative:
        return Text(
            f"除学生的整体水平外，本班得分足以区分知识点（信度 {r.full_length:.2f}）。",
            f"Beyond each student's overall level, the scores tell knowledge points apart (reliability "
            f"{r.full_length:.2f}).",
        )
    return Text(
        f"除学生的整体水平外，本班得分几乎区分不出知识点（信度 {r.full_length:.2f}）：多数薄弱点应理解为学生整体落后。",
        f"Beyond each student's overall level, the scores barely tell knowledge points apart (reliability "
        f"{r.full_length:.2f}): read most weak points as the student being behind overall.",
    )


def run_check(args: argparse.Namespace, lang: str) -> int:
    """Hide some of the class's scores, predict them, and compare with the per-knowledge-point score rate."""
    from app.services.checking import check_class
    from app.services.priors import prior_label

    with open_store(args, reading=True) as db:
        c = check_class(db, args.class_name, hide=args.hide, seed=args.seed)
        prior = prior_label(db)
    e, b = c.engine, c.baseline
    verdict = (
        Text("诊断比得分率预测得更准。", "The diagnosis predicts better than the score rate.")
        if c.engine_better
        else Text("诊断没有比得分率预测得更准。", "The diagnosis does not predict better than the score rate.")
    )
    report(
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
            "peer_classes": c.peer_classes,
            "prior": prior,
            "reliability": asdict(c.reliability) if c.reliability else None,
        },
        Text(
            f"隐藏了 {c.hidden_scores} 个得分再预测：诊断 AUC {e['auc']:.3f}、RMSE {e['rmse']:.3f}；"
            f"得分率 AUC {b['auc']:.3f}、RMSE {b['rmse']:.3f}。{verdict.zh}{_profile(c).zh}",
            f"Hid {c.hidden_scores} scores and predicted them: diagnosis AUC {e['auc']:.3f}, RMSE {e['rmse']:.3f}; "
            f"score rate AUC {b['auc']:.3f}, RMSE {b['rmse']:.3f}. {verdict.en} {_profile(c).en}",
        ),
    )
    return 0


COMMANDS = (
    SubCommand("diagnose", "诊断班级 / diagnose classes", _diagnose_arguments, run_diagnose),
    SubCommand("predict", "预测得分 / predict expected scores", _predict_arguments, run_predict),
    SubCommand(
        "export",
        "导出计划、学习手册、报告、掌握度表、讲评清单、分层练习或得分 / export plans, handbook, report, mastery, review, groups or scores",
        _export_arguments,
        run_export,
    ),
    SubCommand("check", "检验模型 / check the model on hidden scores", _check_arguments, run_check),
)
