"""Streaming the XML inside an .xlsx with expat: names without their namespace, Excel's escapes, no DTDs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO
from xml.parsers import expat

_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict Open XML
)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FEED = 2**20


def local_names(*names: str) -> dict[str, str]:
    """The names an element of the sheet namespace (or of none) is reported by, mapped to its local name."""
    return {f"{ns} {name}": name for ns in _NAMESPACES for name in names} | {name: name for name in names}


def unescape(text: str) -> str:
    """Excel's escapes undone: `_x0007_` is the character U+0007 (how Excel stores characters XML cannot hold)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


def xml_parser(
    start: Callable[[str, dict[str, str]], None], text: Callable[[str], None], end: Callable[[str], None]
) -> expat.XMLParserType:
    """An expat parser reporting names as 'namespace local', text in large pieces, and refusing any DTD."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.buffer_text = True
    parser.buffer_size = 2**16
    return parser


def _no_doctype(*_: object) -> None:
    raise expat.ExpatError("a document type declaration")  # an .xlsx has none: only entity tricks use one


def feed(stream: IO[bytes], parser: expat.XMLParserType) -> None:
    """Parse `stream` a megabyte at a time."""
    while chunk := stream.read(_FEED):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
