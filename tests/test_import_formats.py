"""The importer reads every gradebook format teachers bring: long and wide, CSV in any encoding, XLSX, XLS."""

import datetime as dt
import hashlib
import math
from pathlib import Path

import pytest
from import_helpers import write_csv, write_xlsx
from openpyxl import Workbook

from app.core.gradebook import GradebookAssessment, GradebookStudent, Item
from app.importer import ColumnRole, ImportOptions, ItemSource, LayoutKind, detect_layout, read_gradebook
from app.importer.headers import _NAMES, role_of

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"

LONG_ZH = [
    ["学号", "姓名", "考试", "日期", "题号", "得分", "满分", "知识点"],
    ["2024001", "张三", "期中", "2024-11-10", "第1题", "2", "2", "有理数；整式"],
    ["2024001", "张三", "期中", "2024-11-10", "第2题", "缺考", "4", "方程"],
    ["2024002", "李四", "期中", "2024-11-10", "第1题", "0", "2", "有理数；整式"],
    ["2024002", "李四", "期中", "2024-11-10", "第2题", "3.5", "4", "方程"],
]


def scores_of(book) -> dict[tuple[str, str], float]:
    """(student_id, item_id) -> points, NaN kept."""
    return {(r.student_id, r.item_id): r.score for r in book.scores.itertuples()}


def assert_long_zh(book) -> None:
    assert book.problems == []
    assert book.students == [GradebookStudent("2024001", "张三"), GradebookStudent("2024002", "李四")]
    assert book.assessments == [GradebookAssessment("期中", dt.date(2024, 11, 10))]
    assert book.items == [Item("期中", "第1题", 2.0, ("有理数", "整式")), Item("期中", "第2题", 4.0, ("方程",))]
    scores = scores_of(book)
    assert math.isnan(scores.pop(("2024001", "第2题")))
    assert scores == {("2024001", "第1题"): 2.0, ("2024002", "第1题"): 0.0, ("2024002", "第2题"): 3.5}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_long_csv_in_every_encoding_chinese_excel_saves(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "成绩.csv", LONG_ZH, encoding)
    book = read_gradebook(path)
    assert_long_zh(book)
    assert book.source == "成绩.csv"
    assert book.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(book.scores.columns) == ["student_id", "assessment", "item_id", "score", "answer"]


def test_long_xlsx_reads_like_the_csv(tmp_path: Path) -> None:
    book = read_gradebook(write_xlsx(tmp_path / "成绩.xlsx", {"Sheet1": LONG_ZH}))
    assert_long_zh(book)


def test_long_english_headers_in_any_case_and_spacing(tmp_path: Path) -> None:
    rows = [
        [
            "Student ID",
            "student name",
            "ASSESSMENT",
            "Date",
            "Item_ID",
            "Score",
            "Max Score",
            "Knowledge Points",
        ],
        ["s1", "Ann", "Quiz 1", "2024-03-01", "Q1", "1", "1", "fractions"],
        ["s1", "Ann", "Quiz 2", "2024-03-08", "Q1", "0", "2", "decimals"],
    ]
    layout = detect_layout(write_csv(tmp_path / "scores.csv", rows))
    assert layout.kind is LayoutKind.LONG
    assert [c.role for c in layout.columns] == [
        ColumnRole.STUDENT_ID,
        ColumnRole.STUDENT_NAME,
        ColumnRole.ASSESSMENT,
        ColumnRole.DATE,
        ColumnRole.ITEM,
        ColumnRole.SCORE,
        ColumnRole.MAX_SCORE,
        ColumnRole.KNOWLEDGE_POINTS,
    ]
    assert layout.item_source is ItemSource.LONG_COLUMNS
    book = read_gradebook(tmp_path / "scores.csv")
    assert book.problems == []
    assert book.assessments == [
        GradebookAssessment("Quiz 1", dt.date(2024, 3, 1)),
        GradebookAssessment("Quiz 2", dt.date(2024, 3, 8)),
    ]
    assert book.items == [Item("Quiz 1", "Q1", 1.0, ("fractions",)), Item("Quiz 2", "Q1", 2.0, ("decimals",))]


def test_every_header_name_means_one_role() -> None:
    """Two roles listing one name (after normalising) would silently lose one of them."""
    assert [(name, role) for role, names in _NAMES.items() for name in names if role_of(name) is not role] == []
    assert role_of(" Ｓｔｕｄｅｎｔ＿ＩＤ： ") is ColumnRole.STUDENT_ID  # full-width, case, spaces, colon


def test_long_without_max_score_column_counts_right_wrong_questions_as_one_point(tmp_path: Path) -> None:
    rows = [["学号", "小题", "成绩"], ["1", "A", "1"], ["2", "A", "0"], ["1", "B", ""], ["2", "B", "缺考"]]
    book = read_gradebook(write_csv(tmp_path / "作业3.csv", rows))
    assert [(i.item_id, i.max_score, i.max_guessed, i.knowledge_points) for i in book.items[:1]] == [
        ("A", 1.0, False, ())
    ]
    assert math.isnan(book.items[1].max_score)  # no max score and not a single score to go by
    assert book.assessments == [GradebookAssessment("作业3", None)]
    assert [(p.severity, p.row, p.column, p.text.en) for p in book.problems] == [
        (
            "warning",
            None,
            None,
            "no question has knowledge points: add a 知识点 (knowledge points) row or column, or a paper (双向细目表)",
        ),
        (
            "error",
            4,
            "小题",
            "max score unknown: the question has no scores and no max score is given; add a 满分 (max score) row "
            "under the header, or a paper (双向细目表)",
        ),
    ]


@pytest.mark.parametrize("mark", ["", "缺考", "缺", "免考", "-", "—", "–", "NA", "N/A", "na", " 缺考 "])
def test_missing_marks_are_missing_not_zero(tmp_path: Path, mark: str) -> None:
    rows = [["学号", "题号", "得分"], ["1", "Q1", mark], ["2", "Q1", "0"]]
    scores = scores_of(read_gradebook(write_csv(tmp_path / "a.csv", rows)))
    assert math.isnan(scores[("1", "Q1")])
    assert scores[("2", "Q1")] == 0.0


def test_full_width_digits_are_numbers(tmp_path: Path) -> None:
    rows = [["学号", "题号", "得分", "满分"], ["1", "Q1", "１０", "１２"]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert book.errors == []
    assert scores_of(book) == {("1", "Q1"): 10.0}
    assert book.items[0].max_score == 12.0


def test_knowledge_point_separators_stripped_deduplicated_in_order(tmp_path: Path) -> None:
    rows = [
        ["学号", "题号", "得分", "知识点"],
        ["1", "Q1", "1", " 分数 ; 小数，百分数、比例|分数,, ；"],
        ["1", "Q2", "1", "方程| 不等式"],
    ]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert [i.knowledge_points for i in book.items] == [("分数", "小数", "百分数", "比例"), ("方程", "不等式")]
    assert book.knowledge_points == ["分数", "小数", "百分数", "比例", "方程", "不等式"]


def test_leading_zeros_of_ids_are_kept_in_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [["学号", "姓名", "Q1"], ["007", "甲", 1], ["0100", "乙", 0]]
    for path in (write_csv(tmp_path / "a.csv", rows), write_xlsx(tmp_path / "a.xlsx", {"S": rows})):
        assert [s.student_id for s in read_gradebook(path).students] == ["007", "0100"]


def test_numeric_ids_in_excel_lose_the_float_tail(tmp_path: Path) -> None:
    rows = [["学号", "Q1"], [2024001.0, 1], [2024002, 0]]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert [s.student_id for s in book.students] == ["2024001", "2024002"]


def test_wide_xlsx_with_max_score_and_knowledge_point_rows(tmp_path: Path) -> None:
    rows = [
        ["八年级(3)班 第一次月考"],  # a title row above the header
        ["序号", "学号", "姓名", "班级", "第1题", "第2题", "选择3", "总分", "班级排名", "年级排名"],
        [None, "满分", None, None, 3, 4, 2, 9, None, None],
        [None, "知识点", None, None, "有理数、整式", "方程", "函数", None, None, None],
        [1, "20240301", "王子涵", "八(3)", 3, 2, "缺考", 5, 2, 20],
        [2, "20240302", "李欣怡", "八(3)", 0, 4, 2, 6, 1, 10],
    ]
    path = write_xlsx(tmp_path / "月考.xlsx", {"成绩": rows})
    layout = detect_layout(path)
    assert (layout.kind, layout.sheet, layout.header_row) == (LayoutKind.WIDE, "成绩", 2)
    assert (layout.max_score_row, layout.knowledge_points_row, layout.item_source) == (3, 4, ItemSource.HEADER_ROWS)
    assert [c.role for c in layout.columns] == [
        ColumnRole.IGNORED,
        ColumnRole.STUDENT_ID,
        ColumnRole.STUDENT_NAME,
        ColumnRole.CLASS,
        ColumnRole.ITEM,
        ColumnRole.ITEM,
        ColumnRole.ITEM,
        ColumnRole.TOTAL,
        ColumnRole.RANK,
        ColumnRole.RANK,
    ]
    assert [c.letter for c in layout.columns[:3]] == ["A", "B", "C"]
    assert (layout.title, layout.title_name, layout.assessment) == ("八年级(3)班 第一次月考",) + (
        "八年级(3)班 第一次月考",
    ) * 2
    book = read_gradebook(path)
    assert book.problems == []
    exam = "八年级(3)班 第一次月考"  # from the title row (it used to be the file name)
    assert book.items == [
        Item(exam, "第1题", 3.0, ("有理数", "整式")),
        Item(exam, "第2题", 4.0, ("方程",)),
        Item(exam, "选择3", 2.0, ("函数",)),
    ]
    assert book.students == [
        GradebookStudent("20240301", "王子涵", "八(3)"),  # the 班级 column names each student's class
        GradebookStudent("20240302", "李欣怡", "八(3)"),
    ]
    scores = scores_of(book)
    assert math.isnan(scores.pop(("20240301", "选择3")))
    assert scores == {
        ("20240301", "第1题"): 3.0,
        ("20240301", "第2题"): 2.0,
        ("20240302", "第1题"): 0.0,
        ("20240302", "第2题"): 4.0,
        ("20240302", "选择3"): 2.0,
    }


def test_wide_question_headers_of_any_shape(tmp_path: Path) -> None:
    rows = [
        ["考号", "1", "T2", "第3题", "Q4", "选择5", "客观题", "合计", "名次", "班次"],
        ["1", 1, 0, 1, 1, 0, 2, 3, 1, 1],
    ]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert [i.item_id for i in book.items] == ["1", "T2", "第3题", "Q4", "选择5"]
    assert all(i.max_score == 1.0 for i in book.items)


def test_wide_xlsx_with_an_item_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "期中.xlsx",
        {
            "成绩": [["学号", "姓名", "Q1", "Q2", "总分"], ["01", "甲", 5, 1, 6], ["02", "乙", 2, 0, 2]],
            "题目信息": [["题号", "满分", "知识点"], ["Q1", 6, "勾股定理"], ["Q2", 1, "全等三角形;勾股定理"]],
        },
    )
    layout = detect_layout(path)
    assert layout.sheet_names == ["成绩", "题目信息"]
    assert (layout.sheet, layout.item_source, layout.item_sheet, layout.item_header_row) == (
        "成绩",
        ItemSource.ITEM_SHEET,
        "题目信息",
        1,
    )
    book = read_gradebook(path)
    assert book.problems == []
    assert book.items == [Item("期中", "Q1", 6.0, ("勾股定理",)), Item("期中", "Q2", 1.0, ("全等三角形", "勾股定理"))]


def test_item_sheet_first_in_the_workbook_is_not_taken_for_the_gradebook(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"items": [["item_id", "max_score"], ["Q1", 2]], "scores": [["student_id", "Q1"], ["s1", 2]]},
    )
    layout = detect_layout(path)
    assert (layout.sheet, layout.item_sheet) == ("scores", "items")
    assert read_gradebook(path).items[0].max_score == 2.0


@pytest.mark.parametrize("items_name", ["题目.csv", "题目.xlsx"])
def test_wide_csv_with_a_separate_item_file(tmp_path: Path, items_name: str) -> None:
    gradebook = write_csv(tmp_path / "成绩.csv", [["学号", "Q1", "Q2"], ["1", "3", "1"]], "gbk")
    item_rows = [["题号", "分值", "考点"], ["Q1", "4", "a|b"], ["Q2", "1", "c"]]
    items = (
        write_csv(tmp_path / items_name, item_rows, "gbk")
        if items_name.endswith(".csv")
        else write_xlsx(tmp_path / items_name, {"Sheet1": item_rows})
    )
    layout = detect_layout(gradebook, items)
    assert (layout.item_source, layout.item_file) == (ItemSource.ITEM_FILE, items_name)
    book = read_gradebook(gradebook, items)
    assert book.problems == []
    assert book.items == [Item("成绩", "Q1", 4.0, ("a", "b")), Item("成绩", "Q2", 1.0, ("c",))]
    assert book.content_hash == hashlib.sha256(gradebook.read_bytes() + items.read_bytes()).hexdigest()


def test_old_xls_workbook() -> None:
    """tests/data/wide_scores.xls was written by tests/data/make_xls_fixture.py (xlwt)."""
    path = DATA / "wide_scores.xls"
    layout = detect_layout(path)
    assert (layout.sheet_names, layout.header_row, layout.max_score_row, layout.knowledge_points_row) == (
        ["期中"],
        2,
        3,
        4,
    )
    assert layout.preview[0][0] == "八年级(3)班 期中考试成绩"
    book = read_gradebook(path)
    assert book.problems == []
    assert [s.student_id for s in book.students] == ["2024001", "0012", "2024003", "2024004"]
    exam = "八年级(3)班 期中考试"  # the title less 成绩 (it used to be the file name)
    assert book.assessments == [GradebookAssessment(exam, dt.date(2024, 11, 10))]  # from the Excel date cells
    assert book.items == [
        Item(exam, "第1题", 2.0, ("有理数", "整式")),
        Item(exam, "第2题", 4.0, ("方程",)),
        Item(exam, "第3题", 1.0, ("函数",)),
    ]
    scores = scores_of(book)
    assert scores[("2024001", "第2题")] == 3.5
    assert math.isnan(scores[("0012", "第2题")]) and math.isnan(scores[("2024003", "第1题")])
    assert book.scores.score.notna().sum() == 8


def test_excel_date_cells_and_dates_in_the_file_name(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["学号", "题号", "得分", "考试日期"])
    book.active.append(["1", "Q1", 1, dt.datetime(2025, 1, 6)])
    book.save(tmp_path / "a.xlsx")
    assert read_gradebook(tmp_path / "a.xlsx").assessments == [GradebookAssessment("a", dt.date(2025, 1, 6))]
    path = write_csv(tmp_path / "八年级3班_2026-10-12_第一次月考.csv", [["学号", "Q1"], ["1", "1"]])
    assert read_gradebook(path).assessments == [GradebookAssessment("第一次月考", dt.date(2026, 10, 12))]


@pytest.mark.parametrize("text", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "2024-03-05 00:00:00"])
def test_date_spellings(tmp_path: Path, text: str) -> None:
    rows = [["学号", "题号", "得分", "日期"], ["1", "Q1", "1", text]]
    assert read_gradebook(write_csv(tmp_path / "a.csv", rows)).assessments[0].date == dt.date(2024, 3, 5)


def test_options_name_and_date_the_assessment_when_the_file_does_not(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["学号", "Q1"], ["1", "1"]])
    book = read_gradebook(path, options=ImportOptions(assessment="期末", date=dt.date(2025, 1, 20)))
    assert book.assessments == [GradebookAssessment("期末", dt.date(2025, 1, 20))]
    assert book.items[0].assessment == "期末"
    assert set(book.scores.assessment) == {"期末"}


def test_options_force_sheet_id_column_header_row_and_ignored_columns(tmp_path: Path) -> None:
    sheet = [
        ["说明：本表为期末成绩"],
        ["编号", "考号", "学号", "姓名", "Q1", "Q2", "备用"],
        ["a", "K1", "S1", "甲", 1, 0, 9],
        ["b", "K2", "S2", "乙", 0, 1, 9],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", {"封面": [["期末"]], "第二页": sheet})
    assert detect_layout(path).sheet == "第二页"  # the first sheet naming a student id
    options = ImportOptions(sheet="第二页", header_row=2, student_id_column="C", ignore_columns=("备用",))
    layout = detect_layout(path, options=options)
    roles = {c.header: c.role for c in layout.columns}
    assert roles["学号"] is ColumnRole.STUDENT_ID and roles["考号"] is ColumnRole.IGNORED
    assert roles["备用"] is ColumnRole.IGNORED
    book = read_gradebook(path, options=options)
    assert book.errors == []
    assert [s.student_id for s in book.students] == ["S1", "S2"]
    assert [i.item_id for i in book.items] == ["Q1", "Q2"]
    by_header = read_gradebook(path, options=ImportOptions(student_id_column="学号", ignore_columns=("G",)))
    assert [s.student_id for s in by_header.students] == ["S1", "S2"]
    assert [i.item_id for i in by_header.items] == ["Q1", "Q2"]


def test_option_forces_an_unrecognised_column_as_student_id(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["编码", "名", "Q1"], ["x1", "甲", "1"]])
    book = read_gradebook(path, options=ImportOptions(student_id_column="编码", name_column="名"))
    assert book.students == [GradebookStudent("x1", "甲")]
    assert [i.item_id for i in book.items] == ["Q1"]


def test_option_forces_the_layout_and_the_metadata_rows(tmp_path: Path) -> None:
    rows = [["学号", "Q1", "Q2"], ["分数上限", 5, 5], ["1", 4, 5]]
    path = write_csv(tmp_path / "a.csv", rows)
    book = read_gradebook(path, options=ImportOptions(layout="wide", max_score_row=2))
    assert [i.max_score for i in book.items] == [5.0, 5.0]
    assert [s.student_id for s in book.students] == ["1"]
    layout = detect_layout(path, options=ImportOptions(layout="long"))
    assert layout.kind is LayoutKind.LONG


def test_option_chooses_the_item_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            "scores": [["学号", "Q1"], ["1", 3]],
            "old": [["题号", "满分"], ["Q1", 2]],
            "new": [["题号", "满分"], ["Q1", 4]],
        },
    )
    assert read_gradebook(path).errors != []  # the first item sheet found says 2
    book = read_gradebook(path, options=ImportOptions(item_sheet="new"))
    assert book.errors == [] and book.items[0].max_score == 4.0


def test_layout_preview_shows_the_first_rows_as_text(tmp_path: Path) -> None:
    rows = [["学号", "Q1"]] + [[f"{i:03d}", i % 2] for i in range(30)]
    layout = detect_layout(write_csv(tmp_path / "a.csv", rows))
    assert len(layout.preview) == 20
    assert layout.preview[:3] == [["学号", "Q1"], ["000", "0"], ["001", "1"]]
    assert layout.sheet_names == [] and layout.sheet is None


def test_tab_separated_and_ragged_csv(tmp_path: Path) -> None:
    tab = tmp_path / "tab.csv"
    tab.write_text("学号\t姓名\tQ1\n1\t甲\t1\n", encoding="utf-8")
    assert read_gradebook(tab).students == [GradebookStudent("1", "甲")]
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("学号,Q1\n1,1\n2,0,备注\n", encoding="utf-8")
    layout = detect_layout(ragged)
    assert len(layout.columns) == 3 and layout.columns[2].header == ""
    unnamed = [p for p in read_gradebook(ragged).warnings if p.column == "C"]
    assert [(p.row, p.text.en) for p in unnamed] == [(1, "this column has values but no header; it is ignored")]


def test_workbook_content_decides_not_the_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "old.xlsx"
    renamed.write_bytes((DATA / "wide_scores.xls").read_bytes())
    assert len(read_gradebook(renamed).students) == 4


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*班_*.xlsx")))  # the one-class samples
def test_bundled_sample_gradebooks_read_cleanly(name: str) -> None:
    book = read_gradebook(SAMPLES / name)
    assert book.problems == []
    assert (len(book.students), len(book.items)) == (40, 20)
    assert all(i.knowledge_points for i in book.items)
    assert len(book.scores) == 800 and book.scores.score.isna().sum() > 0


def test_long_sheet_with_an_item_file_takes_max_scores_and_knowledge_points_from_the_file(tmp_path: Path) -> None:
    gradebook = write_csv(
        tmp_path / "log.csv",
        [["user_id", "problem_id", "correct", "skill"], ["u1", "p1", "1", "ignored here"], ["u1", "p2", "2", ""]],
    )
    items = write_csv(tmp_path / "q.csv", [["题号", "分数", "知识点"], ["p1", "1", "加法"], ["p2", "3", "减法"]])
    layout = detect_layout(gradebook, items)
    assert layout.kind is LayoutKind.LONG and layout.item_source is ItemSource.ITEM_FILE
    assert [c.role for c in layout.columns] == [
        ColumnRole.STUDENT_ID,
        ColumnRole.ITEM,
        ColumnRole.SCORE,
        ColumnRole.IGNORED,
    ]
    book = read_gradebook(gradebook, items)
    assert book.problems == []
    assert book.items == [Item("log", "p1", 1.0, ("加法",)), Item("log", "p2", 3.0, ("减法",))]


def test_wide_sheet_with_an_assessment_column_holds_several_exams(tmp_path: Path) -> None:
    rows = [
        ["学号", "考试", "日期", "Q1", "Q2"],
        ["满分", None, None, 2, 2],
        ["1", "月考", "2024-10-01", 1, 2],
        ["1", "期中", "2024-11-10", 2, 0],
        ["2", "月考", "2024-10-01", 0, 1],
    ]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert book.problems[0].text.en.startswith("no question has knowledge points")
    assert book.errors == []
    assert book.assessments == [
        GradebookAssessment("月考", dt.date(2024, 10, 1)),
        GradebookAssessment("期中", dt.date(2024, 11, 10)),
    ]
    assert [(i.assessment, i.item_id) for i in book.items] == [
        ("月考", "Q1"),
        ("月考", "Q2"),
        ("期中", "Q1"),
        ("期中", "Q2"),
    ]
    assert len(book.scores) == 6
