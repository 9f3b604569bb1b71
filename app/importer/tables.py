"""A file as text tables: one per sheet (or one for a text file), every cell as the teacher sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from app.core.problems import GradebookError, Problem, Severity
from app.importer import messages
from app.importer.problem_log import Location


class CellRange(NamedTuple):
    """A merged range of a sheet, 1-based and inclusive."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def ref(self) -> str:
        """As Excel names it, e.g. E4:G4."""
        first = f"{get_column_letter(self.first_column)}{self.first_row}"
        return f"{first}:{get_column_letter(self.last_column)}{self.last_row}"


@dataclass(frozen=True)
class TextTable:
    """One sheet, or a whole text file, as text: `cells.iat[i, j]` is Excel row i + 1, column j + 1; "" is empty."""

    file: str
    sheet: str | None  # None for a text (CSV) file
    cells: pd.DataFrame
    hidden: bool = False  # a hidden sheet: read only when no visible one will do
    notes: tuple[Problem, ...] = ()  # warnings about reading it (control characters removed, formulas …)
    merges: tuple[CellRange, ...] = ()  # merged ranges of a workbook sheet
    widths: np.ndarray | None = None  # a text file's cells per row (index: Excel row - 1); None for a sheet

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
        """The workbook's sheet names; empty for a text file."""
        return [table.sheet for table in self.tables if table.sheet is not None]

    @property
    def searched(self) -> list[TextTable]:
        """The tables in the order a table is looked for: visible sheets first, then hidden ones."""
        return sorted(self.tables, key=lambda table: table.hidden)

    def table(self, sheet: str | None) -> TextTable:
        """The table of sheet `sheet` (None: the first table); GradebookError if there is none."""
        if sheet is None:
            return self.tables[0]
        for table in self.tables:
            if table.sheet == sheet:
                return table
        raise GradebookError([Problem(Severity.ERROR, messages.no_such_sheet(sheet, self.sheet_names), self.name)])
