"""Messages about a term's files: which sheet, names-only 登分表, optional questions, subject totals, dates."""

from __future__ import annotations

from app.core.problems import Text

IDS_FROM_NAMES = Text("没有学号列：按姓名认学生", "no student numbers: students are matched by name")
SUBJECT_TOTALS = Text("这是各科总分，不是小题分", "these are subject totals, not per-question scores")
MARK_CONVENTION = Text("单元格记号的读法", "how a mark in the score cells is read")
OPTIONAL_GROUP = Text("选做题", "optional questions (choose one)")


def several_gradebook_sheets(sheets: list[str]) -> Text:
    """A workbook with several sheets shaped like gradebooks (one per subject): the teacher chooses one."""
    return Text(
        f"工作簿中有 {len(sheets)} 个工作表都像成绩册：{'、'.join(sheets)}。请选择要导入的工作表"
        "（命令行加 --sheet 工作表名）。",
        f"{len(sheets)} sheets of the workbook look like gradebooks: {', '.join(sheets)}. Choose the sheet to "
        "import (--sheet NAME on the command line).",
    )


def ids_from_names(count: int) -> Text:
    """A 登分表 without student numbers: its students are known by name."""
    return Text(
        f"文件没有学号列：{count} 名学生按姓名与班级里的学生对应，新学生的编号由姓名生成（不用序号）。",
        f"The file has no student numbers: its {count} students are matched to the class's by name; a new student's "
        "number is made from the name (never the 序号).",
    )


def subject_totals(subjects: list[str]) -> Text:
    """A file of subject totals (语文, 数学 …) is not a gradebook of questions."""
    return Text(
        f"这个表的“题目”是各科总分（{'、'.join(subjects)}），不是小题分。知点需要每道小题的得分"
        "（例如阅卷系统导出的“小题得分明细”）才能诊断知识点。",
        f"The 'questions' of this sheet are subject totals ({', '.join(subjects)}), not per-question scores. "
        "Zhidian needs each question's score (小题分, e.g. the marking system's per-question export) to diagnose "
        "knowledge points.",
    )


def not_chosen_read(item: str, mark: str, count: int, zero: bool) -> Text:
    """How a '/' (or '—') mark in a question column is read, and how often it occurs there."""
    if zero:
        return Text(
            f"第 {item} 题中的“{mark}”（{count} 个）按未作答记 0 分",
            f"'{mark}' in question {item} ({count} cells) is read as left blank: 0 points",
        )
    return Text(
        f"第 {item} 题中的“{mark}”（{count} 个）按未选做（缺失）处理，不记 0 分",
        f"'{mark}' in question {item} ({count} cells) is read as not chosen: missing, not 0",
    )


def optional_group(items: list[str], chosen: list[int]) -> Text:
    """A choose-one group: every present student answered exactly one of `items`."""
    counts_zh = "，".join(f"{n} 人做第 {item} 题" for item, n in zip(items, chosen))
    counts_en = ", ".join(f"{n} chose {item}" for item, n in zip(items, chosen))
    return Text(
        f"第 {'、'.join(items)} 题是选做题（每人做一道）：{counts_zh}；没选的题不算作证据。",
        f"Questions {', '.join(items)} are a choose-one group (each student answered one): {counts_en}; the "
        "question not chosen is not counted as evidence.",
    )
