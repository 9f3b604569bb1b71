"""Reading a file's bytes into text tables: one per sheet, every cell as the teacher sees it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import xlrd

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import messages
from app.importer.problem_log import Location

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class TextTable:
    """One sheet, or a whole CSV file, as text: `cells.iat[i, j]` is Excel row i + 1, column j + 1; "" is empty."""

    file: str
    sheet: str | None  # None for a CSV file
    cells: pd.DataFrame

    def where(self, row: int | None = None, column: str | None = None) -> Location:
        """A place in this table."""
        return Location(self.file, self.sheet, row, column)

    def row_texts(self, row: int) -> list[str]:
        """The stripped cells of Excel row `row`."""
        return [text.strip() for text in self.cells.iloc[row - 1]]


@dataclass(frozen=True)
class SourceFile:
    """A file as read: its bytes (for the content hash) and its tables in sheet order."""

    name: str
    data: bytes
    tables: list[TextTable]

    @property
    def sheet_names(self) -> list[str]:
        """The workbook's sheet names; empty for a CSV file."""
        return [table.sheet for table in self.tables if table.sheet is not None]

    def table(self, sheet: str | None) -> TextTable:
        """The table of sheet `sheet` (None: the first table); GradebookError if there is none."""
        if sheet is None:
            return self.tables[0]
        for table in self.tables:
            if table.sheet == sheet:
                return table
        raise GradebookError([Problem(Severity.ERROR, messages.no_such_sheet(sheet, self.sheet_names), self.name)])


class _Unreadable(Exception):
    """The file cannot be read at all; carries the reason for the teacher."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def read_source(path: Path) -> SourceFile:
    """Read a .csv, .xlsx or .xls file into text tables; GradebookError if it cannot be read at all."""
    try:
        reader = _READERS.get(path.suffix.lower())
        if reader is None:
            raise _Unreadable(messages.unknown_type(path.suffix or path.name))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise _Unreadable(messages.FILE_NOT_FOUND) from None
        except OSError as error:
            raise _Unreadable(messages.cannot_read(error.strerror or str(error))) from error
        tables = reader(data, path.name)
        if all(table.cells.empty for table in tables):
            raise _Unreadable(messages.EMPTY_FILE)
    except _Unreadable as unreadable:
        raise GradebookError([Problem(Severity.ERROR, unreadable.text, path.name)]) from unreadable
    return SourceFile(path.name, data, tables)


def _read_csv(data: bytes, name: str) -> list[TextTable]:
    text = _decode(data)
    if not text.strip():
        raise _Unreadable(messages.EMPTY_FILE)
    first_line = text.split("\n", 1)[0]
    separator = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        cells = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, na_filter=False, skip_blank_lines=False
        )
    except pd.errors.ParserError:
        # A row longer than the first: pandas' fast parser refuses it, the csv module pads it.
        cells = _frame(list(csv.reader(io.StringIO(text, newline=""), delimiter=separator)))
    return [TextTable(name, None, _trimmed(cells))]


def _decode(data: bytes) -> str:
    # Chinese Excel saves CSV as GBK without a BOM; GB18030 is its superset.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable(messages.UNDECODABLE)


def _read_workbook(data: bytes, name: str) -> list[TextTable]:
    # The content decides, not the name: schools pass around .xls files renamed .xlsx and back.
    if data.startswith(_XLSX_MAGIC):
        read_sheets: Callable[[bytes], list[tuple[str, list[list[str]]]]] = _xlsx_sheets
    elif data.startswith(_XLS_MAGIC):
        read_sheets = _xls_sheets
    else:
        raise _Unreadable(messages.CORRUPT_WORKBOOK)
    try:
        sheets = read_sheets(data)
    except Exception as error:  # openpyxl and xlrd raise many kinds of errors on damaged files
        raise _Unreadable(messages.CORRUPT_WORKBOOK) from error
    return [TextTable(name, sheet, _frame(rows)) for sheet, rows in sheets]


def _xlsx_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # some exporters write a wrong used range
            rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
            sheets.append((sheet.title, [[_cell_text(value) for value in row] for row in rows]))
        return sheets
    finally:
        book.close()


def _xls_sheets(data: bytes) -> list[tuple[str, list[list[str]]]]:
    book = xlrd.open_workbook(file_contents=data)
    return [
        (sheet.name, [[_xls_cell_text(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows)])
        for sheet in book.sheets()
    ]


def _xls_cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return _cell_text(cell.value)


def _cell_text(value: object) -> str:
    """A cell value as the teacher reads it: whole numbers without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _frame(rows: list[list[str]]) -> pd.DataFrame:
    width = max(map(len, rows), default=0)
    return _trimmed(pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=str))


def _trimmed(cells: pd.DataFrame) -> pd.DataFrame:
    """Without the blank rows and columns after the last value (Excel often keeps formatted empty ones)."""
    filled = cells.to_numpy() != ""
    rows, columns = np.flatnonzero(filled.any(axis=1)), np.flatnonzero(filled.any(axis=0))
    if len(rows) == 0:
        return pd.DataFrame()
    return cells.iloc[: rows[-1] + 1, : columns[-1] + 1]


_READERS: dict[str, Callable[[bytes, str], list[TextTable]]] = {
    ".csv": _read_csv,
    ".xlsx": _read_workbook,
    ".xlsm": _read_workbook,
    ".xls": _read_workbook,
}
