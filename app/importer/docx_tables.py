"""Tables of a Word document (.docx): a 双向细目表 kept in Word, one text table per table of the document.

python-docx reads the document (its XML parser resolves no entities); the package is checked against the
importer's limits before it is opened. A merged cell's text stands in every cell it spans, as Word shows it.
"""

from __future__ import annotations

import io
import zipfile

from app.importer.grid import Budget, Grid
from app.importer.limits import MAX_XML_BYTES, MAX_ZIP_ENTRIES
from app.importer.tables import TextTable
from app.importer.xlsx_package import Damaged

_DOCUMENT = "word/document.xml"


def is_docx(data: bytes) -> bool:
    """Whether a zip package is a Word document (it has the main document part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _DOCUMENT in archive.NameToInfo
    except zipfile.BadZipFile:
        return False


def table_name(number: int) -> str:
    """How the importer names the document's `number`-th table (1-based), as a sheet: 表格1."""
    return f"表格{number}"


def read_docx(data: bytes, file: str, budget: Budget) -> list[TextTable]:
    """Every top-level table of the document, in order; Damaged where it is no readable document."""
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES or any(info.file_size > MAX_XML_BYTES for info in infos):
            raise Damaged("a part too big to read")
    document = docx.Document(io.BytesIO(data))
    tables = []
    for number, table in enumerate(document.tables, start=1):
        grid = Grid(file, table_name(number), budget)
        for row_number, row in enumerate(table.rows, start=1):
            grid.add(row_number, [cell.text.strip() for cell in row.cells])
        tables.append(TextTable(file, table_name(number), grid.frame(), notes=tuple(grid.notes())))
    return tables
