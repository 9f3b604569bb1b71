"""Reading an .xlsx workbook in bounded memory: its sheet list, shared text and date styles, then each sheet
streamed cell by cell by `xlsx_sheet`, never padded out to the sheet's far corner."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from app.importer import messages
from app.importer.grid import refuse
from app.importer.limits import MAX_CELL_CHARS, MAX_TEXT_CHARS, MAX_XML_BYTES, MAX_XML_CELLS, MAX_ZIP_ENTRIES
from app.importer.xml_text import feed, local_names, unescape, xml_parser

_SMALL_PART = 16 * 2**20  # the workbook, its relationships and its styles are read whole
_EAST_ASIAN_DATES = frozenset([*range(27, 37), *range(50, 59)])  # built-in date formats of a Chinese Excel
_SI = local_names("si", "t", "rPh")
_PADDED = re.compile(r"0{2,}")  # a number format that shows leading zeros: 0000000


class Damaged(Exception):
    """The package is not a workbook the reader understands."""


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of the workbook: its name, its part in the package, and whether it is hidden."""

    name: str
    path: str
    hidden: bool


@dataclass(frozen=True)
class Styles:
    """Which cell styles show numbers as dates (or durations) or padded with zeros (0000000), and the workbook's
    date epoch."""

    dates: frozenset[int]
    durations: frozenset[int]
    epoch: dt.datetime
    padded: dict[int, int] = field(default_factory=dict)  # style -> digits shown (a 学号 kept as 0803001)


@dataclass(frozen=True)
class Package:
    """An opened .xlsx: its sheets, shared texts (None for one too long to keep) and styles."""

    archive: zipfile.ZipFile
    file: str
    sheets: list[SheetPart]
    strings: list[str | None]
    styles: Styles

    def feed(self, path: str, parser: expat.XMLParserType, sheet: str | None) -> None:
        """Stream one part of the package through `parser`."""
        _feed_part(self.archive, path, parser, self.file, sheet)


def open_package(data: bytes, file: str) -> Package:
    """The workbook's parts as far as they are read before its sheets; Damaged where it is no workbook."""
    if _listed_parts(data) > MAX_ZIP_ENTRIES:  # known before the zip's directory is read into memory
        raise Damaged("too many parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        main = _target(archive, "_rels/.rels", "", "/officeDocument") or "xl/workbook.xml"
        book = _small_part(archive, main)
        rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
        base = posixpath.dirname(main)
        sheets = []
        for sheet in book.iterfind(".//{*}sheet"):
            rel_id = next((value for key, value in sheet.attrib.items() if key.endswith("}id")), None)
            path = _target(archive, rels, base, "/worksheet", rel_id) if rel_id else None
            if path is not None:  # chart sheets and dialog sheets hold no cells
                sheets.append(SheetPart(sheet.get("name", ""), path, sheet.get("state", "visible") != "visible"))
        date1904 = next((p.get("date1904") for p in book.iterfind(".//{*}workbookPr")), None) in ("1", "true")
        styles = _styles(archive, _target(archive, rels, base, "/styles"), date1904)
        strings_path = _target(archive, rels, base, "/sharedStrings")
        strings = _shared_strings(archive, strings_path, file) if strings_path else []
    except (zipfile.BadZipFile, KeyError, ValueError, expat.ExpatError, ElementTree.ParseError, OSError) as error:
        raise Damaged(str(error)) from error
    return Package(archive, file, sheets, strings, styles)


def _listed_parts(data: bytes) -> int:
    """The number of parts the zip's end record gives (65,535 for a zip64 one); 0 without an end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 2**16 - 22))
    return int.from_bytes(data[end + 10 : end + 12], "little") if end >= 0 else 0


def _small_part(archive: zipfile.ZipFile, path: str) -> ElementTree.Element:
    info = archive.getinfo(path)
    if info.file_size > _SMALL_PART:
        raise Damaged(f"{path} is too big")
    data = archive.read(info)
    if b"<!DOCTYPE" in data:
        raise expat.ExpatError("a document type declaration")  # an .xlsx has none: only entity tricks use one
    return ElementTree.fromstring(data)


def _target(archive: zipfile.ZipFile, rels: str, base: str, kind: str, rel_id: str | None = None) -> str | None:
    """The part a relationship of `rels` points to: the one with `rel_id`, else the first of type `*kind`."""
    if rels not in archive.NameToInfo:
        return None
    for rel in _small_part(archive, rels).iterfind(".//{*}Relationship"):
        if (rel_id is None or rel.get("Id") == rel_id) and rel.get("Type", "").endswith(kind):
            target = rel.get("Target", "")
            path = target[1:] if target.startswith("/") else posixpath.join(base, target)
            return posixpath.normpath(path)
    return None


def _styles(archive: zipfile.ZipFile, path: str | None, date1904: bool) -> Styles:
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    if path is None or path not in archive.NameToInfo:
        return Styles(frozenset(), frozenset(), epoch)
    root = _small_part(archive, path)
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iterfind(".//{*}numFmt")}
    dates, durations, padded = set(), set(), {}
    for xfs in root.iterfind(".//{*}cellXfs"):
        for index, xf in enumerate(xfs.iterfind(".//{*}xf")):
            number = int(xf.get("numFmtId", 0))
            code = custom.get(number, BUILTIN_FORMATS.get(number))
            if number in _EAST_ASIAN_DATES or is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
            if code and _PADDED.fullmatch(code):
                padded[index] = code.count("0")
    return Styles(frozenset(dates), frozenset(durations), epoch, padded)


class _SharedStrings:
    """The shared-string table, streamed: a text too long for a cell is kept as None."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.strings: list[str | None] = []
        self.parts: list[str] = []
        self.length = 0
        self.chars = 0
        self.in_text = False
        self.in_phonetic = False

    def start(self, name: str, _: dict[str, str]) -> None:
        kind = _SI.get(name)
        if kind == "si":
            self.parts, self.length = [], 0
        elif kind == "t":
            self.in_text = not self.in_phonetic
        elif kind == "rPh":  # the phonetic guide over a run is not part of the text
            self.in_phonetic = True

    def text(self, data: str) -> None:
        if self.in_text:
            self.length += len(data)
            if self.length <= MAX_CELL_CHARS:
                self.parts.append(data)

    def end(self, name: str) -> None:
        kind = _SI.get(name)
        if kind == "t":
            self.in_text = False
        elif kind == "rPh":
            self.in_phonetic = False
        elif kind == "si":
            self._keep()

    def _keep(self) -> None:
        if len(self.strings) >= MAX_XML_CELLS:
            raise refuse(messages.too_many_listed_cells(), self.file, None)
        if self.length > MAX_CELL_CHARS:
            self.strings.append(None)
            return
        self.chars += self.length
        if self.chars > MAX_TEXT_CHARS:
            raise refuse(messages.TOO_MUCH_TEXT, self.file, None)
        self.strings.append(unescape("".join(self.parts)))


def _shared_strings(archive: zipfile.ZipFile, path: str, file: str) -> list[str | None]:
    table = _SharedStrings(file)
    _feed_part(archive, path, xml_parser(table.start, table.text, table.end), file, None)
    return table.strings


def _feed_part(archive: zipfile.ZipFile, path: str, parser: expat.XMLParserType, file: str, sheet: str | None) -> None:
    """Stream one part through `parser`, refusing a part too big to go through."""
    info = archive.getinfo(path)
    if info.file_size > MAX_XML_BYTES:
        raise refuse(messages.xml_too_big(info.file_size), file, sheet)
    with archive.open(info) as stream:
        feed(stream, parser)
