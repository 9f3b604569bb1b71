"""Generated hostile files, one strategy per class of the fuzzing report (issue 11).

Each test draws a clean gradebook (students, names, questions with their 满分 and 知识点 rows, scores),
damages it in one way, writes it, and asserts the exact outcome: refused where the damage is, or
read exactly as the clean gradebook with a located warning. Random and mutated bytes must come out
as a read gradebook or a GradebookError, nothing else.
"""

import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from import_helpers import write_csv, write_xlsx
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from test_import_safety import located, minimal_xlsx

from app.core.gradebook import GradebookStudent, ParsedGradebook
from app.core.problems import GradebookError
from app.importer import messages, read_gradebook
from app.importer.grid import CONTROL
from app.importer.identity import student_id
from app.importer.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ID_CHARS, MAX_POINTS, MAX_ROWS
from app.importer.validation import ALL_ZERO_MIN

FUZZ = settings()  # the profile's (conftest.py): new examples every run, a fixed number of them
HEAVY = settings(FUZZ, max_examples=max(1, FUZZ.max_examples * 2 // 5))  # writing these files takes longer
FIRST = 4  # Excel row of the first student: header, 满分 row, 知识点 row
_SURNAMES = "张王李赵刘陈杨黄周吴郑孙马朱胡林郭何高罗"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Book:
    """A clean wide gradebook as drawn."""

    ids: list[str]
    names: list[str]
    maxima: list[int]
    scores: list[list[int]]

    @property
    def questions(self) -> list[str]:
        return [f"Q{j + 1}" for j in range(len(self.maxima))]

    def rows(self) -> list[list[object]]:
        """The sheet, from Excel row 1."""
        kps = [f"知识点{j % 3}" for j in range(len(self.maxima))]
        students = [[i, n, *s] for i, n, s in zip(self.ids, self.names, self.scores)]
        return [["学号", "姓名", *self.questions], ["满分", "", *self.maxima], ["知识点", "", *kps], *students]

    def students(self) -> list[GradebookStudent]:
        return [GradebookStudent(i, n) for i, n in zip(self.ids, self.names)]

    def expected_scores(self) -> dict[tuple[str, str], float]:
        return {(i, q): float(v) for i, s in zip(self.ids, self.scores) for q, v in zip(self.questions, s)}


@st.composite
def books(draw: st.DrawFn, most: int = 12) -> Book:
    """A clean gradebook: 1–`most` students with 7-digit ids, 1–6 questions, none with 0 on ALL_ZERO_MIN or more
    (`importer.validation.all_zero` warns of those)."""
    count, questions = draw(st.integers(1, most)), draw(st.integers(1, 6))
    ids = draw(st.lists(st.integers(1_000_000, 9_999_999), min_size=count, max_size=count, unique=True))
    names = draw(st.lists(st.text(_SURNAMES, min_size=2, max_size=3), min_size=count, max_size=count))
    maxima = draw(st.lists(st.integers(1, 10), min_size=questions, max_size=questions))
    scores = [[draw(st.integers(0, top)) for top in maxima] for _ in range(count)]
    if questions >= ALL_ZERO_MIN:  # 0 on every one of that many questions is read as an absence (a warning)
        scores = [row if any(row) else [*row[:-1], 1] for row in scores]
    return Book([str(i) for i in ids], names, maxima, scores)


def as_text(rows: list[list[object]]) -> list[list[str]]:
    return [["" if cell is None else str(cell) for cell in row] for row in rows]


def write(folder: Path, rows: list[list[object]], kind: str) -> Path:
    """The rows as a CSV (in UTF-8 or GB18030) or an .xlsx."""
    if kind == "xlsx":
        return write_xlsx(folder / "成绩.xlsx", {"成绩": rows})
    return write_csv(folder / "成绩.csv", as_text(rows), "gb18030" if kind == "gb18030" else "utf-8")


def reads_exactly(parsed: ParsedGradebook, book: Book, scores: dict[tuple[str, str], float] | None = None) -> None:
    assert parsed.students == book.students()
    got = {(r.student_id, r.item_id): r.score for r in parsed.scores.itertuples()}
    want = book.expected_scores() if scores is None else scores
    assert got.keys() == want.keys()
    assert all(got[k] == want[k] or (got[k] != got[k] and want[k] != want[k]) for k in want)  # NaN equals NaN


def refused(path: Path) -> tuple[int | None, str | None, messages.Text]:
    with pytest.raises(GradebookError) as raised:
        read_gradebook(path)
    (problem,) = raised.value.problems
    return problem.row, problem.column, problem.text


def with_two_questions(book: Book) -> Book:
    """The book, with a second question if it has one only."""
    return (
        book if len(book.maxima) > 1 else replace(book, maxima=[*book.maxima, 1], scores=[[*s, 0] for s in book.scores])
    )


KINDS = st.sampled_from(["utf-8", "gb18030", "xlsx"])


# CSV quotes


@FUZZ
@given(books(), st.data())
def test_a_stray_quote_is_refused_at_its_cell(book: Book, data: st.DataObject) -> None:
    rows = as_text(book.rows())
    student = data.draw(st.integers(0, len(book.ids) - 1))
    column = data.draw(st.integers(1, len(rows[0]) - 1))
    row = FIRST + student
    rows[row - 1][column] = '"' + rows[row - 1][column]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_text("".join(",".join(r) + "\r\n" for r in rows), encoding="utf-8")
        assert refused(path) == (row, get_column_letter(column + 1), messages.unclosed_quote(row))


# Control characters and NULs


@FUZZ
@given(books(), st.integers(1, 5000))
def test_nul_padding_after_a_crash_adds_no_student(book: Book, padding: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), book.rows(), "utf-8")
        path.write_bytes(path.read_bytes() + b"\x00" * padding)
        parsed = read_gradebook(path)
    reads_exactly(parsed, book)
    assert located(parsed.problems) == [("warning", FIRST + len(book.ids), "学号", messages.control_characters(1).en)]


CONTROLS = st.sampled_from(
    ["\x00", "\x07", "\x08", "\x0b", "\x1b", "\x1b[31m", "\x1b[0m", "\x1b[1;32m", "\x7f", "\x85"]
)


@FUZZ
@given(books(), st.data())
def test_control_characters_in_names_are_removed_and_located(book: Book, data: st.DataObject) -> None:
    rows = as_text(book.rows())
    spoiled = sorted(data.draw(st.sets(st.integers(0, len(book.ids) - 1), min_size=1)))
    for student in spoiled:
        name = rows[FIRST - 1 + student][1]
        at = data.draw(st.integers(0, len(name)))
        rows[FIRST - 1 + student][1] = name[:at] + data.draw(CONTROLS) + name[at:]
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, "utf-8"))
    reads_exactly(parsed, book)
    text = messages.control_characters(len(spoiled)).en
    assert located(parsed.problems) == [("warning", FIRST + spoiled[0], "姓名", text)]


# Look-alike ids


def look_alike(student: str, form: str) -> str:
    """`student` as another program (or a careless hand) writes it."""
    return {
        "full-width": student.translate(_FULL_WIDTH),
        "zero-width": student[:3] + "\u200b" + student[3:],
        "decimal": student + ".0",
        "scientific": f"{student[0]}.{student[1:]}E{len(student) - 1}",
        "spaces": f"\u3000{student} ",
    }[form]


FORMS = st.sampled_from(["full-width", "zero-width", "decimal", "scientific", "spaces"])


@FUZZ
@given(books(), KINDS, st.data())
def test_look_alike_ids_read_as_the_same_students(book: Book, kind: str, data: st.DataObject) -> None:
    rows = book.rows()
    forms = {s: data.draw(FORMS) for s in sorted(data.draw(st.sets(st.integers(0, len(book.ids) - 1), min_size=1)))}
    for student, form in forms.items():
        rows[FIRST - 1 + student][0] = look_alike(book.ids[student], form)
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, kind))
    reads_exactly(parsed, book)
    changed = {"full-width": messages.id_normalised, "zero-width": messages.id_normalised}
    changed |= {"decimal": messages.id_from_number, "scientific": messages.id_from_number}
    assert located(parsed.problems) == [
        ("warning", FIRST + s, "学号", changed[form](look_alike(book.ids[s], form), book.ids[s]).en)
        for s, form in forms.items()
        if form in changed
    ]


@FUZZ
@given(books(), KINDS, FORMS, st.data())
def test_a_look_alike_of_another_row_is_a_repeated_student(
    book: Book, kind: str, form: str, data: st.DataObject
) -> None:
    student = data.draw(st.integers(0, len(book.ids) - 1))
    rows = [*book.rows(), [look_alike(book.ids[student], form), "某某", *book.scores[student]]]
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, kind))
    repeat = messages.duplicate_student(book.ids[student], FIRST + student).en
    assert located(parsed.errors) == [("error", len(rows), "学号", repeat)]


# Non-finite and implausible numbers


NON_FINITE = st.sampled_from(["inf", "-inf", "Infinity", "-Infinity", "INF", "nan", "NaN", "1e999", "-1e400", "ｉｎｆ"])


@FUZZ
@given(books(), KINDS, NON_FINITE, st.booleans(), st.data())
def test_non_finite_numbers_are_refused_where_they_are(
    book: Book, kind: str, text: str, in_max_row: bool, data: st.DataObject
) -> None:
    rows = book.rows()
    question = data.draw(st.integers(0, len(book.maxima) - 1))
    row = 2 if in_max_row else FIRST + data.draw(st.integers(0, len(book.ids) - 1))
    rows[row - 1][2 + question] = text
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, kind))
    what = messages.MAX_SCORE if in_max_row else messages.SCORE
    assert located(parsed.errors) == [("error", row, f"Q{question + 1}", messages.non_finite(what, text).en)]


@FUZZ
@given(books(), KINDS, st.floats(MAX_POINTS + 0.01, 1e12), st.data())
def test_implausible_max_scores_are_refused(book: Book, kind: str, top: float, data: st.DataObject) -> None:
    rows = book.rows()
    question = data.draw(st.integers(0, len(book.maxima) - 1))
    rows[1][2 + question] = repr(top)
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, kind))
    assert located(parsed.errors) == [("error", 2, f"Q{question + 1}", messages.implausible_max(repr(top)).en)]


# Memory and size bounds


@pytest.mark.slow
@HEAVY
@given(books(most=4), st.booleans(), st.integers(1, 1_048_576), st.integers(1, 16_384))
def test_a_far_cell_is_refused_when_it_holds_a_value_and_free_when_only_formatted(
    book: Book, valued: bool, row: int, column: int
) -> None:
    assert MAX_ROWS > 1_048_576  # a sheet's rows never go past the limit: only its columns can
    workbook = Workbook()
    sheet = workbook.active
    for values in book.rows():
        sheet.append(values)
    if column <= MAX_COLUMNS:
        column = MAX_COLUMNS + 1 + column % (16_384 - MAX_COLUMNS)  # past the limit, out of the gradebook itself
    cell = sheet.cell(row, column)
    if valued:
        cell.value = "备注"
    else:
        cell.font = Font(italic=True)
    with tempfile.TemporaryDirectory() as folder:
        workbook.save(Path(folder) / "a.xlsx")
        if valued:
            letter = get_column_letter(column)
            assert refused(Path(folder) / "a.xlsx") == (row, letter, messages.too_large(letter, row))
        else:
            parsed = read_gradebook(Path(folder) / "a.xlsx")
            reads_exactly(parsed, book)
            assert located(parsed.problems) == []


@pytest.mark.slow
@HEAVY
@given(books(most=4), st.sampled_from(["csv", "quoted csv", "inline xlsx", "shared xlsx"]), st.data())
def test_a_cell_past_excels_limit_is_refused_at_its_cell(book: Book, kind: str, data: st.DataObject) -> None:
    rows = as_text(book.rows())
    row = data.draw(st.integers(1, len(rows)))
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    rows[row - 1][column] = "长" * data.draw(st.integers(MAX_CELL_CHARS + 1, 3 * MAX_CELL_CHARS))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("a.xlsx" if "xlsx" in kind else "a.csv")
        if kind == "csv":
            write_csv(path, rows)
        elif kind == "quoted csv":
            path.write_text("".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows), encoding="utf-8")
        else:
            shared = sorted({c for r in rows for c in r}) if kind == "shared xlsx" else None
            minimal_xlsx(path, "".join(_xml_row(i + 1, r, shared) for i, r in enumerate(rows)), shared)
        assert refused(path) == (row, get_column_letter(column + 1), messages.CELL_TOO_LONG)


def _xml_row(row: int, cells: list[str], shared: list[str] | None) -> str:
    if shared is None:
        return f'<row r="{row}">' + "".join(f'<c t="inlineStr"><is><t>{c}</t></is></c>' for c in cells) + "</row>"
    return f'<row r="{row}">' + "".join(f'<c t="s"><v>{shared.index(c)}</v></c>' for c in cells) + "</row>"


# Hidden sheets, formulas without values, merged knowledge points (workbooks only)


@pytest.mark.slow
@HEAVY
@given(books(), books())
def test_a_hidden_decoy_sheet_first_is_not_read(book: Book, decoy: Book) -> None:
    workbook = Workbook()
    hidden = workbook.active
    hidden.title, hidden.sheet_state = "导出", "hidden"
    shown = workbook.create_sheet("成绩")
    for sheet, source in ((hidden, decoy), (shown, book)):
        for values in source.rows():
            sheet.append(values)
    with tempfile.TemporaryDirectory() as folder:
        workbook.save(Path(folder) / "a.xlsx")
        parsed = read_gradebook(Path(folder) / "a.xlsx")
    reads_exactly(parsed, book)
    assert [(p.sheet, p.text) for p in parsed.problems] == [("成绩", messages.hidden_sheets_skipped("成绩", ["导出"]))]


@pytest.mark.slow
@HEAVY
@given(books(), st.data())
def test_formulas_without_a_saved_value_are_named_cell_by_cell(book: Book, data: st.DataObject) -> None:
    rows = book.rows()
    cells = sorted(
        data.draw(
            st.sets(st.tuples(st.integers(0, len(book.ids) - 1), st.integers(0, len(book.maxima) - 1)), min_size=1)
        )
    )
    scores = book.expected_scores()
    for student, question in cells:
        rows[FIRST - 1 + student][2 + question] = f"={book.scores[student][question]}+0"
        scores[(book.ids[student], f"Q{question + 1}")] = float("nan")
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, "xlsx"))
    reads_exactly(parsed, book, scores)
    named = [f"{get_column_letter(3 + q)}{FIRST + s}" for s, q in cells]
    first = cells[0]
    text = messages.formulas_without_values(named[:8], len(named)).en
    assert located(parsed.warnings)[:1] == [("warning", FIRST + first[0], f"Q{first[1] + 1}", text)]


@pytest.mark.slow
@HEAVY
@given(books(), st.data())
def test_a_merged_knowledge_point_cell_tags_each_question_it_spans(book: Book, data: st.DataObject) -> None:
    book = with_two_questions(book)
    first = data.draw(st.integers(0, len(book.maxima) - 2))
    last = data.draw(st.integers(first + 1, len(book.maxima) - 1))
    rows = book.rows()
    rows[2][2 + first : 3 + last] = ["合并的知识点"] + [None] * (last - first)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), rows, "xlsx")
        workbook = load_workbook(path)
        workbook.active.merge_cells(start_row=3, start_column=3 + first, end_row=3, end_column=3 + last)
        workbook.save(path)
        parsed = read_gradebook(path)
    reads_exactly(parsed, book)
    spanned = [f"Q{j + 1}" for j in range(first, last + 1)]
    assert [i.knowledge_points for i in parsed.items if i.item_id in spanned] == [("合并的知识点",)] * len(spanned)
    ref = f"{get_column_letter(3 + first)}3:{get_column_letter(3 + last)}3"
    text = messages.merged_cell_spread(ref, "合并的知识点", spanned).en
    assert located(parsed.problems) == [("warning", 3, f"Q{first + 1}", text)]


# Blank first lines, a question headed 分, short rows, text saved as .xls


@FUZZ
@given(books(), st.integers(1, 5), st.sampled_from(["\n", "\r\n", ",,\r\n"]))
def test_blank_lines_before_the_header_are_read_past(book: Book, blank: int, line: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), book.rows(), "utf-8")
        path.write_bytes(line.encode() * blank + path.read_bytes())
        parsed = read_gradebook(path)
    reads_exactly(parsed, book)
    assert located(parsed.problems) == []


@FUZZ
@given(books(), KINDS, st.data())
def test_a_question_headed_only_fen_is_left_out_and_named(book: Book, kind: str, data: st.DataObject) -> None:
    book = with_two_questions(book)
    question = data.draw(st.integers(0, len(book.maxima) - 1))
    rows = book.rows()
    rows[0][2 + question] = "分"
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, kind))
    kept = {k: v for k, v in book.expected_scores().items() if k[1] != f"Q{question + 1}"}
    reads_exactly(parsed, book, kept)
    assert located(parsed.problems) == [("warning", 1, "分", messages.not_a_question("分").en)]


@FUZZ
@given(books(), st.data())
def test_rows_missing_trailing_cells_are_named(book: Book, data: st.DataObject) -> None:
    rows = as_text(book.rows())
    width = len(rows[0])
    cut = {
        s: data.draw(st.integers(2, width - 1)) for s in sorted(data.draw(st.sets(st.integers(0, len(book.ids) - 1))))
    }
    scores = book.expected_scores()
    for student, cells in cut.items():
        del rows[FIRST - 1 + student][cells:]
        for j in range(cells, width):
            scores[(book.ids[student], rows[0][j])] = float("nan")
    with tempfile.TemporaryDirectory() as folder:
        parsed = read_gradebook(write(Path(folder), rows, "utf-8"))
    reads_exactly(parsed, book, scores)
    assert located(parsed.problems) == [
        ("warning", FIRST + s, None, messages.short_row(cells, width, rows[0][cells:width][:5]).en)
        for s, cells in cut.items()
    ]


@FUZZ
@given(books(), st.sampled_from([".xls", ".xlsx"]), st.sampled_from(["utf-8", "gbk", "utf-16"]))
def test_tab_separated_text_under_an_excel_name_is_read_as_text(book: Book, suffix: str, encoding: str) -> None:
    text = "".join("\t".join(row) + "\r\n" for row in as_text(book.rows()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"成绩{suffix}"
        path.write_bytes(text.encode(encoding))
        parsed = read_gradebook(path)
    reads_exactly(parsed, book)
    assert located(parsed.problems) == [("warning", None, None, messages.text_as_workbook(suffix, tabs=True).en)]


# Anything else: random and mutated bytes


def read_safely(path: Path) -> ParsedGradebook | None:
    """The gradebook read, or None when refused; any other exception fails the test."""
    try:
        parsed = read_gradebook(path)
    except GradebookError as error:
        assert error.problems and all(p.file == path.name and p.text.zh and p.text.en for p in error.problems)
        return None
    if not parsed.errors:  # what lands in the store is plain and bounded
        assert all(
            s.student_id == student_id(s.student_id) and len(s.student_id) <= MAX_ID_CHARS for s in parsed.students
        )
        assert not any(CONTROL.search(s.student_id + (s.name or "")) for s in parsed.students)
        numbers = parsed.scores.score.dropna()
        assert numbers.between(0, MAX_POINTS).all()
        assert all(0 < item.max_score <= MAX_POINTS for item in parsed.items)
    return parsed


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".csv", ".xlsx", ".xls"]))
def test_random_bytes_are_read_or_refused(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(data)
        read_safely(path)


def mutations(kind: str) -> st.SearchStrategy[Callable[[bytes], bytes]]:
    """Truncations, overwritten bytes and inserted bytes."""
    cut = st.integers(0, 10**6).map(lambda n: lambda data: data[: n % (len(data) + 1)])
    flip = st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8)).map(
        lambda p: lambda data: data[: p[0] % (len(data) + 1)] + p[1] + data[p[0] % (len(data) + 1) + len(p[1]) :]
    )
    insert = st.tuples(st.integers(0, 10**6), st.sampled_from([b'"', b"\x00", b"\r", b",", b"\t", b"\xff\xfe"])).map(
        lambda p: lambda data: data[: p[0] % (len(data) + 1)] + p[1] + data[p[0] % (len(data) + 1) :]
    )
    return st.one_of(cut, flip, insert) if kind != "xlsx" else st.one_of(cut, flip)


@FUZZ
@given(books(), st.sampled_from(["utf-8", "gb18030", "xlsx"]), st.data())
def test_mutated_files_are_read_or_refused(book: Book, kind: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), book.rows(), kind)
        for mutate in data.draw(st.lists(mutations(kind), min_size=1, max_size=3)):
            path.write_bytes(mutate(path.read_bytes()))
        read_safely(path)


@pytest.mark.slow
@HEAVY
@given(books(), st.data())
def test_mutated_sheet_xml_is_read_or_refused(book: Book, data: st.DataObject) -> None:
    """Damage inside the zip (where a truncated or flipped .xlsx only fails its checksum)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), book.rows(), "xlsx")
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        name = data.draw(st.sampled_from(sorted(parts)))
        for mutate in data.draw(st.lists(mutations("xml"), min_size=1, max_size=3)):
            parts[name] = mutate(parts[name])
        with zipfile.ZipFile(path, "w") as archive:
            for part, content in parts.items():
                archive.writestr(part, content)
        read_safely(path)
