"""Sub-commands that read or change the store's data: import, summary, undo, tag."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import SubCommand, open_store, plural, report, store_arguments
from app.core.paper import Paper
from app.core.problems import GradebookError, Severity, Text
from app.core.vocabulary import listed

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.services.store import Database, ImportSummary, StoreSummary, UndoSummary


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="成绩册 / gradebook (.xlsx, .xls, .csv)")
    parser.add_argument("--items", type=Path, help="双向细目表或题目信息文件 / the paper (题号, 满分, 知识点, 答案 …)")
    parser.add_argument(
        "--class",
        dest="class_name",
        help="班级名称；文件有班级列时只导入该班 / class name (default: from the file); with a 班级 column, only that class",
    )
    parser.add_argument(
        "--match-by-name",
        action="store_true",
        help="学号对不上时按姓名匹配已有学生 / match the class's students by name where the numbers differ",
    )
    parser.add_argument("--sheet", help="工作簿中要导入的工作表 / the workbook's sheet to import")
    parser.add_argument("--assessment", help="考试名称（默认取自文件）/ the exam's name (default: from the file)")
    parser.add_argument(
        "--date", type=iso_date, help="考试日期 YYYY-MM-DD（默认取自文件）/ the exam's date (default: from the file)"
    )
    store_arguments(parser)


def iso_date(text: str) -> dt.date:
    """A --date argument: an ISO date, else argparse's usage error (exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期 / not a date as YYYY-MM-DD: {text!r}") from None


def _summary_record(s: ImportSummary) -> dict[str, object]:
    return {
        "batch_id": s.batch_id,
        "class": s.class_name,
        "students": s.students,
        "items": s.items,
        "scores": s.scores,
        "missing": s.missing,
        "unscored_choices": s.unscored,
        "knowledge_points": s.knowledge_points,
        "assessments": s.assessments,
        "warnings": len(s.warnings),
        "new_students": list(s.new_students),
        "absent_students": list(s.absent_students),
        "paper_id": s.paper_id,
    }


def _summary_text(source: str, s: ImportSummary) -> Text:
    zh = (
        f"已把“{source}”导入班级“{s.class_name}”（导入编号 {s.batch_id}）：学生 {s.students} 人，"
        f"题目 {s.items} 道，得分 {s.scores} 个，缺失 {s.missing} 个，知识点 {s.knowledge_points} 个，"
        f"考试 {s.assessments} 次，警告 {len(s.warnings)} 条。"
    )
    en = (
        f"Imported '{source}' into class '{s.class_name}' (import {s.batch_id}): "
        f"{plural(s.students, 'student')}, {plural(s.items, 'item')}, {plural(s.scores, 'score')}, "
        f"{s.missing} missing, {plural(s.knowledge_points, 'knowledge point')}, "
        f"{plural(s.assessments, 'assessment')}, {plural(len(s.warnings), 'warning')}."
    )
    if s.unscored:
        zh += f"选择题作答 {s.unscored} 个保留为字母，有答案（双向细目表或“答案”行）后计分。"
        en += f" {plural(s.unscored, 'choice answer')} kept as letters, scored once the answer key comes (the paper)."
    if s.new_students:
        zh += f"新转入：{listed(s.new_students, 'zh')}。"
        en += f" New to the class: {listed(s.new_students, 'en')}."
    if s.absent_students:
        zh += f"本次没有成绩：{listed(s.absent_students, 'zh')}。"
        en += f" No row in this file: {listed(s.absent_students, 'en')}."
    return Text(zh, en)


def run_import(args: argparse.Namespace, lang: str) -> int:
    """Read a gradebook and store it: one undoable import per class it holds."""
    from app.importer import ImportOptions
    from app.importer.names import guess_class_name
    from app.services.importing import ImportRequest, import_parsed, read_checked

    options = ImportOptions(sheet=args.sheet, assessment=args.assessment, date=args.date)
    parsed = read_checked(args.file, args.items, options)  # refused before opening, so a bad file creates no store
    paper = _read_paper(args.items) if args.items else None
    class_name = args.class_name
    named_by_file = class_name is None and not parsed.class_names
    if named_by_file:
        class_name = guess_class_name(args.file) or args.file.stem
    request = ImportRequest(
        parsed,
        class_name,
        path=str(args.file),
        paper=paper,
        match_by_name=args.match_by_name,
        named_by_file=named_by_file,
    )
    with open_store(args) as db:
        summaries = import_parsed(db, request)
        backup = _backup_note(db)
    # A grade file's classes share its file-level warnings (no 满分, no tags): each is printed once.
    for line in dict.fromkeys(w.describe(lang) for s in summaries for w in s.warnings):
        print(line, file=sys.stderr)
    records = [_summary_record(s) for s in summaries]
    record = (
        {**records[0], "imports": records}
        if len(records) == 1
        else {
            "classes": [r["class"] for r in records],
            "students": sum(s.students for s in summaries),
            "items": summaries[0].items,
            "scores": sum(s.scores for s in summaries),
            "missing": sum(s.missing for s in summaries),
            "unscored_choices": sum(s.unscored for s in summaries),
            "knowledge_points": summaries[0].knowledge_points,
            "assessments": summaries[0].assessments,
            "warnings": sum(len(s.warnings) for s in summaries),
            "imports": records,
        }
    )
    texts = [*(_summary_text(parsed.source, s) for s in summaries), *backup[1]]
    record["backup"] = backup[0]
    report(args, lang, record, Text("\n".join(t.zh for t in texts), "\n".join(t.en for t in texts)))
    return 0


def _backup_note(db: Database) -> tuple[str | None, list[Text]]:
    """The backup the command made before changing the store, for its JSON and its text."""
    if not db.backups:
        return None, []
    path = db.backups[-1].path
    return str(path), [Text(f"（改动前已备份到 {path}）", f"(backed up before the change to {path})")]


def _read_paper(path: Path) -> Paper:
    from app.importer.paper import read_paper

    paper, problems = read_paper(path)
    if paper is None or any(p.severity is Severity.ERROR for p in problems):
        raise GradebookError(problems)
    return paper


def run_summary(args: argparse.Namespace, lang: str) -> int:
    """Print the store's totals."""
    from app.services.store import store_state, store_totals

    with open_store(args, reading=True) as db:
        s = store_totals(db)
        classes = store_state(db).classes
        path = db.location
    report(
        args,
        lang,
        {
            "students": s.students,
            "items": s.items,
            "scores": s.scores,
            "assessments": s.assessments,
            "knowledge_points": s.knowledge_points,
            "classes": s.classes,
            "by_class": [
                {
                    "class": c.name,
                    "students": c.students,
                    "items": c.items,
                    "scores": c.scores,
                    "assessments": list(c.assessments),
                    "dates": [d.isoformat() if d else None for d in c.assessment_dates],
                }
                for c in classes
            ],
        },
        _summary_words(path, s, [_exams_in_order(c.name, c.assessments, c.assessment_dates) for c in classes]),
    )
    return 0


def _summary_words(path: object, s: StoreSummary, classes: list[Text]) -> Text:
    """The store's totals, then a line per class with its exams in the term's order."""
    totals = Text(
        f"{path}：班级 {s.classes} 个，学生 {s.students} 人，考试 {s.assessments} 次，题目 {s.items} 道，"
        f"得分 {s.scores} 个，知识点 {s.knowledge_points} 个。",
        f"{path}: {plural(s.classes, 'class', 'classes')}, {plural(s.students, 'student')}, "
        f"{plural(s.assessments, 'assessment')}, {plural(s.items, 'item')}, {plural(s.scores, 'score')}, "
        f"{plural(s.knowledge_points, 'knowledge point')}.",
    )
    lines = [totals, *classes]
    return Text("\n".join(t.zh for t in lines), "\n".join(t.en for t in lines))


def _exams_in_order(name: str, exams: Sequence[str], dates: Sequence[dt.date | None]) -> Text:
    """One class's exams in the term's order, each with its date, an undated one said so (it sorts by the day it
    was imported)."""
    zh = " → ".join(f"{exam}（{date or '未注明日期'}）" for exam, date in zip(exams, dates, strict=True))
    en = " → ".join(f"{exam} ({date or 'no date'})" for exam, date in zip(exams, dates, strict=True))
    return Text(f"  {name}：{zh}", f"  {name}: {en}")


def _undo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--batch", type=int, help="只撤销这一次导入 / only this import (default: the most recent file, all its classes)"
    )
    store_arguments(parser)


def run_undo(args: argparse.Namespace, lang: str) -> int:
    """Undo the most recent import (every class's part of its file), or only the one given by --batch."""
    from app.services.store import undo_import

    with open_store(args) as db:
        undone = undo_import(db, args.batch, whole_file=args.batch is None)
        backup, note = _backup_note(db)
    records = [_undo_record(u) for u in undone]
    texts = [_undo_text(u) for u in undone]
    report(
        args,
        lang,
        {"backup": backup, **records[0], "undone": records},
        Text("\n".join(t.zh for t in texts), "\n".join(t.en for t in texts)).joined(*note),
    )
    return 0


def _undo_record(u: UndoSummary) -> dict[str, object]:
    return {
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
    }


def _undo_text(u: UndoSummary) -> Text:
    return Text(
        f"已撤销导入 {u.batch_id}（“{u.source}”，班级“{u.class_name}”）：删除学生 {u.students} 人，"
        f"题目 {u.items} 道，得分 {u.scores} 个，考试 {u.assessments} 次，知识点 {u.knowledge_points} 个，"
        f"诊断 {u.diagnosis_runs} 次" + ("，班级也已删除。" if u.class_removed else "。"),
        f"Undid import {u.batch_id} ('{u.source}', class '{u.class_name}'): removed "
        f"{plural(u.students, 'student')}, {plural(u.items, 'item')}, {plural(u.scores, 'score')}, "
        f"{plural(u.assessments, 'assessment')}, {plural(u.knowledge_points, 'knowledge point')}, "
        f"{plural(u.diagnosis_runs, 'diagnosis', 'diagnoses')}" + (", and the class." if u.class_removed else "."),
    )


def _tag_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paper", type=Path, help="双向细目表 / the paper (.xlsx, .xls, .csv)")
    parser.add_argument("--assessment", required=True, help="考试名称 / the exam it is the paper of")
    parser.add_argument("--class", dest="class_name", help="只标注这个班 / only this class (default: every class)")
    store_arguments(parser)


def run_tag(args: argparse.Namespace, lang: str) -> int:
    """Attach a 双向细目表 to an exam already imported: full marks, types, keys and knowledge points."""
    from app.services.tagging import tag_with_file

    paper = _read_paper(args.paper)
    with open_store(args) as db:
        t = tag_with_file(db, paper, args.assessment, args.class_name)
        backup, note = _backup_note(db)
    where = listed((f"{c}“{a}”" for c, a in t.assessments), "zh")
    where_en = listed((f"{c} '{a}'" for c, a in t.assessments), "en")
    report(
        args,
        lang,
        {
            "paper_id": t.paper_id,
            "backup": backup,
            "assessments": [{"class": c, "assessment": a} for c, a in t.assessments],
            "questions": t.questions,
            "untagged": list(t.untagged),
            "rescored": t.rescored,
        },
        Text(
            f"已用“{args.paper.name}”标注 {where}：题目 {t.questions} 道，重新计分的选择题作答 {t.rescored} 个"
            + (f"；细目表中没有的题：{listed(t.untagged, 'zh')}。" if t.untagged else "。"),
            f"Tagged {where_en} with '{args.paper.name}': {plural(t.questions, 'question')}, "
            f"{t.rescored} choice answers scored"
            + (f"; not in the paper: {listed(t.untagged, 'en')}." if t.untagged else "."),
        ).joined(*note),
    )
    return 0


COMMANDS = (
    SubCommand("import", "导入成绩册 / import a gradebook", _import_arguments, run_import),
    SubCommand("summary", "数据库总计 / totals of the store", store_arguments, run_summary),
    SubCommand("undo", "撤销一次导入 / undo an import", _undo_arguments, run_undo),
    SubCommand("tag", "用双向细目表标注考试 / tag an imported exam with its paper", _tag_arguments, run_tag),
)
