"""The importer reports every problem of a gradebook, located as the teacher finds it in Excel, in both languages."""

from pathlib import Path

import pytest
from import_helpers import write_csv, write_xlsx

from app.core.problems import GradebookError, Severity
from app.importer import ImportOptions, read_gradebook
from app.importer.problem_log import CAP_PER_RULE


def located(problems) -> list[tuple[str, int | None, str | None, str]]:
    """(severity, row, column, English text) of each problem, in order."""
    return [(str(p.severity), p.row, p.column, p.text.en) for p in problems]


def test_score_above_max_reads_like_excel_in_both_languages(tmp_path: Path) -> None:
    header = ["学号", "姓名", "第1题", "第2题", "第3题", "第4题", "第5题"]
    students = [[f"2024{i:03d}", f"学生{i}", 1, 1, 1, 1, 2] for i in range(3, 20)]
    students[-1][-1] = 9  # Excel row 19
    path = write_xlsx(tmp_path / "成绩.xlsx", {"Sheet1": [header, ["满分", None, 1, 1, 1, 1, 4], *students]})
    (problem,) = read_gradebook(path).errors
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("成绩.xlsx", "Sheet1", 19, "第5题")
    assert problem.describe("zh") == "错误: 成绩.xlsx 工作表“Sheet1” 第19行 列“第5题”: 9 > 满分 4"
    assert problem.describe("en") == "error: 成绩.xlsx, sheet 'Sheet1', row 19, column '第5题': 9 > max score 4"


def test_every_problem_of_a_wide_sheet_is_collected_at_once(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "Q1", "Q2", "总分"],
        ["满分", "", "5", "2", ""],
        ["知识点", "", "分数", "", ""],
        ["001", "甲", "abx", "1", ""],  # not letters A-H: abc would be choice letters
        ["002", "乙", "-1", "3", ""],
        ["", "丙", "4", "", ""],
        ["001", "丁", "5", "2", ""],
        ["", "", "", "", "本表由系统导出"],  # no student, no scores: not a problem
    ]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.problems) == [
        ("error", 7, "学号", "student id 001 repeats row 4"),
        ("error", 6, "学号", "this row has scores but no student id"),
        ("error", 4, "Q1", "score 'abx' is not a number"),
        ("error", 5, "Q1", "score -1 is negative"),
        ("warning", 3, "Q2", "this question has no knowledge points"),
        ("error", 5, "Q2", "3 > max score 2"),
    ]
    assert all(p.sheet is None and p.file == "a.csv" for p in book.problems)
    assert book.problems[0].text.zh == "学号 001 重复，第4行已有"
    assert book.problems[2].text.zh == "得分“abx”不是数字"
    assert book.problems[4].severity is Severity.WARNING and book.problems[4].text.zh == "这道题没有知识点"
    assert [s.student_id for s in book.students] == ["001", "002"]
    assert book.scores.groupby("student_id").size().to_dict() == {"001": 2, "002": 2}  # the repeat is left out


def test_every_problem_of_a_long_sheet_is_collected_at_once(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "考试", "日期", "题号", "得分", "满分", "知识点"],
        ["1", "张三", "期中", "2024-11-10", "Q1", "1", "2", "a;b"],
        ["1", "张三", "期中", "2024-11-10", "Q1", "2", "2", "a;b"],
        ["1", "张珊", "期中", "2024-11-11", "Q2", "1", "2.0", "c"],
        ["2", "李四", "期中", "明天", "Q2", "1", "3", "c、d"],
        ["2", "李四", "期中", "2024-11-10", "", "1", "2", ""],
        ["2", "李四", "期中", "2024-11-10", "Q3", "1", "", "b， a"],
    ]
    book = read_gradebook(write_csv(tmp_path / "long.csv", rows))
    assert located(book.problems) == [
        ("error", 6, "题号", "this row has a score but no question id"),
        ("error", 3, "得分", "student 1, question 'Q1' of '期中' repeats row 2"),
        ("warning", 4, "姓名", "student 1 is named '张珊' here but '张三' on row 2"),
        ("error", 5, "满分", "max score 3 of 'Q2' differs from 2.0 on row 4"),
        ("error", 5, "知识点", "knowledge points 'c、d' of 'Q2' differ from 'c' on row 4"),
        ("error", 5, "日期", "'明天' is not a date (write it like 2024-03-15)"),
        ("error", 4, "日期", "date 2024-11-11 of '期中' differs from 2024-11-10 on row 2"),
    ]
    assert book.problems[2].text.zh == "学号 1 在这里叫“张珊”，第2行叫“张三”"
    assert book.problems[3].text.zh == "“Q2”的满分 3 与第4行的 2.0 不一致"
    assert [(i.item_id, i.max_score, i.knowledge_points) for i in book.items] == [
        ("Q1", 2.0, ("a", "b")),
        ("Q2", 2.0, ("c",)),
        ("Q3", 1.0, ("b", "a")),
    ]


@pytest.mark.parametrize(
    ("cell", "en", "zh"),
    [
        ("满", "max score '满' is not a number", "满分“满”不是数字"),
        ("0", "max score 0 must be greater than 0", "满分 0 必须大于 0"),
        ("-2", "max score -2 must be greater than 0", "满分 -2 必须大于 0"),
    ],
)
def test_bad_max_score_in_the_max_score_row(tmp_path: Path, cell: str, en: str, zh: str) -> None:
    rows = [["学号", "Q1", "Q2"], ["满分", cell, "1"], ["1", "1", "1"]]
    (problem,) = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"成绩": rows})).errors
    assert (problem.sheet, problem.row, problem.column, problem.text.en, problem.text.zh) == ("成绩", 2, "Q1", en, zh)


def test_unknown_max_score_is_the_highest_score_with_a_warning_unless_the_question_is_right_or_wrong(
    tmp_path: Path,
) -> None:
    rows = [["学号", "选择1", "解答2", "解答3"], ["1", "1", "3", "缺考"], ["2", "0", "2.5", "6"]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert book.errors == []
    hint = "please check (add a 满分 row under the header, or a paper)"
    assert located(book.warnings)[1:] == [
        ("warning", 1, "解答2", f"max score not given; the highest score, 3, is used for now: {hint}"),
        ("warning", 1, "解答3", f"max score not given; the highest score, 6, is used for now: {hint}"),
    ]
    assert book.warnings[1].text.zh.startswith("满分未给出，暂按最高分 3 计；请核对")
    assert [(i.max_score, i.max_guessed) for i in book.items] == [(1.0, False), (3.0, True), (6.0, True)]


def test_questions_without_knowledge_points_are_warnings(tmp_path: Path) -> None:
    rows = [["学号", "Q1", "Q2", "Q3"], ["知识点", "分数", "", " ；"], ["满分", 1, 1, 1], ["1", 1, 0, 1]]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert book.errors == []
    assert located(book.warnings) == [
        ("warning", 2, "Q2", "this question has no knowledge points"),
        ("warning", 2, "Q3", "this question has no knowledge points"),
    ]


def test_item_sheet_mismatches(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            "成绩": [["学号", "Q1", "Q2", "Q3"], ["1", 1, 1, 1]],
            "题目": [
                ["题号", "满分", "知识点"],
                ["Q1", 1, "a"],
                ["Q9", 1, "b"],
                ["Q2", 1, "c"],
                ["Q2", 2, "c"],
            ],
        },
    )
    book = read_gradebook(path)
    assert [(p.severity, p.sheet, p.row, p.column, p.text.en) for p in book.problems] == [
        ("error", "题目", 5, "题号", "question 'Q2' repeats row 4"),
        (
            "warning",  # an error before the item sheet became a paper: the gradebook's own metadata now stands
            "成绩",
            1,
            "Q3",
            "question 'Q3' is not in the paper (双向细目表): its max score and knowledge points come from the gradebook",
        ),
        ("warning", "题目", 3, "题号", "question 'Q9' of the paper has no scores in the gradebook"),
        ("warning", "成绩", 1, "Q3", "this question has no knowledge points"),
    ]
    assert book.problems[1].text.zh == "题目“Q3”不在双向细目表中：满分和知识点按成绩表本身"


def test_item_sheet_bad_max_score_is_located_in_the_item_sheet(tmp_path: Path) -> None:
    gradebook = write_csv(tmp_path / "成绩.csv", [["学号", "Q1"], ["1", "1"]])
    items = write_xlsx(tmp_path / "题目.xlsx", {"Sheet1": [["说明"], ["题号", "满分", "知识点"], ["Q1", "x", "a"]]})
    (problem,) = read_gradebook(gradebook, items).errors
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("题目.xlsx", "Sheet1", 3, "满分")
    assert problem.text.en == "max score 'x' is not a number"


def test_item_sheet_of_another_assessment(tmp_path: Path) -> None:
    gradebook = write_csv(tmp_path / "期中.csv", [["学号", "Q1"], ["1", "1"]])
    items = write_csv(tmp_path / "items.csv", [["考试", "题号", "满分"], ["期末", "Q1", "1"]])
    problems = read_gradebook(gradebook, items).errors
    assert located(problems) == [("error", None, None, "the paper is of 期末, not '期中'")]
    assert problems[0].file == "items.csv"
    fixed = read_gradebook(gradebook, items, ImportOptions(assessment="期末"))
    assert fixed.errors == []


@pytest.mark.parametrize(
    ("rows", "options", "expected"),
    [
        ([["题号", "得分"], ["Q1", "1"]], None, ["no student id column (a header such as 学号, 考号 or student_id)"]),
        ([["序号", "Q1"], ["1", "1"]], None, ["no student id column (a header such as 学号, 考号 or student_id)"]),
        (
            [["姓名", "编码", "Q1"], ["甲", "7", "1"]],
            None,
            ["no student id column (a header such as 学号, 考号 or student_id)"],
        ),
        (
            [["学号", "姓名"], ["1", "甲"]],
            ImportOptions(layout="long"),
            [
                "no question column (a header such as 题号, 小题 or item_id)",
                "no score column (a header such as 得分, 分数 or score)",
            ],
        ),
        (
            [["学号", "姓名", "总分", "排名"], ["1", "甲", "90", "1"]],
            None,
            [
                "no question columns: every column other than student id, name, class, total, rank and the like is read as a question"
            ],
        ),
        ([["学号", "Q1"]], None, ["no student rows under the header"]),
        ([["学号", "题号", "得分"], ["", "", ""]], None, ["no student rows under the header"]),
    ],
)
def test_structure_problems_name_what_is_missing(tmp_path: Path, rows, options, expected) -> None:
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows), options=options)
    assert [(p.row, p.text.en) for p in book.errors] == [(1, text) for text in expected]


def test_repeated_question_column(tmp_path: Path) -> None:
    book = read_gradebook(write_csv(tmp_path / "a.csv", [["学号", "Q1", "Q2", "Q1"], ["1", "1", "0", "1"]]))
    assert located(book.errors) == [("error", 1, "D", "question 'Q1' repeats column B; this column is ignored")]
    assert [i.item_id for i in book.items] == ["Q1", "Q2"]


def test_problems_past_the_cap_fold_into_one(tmp_path: Path) -> None:
    rows = [["学号", "Q1", "Q2"]] + [[str(i), "x", "y"] for i in range(150)]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    non_numeric = [p for p in book.errors if "not a number" in p.text.en]
    assert len(non_numeric) == CAP_PER_RULE + 1
    assert (non_numeric[0].row, non_numeric[0].column) == (2, "Q1")
    assert (non_numeric[1].row, non_numeric[1].column) == (2, "Q2")
    last = non_numeric[-1]
    assert (last.row, last.column) == (None, None)
    assert last.text.en == "... and 100 more like this: score is not a number"
    assert last.text.zh == "……另有 100 处同类问题：得分不是数字"


def unreadable(path: Path, options: ImportOptions | None = None) -> tuple[str, int | None, str]:
    """(file, row, English text) of the one problem of the GradebookError reading `path` raises."""
    with pytest.raises(GradebookError) as raised:
        read_gradebook(path, options=options)
    (problem,) = raised.value.problems
    assert problem.severity is Severity.ERROR and problem.text.zh
    return problem.file, problem.row, problem.text.en


def test_files_that_cannot_be_read_at_all(tmp_path: Path) -> None:
    corrupt = b"\x8b\x01\xff\xfe\x00\x93garbage" * 50
    (tmp_path / "random.xlsx").write_bytes(corrupt)
    (tmp_path / "random.xls").write_bytes(corrupt)
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04" + corrupt)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + corrupt)  # a 双向细目表 saved from Word, damaged
    (tmp_path / "binary.csv").write_bytes(corrupt)
    (tmp_path / "zero.csv").write_bytes(b"")
    (tmp_path / "bom.csv").write_bytes("\ufeff\r\n \r\n".encode("utf-8"))
    (tmp_path / "notes.txt").write_text("学号,Q1\n1,1\n", encoding="utf-8")
    write_xlsx(tmp_path / "blank.xlsx", {"Sheet1": [], "Sheet2": [[None, None]]})
    damaged = "cannot open the workbook: the file is damaged or not an Excel file"
    assert unreadable(tmp_path / "random.xlsx") == ("random.xlsx", None, damaged)
    assert unreadable(tmp_path / "random.xls") == ("random.xls", None, damaged)
    assert unreadable(tmp_path / "broken.xlsx") == ("broken.xlsx", None, damaged)
    assert unreadable(tmp_path / "broken.docx") == (
        "broken.docx",
        None,
        "cannot open the document: the file is damaged or not a Word file",
    )
    assert unreadable(tmp_path / "binary.csv") == (
        "binary.csv",
        None,
        "cannot read the text of the file (UTF-8 and GBK/GB18030 are supported)",
    )
    assert unreadable(tmp_path / "zero.csv") == ("zero.csv", None, "the file is empty")
    assert unreadable(tmp_path / "bom.csv") == ("bom.csv", None, "the file is empty")
    assert unreadable(tmp_path / "blank.xlsx") == ("blank.xlsx", None, "the file is empty")
    assert unreadable(tmp_path / "notes.txt") == (
        "notes.txt",
        None,
        "unsupported file type '.txt': use .xlsx, .xls, .csv or .docx (papers)",
    )
    assert unreadable(tmp_path / "absent.csv") == ("absent.csv", None, "file not found")


def test_options_naming_what_the_file_lacks(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {"成绩": [["学号", "Q1"], ["1", 1]], "空": []})
    assert unreadable(path, ImportOptions(sheet="期末")) == (
        "a.xlsx",
        None,
        "there is no sheet '期末' (sheets: 成绩, 空)",
    )
    assert unreadable(path, ImportOptions(sheet="空"))[2] == "the sheet is empty"
    assert unreadable(path, ImportOptions(student_id_column="考号")) == (
        "a.xlsx",
        1,
        "there is no column '考号' in the header",
    )
    assert unreadable(path, ImportOptions(header_row=5)) == (
        "a.xlsx",
        5,
        "row 5 is outside the data of the sheet (2 rows)",
    )
    assert unreadable(path, ImportOptions(max_score_row=1)) == (
        "a.xlsx",
        1,
        "row 1 is outside the data of the sheet (2 rows)",
    )
