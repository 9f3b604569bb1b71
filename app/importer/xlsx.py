"""An .xlsx workbook's sheets, each streamed cell by cell into a `Grid`: values as Excel shows them, formulas
without a saved value noted, merged ranges kept. Nothing is padded: a lone cell far away costs one cell."""

from __future__ import annotations

import re

from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

from app.importer import messages
from app.importer.grid import Budget, Grid, cell_text, check_extent, refuse
from app.importer.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_MERGES, MAX_XML_DEPTH
from app.importer.tables import CellRange, TextTable
from app.importer.xlsx_package import Damaged, Package, SheetPart, open_package
from app.importer.xml_text import local_names, unescape, xml_parser

_NAMES = local_names("row", "c", "v", "is", "t", "rPh", "f", "mergeCell")
_SHOWN_FORMULAS = 8  # formula cells named in the warning; the rest are counted
_OTHER_WORKBOOK = re.compile(r"\[[^\]]+\][^!\[\]()+\-*/,;=<>&^\"]*!")  # [1]Sheet1!A1, '[1]Sheet 1'!A1, [1]!Name


def read_xlsx(data: bytes, file: str, budget: Budget) -> list[TextTable]:
    """Every worksheet of an .xlsx, in order; GradebookError past a limit, Damaged where it is no workbook."""
    package = open_package(data, file)
    with package.archive:
        return [_read_sheet(package, part, budget) for part in package.sheets]


def _read_sheet(package: Package, part: SheetPart, budget: Budget) -> TextTable:
    sheet = _Sheet(package, Grid(package.file, part.name, budget))
    package.feed(part.path, xml_parser(sheet.start, sheet.text, sheet.end), part.name)
    budget.listed = sheet.listed
    grid = sheet.grid
    if sheet.uncached:
        row, column = sheet.uncached[0]
        text = messages.formulas_without_values(_names(sheet.uncached), sheet.uncached_count)
        grid.warn(messages.FORMULAS_WITHOUT_VALUES, text, row, column)
    if sheet.linked:
        row, column = sheet.linked[0]
        text = messages.formulas_from_other_workbooks(_names(sheet.linked), sheet.linked_count)
        grid.warn(messages.FORMULAS_FROM_OTHER_WORKBOOKS, text, row, column)
    cells = grid.frame()
    return TextTable(grid.file, part.name, cells, part.hidden, tuple(grid.notes()), tuple(sheet.merges))


def _names(cells: list[tuple[int, int]]) -> list[str]:
    return [f"{get_column_letter(c)}{r}" for r, c in cells]


class _Sheet:
    """The expat handlers of one worksheet and what they have seen so far (kept lean: they run per element)."""

    def __init__(self, package: Package, grid: Grid) -> None:
        self.strings = package.strings
        self.styles = package.styles
        self.date_styles = {str(style) for style in package.styles.dates}
        self.grid = grid
        self.listed = grid.budget.listed  # cells the workbook may still list
        self.row = 0
        self.column = 0
        self.last = 0  # the current row's last column with a value
        self.cells: list[tuple[int, str]] = []  # the current row's (column, text) with a value
        self.kind = "n"
        self.style: str | None = None
        self.formula = self.collect = self.in_inline = self.in_phonetic = False
        self.parts: list[str] = []
        self.length = 0
        self.columns: dict[str, int] = {}  # column letters seen, by their index
        self.merges: list[CellRange] = []
        self.uncached: list[tuple[int, int]] = []
        self.uncached_count = 0
        self.depth = 0
        self.in_formula = False
        self.formula_parts: list[str] = []
        self.shared_formula: str | None = None  # the shared formula (its `si`) the current cell's formula is one of
        self.linked_shared: set[str] = set()  # shared formulas whose first cell takes a value from another workbook
        self.from_other_workbook = False
        self.linked: list[tuple[int, int]] = []
        self.linked_count = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise refuse(messages.xml_too_deep(self.grid.sheet or ""), self.grid.file, self.grid.sheet, self.row)
        kind = _NAMES.get(name)
        if kind == "c":
            self.listed -= 1
            if self.listed < 0:
                raise refuse(messages.too_many_listed_cells(), self.grid.file, self.grid.sheet, self.row)
            ref = attributes.get("r")
            self.column = self._column_of(ref) if ref else self.column + 1
            self.kind = attributes.get("t", "n")
            self.style = attributes.get("s")
            self.formula = self.from_other_workbook = False
            self.parts, self.length = [], 0
        elif kind == "v":
            self.collect = True
        elif kind == "t":
            self.collect = self.in_inline and not self.in_phonetic
        elif kind == "row":
            row = attributes.get("r")
            self.row = int(row) if row else self.row + 1
            if self.row < 1:
                raise Damaged(f"row {row}")
            self.column, self.last, self.cells = 0, 0, []
        elif kind == "is":
            self.in_inline = True
        elif kind == "rPh":
            self.in_phonetic = True
        elif kind == "f":
            self.formula = self.in_formula = True
            self.formula_parts = []
            self.shared_formula = attributes.get("si") if attributes.get("t") == "shared" else None
        elif kind == "mergeCell" and len(self.merges) < MAX_MERGES:
            self._merge(attributes.get("ref", ""))

    def _column_of(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index_from_string(letters.upper())
        return column

    def text(self, data: str) -> None:
        if self.in_formula:
            if len(self.formula_parts) < _SHOWN_FORMULAS * 64:  # a formula's text: only its references matter
                self.formula_parts.append(data)
            return
        if self.collect:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                grid = self.grid
                raise refuse(messages.CELL_TOO_LONG, grid.file, grid.sheet, self.row, self.column)
            self.parts.append(data)

    def end(self, name: str) -> None:
        self.depth -= 1
        kind = _NAMES.get(name)
        if kind == "c":
            if self.from_other_workbook:
                self.linked_count += 1
                if len(self.linked) < _SHOWN_FORMULAS:
                    self.linked.append((self.row, self.column))
            parts = self.parts
            if parts:
                text = self._value(parts[0] if len(parts) == 1 else "".join(parts))
                if text:
                    self.cells.append((self.column, text))
                    self.last = max(self.last, self.column)
            elif self.formula and self.kind != "str":  # no saved result (a blank text result is one)
                self._uncached()
        elif kind == "v" or kind == "t":
            self.collect = False
        elif kind == "f":
            self._end_formula()
        elif kind == "row":
            self._end_row()
        elif kind == "is":
            self.in_inline = False
        elif kind == "rPh":
            self.in_phonetic = False

    def _end_formula(self) -> None:
        """Note a formula taking its value from another workbook (its text, or the first cell of its shared
        formula, names one: [1]Sheet1!A1)."""
        self.in_formula = False
        text = "".join(self.formula_parts)
        if text:
            self.from_other_workbook = _OTHER_WORKBOOK.search(text) is not None
            if self.shared_formula is not None and self.from_other_workbook:
                self.linked_shared.add(self.shared_formula)
        else:
            self.from_other_workbook = self.shared_formula in self.linked_shared

    def _uncached(self) -> None:
        self.uncached_count += 1
        if len(self.uncached) < _SHOWN_FORMULAS:
            self.uncached.append((self.row, self.column))

    def _value(self, raw: str) -> str:
        """The cell's text as Excel shows it, by its type."""
        kind = self.kind
        if kind == "s":
            index = int(raw)
            if index < 0:
                raise Damaged(f"shared string {index}")
            shared = self.strings[index]
            if shared is None:  # too long to keep
                grid = self.grid
                raise refuse(messages.CELL_TOO_LONG, grid.file, grid.sheet, self.row, self.column)
            return shared
        if kind in ("inlineStr", "str"):
            return unescape(raw)
        if kind == "b":
            return "TRUE" if raw.strip() in ("1", "true") else "FALSE"
        if kind == "e":
            return raw
        try:
            if kind == "d":
                return cell_text(from_ISO8601(raw))
            number = _number(raw)
            if self.style is not None and self.styles.padded and not isinstance(number, str):
                digits = self.styles.padded.get(int(self.style))
                if digits and float(number).is_integer() and number >= 0:
                    return str(int(number)).zfill(digits)  # as Excel shows it: 0803001, not 803001
            if self.style in self.date_styles and not isinstance(number, str):
                durations = self.styles.durations
                return cell_text(from_excel(number, self.styles.epoch, timedelta=int(self.style or 0) in durations))
            return cell_text(number)
        except (OverflowError, ValueError):  # a date cell whose number is no date
            return "#VALUE!"

    def _end_row(self) -> None:
        if not self.cells:
            return
        grid = self.grid
        if self.last > MAX_COLUMNS:
            check_extent(
                grid.budget, grid.file, grid.sheet, (max(grid.height, self.row), self.last), (self.row, self.last)
            )
        values = [""] * self.last
        for column, text in self.cells:
            values[column - 1] = text
        grid.add(self.row, values)
        self.cells = []

    def _merge(self, ref: str) -> None:
        try:
            first_column, first_row, last_column, last_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return  # a damaged merge only loses the spreading of one 满分 / 知识点 cell
        if first_row is not None and first_column is not None and last_row is not None and last_column is not None:
            self.merges.append(CellRange(first_row, first_column, last_row, last_column))


def _number(raw: str) -> int | float | str:
    """A number cell's value as openpyxl reads it (int where written without a point); the text if none."""
    try:
        return float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
    except ValueError:
        try:
            return float(raw)
        except ValueError:
            return raw
