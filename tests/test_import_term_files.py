"""A term of one class's files in the shapes teachers bring (issue 19), written by scripts/make_term_exports.py:
optional questions, one sheet per subject, full marks in headers, 大题 before numbers, papers from Word and in the
two-way layout, a names-only 登分表, ids formatted 0000000, subject totals, exam names and dates from the file."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from import_helpers import write_xlsx
from script_exports import script_module

from app.core.gradebook import MarkReading, OptionalGroup
from app.core.text import question_key
from app.importer import ImportOptions, apply_paper, detect_layout, read_gradebook, read_paper
from app.importer.sheet_choice import SheetChoiceNeeded

ROOT = Path(__file__).resolve().parent.parent


def points(book) -> dict[tuple[str, str], float]:
    return {(r.student_id, r.item_id): r.score for r in book.scores.itertuples()}


# --- 1. optional questions and marks ------------------------------------------------------------------------


def test_slash_is_a_question_not_chosen_and_a_choose_one_pair_is_recognised(term) -> None:
    book = read_gradebook(term.jike)
    assert book.errors == []
    assert book.optional_groups == [OptionalGroup("八年级期末考试", ("22", "23"), (6, 6))]
    scored = points(book)
    # seat 0 of each class chose 22 and has '/' in 23: missing (no evidence), not 0
    assert not math.isnan(scored[("0803001", "22")]) and math.isnan(scored[("0803001", "23")])
    assert math.isnan(scored[("0803002", "22")]) and not math.isnan(scored[("0803002", "23")])
    conventions = {(c.item_id, c.mark): (c.count, c.reading, c.default) for c in book.conventions}
    assert conventions[("22", "/")] == (6, MarkReading.MISSING, MarkReading.MISSING)
    assert conventions[("23", "/")] == (6, MarkReading.MISSING, MarkReading.MISSING)
    assert any("choose-one group" in p.text.en and "6 chose 22, 6 chose 23" in p.text.en for p in book.warnings)


def test_a_dash_in_a_choice_column_is_left_blank_for_zero_and_can_be_flipped_per_column(term) -> None:
    book = read_gradebook(term.jike)
    assert {(c.item_id, c.mark): (c.count, c.reading) for c in book.conventions}[("3", "—")] == (1, MarkReading.ZERO)
    assert points(book)[("0803004", "3")] == 0.0
    flipped = read_gradebook(term.jike, options=ImportOptions(mark_readings=(("3", MarkReading.MISSING),)))
    assert math.isnan(points(flipped)[("0803004", "3")])
    (convention,) = [c for c in flipped.conventions if c.item_id == "3"]
    assert (convention.reading, convention.default) == (MarkReading.MISSING, MarkReading.ZERO)
    as_zero = read_gradebook(term.jike, options=ImportOptions(mark_readings=(("22", MarkReading.ZERO),)))
    assert points(as_zero)[("0803002", "22")] == 0.0


def test_a_dash_in_a_points_column_stays_missing_and_slashes_that_are_no_group_are_only_missing(tmp_path) -> None:
    rows = [
        ["学号", "姓名", "1", "2", "3"],
        ["1", "甲", "2", "/", "—"],
        ["2", "乙", "/", "/", "1"],
        ["3", "丙", "1", "2", "2"],
    ]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"成绩": rows}))
    assert book.errors == [] and book.optional_groups == []  # 乙 answered neither 1 nor 2
    scored = points(book)
    assert math.isnan(scored[("1", "2")]) and math.isnan(scored[("1", "3")]) and math.isnan(scored[("2", "1")])
    assert {(c.item_id, c.mark, c.count) for c in book.conventions} == {("1", "/", 1), ("2", "/", 2)}


# --- 2. several gradebook sheets --------------------------------------------------------------------------------


def test_a_workbook_with_a_sheet_per_subject_asks_which_and_reads_the_one_chosen(term) -> None:
    with pytest.raises(SheetChoiceNeeded) as asked:
        read_gradebook(term.subjects)
    assert asked.value.sheets == ["语文", "数学", "英语"]
    assert (
        "语文, 数学, 英语" in asked.value.problems[0].text.en and "语文、数学、英语" in asked.value.problems[0].text.zh
    )
    layout = detect_layout(term.subjects)
    assert layout.sheet_choice == ("语文", "数学", "英语")
    chosen = read_gradebook(term.subjects, options=ImportOptions(sheet="数学"))
    assert chosen.errors == [] and detect_layout(term.subjects, options=ImportOptions(sheet="数学")).sheet_choice == ()


def test_a_gradebook_beside_its_paper_sheet_is_no_choice(tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"成绩": [["学号", "1", "2"], ["1", "1", "0"]], "细目表": [["题号", "分值", "知识点"], ["1", "1", "a"]]},
    )
    assert detect_layout(path).sheet_choice == () and read_gradebook(path).errors == []


def test_sheets_of_unnumbered_score_columns_are_gradebooks_and_a_roster_is_not(tmp_path) -> None:
    scores = [["学号", "姓名", "选择1", "选择2", "填空1"], ["1", "甲", "A", "B", "3"], ["2", "乙", "C", "/", "4"]]
    roster = [["学号", "姓名", "电话", "住址"], ["1", "甲", "13800000000", "人民路1号"]]
    both = write_xlsx(tmp_path / "a.xlsx", {"期中": scores, "期末": scores})
    with pytest.raises(SheetChoiceNeeded) as asked:
        read_gradebook(both)
    assert asked.value.sheets == ["期中", "期末"]
    one = write_xlsx(tmp_path / "b.xlsx", {"名单": roster, "成绩": scores})
    assert detect_layout(one).sheet == "成绩" and detect_layout(one).sheet_choice == ()


# --- 3 and 4. full marks in headers, question labels ------------------------------------------------------------


def test_full_marks_in_the_header_are_the_max_score_and_the_label_keeps_the_question_only(term) -> None:
    book = read_gradebook(term.midterm)
    assert [(i.item_id, i.max_score, i.max_guessed) for i in book.items] == [
        ("1", 3.0, False),
        ("2", 3.0, False),
        ("第3题", 4.0, False),
        ("17(1)", 8.0, False),
        ("17(2)", 6.0, False),
    ]


@pytest.mark.parametrize(
    ("written", "gradebook"),
    [("一、1", "1"), ("二、9", "9"), ("三、17(1)", "17(1)"), ("第1题", "1"), ("13(2)", "13（2）"), ("1(3分)", "1")],
)
def test_question_key_matches_labels_both_ways(written: str, gradebook: str) -> None:
    assert question_key(written) == question_key(gradebook)
    assert question_key(gradebook) == question_key(written)
    assert question_key("一、选择题") != question_key("1")


def test_sectioned_headers_match_a_plain_paper_and_a_sectioned_paper_matches_plain_headers(term, tmp_path) -> None:
    sectioned = read_gradebook(term.second, items_path=term.two_way_xlsx)
    assert [i.item_id for i in sectioned.items] == ["1", "2", "9", "17(1)", "17(2)"]
    assert [i.knowledge_points for i in sectioned.items][-1] == ("一次函数", "二元一次方程组")
    paper = write_xlsx(
        tmp_path / "p.xlsx", {"细目表": [["题号", "分值", "知识点"], ["一、1", "3", "a"], ["三、17(1)", "5", "b"]]}
    )
    plain = write_xlsx(tmp_path / "g.xlsx", {"成绩": [["学号", "1", "17(1)"], ["1", "3", "4"]]})
    book = read_gradebook(plain, items_path=paper)
    assert [(i.item_id, i.max_score, i.knowledge_points) for i in book.items] == [
        ("1", 3.0, ("a",)),
        ("17(1)", 5.0, ("b",)),
    ]


# --- 5. papers from Word and in the two-way layout -----------------------------------------------------------------


def test_a_paper_in_a_word_table_reads_levels_and_difficulty_words_without_warnings(term) -> None:
    paper, problems = read_paper(term.midterm_paper)
    assert problems == []
    assert [(q.label, q.max_score, q.knowledge_points, q.ability, q.difficulty) for q in paper.questions] == [
        ("1", 3.0, ("有理数运算",), "了解", 0.8),
        ("2", 3.0, ("整式加减",), "理解", 0.8),
        ("3", 4.0, ("一元一次方程",), "理解", 0.55),
        ("17(1)", 8.0, ("一次函数",), "掌握", 0.55),
        ("17(2)", 6.0, ("一次函数", "二元一次方程组"), "掌握", 0.3),
    ]


@pytest.mark.parametrize("which", ["two_way", "two_way_xlsx"])
def test_a_two_way_table_tags_each_question_with_its_rows_points(term, which: str) -> None:
    paper, problems = read_paper(getattr(term, which))
    assert problems == []
    assert [(q.label, q.knowledge_points, q.ability) for q in paper.questions] == [
        ("1", ("有理数运算",), "了解"),
        ("2", ("整式加减",), "了解"),
        ("9", ("整式加减",), "理解"),
        ("17(1)", ("一次函数",), "掌握"),
        ("17(2)", ("一次函数", "二元一次方程组"), "运用"),
    ]
    assert all(q.max_score is None for q in paper.questions)


def test_a_word_file_without_tables_says_so(tmp_path) -> None:
    path = script_module("make_term_exports").write_docx(tmp_path / "说明.docx", "只有文字", [])
    paper, problems = read_paper(path)
    assert paper is None and "holds no table" in problems[0].text.en


def test_word_merged_cells_stand_in_every_cell_they_span(tmp_path) -> None:
    rows = [
        ["知识内容", ("能力层级", 2, "")],
        ["", "了解", "理解"],
        [("一次函数", 1, "restart"), "1、2", ""],
        [("", 1, "continue"), "", "17(1)"],
    ]
    paper, problems = read_paper(script_module("make_term_exports").write_docx(tmp_path / "细目.docx", "标题", rows))
    assert problems == []
    assert [(q.label, q.knowledge_points, q.ability) for q in paper.questions] == [
        ("1", ("一次函数",), "了解"),
        ("2", ("一次函数",), "了解"),
        ("17(1)", ("一次函数",), "理解"),
    ]


def test_a_word_paper_tags_an_imported_gradebook(term) -> None:
    paper, _ = read_paper(term.midterm_paper)
    tagged = apply_paper(read_gradebook(term.midterm), paper)
    assert tagged.errors == []
    assert [i.knowledge_points for i in tagged.items][3] == ("一次函数",)


# --- 6. a names-only 登分表 ---------------------------------------------------------------------------------------


def test_a_names_only_sheet_is_read_by_name_with_ids_made_from_the_name(term) -> None:
    layout = detect_layout(term.names_only)
    assert (layout.header_row, layout.max_score_row, layout.ids_from_names) == (2, 3, True)
    book = read_gradebook(term.names_only)
    assert book.errors == [] and book.ids_from_names
    script = script_module("make_term_exports")
    assert [(s.student_id, s.name) for s in book.students] == [(f"名:{name}", name) for _, name in script.STUDENTS]
    assert [i.max_score for i in book.items] == [2.0, 2.0, 3.0, 3.0, 5.0]
    assert "平均分" not in {s.name for s in book.students} and len(book.students) == 8
    (said,) = [p for p in book.warnings if "no student numbers" in p.text.en]
    assert (said.row, said.column) == (
        2,
        "姓名",
    ) and "its 8 students are matched to the class's by name" in said.text.en
    again = read_gradebook(term.names_only)
    assert [s.student_id for s in again.students] == [s.student_id for s in book.students]  # stable


def test_the_teacher_can_choose_no_id_column(tmp_path) -> None:
    rows = [["考号", "姓名", "1", "2"], ["9001", "甲", "1", "0"], ["9002", "乙", "0", "1"]]
    path = write_xlsx(tmp_path / "a.xlsx", {"成绩": rows})
    book = read_gradebook(path, options=ImportOptions(ids_from_names=True))
    assert [s.student_id for s in book.students] == ["名:甲", "名:乙"] and book.ids_from_names


# --- 7. ids as Excel shows them ---------------------------------------------------------------------------------


def test_a_number_formatted_0000000_keeps_its_leading_zero(term) -> None:
    book = read_gradebook(term.midterm)
    assert [s.student_id for s in book.students][:2] == ["0803001", "0803002"]
    lost = read_gradebook(term.second)  # plain numbers: Excel shows 803001 too
    assert [s.student_id for s in lost.students][:2] == ["803001", "803002"]
    old_excel = read_gradebook(ROOT / "tests" / "data" / "padded_ids.xls")  # the same format in an .xls
    assert [s.student_id for s in old_excel.students] == ["0803001", "0803002"]


# --- 8. not a gradebook -----------------------------------------------------------------------------------------


def test_a_file_of_subject_totals_is_refused_asking_for_per_question_scores(term) -> None:
    book = read_gradebook(term.totals)
    (error,) = book.errors
    assert "subject totals (语文, 数学, 英语, 物理, 道德与法治, 历史)" in error.text.en and "小题分" in error.text.en
    assert "知点需要每道小题的得分" in error.text.zh


# --- 9 and 10. dates and names from the file ---------------------------------------------------------------------


def test_the_exam_date_comes_from_a_exam_time_cell_not_from_the_export_time(term) -> None:
    layout = detect_layout(term.midterm)
    assert (layout.assessment, layout.date) == ("期中考试", dt.date(2026, 11, 12))


@pytest.mark.parametrize(
    ("title", "file", "name", "date"),
    [
        ("小题分", "八年级1班_第二次月考_小题分.xlsx", "第二次月考", None),
        ("登分表", "期末考试_登分表.xlsx", "期末考试", None),
        ("八年级期中考试 导出时间：2026-11-21 16:32", "导出.xlsx", "八年级期中考试", None),
        (
            "【八年级第一次月考】小题得分明细 考试时间：2026年10月9日",
            "a.xlsx",
            "八年级第一次月考",
            dt.date(2026, 10, 9),
        ),
    ],
)
def test_generic_titles_and_export_times_do_not_name_or_date_the_exam(tmp_path, title, file, name, date) -> None:
    path = write_xlsx(tmp_path / file, {"成绩": [[title], ["学号", "1", "2"], ["1", "1", "0"]]})
    layout = detect_layout(path)
    assert (layout.assessment, layout.date) == (name, date)


# --- 11. sizes ---------------------------------------------------------------------------------------------------


def test_a_grade_of_2000_by_100_in_long_format_is_read_whole_its_header_not_counted_against_it(tmp_path) -> None:
    path = tmp_path / "grade.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("student_id,class,item_id,score,max_score\n")
        for s in range(2000):
            handle.write("".join(f"2024{s:04d},{s // 50 + 1}班,Q{i + 1},{(s + i) % 3},2\n" for i in range(100)))
    book = read_gradebook(path)
    assert book.errors == []
    assert (len(book.students), len(book.items), len(book.scores)) == (2000, 100, 200_000)
    assert len(book.class_names) == 40 and book.scores.score.sum() == sum(
        (s + i) % 3 for s in range(2000) for i in range(100)
    )
