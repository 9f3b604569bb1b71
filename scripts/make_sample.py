"""Build the bundled sample class in resources/samples/ (deterministic; run once, commit the output).

A fictional 八年级(3)班 of 40 students with two maths exams (第一次月考, 期中考试) as Chinese
Excel exports them: a wide score sheet (学号, 姓名, 第N题, 总分, 班级排名) and a 题目信息 sheet
(题号, 满分, 知识点), partial-credit questions and a few absences, plus a prerequisite graph.

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


def main() -> None:
    """Write the sample workbooks and the prerequisite graph."""
    rng = np.random.default_rng(20261110)
    OUT.mkdir(parents=True, exist_ok=True)
    students = _students(rng)
    mastery = _mastery(rng, len(students))
    for k, (exam, (date, questions)) in enumerate(EXAMS.items()):
        if k == 1:  # some growth between the two exams
            mastery = {kp: np.clip(m + rng.normal(0.05, 0.05, len(m)), 0.02, 0.98) for kp, m in mastery.items()}
        scores = _scores(rng, mastery, questions)
        absent = {7, 31} if k == 0 else {22}
        blanks = {(3, 16), (18, 19)} if k == 0 else {(12, 18), (35, 14), (35, 15)}
        _write_exam(OUT / f"八年级3班_{date}_{exam}.xlsx", exam, students, scores, questions, absent, blanks)
    with open(OUT / "八年级数学_知识点前置关系.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["knowledge_point", "prerequisite"])
        for kp, pres in PREREQUISITES.items():
            for p in pres:
                writer.writerow([kp, p])


if __name__ == "__main__":
    main()
