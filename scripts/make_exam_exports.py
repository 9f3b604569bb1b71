"""Write gradebooks shaped as Chinese marking systems export them, and the 双向细目表 of their exam.

Deterministic (fixed seed): the importer's tests generate them into a temporary folder and assert
exact outcomes; run it by hand to look at the files in Excel.

    python scripts/make_exam_exports.py OUT_DIR

- 智学网_八年级期中考试_小题得分明细.xlsx: one sheet for four classes (八年级1班 … 4班), a title row
  naming the exam, 序号/班级/姓名/准考证号/自定义考号/学生属性, totals and ranks, choice questions 1–10 as
  the letters chosen, 11–16 as points, 17 beside its sub-questions 17(1), 17(2), and 第18题①, 第18题②;
  absences as 缺考 and 未扫; no 满分 and no knowledge points.
- 七天网络_八年级单元测验.xlsx: a title row with the date, a two-row header (大题 merged over 小题; 17 over
  (1) (2)), 考号 as id, one class, a 满分 row holding the answer letters of 1–8 and full marks of the rest.
- 好分数_成绩导出.csv: GBK without a BOM, 学号/姓名/班级 (two classes), a 标准答案 row and a 满分 row,
  letters in lower case and full width.
- 八年级期中考试_双向细目表.xlsx: the paper of the 智学网 exam (题号, 题型, 分值, 考查知识点, 答案, 能力要求,
  预估难度) under a title row, with a 合计 row.
- 八年级1班_2026-12-10_第二次月考.xlsx: the same students as 八年级1班 of the 智学网 file, keyed by 学号.

There is no .xls writer in the environment (xlwt is not installed), so no .xls file is written.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

SEED = 20261120
ZHIXUE = "智学网_八年级期中考试_小题得分明细.xlsx"
QITIAN = "七天网络_八年级单元测验.xlsx"
HAOFENSHU = "好分数_成绩导出.csv"
PAPER = "八年级期中考试_双向细目表.xlsx"
SECOND_EXAM = "八年级1班_2026-12-10_第二次月考.xlsx"
EXAM = "2026年11月八年级期中考试"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN_NAMES = (
    "子涵 欣怡 梓轩 浩然 一诺 宇轩 雨桐 思远 佳怡 俊杰 诗涵 博文 若曦 天佑 语嫣 明哲 可馨 嘉豪 梦瑶 子墨 晨曦 志强 "
    "心怡 泽宇 安琪 文博 雅琪 昊天 静怡 睿 悦 晓东 家乐 思彤 宇航 欣然 皓轩 雨涵 俊熙 紫萱 铭泽 语桐 浩宇 芷若"
)
GIVEN = _GIVEN_NAMES.split()

# The paper of the 智学网 exam: (题号, 题型, 分值, 考查知识点, 答案, 能力要求, 预估难度)
PAPER_ROWS = (
    ("1", "单选题", 3, "有理数运算", "B", "理解", 0.85),
    ("2", "单选题", 3, "整式加减", "D", "理解", 0.8),
    ("3", "单选题", 3, "一元一次方程", "A", "理解", 0.78),
    ("4", "单选题", 3, "二元一次方程组", "C", "理解", 0.72),
    ("5", "单选题", 3, "一元一次不等式", "B", "理解", 0.7),
    ("6", "单选题", 3, "平面直角坐标系", "A", "了解", 0.82),
    ("7", "单选题", 3, "一次函数", "D", "理解", 0.65),
    ("8", "单选题", 3, "全等三角形", "C", "理解", 0.68),
    ("9", "多选题", 4, "勾股定理、全等三角形", "ACD", "掌握", 0.5),
    ("10", "多选题", 4, "数据的分析", "BD", "掌握", 0.55),
    ("11", "填空题", 4, "整式加减", "", "掌握", 0.7),
    ("12", "填空题", 4, "一元一次不等式", "", "掌握", 0.62),
    ("13", "填空题", 4, "一次函数、平面直角坐标系", "", "掌握", 0.55),
    ("14", "填空题", 4, "勾股定理", "", "掌握", 0.6),
    ("15", "解答题", 8, "二元一次方程组、一元一次方程", "", "运用", 0.6),
    ("16", "解答题", 8, "一元一次不等式", "", "运用", 0.55),
    ("17(1)", "解答题", 4, "一次函数", "", "运用", 0.6),
    ("17(2)", "解答题", 6, "一次函数、二元一次方程组", "", "综合", 0.4),
    ("18(1)", "解答题", 5, "勾股定理", "", "运用", 0.55),
    ("18(2)", "解答题", 7, "全等三角形、勾股定理", "", "综合", 0.35),
)
CLASS_SIZES = {"八年级1班": 30, "八年级2班": 31, "八年级3班": 29, "八年级4班": 30}
# Planted cells, so tests can assert exact points: (class, seat) -> {question: cell}
PLANTED = {
    ("八年级1班", 1): {"1": "B", "9": "AC", "10": "BD"},  # right; a correct subset (half); exact
    ("八年级1班", 2): {"1": "C", "9": "ACDB", "10": "D"},  # wrong; a wrong letter (0); a correct subset
    ("八年级2班", 1): {"11": "未扫"},
}
ABSENT = {("八年级2班", 5), ("八年级4班", 9)}  # 缺考 in every question


@dataclass(frozen=True)
class Student:
    """One student of the 智学网 grade file."""

    class_name: str
    seat: int
    name: str
    ticket: str  # 准考证号
    custom_id: str  # 自定义考号 (the id the importer chooses over 准考证号)
    student_no: str  # 学号, used by the class's own 第二次月考 file


def roster(rng: np.random.Generator) -> list[Student]:
    """The grade's students, names unique across the grade."""
    names = [s + g for s in SURNAMES for g in GIVEN]
    chosen = rng.choice(len(names), size=sum(CLASS_SIZES.values()), replace=False)
    students, serial = [], 0
    for c, (class_name, size) in enumerate(CLASS_SIZES.items(), start=1):
        for seat in range(1, size + 1):
            name = names[chosen[serial]]
            serial += 1
            ticket = f"26110{serial:04d}"
            students.append(Student(class_name, seat, name, ticket, f"8{c}{seat:02d}", f"2024{c:02d}{seat:02d}"))
    return students


def _chosen(rng: np.random.Generator, key: str, right: bool) -> str:
    """The letters a student chose: the key, else a correct subset (multiple choice) or a wrong letter."""
    if right:
        return key
    if len(key) > 1 and rng.random() < 0.5:
        return key[: len(key) - 1]
    return str(rng.choice([letter for letter in "ABCD" if letter not in key]))


def _earned(answer: str, key: str, points: int) -> float:
    if answer == key:
        return points
    return points / 2 if len(key) > 1 and set(answer) < set(key) else 0


def _paper_answers(rng: np.random.Generator, ability: float) -> dict[str, str]:
    """One student's cells for the paper's questions: letters for 1–10, points for the rest."""
    cells = {}
    for label, _, points, _, key, _, difficulty in PAPER_ROWS:
        p = 1 / (1 + math.exp(-(ability + math.log(difficulty / (1 - difficulty)))))
        if key:
            cells[label] = _chosen(rng, key, rng.random() < p)
        else:
            cells[label] = str(int(rng.binomial(points, p)))
    return cells


def write_zhixue(path: Path, students: list[Student], rng: np.random.Generator) -> Path:
    """The whole grade's 期中考试 as 智学网 exports it (see the module docstring)."""
    keys = {label: (key, points) for label, _, points, _, key, _, _ in PAPER_ROWS}
    questions = [str(n) for n in range(1, 17)]
    header = ["序号", "班级", "姓名", "准考证号", "自定义考号", "学生属性", "总分", "校次", "班次", "客观题", "主观题"]
    header += [*questions, "17", "17(1)", "17(2)", "第18题①", "第18题②"]
    rows = []
    for serial, s in enumerate(students, start=1):
        front = [serial, s.class_name, s.name, s.ticket, s.custom_id, "借读" if serial % 37 == 0 else "正常"]
        if (s.class_name, s.seat) in ABSENT:
            rows.append([*front, "缺考", None, None, None, None, *["缺考"] * 21])
            continue
        cells = _paper_answers(rng, rng.normal({"八年级1班": 0.4, "八年级2班": 0.0}.get(s.class_name, -0.2), 1))
        cells.update(PLANTED.get((s.class_name, s.seat), {}))
        if rng.random() < 0.05:
            cells[str(rng.integers(11, 17))] = "未扫"
        objective = sum(_earned(cells[q], *keys[q]) for q in questions[:10])
        subjective = sum(float(v) for q, v in cells.items() if not keys[q][0] and v != "未扫")
        seventeen = int(cells["17(1)"]) + int(cells["17(2)"])
        marks = [cells[q] for q in questions] + [str(seventeen), cells["17(1)"], cells["17(2)"]]
        rows.append([*front, objective + subjective, None, None, objective, subjective, *marks])
        rows[-1] += [cells["18(1)"], cells["18(2)"]]
    _rank(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "小题得分明细"
    _title(sheet, f"【{EXAM}】所有班级学生小题得分明细", len(header))
    sheet.append(header)
    for row in rows:
        sheet.append([_number(cell) for cell in row])
    book.save(path)
    return path


def _rank(rows: list[list[object]]) -> None:
    """Fill 校次 and 班次 from 总分 (absent students have none)."""
    present = [r for r in rows if isinstance(r[6], float | int)]
    for r in present:
        r[7] = 1 + sum(other[6] > r[6] for other in present)  # type: ignore[operator]
        r[8] = 1 + sum(other[6] > r[6] for other in present if other[1] == r[1])  # type: ignore[operator]


def _number(cell: object) -> object:
    """Points written as numbers, as exporters do; letters and marks stay text."""
    if isinstance(cell, str) and cell.isdigit() and len(cell) < 4:
        return int(cell)
    return cell


def _title(sheet: Worksheet, text: str, width: int) -> None:
    sheet.append([text])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=14)
    sheet.cell(sheet.max_row, 1).alignment = Alignment(horizontal="center")


QITIAN_KEYS = ("A", "C", "B", "D", "C", "A", "D", "B")
QITIAN_MAX = {"9": 4, "10": 4, "11": 4, "12": 4, "13": 8, "14": 8, "15": 10, "16": 10, "17(1)": 5, "17(2)": 7}
QITIAN_SIZE = 35


def write_qitian(path: Path, rng: np.random.Generator) -> Path:
    """One class's 单元测验 as 七天网络 exports it: a two-row header, 考号, a 满分 row with the answer letters."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "成绩单"
    _title(sheet, "2026-11-20 八年级数学单元测验 成绩单", 22)
    top = ["考号", "姓名", "班级", "总分", "一、选择题", *[None] * 7, "二、填空题", *[None] * 3]
    top += ["三、解答题", None, None, None, "17", None]
    below = [None] * 4 + [str(n) for n in range(1, 17)] + ["(1)", "(2)"]
    sheet.append(top)
    sheet.append(below)
    for first, last in ((1, 1), (2, 2), (3, 3), (4, 4)):  # 考号 … 总分 span both header rows
        sheet.merge_cells(start_row=2, start_column=first, end_row=3, end_column=last)
    for first, last in ((5, 12), (13, 16), (17, 20), (21, 22)):
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    sheet.append(["满分", None, None, 86, *QITIAN_KEYS, *QITIAN_MAX.values()])
    names = [s + g for s in SURNAMES[::-1] for g in GIVEN[::3]]
    for seat in range(1, QITIAN_SIZE + 1):
        number = f"3107{seat:03d}"
        if seat == 7:  # absent: blank cells, 缺考 as the total
            sheet.append([number, names[seat], "八年级7班", "缺考"])
            continue
        ability = rng.normal(0, 1)
        p = 1 / (1 + np.exp(-ability - 0.8))
        letters = [key if rng.random() < p else _chosen(rng, key, False) for key in QITIAN_KEYS]
        if seat == 1:
            letters[0], letters[1] = "A", "AC"  # right; two letters for a single choice: 0
        marks = [int(rng.binomial(top_mark, p)) for top_mark in QITIAN_MAX.values()]
        total = sum(a == k for a, k in zip(letters, QITIAN_KEYS)) + sum(marks)
        sheet.append([number, names[seat], "八年级7班", total, *letters, *marks])
    book.save(path)
    return path


HAOFENSHU_KEYS = ("C", "A", "D", "B", "ABD", "AC")
HAOFENSHU_MAX = (3, 3, 3, 3, 5, 5, 4, 4, 4, 8, 10, 12)
HAOFENSHU_CLASSES = {"八年级5班": 24, "八年级6班": 26}
# How 好分数 writes the letters chosen: as typed, lower case, full width, with separators.
_SPELLINGS = (str.lower, lambda t: t.translate({ord(c): ord(c) + 0xFEE0 for c in "ABCD"}), "、".join, str)


def write_haofenshu(path: Path, rng: np.random.Generator) -> Path:
    """Two classes as 好分数 exports them: CSV in GBK, 标准答案 and 满分 rows, letters in any spelling."""
    header = ["学号", "姓名", "班级", *[str(n) for n in range(1, 13)], "总分"]
    rows: list[list[object]] = [
        header,
        ["标准答案", "", "", *HAOFENSHU_KEYS],
        ["满分", "", "", *HAOFENSHU_MAX, sum(HAOFENSHU_MAX)],
    ]
    names = [s + g for s in SURNAMES[5:] for g in GIVEN[1::2]]
    serial = 0
    for class_name, size in HAOFENSHU_CLASSES.items():
        for _ in range(size):
            serial += 1
            p = 1 / (1 + np.exp(-rng.normal(0.3, 1)))
            letters = [key if rng.random() < p else _chosen(rng, key, False) for key in HAOFENSHU_KEYS]
            spelled = [_SPELLINGS[(serial + j) % len(_SPELLINGS)](t) for j, t in enumerate(letters)]
            marks: list[object] = [int(rng.binomial(m, p)) for m in HAOFENSHU_MAX[6:]]
            if serial == 3:
                marks[0], marks[1] = "缺", "未扫描"
            rows.append([f"2024{serial:04d}", names[serial], class_name, *spelled, *marks, ""])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(row + [""] * (len(header) - len(row)) for row in rows)
    path.write_bytes(buffer.getvalue().encode("gbk"))
    return path


def write_paper(path: Path) -> Path:
    """The 双向细目表 of the 智学网 exam, as a subject team keeps it: a title row, one row per 小题, a 合计 row."""
    header = ["题号", "题型", "分值", "考查知识点", "答案", "能力要求", "预估难度"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "双向细目表"
    _title(sheet, f"【{EXAM}】数学双向细目表", len(header))
    sheet.append(header)
    for row in PAPER_ROWS:
        sheet.append([cell if cell != "" else None for cell in row])
    sheet.append(["合计", None, sum(row[2] for row in PAPER_ROWS)])
    book.save(path)
    return path


def write_second_exam(path: Path, students: list[Student], rng: np.random.Generator) -> Path:
    """八年级1班's own 第二次月考 sheet: 学号 (not the 准考证号), 姓名, ten questions with a 满分 row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "成绩"
    sheet.append(["学号", "姓名", *[f"第{n}题" for n in range(1, 11)], "总分"])
    top_marks = [3, 3, 3, 3, 4, 4, 6, 6, 8, 10]
    sheet.append(["满分", None, *top_marks, sum(top_marks)])
    for s in sorted((s for s in students if s.class_name == "八年级1班"), key=lambda s: s.student_no):
        p = 1 / (1 + np.exp(-rng.normal(0.4, 1)))
        marks = [int(rng.binomial(m, p)) for m in top_marks]
        sheet.append([s.student_no, s.name, *marks, sum(marks)])
    book.save(path)
    return path


@dataclass(frozen=True)
class ExamExports:
    """The files written and the grade they describe."""

    zhixue: Path
    qitian: Path
    haofenshu: Path
    paper: Path
    second_exam: Path
    students: list[Student]


def write_all(out_dir: Path, seed: int = SEED) -> ExamExports:
    """Write every file into `out_dir` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    students = roster(rng)
    return ExamExports(
        write_zhixue(out_dir / ZHIXUE, students, rng),
        write_qitian(out_dir / QITIAN, rng),
        write_haofenshu(out_dir / HAOFENSHU, rng),
        write_paper(out_dir / PAPER),
        write_second_exam(out_dir / SECOND_EXAM, students, rng),
        students,
    )


def main(argv: list[str]) -> None:
    """Write the files into the folder named on the command line."""
    if len(argv) != 1:
        raise SystemExit(__doc__)
    written = write_all(Path(argv[0]))
    for path in (written.zhixue, written.qitian, written.haofenshu, written.paper, written.second_exam):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
