"""Build the bundled sample in resources/samples/ (deterministic; run once, commit the output).

A fictional 八年级(3)班 of 40 students with two maths exams (第一次月考, 期中考试) as Chinese
Excel exports them: a wide score sheet (学号, 姓名, 第N题, 总分, 班级排名) and a 题目信息 sheet
(题号, 满分, 知识点), partial-credit questions and a few absences, plus a prerequisite graph.

Then the whole grade's 第二次月考 as a marking system (智学网) exports it: one sheet for four
classes (八年级(1)班 … (4)班, 八年级(3)班 the same 40 students), a title row naming the exam,
序号/班级/学号/姓名/准考证号, totals and ranks to ignore, choice questions as the letters chosen,
sub-questions 17(1)/17(2) beside their sum 17, absences as 缺考 and 未扫, and no full marks or
knowledge points: those come from the exam's 双向细目表, a second file.

Between the exams the class grows a little on every point, except that after 期中考试 the teacher goes over
(讲评) its two weakest points there, 一元一次不等式 and 一次函数, which grow clearly by 第二次月考 (`GROWTH`).

    python scripts/make_sample.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "子涵",
    "欣怡",
    "梓轩",
    "浩然",
    "一诺",
    "宇轩",
    "雨桐",
    "思远",
    "佳怡",
    "俊杰",
    "诗涵",
    "博文",
    "若曦",
    "天佑",
    "语嫣",
    "明哲",
    "可馨",
    "嘉豪",
    "梦瑶",
    "子墨",
    "晨曦",
    "志强",
    "心怡",
    "泽宇",
    "安琪",
    "文博",
    "雅琪",
    "昊天",
    "静怡",
    "睿",
    "悦",
    "晓东",
    "婉清",
    "家乐",
    "紫萱",
    "鹏飞",
    "思琪",
    "俊熙",
    "雨萱",
    "皓轩",
]

# knowledge point -> prerequisites (a small graph for learning paths)
PREREQUISITES = {
    "有理数运算": [],
    "整式加减": ["有理数运算"],
    "一元一次方程": ["整式加减"],
    "二元一次方程组": ["一元一次方程"],
    "一元一次不等式": ["一元一次方程"],
    "平面直角坐标系": ["有理数运算"],
    "一次函数": ["平面直角坐标系", "二元一次方程组"],
    "全等三角形": [],
    "勾股定理": ["全等三角形"],
    "数据的分析": ["有理数运算"],
}

# (max score, knowledge points) per question; 1-10 选择, 11-14 填空, 15-20 解答
EXAMS = {
    "第一次月考": (
        "2026-10-12",
        [
            (3, ["有理数运算"]),
            (3, ["有理数运算"]),
            (3, ["整式加减"]),
            (3, ["整式加减"]),
            (3, ["一元一次方程"]),
            (3, ["一元一次方程"]),
            (3, ["平面直角坐标系"]),
            (3, ["全等三角形"]),
            (3, ["全等三角形"]),
            (3, ["有理数运算", "整式加减"]),
            (4, ["整式加减"]),
            (4, ["一元一次方程"]),
            (4, ["平面直角坐标系"]),
            (4, ["全等三角形"]),
            (8, ["有理数运算"]),
            (8, ["整式加减", "一元一次方程"]),
            (9, ["一元一次方程"]),
            (9, ["全等三角形"]),
            (10, ["平面直角坐标系", "一元一次方程"]),
            (10, ["全等三角形"]),
        ],
    ),
    "期中考试": (
        "2026-11-10",
        [
            (3, ["有理数运算"]),
            (3, ["整式加减"]),
            (3, ["一元一次方程"]),
            (3, ["二元一次方程组"]),
            (3, ["一元一次不等式"]),
            (3, ["平面直角坐标系"]),
            (3, ["一次函数"]),
            (3, ["全等三角形"]),
            (3, ["勾股定理"]),
            (3, ["数据的分析"]),
            (4, ["二元一次方程组"]),
            (4, ["一元一次不等式"]),
            (4, ["一次函数"]),
            (4, ["勾股定理"]),
            (8, ["二元一次方程组", "一元一次方程"]),
            (8, ["一元一次不等式"]),
            (9, ["一次函数", "平面直角坐标系"]),
            (9, ["勾股定理", "全等三角形"]),
            (10, ["一次函数", "二元一次方程组"]),
            (10, ["数据的分析"]),
        ],
    ),
}


# The term's story: every point grows a little between two exams (mean, and sd over students). After 期中考试, the
# first exam that tests them, the diagnosis shows 一元一次不等式 and 一次函数 the class's weakest points; the teacher
# goes over them in class (讲评), so by 第二次月考 they have grown clearly, each student by their own amount, while
# 数据的分析, not revisited since 期中考试, has slipped a little.
GROWTH: tuple[dict[str, tuple[float, float]], ...] = (
    {},  # before 期中考试
    {"一元一次不等式": (0.2, 0.05), "一次函数": (0.2, 0.05), "数据的分析": (-0.03, 0.05)},  # before 第二次月考
)
DEFAULT_GROWTH = ((0.05, 0.05), (0.03, 0.05))


def _draws(rng: np.random.Generator, mastery: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One standard normal draw per student and point, each student's own share of a growth (the same draws, in the
    same order, whatever the story)."""
    return {kp: rng.standard_normal(len(m)) for kp, m in mastery.items()}


def _grown(
    mastery: dict[str, np.ndarray], draws: dict[str, np.ndarray], step: int, story: bool = True
) -> dict[str, np.ndarray]:
    """Each student's mastery after the time between exam `step` and the next: the point's mean growth plus the
    student's own (sd times their draw); without `story`, every point the default, as the sample had it before."""
    growth = GROWTH[step] if story else {}
    out = {}
    for kp, m in mastery.items():
        mean, sd = growth.get(kp, DEFAULT_GROWTH[step])
        out[kp] = np.clip(m + (mean + sd * draws[kp]), 0.02, 0.98)
    return out


def _students(rng: np.random.Generator) -> list[tuple[str, str]]:
    surnames = rng.choice(list(SURNAMES), size=len(GIVEN))
    return [(f"2024030{i + 1}" if i < 9 else f"202403{i + 1}", s + g) for i, (s, g) in enumerate(zip(surnames, GIVEN))]


def _mastery(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Correlated latent mastery in (0, 1) per knowledge point, prerequisites weaker-or-equal in effect."""
    general = rng.normal(0.3, 1.0, n)
    mastery: dict[str, np.ndarray] = {}
    for kp, pres in PREREQUISITES.items():
        base = general + rng.normal(0, 0.9, n) - (0.5 if kp in ("一次函数", "勾股定理", "一元一次不等式") else 0)
        for p in pres:  # a weak prerequisite drags the dependent point down
            base = np.minimum(base, np.log(mastery[p] / (1 - mastery[p])) + 0.8)
        mastery[kp] = 1 / (1 + np.exp(-base))
    return mastery


def _scores(rng: np.random.Generator, mastery: dict[str, np.ndarray], questions: list) -> np.ndarray:
    n = len(next(iter(mastery.values())))
    out = np.zeros((n, len(questions)))
    for j, (max_score, kps) in enumerate(questions):
        m = np.prod([mastery[k] for k in kps], axis=0) ** (1 / len(kps))
        difficulty = rng.normal(0, 0.5)
        p = 1 / (1 + np.exp(-(4 * (m - 0.5) - difficulty)))
        p = 0.1 + 0.85 * p
        if max_score <= 3:  # objective: right or wrong
            out[:, j] = max_score * (rng.random(n) < p)
        else:  # partial credit in whole points (填空 in halves of the question)
            step = 2 if max_score == 4 else 1
            out[:, j] = step * rng.binomial(max_score // step, p)
    return out


def _write_exam(path: Path, exam: str, students, scores: np.ndarray, questions, absent: set[int], blanks) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "成绩"
    header = ["学号", "姓名"] + [f"第{j + 1}题" for j in range(len(questions))] + ["总分", "班级排名"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    totals = np.where([i in absent for i in range(len(students))], -1, scores.sum(axis=1))
    ranks = {i: r + 1 for r, i in enumerate(np.argsort(-totals, kind="stable")) if i not in absent}
    for i, (sid, name) in enumerate(students):
        if i in absent:
            ws.append([sid, name] + ["缺考"] * len(questions) + [None, None])
            continue
        row = [None if (i, j) in blanks else int(scores[i, j]) for j in range(len(questions))]
        ws.append([sid, name, *row, int(np.nansum([v or 0 for v in row])), ranks[i]])
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"  # 学号 as text, as schools keep it
    meta = wb.create_sheet("题目信息")
    meta.append(["题号", "满分", "知识点"])
    for j, (max_score, kps) in enumerate(questions):
        meta.append([f"第{j + 1}题", max_score, "、".join(kps)])
    wb.properties.title = exam
    wb.save(path)


# 第二次月考: (label, type, full marks, knowledge points, key for choice questions, 能力要求, 预估难度)
GRADE_EXAM = ("第二次月考", "2026-11-25")
GRADE_PAPER = [
    ("1", "单选题", 3, ["有理数运算"], "B", "理解", 0.85),
    ("2", "单选题", 3, ["整式加减"], "D", "理解", 0.8),
    ("3", "单选题", 3, ["一元一次方程"], "A", "理解", 0.75),
    ("4", "单选题", 3, ["二元一次方程组"], "C", "理解", 0.7),
    ("5", "单选题", 3, ["一元一次不等式"], "B", "理解", 0.65),
    ("6", "单选题", 3, ["平面直角坐标系"], "A", "了解", 0.8),
    ("7", "单选题", 3, ["一次函数"], "D", "理解", 0.6),
    ("8", "单选题", 3, ["全等三角形"], "C", "理解", 0.7),
    ("9", "多选题", 4, ["勾股定理", "全等三角形"], "ACD", "掌握", 0.5),
    ("10", "多选题", 4, ["数据的分析"], "BD", "掌握", 0.55),
    ("11", "填空题", 4, ["整式加减"], None, "掌握", 0.7),
    ("12", "填空题", 4, ["一元一次不等式"], None, "掌握", 0.6),
    ("13", "填空题", 4, ["一次函数", "平面直角坐标系"], None, "掌握", 0.55),
    ("14", "填空题", 4, ["勾股定理"], None, "掌握", 0.6),
    ("15", "解答题", 8, ["二元一次方程组", "一元一次方程"], None, "运用", 0.6),
    ("16", "解答题", 8, ["一元一次不等式"], None, "运用", 0.55),
    ("17(1)", "解答题", 5, ["一次函数"], None, "运用", 0.55),
    ("17(2)", "解答题", 5, ["一次函数", "二元一次方程组"], None, "综合", 0.4),
    ("18", "解答题", 10, ["勾股定理", "全等三角形"], None, "综合", 0.4),
    ("19", "解答题", 10, ["数据的分析"], None, "综合", 0.45),
]
OTHER_CLASSES = {"八年级(1)班": (38, 0.3), "八年级(2)班": (41, -0.1), "八年级(4)班": (39, 0.1)}


def _answers(rng: np.random.Generator, p: np.ndarray, key: str) -> list[str]:
    """Letters chosen: the key with probability p, else a plausible wrong choice (a subset or a distractor)."""
    options = "ABCD"
    out = []
    for right in rng.random(len(p)) < p:
        if right:
            out.append(key)
        elif len(key) > 1 and rng.random() < 0.6:  # multiple choice: a correct subset, half marks
            out.append("".join(sorted(rng.choice(list(key), size=len(key) - 1, replace=False))))
        else:
            wrong = [o for o in options if o not in key]
            out.append(str(rng.choice(wrong, p=np.linspace(2, 1, len(wrong)) / np.linspace(2, 1, len(wrong)).sum())))
    return out


def _grade_scores(rng: np.random.Generator, mastery: dict[str, np.ndarray]) -> tuple[np.ndarray, list[list[str]]]:
    """Points per student × paper question, and the letters chosen on the choice questions."""
    n = len(next(iter(mastery.values())))
    points = np.zeros((n, len(GRADE_PAPER)))
    letters: list[list[str]] = []
    for j, (_, _, max_score, kps, key, _, difficulty) in enumerate(GRADE_PAPER):
        m = np.prod([mastery[k] for k in kps], axis=0) ** (1 / len(kps))
        p = 0.1 + 0.85 / (1 + np.exp(-(4 * (m - 0.5) + 2 * (difficulty - 0.6))))
        if key:
            chosen = _answers(rng, p, key)
            letters.append(chosen)
            points[:, j] = [max_score if c == key else (max_score / 2 if set(c) < set(key) else 0) for c in chosen]
        else:
            step = 2 if max_score == 4 else 1
            points[:, j] = step * rng.binomial(max_score // step, p)
    return points, letters


def _write_grade_export(
    path: Path,
    rng: np.random.Generator,
    classes: dict[str, tuple[list, dict]],
    before: dict[str, dict[str, np.ndarray]],
    story_rng: np.random.Generator,
) -> None:
    """The whole grade's 第二次月考 as 智学网 exports it: title row, class column, letters, sub-questions, no 满分.
    A class in `before` (its mastery as the sample had it before its story) draws its scores from `story_rng`;
    its draws as before are still made from `rng`, so that the absences and the classes after it stay as they were."""
    exam, date = GRADE_EXAM
    wb = Workbook()
    ws = wb.active
    ws.title = "小题得分明细"
    labels = [q[0] for q in GRADE_PAPER]
    header = ["序号", "班级", "学号", "姓名", "准考证号", "总分", "班次", "校次", "客观题", "主观题"]
    header += [*labels[:16], "17", "17(1)", "17(2)", *labels[18:]]
    ws.append([f"【{date[:4]}年{int(date[5:7])}月八年级数学{exam}】所有班级学生小题得分明细"])
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    rows, serial = [], 0
    for class_name, (students, mastery) in classes.items():
        points, letters = _grade_scores(rng, before.get(class_name, mastery))
        if class_name in before:
            points, letters = _grade_scores(story_rng, mastery)
        for i, (sid, name) in enumerate(students):
            serial += 1
            ticket = f"2611{serial:04d}"
            if rng.random() < 0.03:  # absent: every question 缺考 (or 未扫 when the sheet was not scanned)
                mark = "缺考" if rng.random() < 0.7 else "未扫"
                rows.append([serial, class_name, sid, name, ticket, None, None, None, None, None, *[mark] * 21])
                continue
            choice = [letters[j][i] for j in range(10)]
            numbers = [int(v) for v in points[i, 10:]]
            objective, subjective = int(points[i, :10].sum()), int(points[i, 10:].sum())
            seventeen = numbers[6] + numbers[7]
            row = [serial, class_name, sid, name, ticket, objective + subjective, None, None, objective, subjective]
            row += [*choice, *numbers[:6], seventeen, numbers[6], numbers[7], *numbers[8:]]
            if rng.random() < 0.04:  # a stray unscanned answer
                row[10 + int(rng.integers(0, 21))] = "未扫"
            rows.append(row)
    totals = [row[5] if row[5] is not None else -1 for row in rows]
    school = {i: r + 1 for r, i in enumerate(np.argsort(totals, kind="stable")[::-1])}
    for i, row in enumerate(rows):
        if row[5] is not None:  # 班次 and 校次, as exported (Zhidian ignores ranks)
            mates = [t for t, other in zip(totals, rows) if other[1] == row[1]]
            row[6], row[7] = 1 + sum(t > row[5] for t in mates), school[i]
        ws.append(row)
    wb.properties.title = exam
    wb.save(path)


def _write_paper(path: Path) -> None:
    """The 双向细目表 of 第二次月考: what the marking system's export lacks."""
    wb = Workbook()
    ws = wb.active
    ws.title = "双向细目表"
    ws.append(["八年级数学第二次月考 双向细目表"])
    ws.append(["题号", "题型", "分值", "考查知识点", "答案", "能力要求", "预估难度"])
    for label, kind, max_score, kps, key, ability, difficulty in GRADE_PAPER:
        ws.append([label, kind, max_score, "、".join(kps), key, ability, difficulty])
    wb.save(path)


def _grade(rng: np.random.Generator, students: list, mastery: dict[str, np.ndarray]) -> dict[str, tuple[list, dict]]:
    """The four classes of the grade: 八年级(3)班 as it is, three more drawn around other class levels."""
    classes: dict[str, tuple[list, dict]] = {}
    first = 20240101
    for name, (size, level) in {**OTHER_CLASSES, "八年级(3)班": (0, 0.0)}.items():
        if name == "八年级(3)班":
            classes[name] = (students, mastery)
            continue
        number = int(name[4])
        surnames = rng.choice(list(SURNAMES), size=size)
        given = rng.choice(GIVEN, size=size)
        roster = [(str(first + (number - 1) * 100 + i), s + g) for i, (s, g) in enumerate(zip(surnames, given))]
        shifted = _mastery(rng, size)
        classes[name] = (roster, {k: np.clip(v + level * 0.15, 0.02, 0.98) for k, v in shifted.items()})
    return dict(sorted(classes.items()))


def main() -> None:
    """Write the sample workbooks and the prerequisite graph."""
    rng = np.random.default_rng(20261110)
    OUT.mkdir(parents=True, exist_ok=True)
    students = _students(rng)
    mastery = _mastery(rng, len(students))
    for k, (exam, (date, questions)) in enumerate(EXAMS.items()):
        if k == 1:
            mastery = _grown(mastery, _draws(rng, mastery), 0)
        scores = _scores(rng, mastery, questions)
        absent = {7, 31} if k == 0 else {22}
        blanks = {(3, 16), (18, 19)} if k == 0 else {(12, 18), (35, 14), (35, 15)}
        _write_exam(OUT / f"八年级3班_{date}_{exam}.xlsx", exam, students, scores, questions, absent, blanks)
    grade_rng = np.random.default_rng(20261125)  # its own stream: the class files above stay as they were
    draws = _draws(grade_rng, mastery)
    classes = _grade(grade_rng, students, _grown(mastery, draws, 1))
    exam, date = GRADE_EXAM
    before = {"八年级(3)班": _grown(mastery, draws, 1, story=False)}
    story_rng = np.random.default_rng(20261126)
    _write_grade_export(OUT / f"八年级_{date}_{exam}_小题得分明细.xlsx", grade_rng, classes, before, story_rng)
    _write_paper(OUT / f"八年级数学_{exam}_双向细目表.xlsx")
    with open(OUT / "八年级数学_知识点前置关系.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["knowledge_point", "prerequisite"])
        for kp, pres in PREREQUISITES.items():
            for p in pres:
                writer.writerow([kp, p])


if __name__ == "__main__":
    main()
