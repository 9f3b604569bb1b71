"""Reading a file into text tables, one per sheet: only regular files of bounded size, and the content decides
how (schools pass around .xls files renamed .xlsx, and web systems save HTML and text as .xls)."""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import xlrd

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import delimited, messages
from app.importer.docx_tables import is_docx, read_docx
from app.importer.grid import CONTROL, Budget, Grid, cell_text
from app.importer.limits import MAX_FILE_BYTES
from app.importer.tables import SourceFile, TextTable
from app.importer.xlsx import read_xlsx

SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm", ".xls", ".docx"})
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED_STREAMS = tuple(name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo"))
_SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"
_SNIFFED = 4096  # bytes (or characters) looked at to tell what a file really is
_PADDED = re.compile(r"0{2,}")  # a number format that shows leading zeros: 0000000


_SheetReader = Callable[[bytes, str, Budget], list[TextTable]]


class _Unreadable(Exception):
    """The file cannot be read at all; carries the reason for the teacher."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def read_source(path: Path) -> SourceFile:
    """Read a .csv, .xlsx or .xls file into text tables; GradebookError if it cannot be read at all, or holds
    more than the importer reads (located where it goes past)."""
    try:
        data = _read_regular_file(path, SUFFIXES)
    except _Unreadable as unreadable:
        raise GradebookError([Problem(Severity.ERROR, unreadable.text, path.name)]) from unreadable
    return source_from_bytes(path.name, data, path.suffix.lower())


def source_from_bytes(name: str, data: bytes, suffix: str) -> SourceFile:
    """The text tables of a file's bytes (a part of a package: `name` says where it is), read as `read_source`
    reads a file of that suffix."""
    try:
        tables = _tables(data, name, suffix)
        if all(table.cells.empty for table in tables):
            raise _Unreadable(messages.EMPTY_FILE)
    except _Unreadable as unreadable:
        raise GradebookError([Problem(Severity.ERROR, unreadable.text, name)]) from unreadable
    return SourceFile(name, data, tables)


def read_bounded(path: Path, suffixes: frozenset[str] | None = None) -> bytes:
    """The bytes of the regular file `path` of at most MAX_FILE_BYTES (with a suffix of `suffixes`, when given);
    GradebookError naming the file otherwise."""
    try:
        return _read_regular_file(path, suffixes)
    except _Unreadable as unreadable:
        raise GradebookError([Problem(Severity.ERROR, unreadable.text, path.name)]) from unreadable


def _read_regular_file(path: Path, suffixes: frozenset[str] | None) -> bytes:
    """The bytes of a regular file of a known type and at most MAX_FILE_BYTES (a pipe or a device would never
    end)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # opening a pipe must not wait
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise _Unreadable(messages.FILE_NOT_FOUND) from None
    except OSError as error:
        raise _Unreadable(messages.cannot_read(error.strerror or str(error))) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable(messages.NOT_A_FILE)
        if suffixes is not None and path.suffix.lower() not in suffixes:
            raise _Unreadable(messages.unknown_type(path.suffix or path.name))
        if info.st_size > MAX_FILE_BYTES:
            raise _Unreadable(messages.file_too_big(info.st_size))
        with open(descriptor, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _Unreadable(messages.cannot_read(error.strerror or str(error))) from error
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise _Unreadable(messages.file_too_big(len(data)))
    return data


def _tables(data: bytes, name: str, suffix: str) -> list[TextTable]:
    budget = Budget()
    if data.startswith(_XLSX_MAGIC):
        if suffix == ".docx" or is_docx(data):
            tables = _workbook(read_docx, data, name, budget, damaged=messages.CORRUPT_DOCUMENT)
            if not tables:
                raise _Unreadable(messages.NO_TABLES_IN_DOCUMENT)
            return tables
        return _workbook(read_xlsx, data, name, budget)
    if data.startswith(_XLS_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise _Unreadable(messages.ENCRYPTED)
        return _workbook(_xls_tables, data, name, budget)
    head = data[:_SNIFFED].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and _SPREADSHEET_XML in head:
        raise _Unreadable(messages.XML_SPREADSHEET)
    if (head.startswith(b"<") and (b"<html" in head or b"<table" in head)) or head.startswith(b"mime-version:"):
        raise _Unreadable(messages.WEB_PAGE)
    encoding = delimited.encoding_of(data)
    if suffix == ".csv":
        if encoding is None:
            raise _Unreadable(messages.UNDECODABLE)
        if delimited.is_blank(data, encoding):
            raise _Unreadable(messages.EMPTY_FILE)
        return [delimited.read_delimited(data, encoding, name, budget)]
    sniffed = delimited.head(data, encoding, _SNIFFED) if encoding is not None else ""
    if encoding is None or CONTROL.search(sniffed) or not set(",\t") & set(sniffed):
        raise _Unreadable(messages.CORRUPT_WORKBOOK)
    table = delimited.read_delimited(data, encoding, name, budget)  # text saved under a workbook's name
    note = Problem(Severity.WARNING, messages.text_as_workbook(suffix, delimited.separator(sniffed) == "\t"), name)
    return [dataclasses.replace(table, notes=(note, *table.notes))]


def _workbook(
    read: _SheetReader, data: bytes, name: str, budget: Budget, damaged: Text = messages.CORRUPT_WORKBOOK
) -> list[TextTable]:
    """The sheets (or a document's tables) `read` finds; limits pass through as they are, anything else is a damaged
    file, said as `damaged`."""
    try:
        return read(data, name, budget)
    except (GradebookError, _Unreadable):
        raise
    except Exception as error:  # zipfile, expat and xlrd raise many kinds of errors on damaged files
        raise _Unreadable(damaged) from error


def _xls_tables(data: bytes, name: str, budget: Budget) -> list[TextTable]:
    try:
        book = xlrd.open_workbook(file_contents=data, ragged_rows=True, on_demand=True, formatting_info=True)
    except xlrd.XLRDError as error:
        encrypted = "encrypted" in str(error).lower()
        raise _Unreadable(messages.ENCRYPTED if encrypted else messages.CORRUPT_WORKBOOK) from error
    tables = []
    padded = _padded_formats(book)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            grid = Grid(name, sheet.name, budget)
            for row in range(sheet.nrows):
                types, values = sheet.row_types(row), sheet.row_values(row)
                cells = [_xls_cell_text(t, v, book.datemode) for t, v in zip(types, values)]
                for column, kind in enumerate(types):
                    digits = padded.get(sheet.cell_xf_index(row, column)) if kind == xlrd.XL_CELL_NUMBER else None
                    if digits and float(values[column]).is_integer() and values[column] >= 0:
                        cells[column] = str(int(values[column])).zfill(digits)  # as Excel shows it: 0803001
                grid.add(row + 1, cells)
            hidden = sheet.visibility != 0
            tables.append(TextTable(name, sheet.name, grid.frame(), hidden, tuple(grid.notes())))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return tables


def _padded_formats(book: xlrd.book.Book) -> dict[int, int]:
    """Cell formats (by XF index) that show a number padded with zeros (0000000), with the digits they show."""
    found = {}
    for index, xf in enumerate(book.xf_list):
        code = book.format_map.get(xf.format_key)
        if code is not None and _PADDED.fullmatch(code.format_str):
            found[index] = code.format_str.count("0")
    return found


def _xls_cell_text(kind: int, value: object, datemode: int) -> str:
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(value, datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return "#VALUE!"
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#ERROR"))
    return cell_text(value)
