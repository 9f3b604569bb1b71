"""Plans, the mastery table and the report's tables as rows, written to XLSX or CSV safely.

CSV is UTF-8 with a BOM (so Chinese Excel reads it). Any text cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return is neutralised with a leading apostrophe (and in XLSX also
stored as plain text), so Excel never runs it as a formula (e.g. a student "named"
`=HYPERLINK("http://…")`). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | float | int | bool | None


@dataclass(frozen=True)
class Table:
    """One sheet: a name, a header row and rows of plain values."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def neutralise(value: Cell) -> Cell:
    """The cell as written: a text starting like a formula gets a leading apostrophe; NaN becomes blank."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(table: Table, path: Path) -> Path:
    """Write one table as CSV, UTF-8 with BOM, every cell neutralised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        write_csv_rows(table, f)
    return path


def write_csv_rows(table: Table, stream: TextIO) -> None:
    """The table's header and rows as CSV into `stream` (opened with newline=""), every cell neutralised."""
    writer = csv.writer(stream)
    writer.writerow([neutralise(h) for h in table.header])
    for row in table.rows:
        writer.writerow(["" if (v := neutralise(c)) is None else v for c in row])


def write_xlsx(tables: Sequence[Table], path: Path, *, title: str = "") -> Path:
    """Write tables as sheets of one workbook; text cells are strings, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    default = wb.active  # a new workbook comes with one empty sheet
    if default is not None:
        wb.remove(default)
    used: set[str] = set()
    for table in tables:
        name = _sheet_name(table.name, used)
        ws = wb.create_sheet(name)
        ws.append([neutralise(h) for h in table.header])
        for row in table.rows:
            ws.append([neutralise(c) for c in row])
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        for j, header in enumerate(table.header, start=1):
            longest = max([_width(header), *(_width(r[j - 1]) for r in table.rows[:200])])
            ws.column_dimensions[get_column_letter(j)].width = min(max(longest + 2, 6), 60)
    wb.properties.title = neutralise(title) or None
    wb.properties.creator = "Zhidian"
    wb.properties.lastModifiedBy = "Zhidian"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _width(value: Cell) -> int:
    text = "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:28]}_{n}"
        n += 1
    used.add(candidate.lower())
    return candidate
