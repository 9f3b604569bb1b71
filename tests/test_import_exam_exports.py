"""Gradebooks as Chinese marking systems export them (智学网, 七天网络, 好分数): whole grades, title rows,
id columns, sub-questions, two-row headers, choice letters, no full marks. The files are written by
scripts/make_exam_exports.py into a temporary folder."""

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from import_helpers import write_csv, write_xlsx
from openpyxl import Workbook, load_workbook
from script_exports import script_module

from app.core.choices import normalize_answer
from app.core.problems import Severity
from app.importer import ColumnRole, ImportOptions, ItemSource, detect_layout, read_gradebook

ROOT = Path(__file__).resolve().parent.parent


def located(problems) -> list[tuple[str, str | None, int | None, str | None, str]]:
    """(severity, sheet, row, column, English text) of each problem, in order."""
    return [(str(p.severity), p.sheet, p.row, p.column, p.text.en) for p in problems]


def points(book) -> dict[tuple[str, str], float]:
    return {(r.student_id, r.item_id): r.score for r in book.scores.itertuples()}


def answers(book) -> dict[tuple[str, str], str | None]:
    return {(r.student_id, r.item_id): r.answer for r in book.scores.itertuples()}


def sheet_rows(path: Path, header_row: int) -> list[dict[str, object]]:
    """The rows under `header_row` as {header: value}, read with openpyxl (not the importer)."""
    rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in rows[header_row - 1]]
    return [dict(zip(header, row)) for row in rows[header_row:]]


def expected_choice(letters: str, key: str, max_score: float, multiple: bool) -> float:
    """The rule, written out: single all or nothing; multiple full, half for a correct subset, else 0."""
    chosen = normalize_answer(letters)
    if chosen == key:
        return max_score
    return max_score / 2 if multiple and set(chosen) < set(key) else 0.0


ZHIXUE_QUESTIONS = [str(n) for n in range(1, 17)] + ["17(1)", "17(2)", "第18题①", "第18题②"]


# --- 智学网: a whole grade in one sheet -------------------------------------------------------------


def test_zhixue_layout_title_ids_class_and_dropped_parent(exports) -> None:
    layout = detect_layout(exports.zhixue)
    assert (layout.sheet, layout.header_row, layout.sub_header_row) == ("小题得分明细", 2, None)
    assert layout.title == "【2026年11月八年级期中考试】所有班级学生小题得分明细"
    assert (layout.title_name, layout.assessment, layout.date) == ("2026年11月八年级期中考试",) * 2 + (None,)
    assert layout.id_column.header == "自定义考号"  # before 准考证号
    assert [c.header for c in layout.other_id_columns] == ["准考证号"]
    assert layout.class_column.header == "班级"
    assert [c.header for c in layout.dropped_parents] == ["17"]
    roles = {c.header: c.role for c in layout.columns}
    assert [roles[h] for h in ("序号", "姓名", "学生属性", "总分", "校次", "班次", "客观题", "主观题", "17")] == [
        ColumnRole.IGNORED,
        ColumnRole.STUDENT_NAME,
        ColumnRole.IGNORED,
        ColumnRole.TOTAL,
        ColumnRole.RANK,
        ColumnRole.RANK,
        ColumnRole.TOTAL,
        ColumnRole.TOTAL,
        ColumnRole.TOTAL,
    ]
    assert [c.header for c in layout.columns_with(ColumnRole.ITEM)] == ZHIXUE_QUESTIONS
    assert layout.item_source is ItemSource.DEFAULTS


def test_zhixue_reads_every_class_with_letters_kept_and_maxima_guessed(exports) -> None:
    book = read_gradebook(exports.zhixue)
    assert book.errors == []
    assert {c: len(book.for_class(c).students) for c in book.class_names} == {
        "八年级1班": 30,
        "八年级2班": 31,
        "八年级3班": 29,
        "八年级4班": 30,
    }
    roster = exports.students
    assert [(s.student_id, s.name, s.class_name) for s in book.students] == [
        (s.custom_id, s.name, s.class_name) for s in roster
    ]
    assert [i.item_id for i in book.items] == ZHIXUE_QUESTIONS  # 17 left out: its sub-questions are scored
    assert book.assessments[0].name == "2026年11月八年级期中考试" and book.assessments[0].date is None
    raw = {str(r["自定义考号"]): r for r in sheet_rows(exports.zhixue, 2)}
    scores, letters = points(book), answers(book)
    for n in map(str, range(1, 11)):  # letters without a key: kept, not scored
        assert all(math.isnan(scores[(sid, n)]) for sid in raw)
        assert all(letters[(sid, n)] == normalize_answer(r[n]) for sid, r in raw.items())  # 缺考: None
    for item in book.items[10:]:  # points without 满分: the highest one seen, a guess
        seen = [r[item.item_id] for r in raw.values() if isinstance(r[item.item_id], int)]
        assert (item.max_score, item.max_guessed) == (max(seen), True)
    assert all(i.max_guessed and i.max_score == 1.0 and i.answer_key is None for i in book.items[:10])
    kept = "holds the letters chosen but no answer key: the letters are kept and scored once a key arrives"
    guess = "max score not given; the highest score, {}, is used for now: please check"
    assert [(s, sh, r, c, t.split(" (")[0]) for s, sh, r, c, t in located(book.problems)] == [
        ("warning", "小题得分明细", 2, "17", "'17' is the sum of 17(1), 17(2); it is left out"),
        ("warning", "小题得分明细", None, None, "no question has knowledge points: add a 知识点"),
        *[("warning", "小题得分明细", 2, n, f"'{n}' {kept}") for n in map(str, range(1, 11))],
        *[("warning", "小题得分明细", 2, i.item_id, guess.format(int(i.max_score))) for i in book.items[10:]],
    ]
    assert book.problems[-1].text.zh.startswith(f"满分未给出，暂按最高分 {int(book.items[-1].max_score)} 计；请核对")


def test_zhixue_absences_are_missing_not_zero(exports) -> None:
    book = read_gradebook(exports.zhixue)
    scores = points(book)
    absent = [s.custom_id for s in exports.students if (s.class_name, s.seat) in {("八年级2班", 5), ("八年级4班", 9)}]
    assert all(math.isnan(scores[(sid, q)]) for sid in absent for q in ZHIXUE_QUESTIONS)
    assert math.isnan(scores[("8201", "11")])  # 未扫
    assert book.scores.score.notna().sum() + book.scores.answer.notna().sum() < len(book.scores)


def test_zhixue_with_its_paper_scores_the_letters_against_the_key(exports) -> None:
    layout = detect_layout(exports.zhixue, exports.paper)
    assert (layout.item_source, layout.item_file, layout.item_sheet, layout.item_header_row) == (
        ItemSource.ITEM_FILE,
        exports.paper.name,
        "双向细目表",
        2,
    )
    book = read_gradebook(exports.zhixue, exports.paper)
    assert located(book.problems) == [  # the paper says everything the export lacks
        (
            "warning",
            "小题得分明细",
            2,
            "17",
            "'17' is the sum of 17(1), 17(2); it is left out (the sub-questions are scored, not twice)",
        )
    ]
    script = script_module("make_exam_exports")
    paper = {row[0]: row for row in script.PAPER_ROWS}
    labels = [*map(str, range(1, 17)), "17(1)", "17(2)", "18(1)", "18(2)"]
    assert [(i.max_score, i.answer_key or "", i.kind, "、".join(i.knowledge_points)) for i in book.items] == [
        (paper[n][2], paper[n][4], {"单选题": "single", "多选题": "multiple"}.get(paper[n][1], ""), paper[n][3])
        for n in labels
    ]
    assert not any(i.max_guessed for i in book.items)
    scores = points(book)
    for sid, r in {str(r["自定义考号"]): r for r in sheet_rows(exports.zhixue, 2)}.items():
        for n in map(str, range(1, 11)):
            if r[n] != "缺考":
                multiple = paper[n][1] == "多选题"
                assert scores[(sid, n)] == expected_choice(r[n], paper[n][4], paper[n][2], multiple), (sid, n)
    planted = {("8101", "1"): 3.0, ("8101", "9"): 2.0, ("8101", "10"): 4.0}
    planted |= {("8102", "1"): 0.0, ("8102", "9"): 0.0, ("8102", "10"): 2.0}  # 9: ABCD has a wrong letter
    assert {key: scores[key] for key in planted} == planted
    quarter = read_gradebook(exports.zhixue, exports.paper, ImportOptions(multiple_partial=0.25))
    assert points(quarter)[("8101", "9")] == 1.0


def test_the_class_file_keyed_by_student_number_names_the_same_students(exports) -> None:
    book = read_gradebook(exports.second_exam)
    assert book.errors == []
    first = [s for s in exports.students if s.class_name == "八年级1班"]
    assert {(s.student_id, s.name) for s in book.students} == {(s.student_no, s.name) for s in first}
    assert not {s.student_id for s in book.students} & {x for s in first for x in (s.ticket, s.custom_id)}
    assert book.assessments == [read_gradebook(exports.second_exam).assessments[0]]
    assert (book.assessments[0].name, book.assessments[0].date) == ("第二次月考", dt.date(2026, 12, 10))
    assert book.class_names == []  # the class comes from the file name, on the store side


# --- 七天网络: a two-row header and the key in the 满分 row -------------------------------------------


def test_qitian_two_row_header_is_combined_and_not_read_as_a_student(exports) -> None:
    layout = detect_layout(exports.qitian)
    assert (layout.header_row, layout.sub_header_row, layout.max_score_row, layout.answer_row) == (2, 3, 4, None)
    assert (layout.title_name, layout.date) == ("八年级数学单元测验", dt.date(2026, 11, 20))
    assert layout.id_column.header == "考号"
    items = [c.header for c in layout.columns_with(ColumnRole.ITEM)]
    assert items == [*map(str, range(1, 17)), "17(1)", "17(2)"]
    book = read_gradebook(exports.qitian)
    assert len(book.students) == 35 and all(s.student_id.startswith("3107") for s in book.students)
    assert book.class_names == ["八年级7班"]
    assert book.assessments[0].name == "八年级数学单元测验"


def test_qitian_key_from_the_max_score_row_and_guessed_choice_maxima(exports) -> None:
    script = script_module("make_exam_exports")
    book = read_gradebook(exports.qitian)
    assert book.errors == []
    choice, rest = book.items[:8], book.items[8:]
    assert [(i.answer_key, i.kind, i.max_score, i.max_guessed) for i in choice] == [
        (key, "single", 1.0, True) for key in script.QITIAN_KEYS
    ]
    assert [(i.max_score, i.max_guessed, i.answer_key) for i in rest] == [
        (float(m), False, None) for m in script.QITIAN_MAX.values()
    ]
    guessed = (
        "max score of this choice question not given; 1 point is used for now: please check (give it in a 满分 "
        "row or the paper)"
    )
    assert located(book.warnings)[1:] == [("warning", "成绩单", 4, str(n), guessed) for n in range(1, 9)]
    scores, letters = points(book), answers(book)
    assert (scores[("3107001", "1")], letters[("3107001", "1")]) == (1.0, "A")
    assert (scores[("3107001", "2")], letters[("3107001", "2")]) == (0.0, "AC")  # single choice: all or nothing
    assert all(math.isnan(scores[("3107007", i.item_id)]) for i in book.items)  # absent: blank cells


# --- 好分数: CSV in GBK, a 标准答案 row, letters in any spelling -------------------------------------


def test_haofenshu_gbk_csv_scores_every_spelling_of_the_letters(exports) -> None:
    script = script_module("make_exam_exports")
    data = exports.haofenshu.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and "标准答案".encode("gbk") in data
    layout = detect_layout(exports.haofenshu)
    assert (layout.answer_row, layout.max_score_row) == (2, 3)
    book = read_gradebook(exports.haofenshu)
    assert located(book.problems) == [
        (
            "warning",
            None,
            None,
            None,
            "no question has knowledge points: add a 知识点 (knowledge points) row or column, or a paper (双向细目表)",
        )
    ]
    assert {c: len(book.for_class(c).students) for c in book.class_names} == {"八年级5班": 24, "八年级6班": 26}
    assert [(i.answer_key, i.kind, i.max_score) for i in book.items[:6]] == [
        (k, "multiple" if len(k) > 1 else "single", float(m))
        for k, m in zip(script.HAOFENSHU_KEYS, script.HAOFENSHU_MAX)
    ]
    raw = pd.read_csv(exports.haofenshu, encoding="gbk", dtype=str, keep_default_na=False).iloc[2:]
    spellings = set(raw["1"]) | set(raw["5"])
    assert {"c", "Ｃ", "a、b、d"} & spellings and any(s.islower() for s in spellings)
    scores, letters = points(book), answers(book)
    for r in raw.itertuples(index=False):
        for j, (key, top) in enumerate(zip(script.HAOFENSHU_KEYS, script.HAOFENSHU_MAX)):
            cell = r[3 + j]
            assert letters[(r[0], str(j + 1))] == normalize_answer(cell)
            assert scores[(r[0], str(j + 1))] == expected_choice(cell, key, top, len(key) > 1)
    assert math.isnan(scores[("20240003", "7")]) and math.isnan(scores[("20240003", "8")])  # 缺, 未扫描


# --- Small files for the rules one at a time --------------------------------------------------------


def test_a_student_id_in_two_classes_names_both_rows(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "1", "2"],
        ["01", "甲", "八年级1班", 1, 0],
        ["02", "乙", "八年级1班", 1, 1],
        ["01", "丙", "八年级2班", 0, 1],
    ]
    book = read_gradebook(write_csv(tmp_path / "年级.csv", rows))
    assert located(book.errors) == [
        (
            "error",
            None,
            4,
            "班级",
            "student id 01 is in class '八年级2班' here but in '八年级1班' on row 2: an id belongs to one class",
        )
    ]
    assert book.errors[0].text.zh == "学号 01 在这里属于“八年级2班”，第2行属于“八年级1班”：一个学号只能属于一个班"
    assert [(s.student_id, s.class_name) for s in book.students] == [("01", "八年级1班"), ("02", "八年级1班")]


def test_a_repeated_id_within_one_class_is_still_a_repeat(tmp_path: Path) -> None:
    rows = [["学号", "班级", "1"], ["01", "1班", 1], ["01", "1班", 0]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.errors) == [("error", None, 3, "学号", "student id 01 repeats row 2")]


def test_a_parent_that_is_not_the_sum_is_dropped_and_the_rows_named(tmp_path: Path) -> None:
    rows = [
        ["学号", "17", "17（1）", "17-2", "第18题", "第18题①", "第18题②"],
        ["1", 5, 2, 3, 4, 2, 2],
        ["2", 6, 2, 3, 1, 1, "缺考"],  # 18 is not compared here: a sub-question is missing
        ["3", 4, 2, 2, 3, 3, 0],
        ["4", 3, 2, 0, 2, 1, 1],
    ]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert [i.item_id for i in book.items] == ["17（1）", "17-2", "第18题①", "第18题②"]
    assert located(book.warnings)[:2] == [
        (
            "warning",
            "S",
            3,
            "17",
            "'17' differs from the sum of 17（1）, 17-2 on row(s) 3, 5; it is left out and the sub-questions are "
            "scored: please check",
        ),
        (
            "warning",
            "S",
            1,
            "第18题",
            "'第18题' is the sum of 第18题①, 第18题②; it is left out (the sub-questions are scored, not twice)",
        ),
    ]
    assert book.warnings[0].text.zh == "“17”在第3、5行不等于小题 17（1）、17-2 之和；已不计入，按小题计分，请核对"


def test_the_strongest_id_column_wins_and_totals_with_a_score_suffix_are_ignored(tmp_path: Path) -> None:
    header = [
        "准考证号",
        "考号",
        "学籍号",
        "学号",
        "姓名",
        "客观题(得分)",
        "主观题（得分）",
        "客观题得分",
        "原始分",
        "1",
    ]
    path = write_csv(tmp_path / "a.csv", [header, ["Z1", "K1", "G1", "S1", "甲", 1, 2, 1, 3, 1]])
    layout = detect_layout(path)
    assert layout.id_column.header == "学号"
    assert [c.header for c in layout.other_id_columns] == ["准考证号", "考号", "学籍号"]
    assert [c.role for c in layout.columns[5:9]] == [ColumnRole.TOTAL] * 4
    assert [i.item_id for i in read_gradebook(path).items] == ["1"]
    without = write_csv(tmp_path / "b.csv", [["准考证号", "考号", "1"], ["Z1", "K1", 1]])
    assert detect_layout(without).id_column.header == "考号"


@pytest.mark.parametrize("mark", ["未扫", "未扫描", "不计排名", "缺考", "缺", "免考", "-", "—", "NA"])
def test_marking_system_absence_marks_are_missing_not_zero(tmp_path: Path, mark: str) -> None:
    book = read_gradebook(write_csv(tmp_path / "a.csv", [["学号", "Q1"], ["1", mark], ["2", "0"]]))
    assert math.isnan(points(book)[("1", "Q1")]) and points(book)[("2", "Q1")] == 0.0
    assert book.errors == []


def test_cells_that_are_neither_numbers_marks_nor_letters_are_located_errors(tmp_path: Path) -> None:
    rows = [["学号", "1", "2"], ["答案", "A", ""], ["满分", 3, 4], ["1", "Ａ、c", "优"], ["2", "x", 4]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.errors) == [
        ("error", None, 4, "2", "score '优' is not a number"),
        ("error", None, 5, "1", "score 'x' is not a number"),
    ]
    assert answers(book)[("1", "1")] == "AC" and points(book)[("1", "1")] == 0.0  # single choice A: wrong


@pytest.mark.parametrize(
    ("title", "name", "date"),
    [
        ("2026-11-20 八年级数学单元测验 成绩单", "八年级数学单元测验", dt.date(2026, 11, 20)),
        ("【八年级第一次月考】小题得分统计", "八年级第一次月考", None),
        ("八年级期末考试 学生成绩表", "八年级期末考试", None),
    ],
)
def test_the_title_names_and_dates_the_exam(tmp_path: Path, title: str, name: str, date) -> None:
    path = write_xlsx(tmp_path / "导出.xlsx", {"S": [[title], ["学号", "Q1"], ["1", 1]]})
    assert read_gradebook(path).assessments[0].name == name
    assert read_gradebook(path).assessments[0].date == date
    assert detect_layout(path).title_name == name


def test_assessment_name_priority_options_column_title_file_name(tmp_path: Path) -> None:
    titled = [["【期中考试】成绩单"], ["学号", "考试", "Q1"], ["1", "", 1], ["2", "周测", 1]]
    path = write_xlsx(tmp_path / "八年级2班_2026-10-01_月考.xlsx", {"S": titled})
    book = read_gradebook(path)
    assert [a.name for a in book.assessments] == ["期中考试", "周测"]  # the cell wins, the title fills blanks
    assert book.assessments[0].date == dt.date(2026, 10, 1)  # no date in the title: the file name's
    forced = read_gradebook(path, options=ImportOptions(assessment="期末"))
    assert [a.name for a in forced.assessments] == ["期末", "周测"]
    untitled = write_csv(tmp_path / "八年级2班_2026-10-01_月考.csv", [["学号", "Q1"], ["1", 1]])
    assert read_gradebook(untitled).assessments[0].name == "月考"
    plain = write_csv(tmp_path / "成绩.csv", [["学号", "Q1"], ["1", 1]])
    assert read_gradebook(plain).assessments[0].name == "成绩"


def test_sub_labels_join_the_question_above_or_before_them(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "一、选择题", None, "二、解答题", None, None, "18", None, None])
    sheet.append([None, None, "第1题", "Q2", "17", "(1)", "2)", "①", "②", "19"])
    sheet.merge_cells("C1:D1")
    sheet.merge_cells("E1:G1")
    sheet.merge_cells("H1:I1")
    sheet.append(["s1", "甲", 1, 0, 5, 2, 3, 1, 1, 2])
    book.save(tmp_path / "a.xlsx")
    layout = detect_layout(tmp_path / "a.xlsx")
    assert layout.sub_header_row == 2
    combined = ["学号", "姓名", "第1题", "Q2", "17", "17(1)", "17(2)", "18(1)", "18(2)", "19"]
    assert [c.header for c in layout.columns] == combined
    assert [c.header for c in layout.dropped_parents] == ["17"]
    parsed = read_gradebook(tmp_path / "a.xlsx")
    assert [s.student_id for s in parsed.students] == ["s1"]
    assert [i.item_id for i in parsed.items] == ["第1题", "Q2", "17(1)", "17(2)", "18(1)", "18(2)", "19"]


def test_a_numbers_row_under_a_plain_header_is_a_student_not_a_sub_header(tmp_path: Path) -> None:
    rows = [["学号", "第1题", "第2题", "第3题"], ["", 1, 2, 3], ["s1", 1, 0, 1]]
    layout = detect_layout(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert layout.sub_header_row is None


def test_long_sheet_with_letters_and_an_answer_column(tmp_path: Path) -> None:
    rows = [
        ["学号", "题号", "得分", "满分", "答案", "知识点"],
        ["1", "Q1", "b", "3", "B", "方程"],
        ["2", "Q1", "C", "3", "b", "方程"],
        ["1", "Q2", "ab", "4", "ABD", "函数"],
        ["2", "Q2", "2", "4", "ABD", "函数"],
    ]
    book = read_gradebook(write_csv(tmp_path / "long.csv", rows))
    assert book.problems == []
    assert [(i.answer_key, i.kind) for i in book.items] == [("B", "single"), ("ABD", "multiple")]
    assert points(book) == {("1", "Q1"): 3.0, ("2", "Q1"): 0.0, ("1", "Q2"): 2.0, ("2", "Q2"): 2.0}
    conflict = [*rows, ["3", "Q1", "A", "3", "A", "方程"]]
    (problem,) = read_gradebook(write_csv(tmp_path / "c.csv", conflict)).errors
    assert (problem.row, problem.column, problem.text.en) == (
        6,
        "答案",
        "answer key 'A' of 'Q1' differs from 'B' on row 2",
    )


def test_letters_without_a_key_warn_once_per_question_and_score_nothing(tmp_path: Path) -> None:
    rows = [["学号", "1", "2"], ["满分", 3, 2], *[[str(i), "ABCD"[i % 4], i % 3] for i in range(40)]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    kept = [p for p in book.warnings if "letters" in p.text.en]
    assert located(kept) == [
        (
            "warning",
            None,
            1,
            "1",
            "'1' holds the letters chosen but no answer key: the letters are kept and scored once a key arrives "
            "(an 答案 row or the paper)",
        )
    ]
    assert book.items[0].max_score == 3.0 and book.scores[book.scores.item_id == "1"].score.isna().all()
    assert book.items[1].max_score == 2.0 and book.errors == []
    assert {p.severity for p in book.problems} == {Severity.WARNING}
