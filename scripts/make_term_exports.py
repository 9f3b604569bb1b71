"""Write a term of one 初二 class's files in the shapes teachers bring (issue 19), beside make_exam_exports.py.

Deterministic (fixed seed): the importer's, the store's and the CLI's tests generate them into a temporary
folder and assert exact outcomes; run it by hand to look at the files in Excel or Word.

    python scripts/make_term_exports.py OUT_DIR

- 极课_八年级期末考试_选做题.xlsx: a whole grade (八年级1班, 2班), 22/23 a choose-one pair with `/` in the one not
  chosen, choice questions 1–4 as letters with `—` for one left blank (总分 counts it 0).
- 八年级第一次月考_三科.xlsx: one sheet per subject (语文, 数学, 英语), each a gradebook.
- 八年级1班_期中考试_满分在表头.xlsx: headers `1(3分)`, `2（3分）`, `第3题（4分）`, `17(1)(8分)`, `17(2)(6分)`;
  ids stored as numbers shown with the format 0000000 (0803001); a title `期中考试 导出时间： 16:32`;
  a `考试时间：2026-11-12` row above the header.
- 八年级1班_第二次月考_大题题号.xlsx: headers `一、1` … `三、17(1)` under a title `小题分`; ids without their
  leading zeros (803001); 吕子墨 written 呂子墨 (U+5442).
- 期中考试_双向细目表.docx: the paper of the 期中 as a Word table (题号, 分值, 考查知识点, 难度 as 易/中/难, ticks
  under 了解 / 理解 / 掌握); 第二次月考_双向细目表.docx and .xlsx: the classic two-way layout (知识内容 ×
  了解 / 理解 / 掌握 / 运用, cells listing `1、2`, `17(1)`).
- 八年级1班_登分表.xlsx: a teacher's own 登分表 of names only: a title row, 序号, 姓名, questions, 总分, 备注, a
  满分 row whose 姓名 cell says 满分, a blank row and a 平均分 row.
- 八年级1班_各科总分.xlsx: subject totals (语文, 数学, 英语 …), not a gradebook.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

SEED = 20261201
CLASS = "八年级1班"
# The class: (学号 as the school keeps it, 姓名); 吕子墨 is spelled 呂子墨 in the 第二次月考 file.
STUDENTS = (
    ("0803001", "王思远"),
    ("0803002", "李䶮"),
    ("0803003", "吕子墨"),
    ("0803004", "张欣怡"),
    ("0803005", "陈浩然"),
    ("0803006", "王㛃"),
    ("0803007", "刘一诺"),
    ("0803008", "赵梓轩"),
)
SECOND_CLASS = (("0804001", "周雨桐"), ("0804002", "吴佳怡"), ("0804003", "郑俊杰"), ("0804004", "孙诗涵"))
CHOICE_KEYS = ("B", "D", "A", "C")  # 极课 questions 1–4, 3 points each
BLANK_CHOICE = ("0803004", "3")  # 张欣怡 left question 3 blank: written —
OPTIONAL = ("22", "23")  # choose one, 10 points each
POINTS = {"5": 4, "6": 4, "21": 12, "22": 10, "23": 10}

JIKE = "极课_八年级期末考试_选做题.xlsx"
SUBJECTS = "八年级第一次月考_三科.xlsx"
MIDTERM = "八年级1班_期中考试_满分在表头.xlsx"
SECOND = "八年级1班_第二次月考_大题题号.xlsx"
MIDTERM_PAPER = "期中考试_双向细目表.docx"
TWO_WAY = "第二次月考_双向细目表.docx"
TWO_WAY_XLSX = "第二次月考_双向细目表.xlsx"
NAMES_ONLY = "八年级1班_登分表.xlsx"
TOTALS = "八年级1班_各科总分.xlsx"

# 期中: (header, full marks, knowledge point, 难度 word, level ticked, label in its paper)
MIDTERM_QUESTIONS = (
    ("1(3分)", 3, "有理数运算", "易", "了解", "1"),
    ("2（3分）", 3, "整式加减", "易", "理解", "2"),
    ("第3题（4分）", 4, "一元一次方程", "中", "理解", "3"),
    ("17(1)(8分)", 8, "一次函数", "中", "掌握", "17(1)"),
    ("17(2)(6分)", 6, "一次函数、二元一次方程组", "难", "掌握", "17(2)"),
)
# 第二次月考: (header, full marks); its paper is the two-way table below.
SECOND_QUESTIONS = (("一、1", 3), ("一、2", 3), ("二、9", 4), ("三、17(1)", 5), ("三、17(2)", 7))
TWO_WAY_ROWS = (
    ("知识内容", "了解", "理解", "掌握", "运用"),
    ("有理数运算", "1", "", "", ""),
    ("整式加减", "2", "9", "", ""),
    ("一次函数", "", "", "17(1)", "17(2)"),
    ("二元一次方程组", "", "", "", "17(2)"),
    ("合计", "2", "1", "1", "1"),
)
NAMES_ONLY_MAX = (2, 2, 3, 3, 5)


def _rng(seed: int = SEED) -> np.random.Generator:
    return np.random.default_rng(seed)


def _book(sheets: dict[str, list[list[object]]]) -> Workbook:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return book


def write_jike(path: Path, rng: np.random.Generator) -> Path:
    """A whole grade's 期末 as 极课 exports it: a title row, 班级, choice letters with —, and a choose-one pair."""
    header = ["班级", "学号", "姓名", "总分", "1", "2", "3", "4", "5", "6", "21", "22", "23"]
    rows: list[list[object]] = [["【八年级期末考试】学生小题分"], header]
    for class_name, students in ((CLASS, STUDENTS), ("八年级2班", SECOND_CLASS)):
        for seat, (number, name) in enumerate(students):
            letters = [key if rng.random() < 0.7 else "A" if key != "A" else "B" for key in CHOICE_KEYS]
            if (number, "3") == BLANK_CHOICE:
                letters[2] = "—"
            marks = {q: int(rng.integers(0, top + 1)) for q, top in POINTS.items()}
            chosen, other = OPTIONAL if seat % 2 == 0 else OPTIONAL[::-1]
            cells: dict[str, object] = {q: marks[q] for q in ("5", "6", "21")}
            cells[chosen], cells[other] = marks[chosen], "/"
            total = sum(3 for got, key in zip(letters, CHOICE_KEYS) if got == key)
            total += sum(v for v in cells.values() if isinstance(v, int))
            rows.append([class_name, number, name, total, *letters, *(cells[q] for q in header[8:])])
    _book({"小题分": rows}).save(path)
    return path


def write_subjects(path: Path, rng: np.random.Generator) -> Path:
    """One sheet per subject, each shaped like a gradebook."""
    sheets = {}
    for subject in ("语文", "数学", "英语"):
        rows: list[list[object]] = [["学号", "姓名", "1", "2", "3", "总分"]]
        for number, name in STUDENTS:
            marks = [int(rng.integers(0, 5)) for _ in range(3)]
            rows.append([number, name, *marks, sum(marks)])
        sheets[subject] = rows
    _book(sheets).save(path)
    return path


def _plain_ids(sheet: Worksheet, zero_format: bool) -> None:
    """The 学号 column as numbers, shown with seven digits (0000000) where `zero_format`."""
    for row in sheet.iter_rows(min_row=1, max_col=1):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.isdigit() and cell.value.startswith("0"):
            cell.value = int(cell.value)
            if zero_format:
                cell.number_format = "0000000"


def write_midterm(path: Path, rng: np.random.Generator) -> Path:
    """The class's 期中 with full marks in the headers, ids as formatted numbers, a time-stamped title."""
    rows: list[list[object]] = [["期中考试 导出时间： 16:32"], ["考试时间：2026-11-12"]]
    rows.append(["学号", "姓名", *(q[0] for q in MIDTERM_QUESTIONS), "总分"])
    for number, name in STUDENTS:
        marks = [int(rng.integers(0, q[1] + 1)) for q in MIDTERM_QUESTIONS]
        rows.append([number, name, *marks, sum(marks)])
    rows[3][5] = 8  # 王思远 has full marks on 17(1): the top score, 8, is the full mark the header states
    book = _book({"成绩": rows})
    _plain_ids(book["成绩"], zero_format=True)
    book.save(path)
    return path


def write_second(path: Path, rng: np.random.Generator) -> Path:
    """The class's 第二次月考: 大题 before the numbers, ids that lost their zeros, 呂子墨 for 吕子墨."""
    rows: list[list[object]] = [["小题分"], ["学号", "姓名", *(q[0] for q in SECOND_QUESTIONS)]]
    for number, name in STUDENTS:
        rows.append(
            [
                number,
                "呂子墨" if name == "吕子墨" else name,
                *(int(rng.integers(0, q[1] + 1)) for q in SECOND_QUESTIONS),
            ]
        )
    book = _book({"Sheet1": rows})
    _plain_ids(book["Sheet1"], zero_format=False)
    book.save(path)
    return path


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
}
Cell = str | tuple[str, int, str]  # text, or (text, columns spanned, vMerge "restart" / "continue" / "")


def _cell(cell: Cell) -> str:
    text, span, merge = (cell, 1, "") if isinstance(cell, str) else cell
    properties = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>" if merge == "continue" else ""
    )
    runs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n")) or "<w:p/>"
    return f"<w:tc>{f'<w:tcPr>{properties}</w:tcPr>' if properties else ''}{runs}</w:tc>"


def write_docx(path: Path, title: str, rows: list[list[Cell]]) -> Path:
    """A Word document as Word saves one: a title paragraph, then a table (merged cells as Word writes them)."""
    table = "".join(f"<w:tr>{''.join(map(_cell, row))}</w:tr>" for row in rows)
    body = f"<w:p><w:r><w:t>{escape(title)}</w:t></w:r></w:p>" + (f"<w:tbl>{table}</w:tbl><w:p/>" if rows else "")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>{body}'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _DOCX_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("word/document.xml", document + "</w:body></w:document>")
    return path


def write_midterm_paper(path: Path) -> Path:
    """The 期中's 双向细目表 as a Word table, with 易/中/难 and ticks under the levels (能力层级 merged over them)."""
    rows: list[list[Cell]] = [
        [
            ("题号", 1, "restart"),
            ("分值", 1, "restart"),
            ("考查知识点", 1, "restart"),
            ("难度", 1, "restart"),
            ("能力层级", 3, ""),
        ],
        [("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue"), "了解", "理解", "掌握"],
    ]
    for _, marks, point, difficulty, level, label in MIDTERM_QUESTIONS:
        rows.append(
            [label, str(marks), point, difficulty, *("✓" if level == name else "" for name in ("了解", "理解", "掌握"))]
        )
    return write_docx(path, "八年级期中考试 数学双向细目表", rows)


def write_two_way(path: Path) -> Path:
    """The 第二次月考's paper in the classic two-way layout, as Word (.docx) or Excel (.xlsx) by `path`."""
    if path.suffix == ".xlsx":
        _book({"细目表": [["八年级第二次月考 双向细目表"], *map(list, TWO_WAY_ROWS)]}).save(path)
        return path
    return write_docx(path, "八年级第二次月考 双向细目表", [list(row) for row in TWO_WAY_ROWS])


def write_names_only(path: Path, rng: np.random.Generator) -> Path:
    """A teacher's own 登分表: title, 序号/姓名, a 满分 row, a blank row, a 平均分 row; no student numbers."""
    labels = [str(n) for n in range(1, 6)]
    rows: list[list[object]] = [[f"{CLASS} 数学 周测 登分表"], ["序号", "姓名", *labels, "总分", "备注"]]
    rows.append(["", "满分", *NAMES_ONLY_MAX, sum(NAMES_ONLY_MAX), ""])
    sums = np.zeros(len(labels))
    for serial, (_, name) in enumerate(STUDENTS, start=1):
        marks = [int(rng.integers(0, top + 1)) for top in NAMES_ONLY_MAX]
        sums += marks
        rows.append([serial, name, *marks, sum(marks), "请假补考" if serial == 3 else ""])
    rows.append([])
    rows.append(["", "平均分", *(round(s / len(STUDENTS), 1) for s in sums), "", ""])
    _book({"登分表": rows}).save(path)
    return path


def write_totals(path: Path, rng: np.random.Generator) -> Path:
    """Subject totals, one column each: not a gradebook of questions."""
    rows: list[list[object]] = [["学号", "姓名", "语文", "数学", "英语", "物理", "道德与法治", "历史", "总分"]]
    for number, name in STUDENTS:
        marks = [int(rng.integers(60, 151)) for _ in range(3)] + [int(rng.integers(40, 101)) for _ in range(3)]
        rows.append([number, name, *marks, sum(marks)])
    _book({"总分": rows}).save(path)
    return path


@dataclass(frozen=True)
class TermExports:
    """The files written."""

    jike: Path
    subjects: Path
    midterm: Path
    second: Path
    midterm_paper: Path
    two_way: Path
    two_way_xlsx: Path
    names_only: Path
    totals: Path


def write_all(out_dir: Path, seed: int = SEED) -> TermExports:
    """Write every file into `out_dir` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = _rng(seed)
    return TermExports(
        write_jike(out_dir / JIKE, rng),
        write_subjects(out_dir / SUBJECTS, rng),
        write_midterm(out_dir / MIDTERM, rng),
        write_second(out_dir / SECOND, rng),
        write_midterm_paper(out_dir / MIDTERM_PAPER),
        write_two_way(out_dir / TWO_WAY),
        write_two_way(out_dir / TWO_WAY_XLSX),
        write_names_only(out_dir / NAMES_ONLY, rng),
        write_totals(out_dir / TOTALS, rng),
    )


def main(argv: list[str]) -> None:
    """Write the files into the folder named on the command line."""
    if len(argv) != 1:
        raise SystemExit(__doc__)
    for path in vars(write_all(Path(argv[0]))).values():
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
