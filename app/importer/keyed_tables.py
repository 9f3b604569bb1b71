"""Side tables found by their header: prerequisite files, question banks, 双向细目表, predict queries.

Each reader names the fields it wants with the headers teachers write for them; the first sheet
with a row (among its first rows: titles may come first) naming the required fields is the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from app.core.problems import Problem, Severity, Text
from app.core.text import normalize_header
from app.importer.tables import SourceFile, TextTable

HEADER_SEARCH_ROWS = 30  # title rows above a header are common; a header further down is not


@dataclass(frozen=True)
class KeyedTable:
    """A table found by its header: which column holds each wanted field (None: the table lacks it)."""

    table: TextTable
    header_row: int  # Excel row of the header
    header: list[str]
    columns: dict[str, int | None]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(Excel row, stripped cells) of every non-blank row under the header."""
        for row in range(self.header_row + 1, len(self.table.cells) + 1):
            cells = self.table.row_texts(row)
            if any(cells):
                yield row, cells

    def get(self, cells: list[str], field: str) -> str:
        """The stripped cell of `field` in a row ("" when the table has no such column)."""
        j = self.columns.get(field)
        return cells[j] if j is not None and j < len(cells) else ""

    def label(self, field: str) -> str | None:
        """The header of `field`'s column as written, for locating problems."""
        j = self.columns.get(field)
        return self.header[j] if j is not None else None


def find_keyed_table(
    source: SourceFile,
    names: Mapping[str, Sequence[str]],
    complete: Callable[[dict[str, int | None]], bool],
    sheet: str | None = None,
    skip: TextTable | None = None,
) -> KeyedTable | None:
    """The first table (of `sheet` only, if given; never `skip`) with a header naming fields so that
    `complete(columns)`; the header may sit under title rows."""
    wanted = {field: {normalize_header(n) for n in headers} for field, headers in names.items()}
    tables = [source.table(sheet)] if sheet is not None else source.searched
    for table in tables:
        if table is skip:
            continue
        for header_row in range(1, min(len(table.cells), HEADER_SEARCH_ROWS) + 1):
            header = table.row_texts(header_row)
            if not any(header):
                continue
            keys = [normalize_header(h) for h in header]
            columns = {f: next((j for j, k in enumerate(keys) if k in want), None) for f, want in wanted.items()}
            if complete(columns):
                return KeyedTable(table, header_row, header, columns)
    return None


def no_header(source: SourceFile, text: Text) -> list[Problem]:
    """The problem for a file none of whose sheets has the header wanted."""
    only = source.tables[0].sheet if len(source.tables) == 1 else None
    return [Problem(Severity.ERROR, text, source.name, only, 1)]
