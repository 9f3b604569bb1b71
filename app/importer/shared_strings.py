"""An .xlsx's shared-string table, streamed and kept compactly: one UTF-8 buffer and one offset per text.

Ten million short texts as Python strings in a list cost about a gigabyte; here they cost their UTF-8 bytes
and four bytes each (the table holds at most `MAX_XML_CELLS` texts of at most `MAX_TEXT_CHARS` characters).
"""

from __future__ import annotations

from array import array

from app.importer import messages
from app.importer.grid import refuse
from app.importer.limits import MAX_CELL_CHARS, MAX_TEXT_CHARS, MAX_XML_CELLS, MAX_XML_DEPTH
from app.importer.xml_text import local_names, unescape

_SI = local_names("si", "t", "rPh")


class StringTable:
    """The shared texts by index; None for a text too long for a cell (a cell using it is refused)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("i")  # the end of each text in `_data`; -1 - end for a text too long to keep

    def append(self, text: str | None) -> None:
        """Keep the next text (None: too long to keep)."""
        if text is None:
            self._ends.append(-1 - len(self._data))
            return
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str | None:
        end = self._ends[index]
        if end < 0:
            return None
        before = self._ends[index - 1] if index > 0 else 0
        start = before if before >= 0 else -1 - before
        return self._data[start:end].decode("utf-8", "surrogatepass")


class SharedStrings:
    """The expat handlers that read the table into a `StringTable`, refusing it past the importer's limits."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.strings = StringTable()
        self.parts: list[str] = []
        self.length = 0
        self.chars = 0
        self.depth = 0
        self.in_text = False
        self.in_phonetic = False

    def start(self, name: str, _: dict[str, str]) -> None:
        """An element opens."""
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise refuse(messages.xml_too_deep("sharedStrings"), self.file, None)
        kind = _SI.get(name)
        if kind == "si":
            self.parts, self.length = [], 0
        elif kind == "t":
            self.in_text = not self.in_phonetic
        elif kind == "rPh":  # the phonetic guide over a run is not part of the text
            self.in_phonetic = True

    def text(self, data: str) -> None:
        """Text inside the current element."""
        if self.in_text:
            self.length += len(data)
            if self.length <= MAX_CELL_CHARS:
                self.parts.append(data)

    def end(self, name: str) -> None:
        """An element closes."""
        self.depth -= 1
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
