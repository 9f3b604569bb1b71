"""Papers (双向细目表): read from any table describing questions, applied to a read gradebook, written back."""

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest
from import_helpers import write_csv, write_xlsx
from openpyxl import load_workbook
from test_import_exam_exports import located, points

from app.core.paper import Paper, PaperQuestion, QuestionKind
from app.export.paper import write_paper_xlsx
from app.importer import ImportOptions, ItemSource, detect_layout, read_gradebook
from app.importer.paper import apply_paper, paper_of, read_paper

HEADER = ["题号", "题型", "分值", "考查知识点", "答案", "能力要求", "预估难度"]


def test_the_generated_paper_reads_with_its_title_and_without_its_total_row(exports) -> None:
    paper, problems = read_paper(exports.paper)
    assert problems == []
    assert (paper.name, paper.subject, paper.source) == ("2026年11月八年级期中考试", "数学", exports.paper.name)
    assert len(paper.questions) == 20  # the 合计 row is not a question
    assert paper.questions[0] == PaperQuestion("1", 3.0, ("有理数运算",), QuestionKind.SINGLE, "B", "理解", 0.85)
    assert paper.questions[8] == PaperQuestion(
        "9", 4.0, ("勾股定理", "全等三角形"), QuestionKind.MULTIPLE, "ACD", "掌握", 0.5
    )
    assert paper.questions[-1] == PaperQuestion(
        "18(2)", 7.0, ("全等三角形", "勾股定理"), QuestionKind.OTHER, None, "综合", 0.35
    )
    assert paper.question("第18题②") is paper.questions[-1]


@pytest.mark.parametrize(
    ("kind", "key", "expected"),
    [
        ("单选题", "B", QuestionKind.SINGLE),
        ("单项选择题", "B", QuestionKind.SINGLE),
        ("多选题", "AC", QuestionKind.MULTIPLE),
        ("多项选择", "AC", QuestionKind.MULTIPLE),
        ("不定项选择", "A", QuestionKind.MULTIPLE),
        ("选择题", "AC", QuestionKind.MULTIPLE),
        ("选择题", "C", QuestionKind.SINGLE),
        ("", "C", QuestionKind.SINGLE),
        ("", "BD", QuestionKind.MULTIPLE),
        ("填空题", "", QuestionKind.OTHER),
        ("解答题", "", QuestionKind.OTHER),
        ("", "", QuestionKind.OTHER),
    ],
)
def test_question_types(tmp_path: Path, kind: str, key: str, expected: QuestionKind) -> None:
    paper, problems = read_paper(write_csv(tmp_path / "p.csv", [HEADER, ["1", kind, "3", "a", key, "", ""]]))
    assert problems == []
    assert (paper.questions[0].kind, paper.questions[0].answer_key) == (expected, key or None)


def test_every_bad_cell_is_located(tmp_path: Path) -> None:
    rows = [
        ["八年级期末考试 双向细目表"],
        ["说明：分值为每小题满分"],
        HEADER,
        ["第1题", "单选题", "三", "方程", "A", "理解", "65%"],
        ["2", "填空题", "0", "函数", "", "", "0.7"],
        ["1", "单选题", "3", "方程", "A", "", ""],  # 第1题 again
        ["3", "解答题", "8", "不等式", "", "", "偏难"],
        ["4", "解答题", "10", "", "", "", "55"],
    ]
    paper, problems = read_paper(write_xlsx(tmp_path / "期末_双向细目表.xlsx", {"细目": rows}))
    assert located(problems) == [
        ("error", "细目", 4, "分值", "max score '三' is not a number"),
        ("error", "细目", 5, "分值", "max score 0 must be greater than 0"),
        ("error", "细目", 6, "题号", "question '1' repeats row 4"),
        (
            "warning",
            "细目",
            7,
            "预估难度",
            "difficulty '偏难' is not a number between 0 and 1 or a percentage (like 0.65 or 65%)",
        ),
    ]
    assert paper.name == "八年级期末考试"
    assert [(q.label, q.max_score, q.difficulty) for q in paper.questions] == [
        ("第1题", None, 0.65),
        ("2", None, 0.7),
        ("3", 8.0, None),
        ("4", 10.0, 0.55),
    ]


def test_english_headers_gbk_csv_and_a_name_from_the_file(tmp_path: Path) -> None:
    rows = [
        ["Question", "Type", "Points", "Knowledge points", "Answer"],
        ["Q1", "single choice", "2", "fractions", "b"],
    ]
    paper, problems = read_paper(write_csv(tmp_path / "期中考试_双向细目表.csv", rows, "gbk"))
    assert problems == []
    assert paper.name == "期中考试"
    assert paper.questions == (PaperQuestion("Q1", 2.0, ("fractions",), QuestionKind.SINGLE, "B"),)


def test_files_that_are_not_papers(tmp_path: Path) -> None:
    gradebook = write_csv(tmp_path / "成绩.csv", [["学号", "题号", "满分"], ["1", "Q1", "2"]])
    paper, problems = read_paper(gradebook)
    assert paper is None
    assert located(problems) == [
        (
            "error",
            None,
            1,
            None,
            "no paper header found: a 题号 (question) column and at least one of 分值 (points), 知识点 (knowledge "
            "points), 题型 (type) or 答案 (answer key)",
        )
    ]
    assert read_paper(tmp_path / "absent.xlsx")[1][0].text.en == "file not found"
    several = write_csv(tmp_path / "p.csv", [["考试", "题号", "满分"], ["期中", "1", "2"], ["期末", "1", "2"]])
    assert located(read_paper(several)[1]) == [
        ("error", None, 3, "题号", "question '1' repeats row 2"),
        (
            "error",
            None,
            1,
            "考试",
            "the paper's exam column names several exams (期中, 期末): a paper is one exam's questions; split it",
        ),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_written_paper_reads_back_equal(tmp_path: Path, exports, lang: str) -> None:
    paper = dataclasses.replace(read_paper(exports.paper)[0], source="")
    extra = PaperQuestion("19", 2.5, (), QuestionKind.OTHER, "AB", None, None)  # a letter key, scored as written
    paper = dataclasses.replace(paper, questions=(*paper.questions, extra))
    path = write_paper_xlsx(paper, tmp_path / f"细目表_{lang}.xlsx", lang)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "双向细目表"
    if lang == "zh":
        assert [c.value for c in sheet[2]] == HEADER
        assert sheet["A1"].value == "【2026年11月八年级期中考试】数学双向细目表"
    again, problems = read_paper(path)
    assert problems == []
    assert again == dataclasses.replace(paper, source=path.name)


def test_written_paper_cannot_run_formulas(tmp_path: Path) -> None:
    paper = Paper("=cmd", (PaperQuestion("1", 2.0, ("=HYPERLINK(1)",), ability="+1"),))
    path = write_paper_xlsx(paper, tmp_path / "p.xlsx")
    sheet = load_workbook(path).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'=HYPERLINK(1)" in values and "'+1" in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_apply_paper_gives_what_reading_with_the_paper_gives(exports) -> None:
    with_file = read_gradebook(exports.zhixue, exports.paper)
    paper, _ = read_paper(exports.paper)
    applied = apply_paper(read_gradebook(exports.zhixue), paper)
    assert applied.items == with_file.items
    pd.testing.assert_frame_equal(applied.scores, with_file.scores)
    assert applied.problems == with_file.problems  # the guesses and unscored letters are gone with their warnings
    stored = read_gradebook(exports.zhixue, options=ImportOptions(paper=paper))
    assert stored.items == with_file.items
    pd.testing.assert_frame_equal(stored.scores, with_file.scores)
    part = apply_paper(read_gradebook(exports.zhixue).for_class("八年级3班"), paper)
    assert part.items == with_file.items and len(part.students) == 29


def test_apply_paper_reports_what_the_paper_lacks_and_scores_above_its_max(tmp_path: Path) -> None:
    rows = [["学号", "1", "2", "3"], ["s1", "A", 5, 1], ["s2", "B", 3, "x"]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    paper = Paper(
        "月考",
        (
            PaperQuestion("第1题", 3.0, ("方程",), answer_key="A"),
            PaperQuestion("第2题", 4.0, ("函数",)),
            PaperQuestion("4", 2.0, ("统计",)),
        ),
        source="月考_双向细目表.xlsx",
    )
    applied = apply_paper(book, paper)
    assert [(i.item_id, i.max_score, i.max_guessed, i.kind, i.answer_key) for i in applied.items] == [
        ("1", 3.0, False, "single", "A"),
        ("2", 4.0, False, "", None),
        ("3", 1.0, False, "", None),  # not in the paper: scored 0/1, worth 1
    ]
    scores = points(applied)
    assert math.isnan(scores.pop(("s2", "3")))
    assert scores == {("s1", "1"): 3.0, ("s2", "1"): 0.0, ("s1", "2"): 5.0, ("s2", "2"): 3.0, ("s1", "3"): 1.0}
    assert [(p.severity, p.file, p.row, p.column, p.text.en) for p in applied.problems] == [
        ("error", "a.csv", 3, "3", "score 'x' is not a number"),  # the file's own problem, as read, stays
        (
            "warning",
            "a.csv",
            None,
            "3",
            "question '3' is not in the paper (双向细目表): its max score and knowledge points come from the gradebook",
        ),
        ("warning", "月考_双向细目表.xlsx", None, None, "question '4' of the paper has no scores in the gradebook"),
        ("warning", "a.csv", None, "3", "this question has no knowledge points"),
        ("error", "a.csv", None, "2", "student s1: 5 > max score 4"),
    ]


def test_a_stored_paper_wins_where_it_says_something(tmp_path: Path) -> None:
    rows = [["学号", "1", "2"], ["满分", 3, 5], ["知识点", "方程", "函数"], ["s1", "a", 4]]
    path = write_xlsx(tmp_path / "a.xlsx", {"S": rows})
    paper = Paper("x", (PaperQuestion("1", None, (), QuestionKind.OTHER, "A"), PaperQuestion("2", 6.0, ("图像",))))
    book = read_gradebook(path, options=ImportOptions(paper=paper))
    assert book.errors == []
    assert [(i.max_score, i.knowledge_points, i.answer_key) for i in book.items] == [
        (3.0, ("方程",), "A"),  # max score and knowledge points from the sheet, the key from the paper
        (6.0, ("图像",), None),
    ]
    assert points(book) == {("s1", "1"): 3.0, ("s1", "2"): 4.0}


def test_an_item_sheet_is_a_paper(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "单元测验.xlsx",
        {
            "成绩": [["学号", "1", "2", "3"], ["s1", "ac", "b", 4], ["s2", "A", "B", 2]],
            "细目表": [
                ["单元测验 双向细目表"],
                HEADER,
                ["1", "多选题", 4, "方程", "AC", "", ""],
                ["2", "单选题", 2, "函数", "B", "", ""],
                ["3", "解答题", 6, "几何", "", "", ""],
            ],
        },
    )
    layout = detect_layout(path)
    assert (layout.item_source, layout.item_sheet, layout.item_header_row) == (ItemSource.ITEM_SHEET, "细目表", 2)
    book = read_gradebook(path)
    assert book.problems == []
    assert points(book) == {
        ("s1", "1"): 4.0,
        ("s2", "1"): 2.0,
        ("s1", "2"): 2.0,
        ("s2", "2"): 2.0,
        ("s1", "3"): 4.0,
        ("s2", "3"): 2.0,
    }


def test_paper_of_prefills_tagging_from_the_file(exports) -> None:
    book = read_gradebook(exports.qitian)
    paper = paper_of(book, "单元测验")
    assert (paper.name, paper.source, len(paper.questions)) == ("单元测验", exports.qitian.name, 18)
    assert paper.questions[0] == PaperQuestion("1", 1.0, (), QuestionKind.SINGLE, "A")  # the guessed max, as given
    assert paper.questions[-1] == PaperQuestion("17(2)", 7.0, ())
    untouched = read_gradebook(write_csv(Path(exports.qitian.parent) / "x.csv", [["学号", "Q1"], ["1", ""]]))
    assert paper_of(untouched, "x").questions[0].max_score is None
    assert math.isnan(untouched.items[0].max_score)


def test_a_paper_file_without_a_paper_header_is_a_located_error(tmp_path: Path) -> None:
    gradebook = write_csv(tmp_path / "成绩.csv", [["学号", "Q1"], ["1", "1"]])
    notes = write_xlsx(tmp_path / "说明.xlsx", {"说明": [["本卷共 20 题"], ["满分 100 分"]]})
    book = read_gradebook(gradebook, notes)
    assert [(p.file, p.sheet, p.row, p.text.en[:24]) for p in book.errors] == [
        ("说明.xlsx", "说明", 1, "no paper header found: a")
    ]
    assert book.items[0].max_score == 1.0  # the gradebook's own reading stands
