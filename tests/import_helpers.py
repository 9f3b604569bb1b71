"""Small gradebook files written inside the importer's tests: CSV in any encoding, XLSX with named sheets."""

import csv
import io
from pathlib import Path

from openpyxl import Workbook


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    """Write `rows` as CSV with Excel's CRLF line ends in `encoding` ("utf-8-sig" adds the BOM)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write one worksheet per entry, rows from A1 (None leaves a cell empty)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
