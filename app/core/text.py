"""How cell and header text is read, once for every file the importer reads."""

from __future__ import annotations

import re
import unicodedata

_KP_SEPARATORS = re.compile(r"[;,；，、|｜\n]")
_HEADER_NOISE = re.compile(r"[\s_\-.:：]+")


def split_knowledge_points(text: str) -> tuple[str, ...]:
    """Knowledge points of a cell, split on ; , ； ， 、 | ｜ or a line break, stripped, without empties or repeats."""
    parts = (part.strip() for part in _KP_SEPARATORS.split(text))
    return tuple(dict.fromkeys(part for part in parts if part))


def normalize_header(text: str) -> str:
    """A header reduced for matching: full-width to half-width (NFKC), lower case, no spaces, _ - . or colons."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())
