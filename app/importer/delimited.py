"""Text tables: CSV and TSV files (and text saved under an Excel name), decoded, split into cells and checked.

A file without quotes or control characters goes through pandas' fast parser straight from its bytes, its size
checked first, each column kept as the distinct texts it holds and a small code per cell (a term of a grade in
long format, 1.4 M rows, never becomes 13 M text objects nor one decoded copy of the file); any other goes row by
row through the csv module, strictly: a stray quote is refused with its row rather than swallowing the rows after
it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from app.importer import messages
from app.importer.grid import CONTROL, Budget, Grid, check_extent, refuse
from app.importer.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from app.importer.tables import TextTable

_FAST_ENCODINGS = ("utf-8-sig", "gb18030")  # an ASCII byte never occurs inside their other characters
_FIRST_LINE = 1 << 16  # characters read to find the separator on the first line
_CHUNK_ROWS = 100_000  # rows parsed at a time: their texts exist only until the chunk is coded
_NOT_PLAIN = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, ord('"')])
_PLAIN_BYTES = bytes(b for b in range(256) if b not in _NOT_PLAIN)


_CHUNK = 1 << 20  # bytes decoded at a time to check an encoding


def encoding_of(data: bytes) -> str | None:
    """The file's encoding: UTF-16 with its mark, UTF-8, else GB18030 (Chinese Excel's CSV); None if none decodes
    it. Checked a chunk at a time: the decoded text is not kept."""
    encodings = ("utf-16",) if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _FAST_ENCODINGS
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), _CHUNK):
                decoder.decode(data[start : start + _CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def head(data: bytes, encoding: str, chars: int) -> str:
    """The first `chars` characters of the file (its BOM left out)."""
    return data[: 4 * chars + 4].decode(encoding, errors="ignore").lstrip("\ufeff")[:chars]


def is_blank(data: bytes, encoding: str) -> bool:
    """Whether the file holds only white space."""
    if encoding == "utf-16" or len(data) < _CHUNK:
        return not data.decode(encoding).lstrip("\ufeff").strip()
    return not data.removeprefix(codecs.BOM_UTF8).strip()  # an ASCII-compatible encoding: a large file is rarely blank


def separator(text: str) -> str:
    """Tab when the first line holds more tabs than commas, else comma."""
    first_line = text.split("\n", 1)[0]
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_delimited(data: bytes, encoding: str, file: str, budget: Budget) -> TextTable:
    """The text table of a file (`data` its bytes in `encoding`)."""
    first = head(data, encoding, _FIRST_LINE).split("\n", 1)[0]
    sep = separator(first)
    if encoding in _FAST_ENCODINGS and _plain(data, encoding):
        try:
            return _read_plain(data, first, encoding, sep, file, budget)
        except (pd.errors.ParserError, pd.errors.EmptyDataError):
            pass  # a row longer than the first, or a blank first line: the csv module reads those
    return _read_rows(data.decode(encoding).lstrip("\ufeff"), sep, file, budget)


def _plain(data: bytes, encoding: str) -> bool:
    """No quotes, no control characters, no line ending in a lone CR: one row per line."""
    if data.translate(None, _PLAIN_BYTES):
        return False
    if data.count(b"\r") != data.count(b"\r\n"):
        return False
    # C1 controls take two bytes in UTF-8 (C2 80–9F) and four in GB18030 (81 30 …): only then look at the text,
    # a chunk at a time (a C1 control is one character: no match spans two chunks)
    lead = b"\xc2" if encoding != "gb18030" else b"\x81\x30"
    if lead not in data:
        return True
    decoder = codecs.getincrementaldecoder(encoding)()
    return not any(CONTROL.search(decoder.decode(data[at : at + _CHUNK])) for at in range(0, len(data), _CHUNK))


def _read_plain(data: bytes, first: str, encoding: str, sep: str, file: str, budget: Budget) -> TextTable:
    """A file without quotes: one row per line, so its size is known before pandas parses it; each column is kept
    as its distinct texts and a code per cell, and the distinct texts are what the text budget counts."""
    rows = data.count(b"\n") + (not data.endswith(b"\n"))
    width = first.count(sep) + 1
    check_extent(budget, file, None, (rows, width), (_row_past_limits(rows, width, budget), width))
    cells = _compact(data, sep, encoding)
    lengths = [np.array([len(str(text)) for text in cells[j].cat.categories], dtype=int) for j in cells.columns]
    if any(len(counts) and counts.max() > MAX_CELL_CHARS for counts in lengths):
        _check_lengths(cells, file)
    chars = sum(int(counts.sum()) for counts in lengths)
    if chars > budget.chars:
        raise refuse(messages.TOO_MUCH_TEXT, file, None)
    budget.chars -= chars
    budget.cells -= cells.size
    widths = np.full(len(cells), width)
    if data.count(sep.encode()) != (width - 1) * len(cells):  # some row is short (or blank): count each
        codes = np.frombuffer(data, dtype=np.uint8)
        line_ends = np.flatnonzero(codes == ord("\n"))
        separators = np.flatnonzero(codes == ord(sep))
        widths = np.bincount(np.searchsorted(line_ends, separators), minlength=len(cells)) + 1
    return TextTable(file, None, _trimmed(cells), widths=widths[: len(cells)])


def _compact(data: bytes, sep: str, encoding: str) -> pd.DataFrame:
    """The file parsed a chunk of rows at a time, each column kept as categories (its distinct texts) and codes."""
    chunks = pd.read_csv(
        io.BytesIO(data),
        sep=sep,
        header=None,
        dtype=str,
        na_filter=False,
        skip_blank_lines=False,
        encoding=encoding,
        chunksize=_CHUNK_ROWS,
    )
    parts = [chunk.astype("category") for chunk in chunks]
    if not parts:
        raise pd.errors.EmptyDataError("no rows")
    width = max(part.shape[1] for part in parts)
    blank = [pd.Series(pd.Categorical([""] * len(part))) for part in parts]  # a chunk whose rows all end early
    return pd.DataFrame(
        {
            j: union_categoricals([part[j] if j in part else blank[k] for k, part in enumerate(parts)])
            for j in range(width)
        }
    )


def _row_past_limits(rows: int, width: int, budget: Budget) -> int:
    """Where a table of `rows` lines of `width` cells goes past the limits, if it does: its last row when it is
    too long, its first when too wide, else the row where its cells run out."""
    if rows > MAX_ROWS:
        return rows
    return 1 if width > MAX_COLUMNS else min(rows, budget.cells // width + 1)


def _check_lengths(cells: pd.DataFrame, file: str) -> None:
    for j in cells.columns:
        lengths = cells[j].astype(str).str.len().to_numpy()
        if lengths.max(initial=0) > MAX_CELL_CHARS:
            i = int(np.argmax(lengths > MAX_CELL_CHARS))
            raise refuse(messages.CELL_TOO_LONG, file, None, i + 1, int(j) + 1)


def _read_rows(text: str, sep: str, file: str, budget: Budget) -> TextTable:
    """Row by row through the csv module, strictly, noting each row's cells and each cell spanning lines."""
    grid = Grid(file, None, budget)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    widths: list[int] = []
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise _quote_error(str(error), text, sep, file, len(widths) + 1, first_line) from None
        row = len(widths) + 1
        widths.append(len(cells))
        if reader.line_num > first_line:
            _check_line_breaks(grid, cells, sep, row)
        grid.add(row, cells)
    return TextTable(file, None, grid.frame(), notes=tuple(grid.notes()), widths=np.array(widths, dtype=int))


def _quote_error(reason: str, text: str, sep: str, file: str, row: int, line: int) -> Exception:
    if "field larger than field limit" in reason:
        return refuse(messages.CELL_TOO_LONG, file, None, row)
    if "unexpected end of data" in reason:  # the quote opening the row's last cell never closes
        start = next(itertools.islice(io.StringIO(text, newline=""), line - 1, None), "")
        cells = next(csv.reader([start], delimiter=sep), [])
        return refuse(messages.unclosed_quote(line), file, None, row, len(cells) or None)
    return refuse(messages.stray_quote(line), file, None, row)


def _check_line_breaks(grid: Grid, cells: list[str], sep: str, row: int) -> None:
    """A quoted cell over several lines: refused when those lines hold separators (rows swallowed by a stray
    quote), else noted."""
    for j, cell in enumerate(cells):
        lines = cell.splitlines()
        if len(lines) > 1:
            if any(sep in line for line in lines[1:]):
                raise refuse(messages.swallowed_rows(len(lines)), grid.file, None, row, j + 1)
            grid.warn(messages.LINE_BREAK_IN_CELL, messages.line_break_in_cell(len(lines)), row, j + 1)


def _trimmed(cells: pd.DataFrame) -> pd.DataFrame:
    """Without the blank rows and columns after the last value (Excel often keeps formatted empty ones)."""
    if cells.empty:
        return pd.DataFrame()
    filled = np.column_stack([(cells[j] != "").to_numpy(dtype=bool) for j in cells.columns])
    rows, columns = np.flatnonzero(filled.any(axis=1)), np.flatnonzero(filled.any(axis=0))
    if len(rows) == 0:
        return pd.DataFrame()
    return cells.iloc[: rows[-1] + 1, : columns[-1] + 1]
