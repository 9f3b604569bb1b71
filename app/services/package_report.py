"""What an exam package holds, what importing it would do and what it did, in the words both faces show (the CLI
prints them in its language, the window in its own): one `Text` per line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.problems import Text
from app.core.vocabulary import listed, plural
from app.services.packages import GraphFate, ScoresFate

if TYPE_CHECKING:
    from app.services.packages import PackageImport, PackagePlan

_FATES = {
    ScoresFate.NEW: Text("将导入为新班级", "to be imported as a class of its own"),
    ScoresFate.IMPORTED: Text("已导入过", "imported before"),
    ScoresFate.KEPT: Text(
        "数据库已有同名班级：不会改动它，这些成绩不导入",
        "the store has a class of that name: it is not touched, and these scores stay out",
    ),
}
_GRAPH = {
    GraphFate.NEW: Text("前置关系将保存。", "The prerequisite links will be saved."),
    GraphFate.KEPT: Text(
        "数据库已有自己的前置关系，保留不变。", "The store has its own prerequisite links: they are kept."
    ),
}


def package_summary(plan: PackagePlan) -> Text:
    """One line: the package, its exam and date, its questions, knowledge points and prerequisite links."""
    exam = plan.exam
    date = exam.date.isoformat() if exam.date else "—"
    questions = len(exam.paper.questions)
    points = len({kp for q in exam.paper.questions for kp in q.knowledge_points})
    links = len(exam.prerequisites)
    return Text(
        f"考试包“{plan.source}”：考试“{exam.name}”（{date}），题目 {questions} 道，知识点 {points} 个，"
        f"前置关系 {links} 条" + ("，成绩已化名。" if exam.anonymised else "。"),
        f"Package '{plan.source}': exam '{exam.name}' ({date}), {plural(questions, 'question')}, "
        f"{plural(points, 'knowledge point')}, {plural(links, 'prerequisite link')}"
        + (", scores anonymised." if exam.anonymised else "."),
    )


def plan_lines(plan: PackagePlan) -> list[Text]:
    """What importing the package would do, one line each: the exams tagged, each class's scores, the graph."""
    lines = []
    for e in plan.exams:
        where = (f"{e.class_name}“{e.assessment}”", f"{e.class_name} '{e.assessment}'")
        lines.append(
            Text(f"已按这份试卷标注：{where[0]}", f"Already set from this paper: {where[1]}")
            if e.already
            else Text(f"将按这份试卷标注：{where[0]}", f"To be tagged with this paper: {where[1]}")
        )
    if not plan.exams:
        if plan.paper_stored:
            lines.append(Text("试卷已在数据库中。", "The paper is in the store already."))
        elif any(c.fate is ScoresFate.NEW for c in plan.classes):
            lines.append(
                Text(
                    "试卷将随下列班级的成绩保存；以后导入这次考试的成绩册时也自动采用它的标注。",
                    "The paper will be kept with the classes' scores below, and a gradebook of this exam imported "
                    "later takes its tags too.",
                )
            )
        else:
            lines.append(
                Text(
                    "试卷将保存：以后导入这次考试的成绩册时自动采用它的标注。",
                    "The paper will be kept: a gradebook of this exam imported later takes its tags.",
                )
            )
    for c in plan.classes:
        fate = _FATES[c.fate]
        lines.append(
            Text(
                f"成绩：{c.class_name}，学生 {c.students} 人，得分 {c.scores} 个：{fate.zh}",
                f"Scores: {c.class_name}, {plural(c.students, 'student')}, {plural(c.scores, 'score')}: {fate.en}",
            )
        )
    if plan.graph in _GRAPH:
        lines.append(_GRAPH[plan.graph])
    if plan.nothing_to_do:
        lines.append(
            Text("已全部导入过：导入不会改动任何内容。", "All of it was imported before: importing changes nothing.")
        )
    return lines


def import_lines(done: PackageImport) -> list[Text]:
    """What the import did, one line each: the exams tagged (or the paper kept), the classes imported, those kept."""
    plan, tagged = done.plan, done.tagged
    lines = []
    if tagged is not None:
        where_zh = listed((f"{c}“{a}”" for c, a in tagged.assessments), "zh")
        where_en = listed((f"{c} '{a}'" for c, a in tagged.assessments), "en")
        lines.append(
            Text(
                f"已按考试包“{plan.source}”的试卷标注 {where_zh}：题目 {tagged.questions} 道，"
                f"重新计分的选择题作答 {tagged.rescored} 个。",
                f"Tagged {where_en} with the paper of '{plan.source}': {plural(tagged.questions, 'question')}, "
                f"{tagged.rescored} choice answers scored.",
            )
        )
    elif not done.imports and not plan.exams:
        lines.append(
            Text(
                f"已保存考试包“{plan.source}”的试卷“{plan.exam.name}”：以后导入这次考试的成绩册时自动采用它的标注。",
                f"Kept the paper '{plan.exam.name}' of '{plan.source}': a gradebook of this exam imported later takes "
                "its tags.",
            )
        )
    for s in done.imports:
        lines.append(
            Text(
                f"已导入班级“{s.class_name}”的成绩（导入编号 {s.batch_id}）：学生 {s.students} 人，得分 {s.scores} 个。",
                f"Imported the scores of class '{s.class_name}' (import {s.batch_id}): "
                f"{plural(s.students, 'student')}, {plural(s.scores, 'score')}.",
            )
        )
    kept = [c.class_name for c in plan.classes if c.fate is ScoresFate.KEPT]
    if kept:
        lines.append(
            Text(
                f"数据库已有这些班级，未改动，它们在考试包中的成绩没有导入：{listed(kept, 'zh')}。",
                f"The store has these classes already; they were not touched, and their scores in the package stay "
                f"out: {listed(kept, 'en')}.",
            )
        )
    if plan.graph is GraphFate.NEW:
        lines.append(Text("已保存前置关系。", "Saved the prerequisite links."))
    return lines
