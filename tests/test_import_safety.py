"""Hostile and malformed files: each is refused with a location, or imported exactly as it says with a located
warning. One test (or a few) per class of the fuzzing report (issue 11)."""

import math
import os
import zipfile
from pathlib import Path

import pytest
from import_helpers import write_csv, write_xlsx
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.core.gradebook import GradebookStudent
from app.core.problems import GradebookError, Problem, Severity
from app.importer import messages, read_gradebook, read_paper
from app.importer.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_TEXT_CHARS
from app.importer.prerequisites import read_prerequisites
from app.importer.query import read_query
from app.importer.question_bank import read_question_bank

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")


def refusal(path: Path, reader=read_gradebook) -> Problem:
    """The one problem with which reading `path` is refused."""
    with pytest.raises(GradebookError) as raised:
        reader(path)
    (problem,) = raised.value.problems
    assert problem.severity is Severity.ERROR and problem.text.zh and problem.text.en
    return problem


def place(problem: Problem) -> tuple[str, str | None, int | None, str | None]:
    return problem.file, problem.sheet, problem.row, problem.column


def located(problems: list[Problem]) -> list[tuple[str, int | None, str | None, str]]:
    """(severity, row, column, English text) of each problem other than the note that no question has knowledge
    points (most files here have none)."""
    return [
        (str(p.severity), p.row, p.column, p.text.en) for p in problems if p.text != messages.NO_KNOWLEDGE_POINTS_AT_ALL
    ]


def scores_of(book) -> dict[tuple[str, str], float]:
    return {(r.student_id, r.item_id): r.score for r in book.scores.itertuples()}


def minimal_xlsx(path: Path, rows_xml: str, shared: list[str] | None = None, sheet: str = "成绩") -> Path:
    """An .xlsx written by hand: one sheet with `rows_xml` inside its sheetData, and shared strings if given."""
    rels = f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared is not None:
        rels += f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>')
        archive.writestr(
            "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'
        )
        if shared is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
    return path


def inline_row(row: int, *cells: str) -> str:
    """A row of inline text cells from column A."""
    return f'<row r="{row}">' + "".join(f'<c t="inlineStr"><is><t>{cell}</t></is></c>' for cell in cells) + "</row>"


HEADER_XML = (
    inline_row(1, "学号", "Q1")
    + '<row r="2"><c r="A2" t="inlineStr"><is><t>2024001</t></is></c><c r="B2"><v>1</v></c></row>'
)


# CSV quotes


def test_a_quote_that_never_closes_is_refused_at_the_row_where_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('学号,姓名,Q1\n2024001,张三,1\n2024002,"李四,0\n2024003,王五,1\n', encoding="utf-8")
    problem = refusal(path)
    assert place(problem) == ("a.csv", None, 3, "B")
    assert problem.text == messages.unclosed_quote(3)


def test_a_quote_swallowing_rows_until_a_later_quote_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('学号,姓名,Q1\n2024001,"张三,1\n2024002,李四",0\n2024003,王五,1\n', encoding="utf-8")
    problem = refusal(path)
    assert place(problem) == ("a.csv", None, 2, "B")
    assert problem.text == messages.swallowed_rows(2)


def test_a_quote_closing_a_cell_that_goes_on_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('学号,姓名,Q1\n2024001,"张"三,1\n', encoding="utf-8")
    problem = refusal(path)
    assert place(problem) == ("a.csv", None, 2, None)
    assert problem.text == messages.stray_quote(2)


def test_quotes_inside_a_cell_and_quoted_line_breaks_are_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('学号,姓名,Q1\n2024001,张"三,1\n2024002,"李\n四",0\n2024003,"王五",1\n', encoding="utf-8")
    book = read_gradebook(path)
    assert book.students == [
        GradebookStudent("2024001", '张"三'),
        GradebookStudent("2024002", "李\n四"),
        GradebookStudent("2024003", "王五"),
    ]
    assert located(book.problems) == [("warning", 3, "姓名", messages.line_break_in_cell(2).en)]


# Memory and size bounds


def test_a_value_at_xfd1048576_is_refused_where_it_is(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["学号", "Q1"])
    book.active.append(["2024001", 1])
    book.active["XFD1048576"] = 1
    book.save(tmp_path / "a.xlsx")
    problem = refusal(tmp_path / "a.xlsx")
    assert place(problem) == ("a.xlsx", "Sheet", 1048576, "XFD")
    assert problem.text == messages.too_large("XFD", 1048576)
    assert (
        problem.text.en
        == "the table goes to column XFD, row 1,048,576: Zhidian reads at most 2,000,000 rows × 2,000 columns"
    )


def test_a_formatted_empty_cell_at_xfd1048576_costs_nothing(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["学号", "Q1"])
    book.active.append(["2024001", 1])
    book.active["XFD1048576"].font = Font(bold=True)
    book.save(tmp_path / "a.xlsx")
    parsed = read_gradebook(tmp_path / "a.xlsx")
    assert located(parsed.problems) == []
    assert scores_of(parsed) == {("2024001", "Q1"): 1.0}


def test_a_cell_past_excels_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    long = "x" * (MAX_CELL_CHARS + 1)
    inline = minimal_xlsx(tmp_path / "inline.xlsx", HEADER_XML + inline_row(3, "2024002", long))
    shared = minimal_xlsx(
        tmp_path / "shared.xlsx", HEADER_XML + '<row r="3"><c r="B3" t="s"><v>1</v></c></row>', ["ok", long]
    )
    path = write_csv(tmp_path / "a.csv", [["学号", "Q1"], ["2024001", "1"], ["2024002", long]])
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(f'学号,Q1\n2024001,1\n"2024002","{long}"\n', encoding="utf-8")
    assert place(refusal(inline)) == ("inline.xlsx", "成绩", 3, "B")
    assert place(refusal(shared)) == ("shared.xlsx", "成绩", 3, "B")
    assert place(refusal(path)) == ("a.csv", None, 3, "B")
    assert place(refusal(quoted)) == ("quoted.csv", None, 3, "B")
    assert {refusal(p).text for p in (inline, shared, path, quoted)} == {messages.CELL_TOO_LONG}


def test_a_cell_as_long_as_excel_allows_is_read(tmp_path: Path) -> None:
    full = "甲" * MAX_CELL_CHARS
    path = minimal_xlsx(tmp_path / "a.xlsx", inline_row(1, "学号", "姓名", "Q1") + inline_row(2, "2024001", full, "1"))
    (problem,) = read_gradebook(path).errors  # the name is far too long for a name, but the file is read
    assert (problem.row, problem.column, problem.text) == (
        2,
        "姓名",
        messages.too_long(messages.STUDENT_NAME, 32767, 64),
    )


def test_rows_columns_and_cells_past_the_limits_are_refused_before_they_are_read(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_bytes("学号,Q1\n".encode() + b"1,1\n" * MAX_ROWS)
    columns = tmp_path / "columns.csv"
    columns.write_text("学号" + ",Q" * MAX_COLUMNS + "\n", encoding="utf-8")
    cells = tmp_path / "cells.csv"
    width = MAX_CELLS // MAX_ROWS * 2
    cells.write_text(("1," * (width - 1) + "1\n") * (MAX_ROWS // 2 + 1), encoding="utf-8")
    assert (place(refusal(rows)), refusal(rows).text) == (
        ("rows.csv", None, MAX_ROWS + 1, "B"),
        messages.too_large("B", MAX_ROWS + 1),
    )
    assert (place(refusal(columns)), refusal(columns).text) == (
        ("columns.csv", None, 1, "BXY"),
        messages.too_large("BXY", 1),
    )
    total = width * (MAX_ROWS // 2 + 1)
    last = get_column_letter(width)
    assert (place(refusal(cells)), refusal(cells).text) == (
        ("cells.csv", None, MAX_ROWS // 2 + 1, last),
        messages.too_many_cells(last, MAX_ROWS // 2 + 1, total),
    )


@pytest.mark.slow
def test_files_too_big_and_text_past_the_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    wordy = tmp_path / "wordy.csv"
    cell = "x" * (MAX_CELL_CHARS - 8)
    wordy.write_text(  # distinct texts: a text repeated is held once and costs nothing more
        "学号,备注\n" + "".join(f"{i},{i:07d}{cell}\n" for i in range(MAX_TEXT_CHARS // len(cell) + 1)),
        encoding="utf-8",
    )
    assert (place(refusal(big)), refusal(big).text) == (
        ("big.csv", None, None, None),
        messages.file_too_big(MAX_FILE_BYTES + 1),
    )
    assert (place(refusal(wordy)), refusal(wordy).text) == (("wordy.csv", None, None, None), messages.TOO_MUCH_TEXT)


def test_ids_names_and_labels_are_held_to_their_lengths(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "班级", "Q1", "Q" * 101],
        ["知识点", None, None, "点" * 101, "方程"],
        ["1" * 65, "甲", "一班", 1, 1],
        ["2024002", "乙" * 65, "二" * 65, 1, 1],
    ]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))
    assert located(book.errors) == [
        ("error", 3, "学号", messages.too_long(messages.STUDENT_ID, 65, 64).en),
        ("error", 4, "姓名", messages.too_long(messages.STUDENT_NAME, 65, 64).en),
        ("error", 4, "班级", messages.too_long(messages.CLASS_NAME, 65, 64).en),
        ("error", 2, "Q1", messages.too_long(messages.KNOWLEDGE_POINT, 101, 100).en),
        ("error", 1, "Q" * 101, messages.too_long(messages.QUESTION_LABEL, 101, 100).en),
    ]


# Non-finite and odd numbers


@pytest.mark.parametrize("text", ["inf", "Infinity", "-inf", "nan", "NaN", "1e999", "ｉｎｆ"])
def test_non_finite_max_scores_and_scores_are_refused(tmp_path: Path, text: str) -> None:
    rows = [["学号", "Q1", "Q2"], ["满分", text, "2"], ["2024001", "1", text]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.errors) == [
        ("error", 2, "Q1", messages.non_finite(messages.MAX_SCORE, text).en),
        ("error", 3, "Q2", messages.non_finite(messages.SCORE, text).en),
    ]
    assert "not a finite number" in book.errors[0].text.en and "不是有限的数" in book.errors[0].text.zh


def test_implausible_max_scores_and_scores_are_refused(tmp_path: Path) -> None:
    rows = [
        ["学号", "题号", "得分", "满分"],
        ["1", "Q1", "1", "1000.5"],
        ["1", "Q2", "1001", ""],
        ["1", "Q3", "1000", "1000"],
    ]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.errors) == [
        ("error", 2, "满分", messages.implausible_max("1000.5").en),
        ("error", 3, "得分", messages.implausible_score("1001").en),
    ]
    assert scores_of(book)[("1", "Q3")] == 1000.0


def test_numbers_with_underscores_are_not_numbers(tmp_path: Path) -> None:
    book = read_gradebook(write_csv(tmp_path / "a.csv", [["学号", "Q1"], ["满分", "1_0"], ["1", "1"]]))
    assert located(book.errors) == [("error", 2, "Q1", messages.bad_max("1_0").en)]


# Control characters and NULs


def test_a_csv_padded_with_nuls_after_a_crash_reads_its_students_only(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("学号,姓名,Q1\r\n2024001,张三,1\r\n2024002,李四,0\r\n".encode() + b"\x00" * 4096)
    book = read_gradebook(path)
    assert book.students == [GradebookStudent("2024001", "张三"), GradebookStudent("2024002", "李四")]
    assert located(book.problems) == [("warning", 4, "学号", messages.control_characters(1).en)]


def test_escape_codes_and_bells_are_removed_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("学号,姓名,Q1\n2024001,\x1b[31m张三\x1b[0m,1\n20240\x0702,李\x07四,0\n", encoding="utf-8")
    book = read_gradebook(path)
    assert book.students == [GradebookStudent("2024001", "张三"), GradebookStudent("2024002", "李四")]
    assert located(book.problems) == [("warning", 2, "姓名", messages.control_characters(3).en)]


def test_excels_escaped_control_characters_are_removed_too(tmp_path: Path) -> None:
    path = minimal_xlsx(
        tmp_path / "a.xlsx", inline_row(1, "学号", "姓名", "Q1") + inline_row(2, "2024001", "张_x0007_三", "1")
    )
    book = read_gradebook(path)
    assert book.students == [GradebookStudent("2024001", "张三")]
    assert located(book.problems) == [("warning", 2, "姓名", messages.control_characters(1).en)]


# Look-alike ids and names


def test_look_alike_ids_are_one_student(tmp_path: Path) -> None:
    rows = [
        ["学号", "姓名", "Q1"],
        ["２０２４００１", "张三", "1"],
        ["2024\u200b002", "李四\u200d", "0"],
        [" 2024003.0 ", "王五", "1"],
        ["2.024004E6", "赵六", "1"],
        ["2024001", "张三", "0"],
    ]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert [s.student_id for s in book.students] == ["2024001", "2024002", "2024003", "2024004"]
    assert book.students[1].name == "李四"
    assert located(book.problems) == [
        ("warning", 2, "学号", messages.id_normalised("２０２４００１", "2024001").en),
        ("warning", 3, "学号", messages.id_normalised("2024\u200b002", "2024002").en),
        ("warning", 4, "学号", messages.id_from_number("2024003.0", "2024003").en),
        ("warning", 5, "学号", messages.id_from_number("2.024004E6", "2024004").en),
        ("error", 6, "学号", messages.duplicate_student("2024001", 2).en),
    ]


def test_numeric_ids_past_15_digits_are_warned_once(tmp_path: Path) -> None:
    rows = [["学号", "Q1"], ["440106200801011234", "1"], ["440106200801011235", "1"], ["2024001", "1"]]
    book = read_gradebook(write_csv(tmp_path / "a.csv", rows))
    assert located(book.problems) == [("warning", 2, "学号", messages.long_numeric_ids(2, 18).en)]


# Hidden sheets


def hidden_workbook(path: Path, visible: list[list[object]]) -> Path:
    book = Workbook()
    source = book.active
    source.title = "数据源"
    for row in [["学号", "Q1"], ["9999999", 1]]:
        source.append(row)
    source.sheet_state = "hidden"
    shown = book.create_sheet("成绩")
    for row in visible:
        shown.append(row)
    book.save(path)
    return path


def test_the_visible_sheet_is_read_before_a_hidden_one_and_named(tmp_path: Path) -> None:
    book = read_gradebook(hidden_workbook(tmp_path / "a.xlsx", [["学号", "Q1"], ["2024001", 1]]))
    assert [s.student_id for s in book.students] == ["2024001"]
    assert [(p.sheet, p.text) for p in book.warnings][:1] == [
        ("成绩", messages.hidden_sheets_skipped("成绩", ["数据源"]))
    ]


def test_a_hidden_sheet_is_read_only_when_no_visible_one_is_a_gradebook(tmp_path: Path) -> None:
    book = read_gradebook(hidden_workbook(tmp_path / "a.xlsx", [["说明：请勿修改"]]))
    assert [s.student_id for s in book.students] == ["9999999"]
    assert [(p.sheet, p.text) for p in book.warnings][:1] == [("数据源", messages.hidden_sheet_used("数据源"))]


# Formula cells without a stored value


def test_formulas_without_a_saved_value_are_named(tmp_path: Path) -> None:
    rows = [["学号", "Q1", "Q2"], ["2024001", 1, "=1+1"], ["2024002", 0, "=B3*2"]]
    book = read_gradebook(write_xlsx(tmp_path / "a.xlsx", {"S": rows}))  # openpyxl saves formulas without values
    formulas = [p for p in book.warnings if p.text == messages.formulas_without_values(["C2", "C3"], 2)]
    assert [(p.row, p.column) for p in formulas] == [(2, "Q2")]
    assert math.isnan(scores_of(book)[("2024001", "Q2")])


# Blank first line, a question headed 分, merged knowledge points, short rows


def test_a_csv_whose_first_line_is_blank_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("\n学号,Q1\n2024001,1\n", encoding="utf-8")
    book = read_gradebook(path)
    assert (located(book.problems), scores_of(book)) == ([], {("2024001", "Q1"): 1.0})


def test_a_column_headed_only_fen_is_named_when_left_out(tmp_path: Path) -> None:
    book = read_gradebook(write_csv(tmp_path / "a.csv", [["学号", "Q1", "分"], ["2024001", "1", "3"]]))
    assert located(book.problems) == [("warning", 1, "分", messages.not_a_question("分").en)]
    assert [i.item_id for i in book.items] == ["Q1"]


def test_a_merged_knowledge_point_cell_tags_every_question_under_it(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [["学号", "Q1", "Q2", "Q3", "Q4"], ["知识点", "方程", None, None, "函数"], ["2024001", 1, 0, 1, 1]]:
        sheet.append(row)
    sheet.merge_cells("B2:D2")
    book.save(tmp_path / "a.xlsx")
    parsed = read_gradebook(tmp_path / "a.xlsx")
    assert [i.knowledge_points for i in parsed.items] == [("方程",), ("方程",), ("方程",), ("函数",)]
    assert located(parsed.problems) == [
        ("warning", 2, "Q1", messages.merged_cell_spread("B2:D2", "方程", ["Q1", "Q2", "Q3"]).en)
    ]


def test_rows_with_missing_trailing_cells_are_named(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("学号,Q1,Q2,Q3\n2024001,1,1,1\n2024002,1\n2024003,1,,\n", encoding="utf-8")
    book = read_gradebook(path)
    assert located(book.problems) == [("warning", 3, None, messages.short_row(2, 4, ["Q2", "Q3"]).en)]
    assert math.isnan(scores_of(book)[("2024002", "Q3")])


# Only regular files


@POSIX
@pytest.mark.timeout(20)
def test_pipes_devices_and_folders_are_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "folder.xlsx").mkdir()
    for name in ("pipe.csv", "zero.csv", "folder.xlsx"):
        problem = refusal(tmp_path / name)
        assert (place(problem), problem.text) == ((name, None, None, None), messages.NOT_A_FILE)
    assert refusal(Path("/dev/zero")).text == messages.NOT_A_FILE


# What school systems save as .xls


def test_a_password_protected_workbook_is_named(tmp_path: Path) -> None:
    streams = "".join(name.ljust(32, "\0") for name in ("EncryptionInfo", "EncryptedPackage")).encode("utf-16-le")
    (tmp_path / "a.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + streams + bytes(1024))
    assert refusal(tmp_path / "a.xlsx").text == messages.ENCRYPTED


def test_web_pages_and_xml_spreadsheets_saved_as_xls_are_named(tmp_path: Path) -> None:
    (tmp_path / "web.xls").write_text(
        "<html><body><table><tr><td>学号</td></tr></table></body></html>", encoding="utf-8"
    )
    (tmp_path / "xml.xls").write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )
    assert refusal(tmp_path / "web.xls").text == messages.WEB_PAGE
    assert refusal(tmp_path / "xml.xls").text == messages.XML_SPREADSHEET


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_tab_separated_text_saved_as_xls_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "a.xls").write_bytes("学号\t姓名\tQ1\r\n2024001\t张三\t1\r\n".encode(encoding))
    book = read_gradebook(tmp_path / "a.xls")
    assert book.students == [GradebookStudent("2024001", "张三")]
    assert located(book.problems) == [("warning", None, None, messages.text_as_workbook(".xls", tabs=True).en)]


# The same rules for every file read beside a gradebook


def test_papers_refuse_non_finite_and_implausible_points(tmp_path: Path) -> None:
    rows = [["题号", "分值", "知识点"], ["1", "inf", "方程"], ["2", "1e4", "函数"], ["3", "2", "点" * 101]]
    paper, problems = read_paper(write_csv(tmp_path / "细目表.csv", rows))
    assert paper is not None and [q.max_score for q in paper.questions] == [None, None, 2.0]
    assert located(problems) == [
        ("error", 2, "分值", messages.non_finite(messages.MAX_SCORE, "inf").en),
        ("error", 3, "分值", messages.implausible_max("1e4").en),
        ("error", 4, "知识点", messages.too_long(messages.KNOWLEDGE_POINT, 101, 100).en),
    ]


@POSIX
def test_prerequisite_files_are_read_with_the_same_rules(tmp_path: Path) -> None:
    path = tmp_path / "前置.csv"
    path.write_bytes(
        "知识点,前置知识\n方程,有理数\n函\x07数,方程\n".encode() + "点".encode() * 101 + b",x\n" + bytes(64)
    )
    links, problems = read_prerequisites(path)
    assert [(link.knowledge_point, link.prerequisite) for link in links] == [
        ("方程", "有理数"),
        ("函数", "方程"),
        ("点" * 101, "x"),
    ]
    assert located(problems) == [
        ("warning", 3, "A", messages.control_characters(2).en),
        ("error", 4, "知识点", messages.too_long(messages.KNOWLEDGE_POINT, 101, 100).en),
    ]
    os.mkfifo(tmp_path / "pipe.csv")
    assert read_prerequisites(tmp_path / "pipe.csv")[1][0].text == messages.NOT_A_FILE


def test_question_banks_ignore_non_finite_numbers(tmp_path: Path) -> None:
    rows = [
        ["题号", "题目", "知识点", "满分", "难度"],
        ["B1", "解方程", "方程", "inf", "nan"],
        ["B2", "画图", "函数", "2", "0.5"],
    ]
    questions, problems = read_question_bank(write_csv(tmp_path / "题库.csv", rows))
    assert [(q.question_id, q.max_score, q.difficulty) for q in questions] == [("B1", 1.0, None), ("B2", 2.0, 0.5)]
    assert [(p.row, p.column) for p in problems] == [(2, "满分"), (2, "难度")]


def test_predict_queries_read_ids_as_the_gradebook_does(tmp_path: Path) -> None:
    path = tmp_path / "query.csv"
    path.write_text("student_id,item_id\n２０２４００１,Q1\n2024002.0,Q\x002\n", encoding="utf-8")
    query = read_query(path)
    assert (query.student_ids, query.item_ids, query.rows) == (["2024001", "2024002"], ["Q1", "Q2"], [2, 3])
    assert [(p.row, p.column, p.text) for p in query.problems] == [(3, "B", messages.control_characters(1))]
    long_id = tmp_path / "long.csv"
    long_id.write_text("student_id,item_id\n" + "1" * 65 + ",Q1\n", encoding="utf-8")
    problem = refusal(long_id, read_query)
    assert (problem.row, problem.column, problem.text) == (
        2,
        "student_id",
        messages.too_long(messages.STUDENT_ID, 65, 64),
    )
