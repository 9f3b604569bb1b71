"""The progress sub-command: a class and its students since the start of term, and how planned points changed."""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict

from app.cli.common import (
    SubCommand,
    chosen_class,
    open_store,
    plural,
    report,
    store_arguments,
    thresholds,
    thresholds_argument,
)
from app.core.problems import Text
from app.core.vocabulary import listed
from app.insight.progress import PlanFollowup, PointProgress, class_progress, followup_text, student_progress

_DIRECTION = {1: "up", -1: "down", 0: "none"}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_name", help="班级名称 / class name")
    thresholds_argument(parser)
    store_arguments(parser)


def _point(p: PointProgress) -> dict[str, object]:
    return {
        "knowledge_point": p.knowledge_point,
        "start": asdict(p.start),
        "now": asdict(p.now),
        "change": round(p.change, 6),
        "moved": _DIRECTION[p.direction],
    }


def _went(points: list[PointProgress], direction: int) -> list[str]:
    return [p.knowledge_point for p in points if p.direction == direction]


def run_progress(args: argparse.Namespace, lang: str) -> int:
    """Print a class's progress over its term: the class mean of each point after its first exam and now, each
    student's points that moved beyond their uncertainty, and how the points plans made after each exam changed
    by the next (`insight.progress`, over the runs kept per exam, as the window shows them)."""
    from app.services.class_data import load_class_data
    from app.services.grain import grain_record, grain_text, reliability_gate, shown_reliability

    with open_store(args, reading=True) as db:
        class_name = chosen_class(db, args.class_name)
        data = load_class_data(db, class_name, thresholds=thresholds(args))
    states = data.states()
    names = dict(zip(data.matrix.student_ids, data.matrix.student_names))
    points = class_progress(states)
    students = [(sid, student_progress(states, sid)) for sid in (data.diagnosis.student_ids if data.diagnosis else ())]
    followups = data.plan_followups()
    exams = [exam for exam, _ in states]
    record: dict[str, object] = {
        "class": class_name,
        "exams": exams,
        "start": exams[0] if exams else None,
        "now": exams[-1] if exams else None,
        "points": [_point(p) for p in points],
        "students": [
            {"student": sid, "name": names.get(sid), "points": [_point(p) for p in found]} for sid, found in students
        ],
        "profile_reliability": [
            {"after": exam, "reliability": None if math.isnan(r) else r} for exam, r in data.reliability_growth
        ],
        "grain": grain_record(data.grain),
        "plans": [
            {
                "after": f.after,
                "next": f.next,
                "exported": f.exported.isoformat(timespec="seconds") if f.exported else None,
                "planned": f.planned,
                "rose": f.count(1),
                "fell": f.count(-1),
                "within": f.count(0),
                "students": {sid: [_point(p) for p in found] for sid, found in f.points.items()},
            }
            for f in followups
        ],
    }
    text = _text(class_name, exams, points, students, followups, data.thresholds.interval_level)
    if data.reliability_growth:
        grew = " → ".join(f"{exam} {shown_reliability(r)}" for exam, r in data.reliability_growth)
        gate = reliability_gate()
        text = Text(
            f"{text.zh}\n各次考试之后知识点之间的区分度（画像信度，需 {gate:.2f}）：{grew}",
            f"{text.en}\nHow far the points can be told apart (profile reliability, {gate:.2f} needed) after each "
            f"exam: {grew}",
        )
    grain = grain_text(data.grain)
    if grain is not None:
        text = Text(f"{text.zh}\n{grain.zh}", f"{text.en}\n{grain.en}")
    report(args, lang, record, text)
    return 0


def _text(
    class_name: str,
    exams: list[str],
    points: list[PointProgress],
    students: list[tuple[str, list[PointProgress]]],
    followups: list[PlanFollowup],
    level: float,
) -> Text:
    if len(exams) < 2:
        return Text(
            f"班级“{class_name}”还没有按学期诊断过两次以上的考试：请导入后续考试并重新诊断。",
            f"Class '{class_name}' has no diagnosis over two or more exams of its term yet: import its later exams "
            "and diagnose it again.",
        )
    up, down = _went(points, 1), _went(points, -1)
    rose = sum(bool(_went(found, 1)) for _, found in students)
    fell = sum(bool(_went(found, -1)) for _, found in students)
    lines = [
        Text(
            f"班级“{class_name}”自学期初（“{exams[0]}”之后）到现在（“{exams[-1]}”之后）：全班平均明显上升的知识点："
            f"{listed(up, 'zh') or '无'}；明显下降：{listed(down, 'zh') or '无'}（超出不确定性）。",
            f"Class '{class_name}' since the start of term (after '{exams[0]}') to now (after '{exams[-1]}'): "
            f"the class mean rose beyond its uncertainty on {listed(up, 'en') or 'no point'}; it fell on "
            f"{listed(down, 'en') or 'no point'}.",
        ),
        Text(
            f"各知识点的全班平均（{level:.0%} 区间）：学期初 → 现在；↑ ↓ 超出不确定性，= 在其之内：",
            f"Each point's class mean ({level:.0%} interval), start of term → now; ↑ ↓ beyond the uncertainty, = "
            "within it:",
        ),
        *(_point_line(p, exams[0]) for p in points),
        Text(
            f"{rose} 名学生至少有一个知识点明显上升，{fell} 名至少有一个明显下降。",
            f"{plural(rose, 'student')} rose beyond their uncertainty on at least one point; {fell} fell on at least "
            "one.",
        ),
    ]
    lines += [followup_text(f) for f in followups]
    return Text("\n".join(t.zh for t in lines), "\n".join(t.en for t in lines))


def _point_line(p: PointProgress, first: str) -> Text:
    """One point's class mean at its start and now with their intervals, ↑ ↓ beyond the uncertainty, = within."""
    mark = {1: "↑", -1: "↓", 0: "="}[p.direction]
    span = f"{p.start.mastery:.2f} [{p.start.lower:.2f}–{p.start.upper:.2f}] → {p.now.mastery:.2f} [{p.now.lower:.2f}–{p.now.upper:.2f}]"
    zh_since, en_since = (
        ("", "") if p.start.exam == first else (f"（自“{p.start.exam}”起）", f" (from '{p.start.exam}')")
    )
    return Text(f"  {mark} {p.knowledge_point} {span}{zh_since}", f"  {mark} {p.knowledge_point} {span}{en_since}")


COMMANDS = (SubCommand("progress", "学期进步 / progress since the start of term", _arguments, run_progress),)
