"""How a gradebook file is understood: its sheet, header row, column roles and question metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import messages
from app.importer.files import read_source
from app.importer.headers import ColumnRole, id_rank, role_of
from app.importer.keyed_tables import KeyedTable
from app.importer.names import guess_assessment_name
from app.importer.options import ImportOptions, LayoutKind
from app.importer.paper_rows import find_paper_table
from app.importer.question_labels import (
    combine_header_rows,
    is_question_label,
    looks_like_sub_header,
    parents_and_children,
    split_full_marks,
)
from app.importer.sheet_choice import choose_table, find_header, gradebook_sheets
from app.importer.tables import SourceFile, TextTable
from app.importer.titles import find_exam_date, find_title, name_from_stem
from app.importer.values import find_date

PREVIEW_ROWS = 20

# Roles that one column at most can have; a second column with the same role is ignored.
_SINGLE_ROLES = frozenset(ColumnRole) - {ColumnRole.TOTAL, ColumnRole.RANK, ColumnRole.IGNORED}
_ITEM_META_ROLES = (ColumnRole.MAX_SCORE, ColumnRole.KNOWLEDGE_POINTS, ColumnRole.ANSWER_KEY)
# In a wide sheet these long-format roles make no sense: a 得分 column there is a total.
_WIDE_ROLES = {
    ColumnRole.SCORE: ColumnRole.TOTAL,
    ColumnRole.ITEM: ColumnRole.IGNORED,
    ColumnRole.MAX_SCORE: ColumnRole.IGNORED,
    ColumnRole.KNOWLEDGE_POINTS: ColumnRole.IGNORED,
    ColumnRole.ANSWER_KEY: ColumnRole.IGNORED,
}
LONG_SHEET_ROLES = frozenset(_WIDE_ROLES)  # what a wide sheet does not read as a question (warned when it has values)


class ItemSource(StrEnum):
    """Where the questions' max scores and knowledge points come from."""

    HEADER_ROWS = "header_rows"  # 满分 / 知识点 / 答案 rows under a wide header
    ITEM_SHEET = "item_sheet"  # another sheet of the gradebook workbook: a paper (双向细目表)
    ITEM_FILE = "item_file"  # a separate file: a paper (双向细目表)
    LONG_COLUMNS = "long_columns"  # max_score / knowledge_points / answer columns of a long sheet
    DEFAULTS = "defaults"  # nowhere: max score 1 for 0/1 questions, else the highest score (a guess)


_PAPER_SOURCES = frozenset({ItemSource.ITEM_SHEET, ItemSource.ITEM_FILE})


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the gradebook sheet and how it is used."""

    index: int  # 0-based
    letter: str  # Excel column letter
    header: str  # as written, stripped
    role: ColumnRole

    @property
    def label(self) -> str:
        """How problems name this column: its header, or its letter when the header is blank."""
        return self.header or self.letter


@dataclass(frozen=True)
class Layout:
    """How a file was understood; the import wizard shows it and turns the teacher's fixes into options."""

    file: str
    sheet_names: list[str]  # empty for a CSV file
    sheet: str | None  # the gradebook sheet (None for a CSV file)
    kind: LayoutKind
    header_row: int  # Excel row number (the upper row of a two-row header)
    sub_header_row: int | None  # the 小题 row under a two-row header (大题 merged over 小题), if any
    columns: list[ColumnInfo]  # headers of a two-row header combined, e.g. 17 over (1) -> "17(1)"
    max_score_row: int | None  # wide: Excel row of the 满分 row
    knowledge_points_row: int | None  # wide: Excel row of the 知识点 row
    answer_row: int | None  # wide: Excel row of the 答案 / 标准答案 row
    dropped_parents: list[ColumnInfo]  # wide: parent questions (17) left out for their sub-questions (17(1) …)
    item_source: ItemSource
    item_file: str | None  # the file holding the paper (item table), when one is used
    item_sheet: str | None  # its sheet (None for a CSV file)
    item_header_row: int | None
    title: str | None  # the title row above the header, as written
    title_name: str | None  # the exam the title names (e.g. the text inside 【】)
    assessment: str  # name of the assessment for rows that do not name one
    date: dt.date | None  # date of the assessment for rows that do not give one
    preview: list[list[str]]  # the sheet's first rows as text, from Excel row 1
    notes: tuple[Problem, ...] = ()  # warnings about reading the sheet: which sheet it is, what was removed
    sheet_choice: tuple[str, ...] = ()  # several sheets shaped like gradebooks and none chosen: the teacher chooses
    ids_from_names: bool = False  # no student number column (or the teacher chose none): students known by name

    @property
    def last_header_row(self) -> int:
        """The header's last row: student rows (and 满分 / 答案 rows) start under it."""
        return self.sub_header_row or self.header_row

    @property
    def meta_rows(self) -> list[int]:
        """The 满分, 知识点 and 答案 rows, as found."""
        return [r for r in (self.max_score_row, self.knowledge_points_row, self.answer_row) if r is not None]

    @property
    def id_column(self) -> ColumnInfo | None:
        """The column read as the student id (学号 before 学籍号, 考号, 自定义考号, 准考证号)."""
        return self.column(ColumnRole.STUDENT_ID)

    @property
    def identity_column(self) -> ColumnInfo | None:
        """The column that tells students apart: the id column, else (no student numbers) the name column."""
        return self.column(ColumnRole.STUDENT_NAME) if self.ids_from_names else self.id_column

    @property
    def other_id_columns(self) -> list[ColumnInfo]:
        """Other student-id columns (准考证号 beside 学号 …), shown but ignored."""
        return [c for c in self.columns if c.role is ColumnRole.IGNORED and role_of(c.header) is ColumnRole.STUDENT_ID]

    @property
    def class_column(self) -> ColumnInfo | None:
        """The 班级 / 行政班 / 教学班 column of a whole-grade sheet, if any."""
        return self.column(ColumnRole.CLASS)

    def column(self, role: ColumnRole) -> ColumnInfo | None:
        """The first column with `role`, if any."""
        return next((column for column in self.columns if column.role is role), None)

    def required(self, role: ColumnRole) -> ColumnInfo:
        """The first column with `role`, for code that only runs when the sheet has one."""
        column = self.column(role)
        if column is None:
            raise ValueError(f"the layout has no {role.value} column")
        return column

    def columns_with(self, role: ColumnRole) -> list[ColumnInfo]:
        """Every column with `role`, left to right."""
        return [column for column in self.columns if column.role is role]


def detect_layout(path: Path, items_path: Path | None = None, options: ImportOptions | None = None) -> Layout:
    """How `read_gradebook` would read the file; GradebookError if it cannot be read at all."""
    item_file = read_source(items_path) if items_path is not None else None
    return understand(read_source(path), item_file, options or ImportOptions())


def understand(source: SourceFile, item_file: SourceFile | None, options: ImportOptions) -> Layout:
    """The layout of an already read file (the one code path behind `detect_layout` and `read_gradebook`)."""
    shaped = gradebook_sheets(source)
    table = choose_table(source, options.sheet, shaped)
    notes = [*_sheet_notes(source, table, options), *table.notes]
    header_row = _header_row(table, options.header_row)
    headers = table.row_texts(header_row)
    kind = options.layout or _guess_kind(headers)
    sub_row = _sub_header_row(table, header_row, headers) if kind is LayoutKind.WIDE else None
    if sub_row is not None:
        headers = combine_header_rows(headers, table.row_texts(sub_row))
    columns = _columns(table, header_row, headers, kind, options)
    dropped: list[ColumnInfo] = []
    if kind is LayoutKind.WIDE:
        columns, dropped = _drop_parents(columns)
        max_row, kp_row, answer_row = _meta_rows(table, sub_row or header_row, columns, options)
        in_sheet = ItemSource.HEADER_ROWS if max_row or kp_row or answer_row else None
    else:
        max_row = kp_row = answer_row = None
        in_sheet = ItemSource.LONG_COLUMNS if any(c.role in _ITEM_META_ROLES for c in columns) else None
    item_source, item_table, item_sheet = _item_metadata(source, table, item_file, options, in_sheet)
    if item_source in _PAPER_SOURCES and kind is LayoutKind.LONG:  # the paper wins over per-row columns
        columns = [replace(c, role=ColumnRole.IGNORED) if c.role in _ITEM_META_ROLES else c for c in columns]
    title = find_title(table, header_row)
    stem = Path(source.name).stem
    return Layout(
        file=source.name,
        sheet_names=source.sheet_names,
        sheet=table.sheet,
        kind=kind,
        header_row=header_row,
        sub_header_row=sub_row,
        columns=columns,
        max_score_row=max_row,
        knowledge_points_row=kp_row,
        answer_row=answer_row,
        dropped_parents=dropped,
        item_source=item_source,
        item_file=(item_file or source).name if item_source in _PAPER_SOURCES else None,
        item_sheet=item_sheet,
        item_header_row=item_table.header_row if item_table is not None else None,
        title=title.text if title else None,
        title_name=title.name if title else None,
        assessment=options.assessment
        or (title.name if title else None)
        or guess_assessment_name(stem)
        or name_from_stem(stem)
        or stem,
        date=options.date or find_exam_date(table, header_row, title) or find_date(stem),
        preview=table.cells.iloc[:PREVIEW_ROWS].to_numpy().tolist(),
        notes=tuple(_headed(notes, table, columns)),
        sheet_choice=tuple(shaped) if options.sheet is None and len(shaped) > 1 else (),
        ids_from_names=_known_by_name(columns, options),
    )


def _known_by_name(columns: list[ColumnInfo], options: ImportOptions) -> bool:
    """Whether students are known by name: the teacher chose no id column, or the sheet has none, a name column,
    and only numbered questions besides (an unknown column such as 编码 may be the id: the teacher says)."""
    roles = {c.role for c in columns}
    if ColumnRole.STUDENT_ID in roles or ColumnRole.STUDENT_NAME not in roles:
        return False
    questions = [c for c in columns if c.role is ColumnRole.ITEM]
    return options.ids_from_names or all(is_question_label(split_full_marks(c.header)[0]) for c in questions)


def _fail(table: TextTable, text: Text, row: int | None = None) -> GradebookError:
    return GradebookError([Problem(Severity.ERROR, text, table.file, table.sheet, row)])


def _headed(notes: list[Problem], table: TextTable, columns: list[ColumnInfo]) -> list[Problem]:
    """The notes about the gradebook table, their columns named by header instead of letter."""
    labels = {column.letter: column.label for column in columns}
    return [
        replace(note, column=labels.get(note.column, note.column))
        if note.column and (note.file, note.sheet) == (table.file, table.sheet)
        else note
        for note in notes
    ]


def _sheet_notes(source: SourceFile, table: TextTable, options: ImportOptions) -> list[Problem]:
    """Which sheet is read, where the workbook hides sheets (unless the teacher chose it)."""
    hidden = [t.sheet for t in source.tables if t.hidden and t.sheet is not None and t is not table]
    if options.sheet is not None or table.sheet is None or not (hidden or table.hidden):
        return []
    text = (
        messages.hidden_sheet_used(table.sheet) if table.hidden else messages.hidden_sheets_skipped(table.sheet, hidden)
    )
    return [Problem(Severity.WARNING, text, table.file, table.sheet)]


def _header_row(table: TextTable, forced: int | None) -> int:
    """The forced row, else the first row that looks like a header, else the first non-blank row."""
    last = len(table.cells)
    if last == 0:
        raise _fail(table, messages.EMPTY_SHEET)
    if forced is not None:
        if not 1 <= forced <= last:
            raise _fail(table, messages.row_outside(forced, last), forced)
        return forced
    found = find_header(table) or next((row for row in range(1, last + 1) if any(table.row_texts(row))), None)
    if found is None:  # only spaces
        raise _fail(table, messages.EMPTY_SHEET)
    return found


def _guess_kind(headers: list[str]) -> LayoutKind:
    roles = {role_of(header) for header in headers if header}
    return LayoutKind.LONG if {ColumnRole.ITEM, ColumnRole.SCORE} <= roles else LayoutKind.WIDE


def _columns(
    table: TextTable, header_row: int, headers: list[str], kind: LayoutKind, options: ImportOptions
) -> list[ColumnInfo]:
    roles = [_role(header, kind) for header in headers]
    ids = [j for j, role in enumerate(roles) if role is ColumnRole.STUDENT_ID]
    if ids:  # several id columns (准考证号, 自定义考号, 学号 …): the strongest is the id, the rest are ignored
        best = min(ids, key=lambda j: (id_rank(headers[j]), j))
        roles = [ColumnRole.IGNORED if j in ids and j != best else role for j, role in enumerate(roles)]
    single = _SINGLE_ROLES - {ColumnRole.ITEM} if kind is LayoutKind.WIDE else _SINGLE_ROLES
    seen: set[ColumnRole] = set()
    for j, role in enumerate(roles):
        if role in single:
            roles[j] = ColumnRole.IGNORED if role in seen else role
            seen.add(role)
    forced = {ColumnRole.STUDENT_ID: options.student_id_column, ColumnRole.STUDENT_NAME: options.name_column}
    for role, name in forced.items():
        if name is not None:
            j = _column_index(table, header_row, headers, name)
            roles = [ColumnRole.IGNORED if r is role else r for r in roles]
            roles[j] = role
    for name in options.ignore_columns:
        roles[_column_index(table, header_row, headers, name)] = ColumnRole.IGNORED
    if options.ids_from_names:  # the teacher chose no id column: students are known by name
        roles = [ColumnRole.IGNORED if role is ColumnRole.STUDENT_ID else role for role in roles]
    return [
        ColumnInfo(j, get_column_letter(j + 1), header, role) for j, (header, role) in enumerate(zip(headers, roles))
    ]


def _role(header: str, kind: LayoutKind) -> ColumnRole:
    role = role_of(header) if header else None
    if kind is LayoutKind.LONG:
        return role or ColumnRole.IGNORED
    if role is None:  # in a wide sheet every unknown, named column is a question
        return ColumnRole.ITEM if header else ColumnRole.IGNORED
    return _WIDE_ROLES.get(role, role)


def _column_index(table: TextTable, header_row: int, headers: list[str], name: str) -> int:
    """The column at Excel letter `name` (as the wizard sends), else the one headed `name`."""
    name = name.strip()
    if name.isascii() and name.isalpha() and name.isupper() and len(name) <= 3:
        index = column_index_from_string(name) - 1
        if index < len(headers):
            return index
    if name in headers:
        return headers.index(name)
    raise _fail(table, messages.no_such_column(name), header_row)


def _sub_header_row(table: TextTable, header_row: int, headers: list[str]) -> int | None:
    """The row under a header that holds 小题 labels under merged 大题 cells (empty under the id, name … columns)."""
    row = header_row + 1
    if row > len(table.cells):
        return None
    cells = table.row_texts(row)
    under_known = any(cells[j] for j, header in enumerate(headers) if header and role_of(header) is not None)
    under_merge = any(cell and not top for top, cell in zip(headers, cells))  # a merged 大题 spans empty cells
    return row if not under_known and under_merge and looks_like_sub_header(cells) else None


def _drop_parents(columns: list[ColumnInfo]) -> tuple[list[ColumnInfo], list[ColumnInfo]]:
    """Parent questions (17 beside 17(1), 17(2)) become totals: their sub-questions are scored instead."""
    questions = [c for c in columns if c.role is ColumnRole.ITEM]
    parents = {questions[i].index for i in parents_and_children([c.header for c in questions])}
    columns = [replace(c, role=ColumnRole.TOTAL) if c.index in parents else c for c in columns]
    return columns, [c for c in columns if c.index in parents]


def _meta_rows(
    table: TextTable, last_header: int, columns: list[ColumnInfo], options: ImportOptions
) -> tuple[int | None, int | None, int | None]:
    """The 满分, 知识点 and 答案 rows: as forced, else found by their label among the rows right under the header."""
    last = len(table.cells)
    found: dict[ColumnRole, int] = {}
    forced = {
        ColumnRole.MAX_SCORE: options.max_score_row,
        ColumnRole.KNOWLEDGE_POINTS: options.knowledge_points_row,
        ColumnRole.ANSWER_KEY: options.answer_row,
    }
    for role, row in forced.items():
        if row is not None:
            if not last_header < row <= last:
                raise _fail(table, messages.row_outside(row, last), row)
            found[role] = row
    label_columns = [column.index for column in columns if column.role is not ColumnRole.ITEM]
    for row in range(last_header + 1, last + 1):
        cells = table.row_texts(row)
        labels = set(_ITEM_META_ROLES) & {role_of(cells[j]) for j in label_columns if cells[j]}
        if not labels and any(cells):
            break  # the first student row ends the metadata rows
        for role in labels:
            found.setdefault(role, row)
    return found.get(ColumnRole.MAX_SCORE), found.get(ColumnRole.KNOWLEDGE_POINTS), found.get(ColumnRole.ANSWER_KEY)


def _item_metadata(
    source: SourceFile,
    gradebook: TextTable,
    item_file: SourceFile | None,
    options: ImportOptions,
    in_sheet: ItemSource | None,
) -> tuple[ItemSource, KeyedTable | None, str | None]:
    """Where the paper is: an item file wins, then a chosen item sheet, then 满分/知识点 in the sheet itself, then
    another sheet describing questions. Returns the source, the paper's table if found, and its sheet."""
    if item_file is not None:
        found = find_paper_table(item_file, options.item_sheet)
        return ItemSource.ITEM_FILE, found, found.table.sheet if found else options.item_sheet
    if options.item_sheet is not None:
        return ItemSource.ITEM_SHEET, find_paper_table(source, options.item_sheet), options.item_sheet
    if in_sheet is not None:
        return in_sheet, None, None
    found = find_paper_table(source, skip=gradebook)
    return (ItemSource.ITEM_SHEET, found, found.table.sheet) if found is not None else (ItemSource.DEFAULTS, None, None)
