"""Tables of a Word document (.docx): a 双向细目表 kept in Word, one text table per top-level table.

The document part is streamed through expat like an .xlsx sheet (no DTD, no entities, nothing loaded whole),
each row into a `Grid`, so the importer's limits hold. A merged cell's text stands in every cell it spans,
across (gridSpan) and down (vMerge), as Word shows it. (python-docx would need lxml, whose presence switches
openpyxl to a writer that stores every Chinese character of an XLSX export as a character reference.)
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from xml.etree import ElementTree

from app.importer.grid import Budget, Grid
from app.importer.limits import MAX_XML_BYTES, MAX_ZIP_ENTRIES
from app.importer.tables import TextTable
from app.importer.xlsx_package import Damaged
from app.importer.xml_text import feed, xml_parser

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMES = {f"{_W} {name}": name for name in ("tbl", "tr", "tc", "p", "t", "tab", "br", "gridSpan", "vMerge")}
_VAL = f"{_W} val"
_DOCUMENT = "word/document.xml"


def is_docx(data: bytes) -> bool:
    """Whether a zip package is a Word document (it has a main document part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _main_part(archive)
            return part.startswith("word/") and part in archive.NameToInfo  # an .xlsx names xl/workbook.xml
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ElementTree.ParseError, KeyError):
        return False  # a damaged package is no Word document: the workbook reader refuses it as damaged


def table_name(number: int) -> str:
    """How the importer names the document's `number`-th table (1-based), as a sheet: 表格1."""
    return f"表格{number}"


def _main_part(archive: zipfile.ZipFile) -> str:
    """The document part the package's relationships name (word/document.xml in every Word file seen)."""
    if "_rels/.rels" not in archive.NameToInfo or archive.getinfo("_rels/.rels").file_size > 2**20:
        return _DOCUMENT
    for rel in ElementTree.fromstring(archive.read("_rels/.rels")).iterfind(".//{*}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return posixpath.normpath(rel.get("Target", _DOCUMENT).lstrip("/"))
    return _DOCUMENT


class _Document:
    """The expat handlers: each top-level table's rows as (text, columns spanned, vertical merge) per cell."""

    def __init__(self) -> None:
        self.tables: list[list[list[tuple[str, int, str | None]]]] = []
        self.depth = 0  # tables inside tables are read as their cell's text, not as tables
        self.row: list[tuple[str, int, str | None]] = []
        self.parts: list[str] = []
        self.span = 1
        self.merge: str | None = None
        self.collect = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        kind = _NAMES.get(name)
        if kind == "tbl":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and kind == "tr":
            self.row = []
        elif self.depth == 1 and kind == "tc":
            self.parts, self.span, self.merge = [], 1, None
        elif self.depth == 1 and kind == "gridSpan":
            self.span = max(1, int(attributes.get(_VAL, "1") or 1))
        elif self.depth == 1 and kind == "vMerge":
            self.merge = attributes.get(_VAL, "continue")
        elif kind == "p" and self.depth and self.parts:
            self.parts.append("\n")
        elif kind == "t" and self.depth:
            self.collect = True
        elif kind in ("tab", "br") and self.depth:
            self.parts.append("\t" if kind == "tab" else "\n")

    def text(self, data: str) -> None:
        if self.collect:
            self.parts.append(data)

    def end(self, name: str) -> None:
        kind = _NAMES.get(name)
        if kind == "t":
            self.collect = False
        elif kind == "tbl":
            self.depth -= 1
        elif self.depth == 1 and kind == "tc":
            self.row.append(("".join(self.parts).strip(), self.span, self.merge))
        elif self.depth == 1 and kind == "tr":
            self.tables[-1].append(self.row)


def _cells(rows: list[list[tuple[str, int, str | None]]]) -> list[list[str]]:
    """Rows of text, a merged cell's text in every cell it spans."""
    out: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        for text, span, merge in row:
            column = len(cells)
            above = out[-1][column] if merge == "continue" and out and column < len(out[-1]) else None
            cells += [above if above is not None else text] * span
        out.append(cells)
    return out


def read_docx(data: bytes, file: str, budget: Budget) -> list[TextTable]:
    """Every top-level table of the document, in order; Damaged where it is no readable document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive:
            if len(archive.infolist()) > MAX_ZIP_ENTRIES:
                raise Damaged("too many parts")
            info = archive.getinfo(_main_part(archive))
            if info.file_size > MAX_XML_BYTES:
                raise Damaged("the document part is too big")
            document = _Document()
            with archive.open(info) as stream:
                feed(stream, xml_parser(document.start, document.text, document.end))
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError) as error:
        raise Damaged(str(error)) from error
    tables = []
    for number, rows in enumerate((rows for rows in document.tables if rows), start=1):
        grid = Grid(file, table_name(number), budget)
        for row_number, cells in enumerate(_cells(rows), start=1):
            grid.add(row_number, cells)
        tables.append(TextTable(file, table_name(number), grid.frame(), notes=tuple(grid.notes())))
    return tables
