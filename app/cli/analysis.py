"""Sub-commands that run the engine: diagnose, predict, export, check."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TypedDict

from app.cli.common import (
    SubCommand,
    chosen_class,
    device_argument,
    device_refusal,
    open_store,
    plural,
    report,
    store_arguments,
    thresholds,
    thresholds_argument,
)
from app.core.diagnosis import Diagnosis, Thresholds
from app.core.problems import Text
from app.core.text import command_word
from app.core.vocabulary import Status, listed
from app.export.kinds import EXPORT_KINDS


def _diagnose_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name (default: every class)")
    thresholds_argument(parser)
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
        "anchored_items": int,
        "model": str,
        "state_after": str | None,
        "untagged_exams": list[str],
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
    if run["anchored_items"]:
        zh.append(f"；{run['anchored_items']} 道题从以往年级对同一试卷的标定出发")
        en.append(
            f"; {plural(run['anchored_items'], 'question')} started from an earlier grade's calibration of the paper"
        )
    if run["prior"] == "local":
        zh.append("；使用本校模型")
        en.append("; the school's own prior")
    return Text("".join(zh), "".join(en))


def _state_after(diagnosis: Diagnosis) -> str | None:
    """The exam after which a run of the term states the class ("now" for the main run), None for one exam."""
    exam = diagnosis.settings.get("state_after")
    return None if exam is None else str(exam)


def _now_note(run: _DiagnosedClass) -> Text:
    """For a class carried through its term: that the run is its state now, after its latest exam."""
    if run["state_after"] is None:
        return Text("", "")
    return Text(f"；按学期逐次考试推算，为“{run['state_after']}”之后的当前状态", f"; now: after {run['state_after']}")


def _untagged_exams(d: Diagnosis) -> list[str]:
    found = d.settings.get("untagged_exams", [])
    return [str(exam) for exam in found] if isinstance(found, list) else []


def _untagged_note(run: _DiagnosedClass) -> Text:
    """For a term with exams not tagged yet: that they count only toward the students' overall level."""
    exams = run["untagged_exams"]
    if not exams:
        return Text("", "")
    return Text(
        f"其中{listed([f'“{e}”' for e in exams], 'zh')}的题目没有标注知识点，只计入学生的总体水平："
        f"标注后重新诊断（python -m app tag 细目表.xlsx --assessment {command_word(exams[-1])}）。",
        f" The questions of {listed([repr(e) for e in exams], 'en')} are not tagged with knowledge points, so they "
        f"count only toward each student's overall level: tag them and diagnose again (python -m app tag PAPER.xlsx "
        f"--assessment {command_word(exams[-1])}).",
    )


def run_diagnose(args: argparse.Namespace, lang: str) -> int:
    """Diagnose one class (or every class) in the store and keep the runs; counts judged by the teacher's
    thresholds, as the window shows them."""
    import time

    from app.services.class_data import choose_class
    from app.services.diagnosing import diagnose_classes
    from app.services.priors import local_prior_problem
    from app.services.store import store_state

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    judged_by = thresholds(args)
    started = time.perf_counter()
    with open_store(args) as db:
        names = [c.name for c in store_state(db).classes]
        if args.class_name is not None:
            names = [str(choose_class(names, args.class_name).name)]
        if (problem := local_prior_problem(db)) is not None:
            print(problem.get(lang), file=sys.stderr)
        results: list[_DiagnosedClass] = []
        for name, run_id, stored in diagnose_classes(db, names, device=args.device):
            d = stored.restated(judged_by)
            weak = {kp: int((d.status[:, k] == Status.WEAK).sum()) for k, kp in enumerate(d.knowledge_points)}
            results.append(
                {
                    "class": name,
                    "run_id": run_id,
                    "students": len(d.student_ids),
                    "knowledge_points": len(d.knowledge_points),
                    "weak": sum(weak.values()),
                    "insufficient": int((d.status == Status.INSUFFICIENT).sum()),
                    "weak_by_knowledge_point": weak,
                    "device": d.device,
                    "device_reason": str(d.settings.get("device_reason", "")),
                    "model_version": d.model_version,
                    "prior": str(d.settings.get("prior", "shipped")),
                    "grade_classes": int(str(d.settings.get("peer_classes", 0))),
                    "anchored_items": int(str(d.settings.get("anchored_items", 0))),
                    "model": str(d.settings.get("model", "exam")),
                    "state_after": _state_after(d),
                    "untagged_exams": _untagged_exams(d),
                }
            )
    seconds = round(time.perf_counter() - started, 3)
    record: dict[str, object] = {
        "classes": len(results),
        "students": sum(r["students"] for r in results),
        "knowledge_points": len({kp for r in results for kp in r["weak_by_knowledge_point"]}),
        "weak": sum(r["weak"] for r in results),
        "device": results[0]["device"] if results else None,
        "thresholds": _thresholds_record(judged_by),
        "seconds": seconds,
        "runs": results,
    }
    lines = [
        Text(
            f"班级“{r['class']}”（诊断编号 {r['run_id']}）：学生 {r['students']} 人，知识点 {r['knowledge_points']} 个，"
            f"薄弱 {r['weak']} 处，证据不足 {r['insufficient']} 处{_grade_note(r).zh}{_now_note(r).zh}。"
            f"{_untagged_note(r).zh}",
            f"Class '{r['class']}' (run {r['run_id']}): {plural(r['students'], 'student')}, "
            f"{plural(r['knowledge_points'], 'knowledge point')}, {r['weak']} weak, {r['insufficient']} without enough "
            f"evidence{_grade_note(r).en}{_now_note(r).en}.{_untagged_note(r).en}",
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
    done = predict_file(args.train, args.query, args.out, items_path=args.items, device=args.device)
    for warning in done.warnings:
        print(warning.describe(lang), file=sys.stderr)
    rows = done.rows
    print(
        Text(f"已写入 {rows} 条预测到 {args.out}", f"Wrote {rows} predictions to {args.out}").get(lang), file=sys.stderr
    )
    return 0


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        choices=(*EXPORT_KINDS, "scores"),
        help=" / ".join([*(k.noun.zh for k in EXPORT_KINDS.values()), "得分（长格式）"])
        + "; "
        + " / ".join([*(k.noun.en for k in EXPORT_KINDS.values()), "stored scores (long format)"]),
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
    thresholds_argument(parser)
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
    from app.services.exporting import ExportRequest, export_class

    if (refusal := device_refusal(args, lang)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    judged_by = thresholds(args)  # refused before the store is opened
    with open_store(args, reading=True) as db:
        class_name = chosen_class(db, args.class_name)
        if args.what == "scores":
            from app.services.exporting import export_scores

            result = export_scores(db, class_name, args.out, args.fmt, anonymise=args.anonymise, lang=lang)
        else:
            request = ExportRequest(
                args.what,
                class_name,
                args.out,
                args.fmt,
                lang,
                anonymise=args.anonymise,
                per_student=args.per_student,
                thresholds=judged_by,
                run_id=args.run_id,
                device=args.device,
                top=args.top,
                n_groups=args.n_groups,
            )
            result = export_class(db, request)
    paths = result.paths
    for note in result.notes:
        print(note.get(lang), file=sys.stderr)
    if result.undrawable:
        whose = result.undrawable_students
        print(
            Text(
                f"注意：没有字体能显示这些字符，导出文件中它们会显示为方框：{result.undrawable}"
                + (f"（见 {listed(whose, 'zh')} 的姓名）" if whose else ""),
                f"Note: no font on this computer draws these characters; they show as boxes in the export: "
                f"{result.undrawable}" + (f" (in the names of {listed(whose, 'en')})" if whose else ""),
            ).get(lang),
            file=sys.stderr,
        )
    record = {
        "class": class_name,
        "what": args.what,
        "files": [str(p) for p in paths],
        "thresholds": _thresholds_record(judged_by),
    }
    report(args, lang, record, _exported(paths))
    return 0


def _thresholds_record(judged_by: Thresholds) -> dict[str, float]:
    """The thresholds in force, as --json prints them."""
    return {"weak_below": judged_by.weak_below, "mastered_from": judged_by.mastered_from}


def _exported(paths: list[Path]) -> Text:
    return Text(
        "\n".join([f"已导出 {len(paths)} 个文件：", *map(str, paths)]),
        "\n".join([f"Exported {len(paths)} file(s):", *map(str, paths)]),
    )


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--class", dest="class_name", help="班级名称 / class name (default: the class shown last, or the only one)"
    )
    parser.add_argument("--hide", type=float, default=0.2, help="隐藏比例 / share of each student's scores hidden")
    parser.add_argument("--seed", type=int, default=0, help="随机种子 / seed of the hidden scores")
    store_arguments(parser)


def run_check(args: argparse.Namespace, lang: str) -> int:
    """Hide some of the class's scores, predict them, and compare with the per-knowledge-point score rate, a Rasch
    model on the same data and the latest exam alone: the verdicts and their words are those of the window's Check
    the model (`app.services.checking`)."""
    from app.services.checking import (
        calibration_text,
        check_class,
        compare,
        point_specific_flags,
        profile_reliability,
        profile_text,
        rival_text,
        verdict,
    )
    from app.services.grain import class_grain, grain_record, grain_text
    from app.services.grain_diagnosis import grain_diagnosis, grain_mastery_record, grain_mastery_text
    from app.services.priors import prior_label

    with open_store(args, reading=True) as db:
        class_name = chosen_class(db, args.class_name)
        c = check_class(db, class_name, hide=args.hide, seed=args.seed)
        prior = prior_label(db)
        grain = class_grain(db, class_name, c.reliability.full_length if c.reliability else None)
        at_grain = grain_diagnosis(db, class_name, grain, thresholds=thresholds(args))
    e, b = c.engine, c.baseline
    found = verdict(c)
    rivals = [rival_text(r) for r in c.rivals]
    grained = (grain_text(grain), grain_mastery_text(at_grain))
    notes = [t for t in (found.text, *rivals, profile_text(c), *grained, calibration_text(c)) if t is not None]
    report(
        args,
        lang,
        {
            "class": class_name,
            "hidden_scores": c.hidden_scores,
            "hide": c.hide,
            "seed": c.seed,
            "engine": e,
            "baseline": b,
            "engine_better": c.engine_better,
            "verdict": found.value,
            "peer_classes": c.peer_classes,
            "prior": prior,
            "reliability": asdict(c.reliability) if c.reliability else None,
            "rivals": {
                r.name: {
                    "engine": r.engine,
                    "rival": r.rival,
                    "hidden_scores": r.hidden_scores,
                    "verdict": compare(r.engine, r.rival).value,
                }
                for r in c.rivals
            },
            "point_specific_flags": point_specific_flags(c),
            "profile_reliability": profile_reliability(c),
            "grain": grain_record(grain),
            "grain_mastery": grain_mastery_record(at_grain),
        },
        Text(
            f"隐藏了 {c.hidden_scores} 个得分再预测：诊断 AUC {e['auc']:.3f}、RMSE {e['rmse']:.3f}；"
            f"得分率 AUC {b['auc']:.3f}、RMSE {b['rmse']:.3f}。",
            f"Hid {c.hidden_scores} scores and predicted them: diagnosis AUC {e['auc']:.3f}, RMSE {e['rmse']:.3f}; "
            f"score rate AUC {b['auc']:.3f}, RMSE {b['rmse']:.3f}.",
        ).joined(*notes),
    )
    return 0


COMMANDS = (
    SubCommand("diagnose", "诊断班级 / diagnose classes", _diagnose_arguments, run_diagnose),
    SubCommand("predict", "预测得分 / predict expected scores", _predict_arguments, run_predict),
    SubCommand(
        "export",
        "导出计划、学习手册、报告、掌握度表、讲评清单、分层练习或得分 / export plans, handbook, report, mastery, review, "
        "groups or scores",
        _export_arguments,
        run_export,
    ),
    SubCommand("check", "检验模型 / check the model on hidden scores", _check_arguments, run_check),
)
