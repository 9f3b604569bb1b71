"""Reading an .xlsx workbook in bounded memory: its sheet list, shared text and date styles, then each sheet
streamed cell by cell by `xlsx_sheet`, never padded out to the sheet's far corner.

Every part is streamed through expat (no part is read whole into a tree), bounded in bytes unzipped
(`MAX_XML_BYTES`), elements (`MAX_XML_CELLS`) and nesting (`MAX_XML_DEPTH`), and refused when it declares a
DTD, in whatever encoding it is written (UTF-8 or UTF-16 alike: expat decodes it first).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from app.importer import messages
from app.importer.grid import refuse
from app.importer.limits import MAX_XML_BYTES, MAX_XML_CELLS, MAX_XML_DEPTH, MAX_ZIP_ENTRIES
from app.importer.shared_strings import SharedStrings, StringTable
from app.importer.xml_text import feed, xml_parser

_EAST_ASIAN_DATES = frozenset([*range(27, 37), *range(50, 59)])  # built-in date formats of a Chinese Excel
_PADDED = re.compile(r"0{2,}")  # a number format that shows leading zeros: 0000000
_MAX_STYLES = 65_536  # Excel keeps at most 64,000 cell formats: later ones can be referenced by no cell
_ID = " id"  # the relationship id attribute, as expat reports it with its namespace ("… id")

Visit = Callable[[str, dict[str, str], list[str]], None]


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
    strings: StringTable
    styles: Styles

    def feed(self, path: str, parser: expat.XMLParserType, sheet: str | None) -> None:
        """Stream one part of the package through `parser`."""
        _feed_part(self.archive, path, parser, self.file, sheet)


@dataclass(frozen=True)
class _Relationship:
    id: str
    type: str
    path: str  # the part it points to, within the package


def open_package(data: bytes, file: str) -> Package:
    """The workbook's parts as far as they are read before its sheets; Damaged where it is no workbook."""
    if listed_parts(data) > MAX_ZIP_ENTRIES:  # known before the zip's directory is read into memory
        raise Damaged("too many parts")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        main = _target(_relationships(archive, "_rels/.rels", "", file), "/officeDocument") or "xl/workbook.xml"
        base = posixpath.dirname(main)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(main) + ".rels")
        rels = _relationships(archive, rels_path, base, file)
        book = _Workbook()
        _walk(archive, main, file, book.visit)
        by_id = {r.id: r for r in rels if r.type.endswith("/worksheet")}
        sheets = [  # chart sheets and dialog sheets hold no cells
            SheetPart(name, by_id[rel_id].path, hidden) for name, rel_id, hidden in book.sheets if rel_id in by_id
        ]
        styles = _styles(archive, _target(rels, "/styles"), book.date1904, file)
        strings_path = _target(rels, "/sharedStrings")
        strings = _shared_strings(archive, strings_path, file) if strings_path else StringTable()
    except (zipfile.BadZipFile, KeyError, ValueError, expat.ExpatError, OSError) as error:
        raise Damaged(str(error)) from error
    return Package(archive, file, sheets, strings, styles)


def listed_parts(data: bytes) -> int:
    """The number of parts the zip's end record gives (65,535 for a zip64 one); 0 without an end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 2**16 - 22))
    return int.from_bytes(data[end + 10 : end + 12], "little") if end >= 0 else 0


def _walk(archive: zipfile.ZipFile, path: str, file: str, visit: Visit) -> None:
    """Stream the part `path`, calling `visit(local name, attributes, open elements)` for each element, refusing
    one nested deeper than MAX_XML_DEPTH or holding more than MAX_XML_CELLS elements."""
    open_elements: list[str] = []
    count = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal count
        open_elements.append(name.rpartition(" ")[2])
        count += 1
        if len(open_elements) > MAX_XML_DEPTH:
            raise refuse(messages.xml_too_deep(path), file, None)
        if count > MAX_XML_CELLS:
            raise refuse(messages.too_many_listed_cells(), file, None)
        visit(open_elements[-1], attributes, open_elements)

    def end(_: str) -> None:
        open_elements.pop()

    _feed_part(archive, path, xml_parser(start, _ignore, end), file, None)


def _ignore(_: str) -> None:
    """Text between the elements of a part read for its attributes only."""


def _relationships(archive: zipfile.ZipFile, path: str, base: str, file: str) -> list[_Relationship]:
    """The relationships listed in `path` (none when there is no such part), targets resolved against `base`."""
    found: list[_Relationship] = []
    if path not in archive.NameToInfo:
        return found

    def visit(name: str, attributes: dict[str, str], _: list[str]) -> None:
        if name == "Relationship" and len(found) < MAX_ZIP_ENTRIES:
            target = attributes.get("Target", "")
            where = target[1:] if target.startswith("/") else posixpath.join(base, target)
            found.append(_Relationship(attributes.get("Id", ""), attributes.get("Type", ""), posixpath.normpath(where)))

    _walk(archive, path, file, visit)
    return found


def _target(rels: list[_Relationship], kind: str) -> str | None:
    """The part the first relationship of type `*kind` points to."""
    return next((r.path for r in rels if r.type.endswith(kind)), None)


class _Workbook:
    """What workbook.xml says: its sheets (name, relationship id, hidden) and its date epoch."""

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str, bool]] = []
        self.date1904 = False

    def visit(self, name: str, attributes: dict[str, str], _: list[str]) -> None:
        if name == "sheet" and len(self.sheets) < MAX_ZIP_ENTRIES:
            rel_id = next((value for key, value in attributes.items() if key.endswith(_ID) or key == "id"), "")
            hidden = attributes.get("state", "visible") != "visible"
            self.sheets.append((attributes.get("name", ""), rel_id, hidden))
        elif name == "workbookPr":
            self.date1904 = attributes.get("date1904") in ("1", "true")


def _styles(archive: zipfile.ZipFile, path: str | None, date1904: bool, file: str) -> Styles:
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    if path is None or path not in archive.NameToInfo:
        return Styles(frozenset(), frozenset(), epoch)
    custom: dict[int, str] = {}
    formats: list[int] = []  # the number format of each cell style, in order

    def visit(name: str, attributes: dict[str, str], open_elements: list[str]) -> None:
        if name == "numFmt" and len(custom) < _MAX_STYLES:
            custom[int(attributes.get("numFmtId", -1))] = attributes.get("formatCode", "")
        elif name == "xf" and "cellXfs" in open_elements and len(formats) < _MAX_STYLES:
            formats.append(int(attributes.get("numFmtId", 0)))

    _walk(archive, path, file, visit)
    dates, durations, padded = set(), set(), {}
    for index, number in enumerate(formats):
        code = custom.get(number, BUILTIN_FORMATS.get(number))
        if number in _EAST_ASIAN_DATES or is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            durations.add(index)
        if code and _PADDED.fullmatch(code):
            padded[index] = code.count("0")
    return Styles(frozenset(dates), frozenset(durations), epoch, padded)


def _shared_strings(archive: zipfile.ZipFile, path: str, file: str) -> StringTable:
    table = SharedStrings(file)
    _feed_part(archive, path, xml_parser(table.start, table.text, table.end), file, None)
    return table.strings


def _feed_part(archive: zipfile.ZipFile, path: str, parser: expat.XMLParserType, file: str, sheet: str | None) -> None:
    """Stream one part through `parser`, refusing a part too big to go through."""
    info = archive.getinfo(path)
    if info.file_size > MAX_XML_BYTES:
        raise refuse(messages.xml_too_big(info.file_size), file, sheet)
    with archive.open(info) as stream:
        feed(stream, parser)
