"""Cells as a reader finds them, checked against the limits while they arrive, then one dense text table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from app.core.problems import GradebookError, Problem, Severity, Text
from app.importer import messages
from app.importer.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARS, MAX_XML_CELLS
from app.importer.problem_log import Location, ProblemLog

_LAST_LETTERED = 18_278  # ZZZ
# ANSI escape sequences first (so their parameters go with them), then any other C0 or C1 control character;
# tab and line breaks are text.
CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def cell_text(value: object) -> str:
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


@dataclass
class Budget:
    """What one file may still hold, across its sheets: cells of the used ranges, characters, cells listed."""

    cells: int = MAX_CELLS
    chars: int = MAX_TEXT_CHARS
    listed: int = MAX_XML_CELLS  # cells an .xlsx lists, formatted empty ones included


def column_name(column: int) -> str:
    """A 1-based column's Excel letters; its number past ZZZ, where Excel has no letters."""
    return get_column_letter(column) if column <= _LAST_LETTERED else f"#{column:,}"


def refuse(
    text: Text, file: str, sheet: str | None, row: int | None = None, column: int | None = None
) -> GradebookError:
    """The error refusing a file, located at a cell (`column` 1-based) or a row."""
    return GradebookError([Problem(Severity.ERROR, text, file, sheet, row, column_name(column) if column else None)])


def check_extent(budget: Budget, file: str, sheet: str | None, extent: tuple[int, int], at: tuple[int, int]) -> None:
    """Refuse a table reaching down and across to `extent` (rows, columns) beyond the limits, located at the cell
    `at` (row, column) that takes it there."""
    (height, width), (row, column) = extent, at
    if height > MAX_ROWS or width > MAX_COLUMNS:
        raise refuse(messages.too_large(column_name(column), row), file, sheet, row, column)
    if height * width > budget.cells:
        cells = MAX_CELLS - budget.cells + height * width
        raise refuse(messages.too_many_cells(column_name(column), row, cells), file, sheet, row, column)


@dataclass
class Grid:
    """One table's rows as they arrive (Excel row numbers, cells from column A), refused past the limits."""

    file: str
    sheet: str | None
    budget: Budget
    rows: list[int] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=list)
    height: int = 0
    width: int = 0
    log: ProblemLog = field(default_factory=ProblemLog)
    _cleaned: int = 0  # cells whose control characters were removed
    _first_cleaned: tuple[int, int] = (0, 0)  # the first one's (row, column)
    _texts: dict[str, str] = field(default_factory=dict)  # each distinct text once: the cells share it

    def add(self, row: int, cells: list[str]) -> None:
        """Keep Excel row `row` (cells from column A; trailing blanks dropped; a blank row is not kept)."""
        if CONTROL.search("".join(cells)):
            cells = self._cleaned_cells(row, cells)
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            return
        height, width = max(self.height, row), max(self.width, len(cells))
        if (height, width) != (self.height, self.width):
            check_extent(self.budget, self.file, self.sheet, (height, width), (row, len(cells)))
            self.height, self.width = height, width
        texts = self._texts
        new = [cell for cell in cells if cell not in texts]
        if new:
            lengths = list(map(len, new))
            if max(lengths) > MAX_CELL_CHARS:
                column = next(j for j, cell in enumerate(cells) if len(cell) > MAX_CELL_CHARS) + 1
                raise refuse(messages.CELL_TOO_LONG, self.file, self.sheet, row, column)
            self.budget.chars -= sum(lengths)
            if self.budget.chars < 0:
                raise refuse(messages.TOO_MUCH_TEXT, self.file, self.sheet, row)
            texts.update(zip(new, new))
        self.rows.append(row)
        self.values.append([texts[cell] for cell in cells])

    def _cleaned_cells(self, row: int, cells: list[str]) -> list[str]:
        for j, cell in enumerate(cells):
            if CONTROL.search(cell):
                if not self._cleaned:
                    self._first_cleaned = (row, j + 1)
                self._cleaned += 1
                cells[j] = CONTROL.sub("", cell)
        return cells

    def warn(self, rule: Text, text: Text, row: int | None = None, column: int | None = None) -> None:
        """Note a warning of `rule` about this table for whoever reads it."""
        where = Location(self.file, self.sheet, row, column_name(column) if column else None)
        self.log.add(rule, Severity.WARNING, where, text)

    def frame(self) -> pd.DataFrame:
        """The table, dense from A1 to its last value; its cells are charged to the file's budget."""
        if not self.rows:
            return pd.DataFrame()
        self.budget.cells -= self.height * self.width
        cells = np.full((self.height, self.width), "", dtype=object)
        for row, values in zip(self.rows, self.values):
            cells[row - 1, : len(values)] = values
        self.rows, self.values = [], []  # not held while the frame is built
        return pd.DataFrame(cells, dtype=str)

    def notes(self) -> list[Problem]:
        """The warnings noted, with one for the cells whose control characters were removed."""
        if not self._cleaned:
            return self.log.problems()
        row, column = self._first_cleaned
        cleaned = Problem(
            Severity.WARNING,
            messages.control_characters(self._cleaned),
            self.file,
            self.sheet,
            row,
            column_name(column),
        )
        return [cleaned, *self.log.problems()]
