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


_SUB_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_CIRCLED = str.maketrans({chr(0x2460 + n): f"({n + 1})" for n in range(20)})  # ①..⑳ -> (1)..(20)


def question_key(label: str) -> str:
    """A question label reduced for matching across files: `第3题`, `3`, `3.` and `Q3` are one question;
    `17（1）`, `17(1)` and `17-1` are one sub-question."""
    text = unicodedata.normalize("NFKC", label.translate(_CIRCLED)).translate(_SUB_BRACKETS).strip().casefold()
    text = re.sub(r"^(q|question|item|第)\s*", "", text)
    text = re.sub(r"(题|小题)$", "", text)
    text = re.sub(r"^(\d+)\s*[-_.]\s*(\d+)$", r"\1(\2)", text)  # 17-1 -> 17(1)
    text = re.sub(r"题\s*(?=\()", "", text)  # 第17题(1) -> 17(1)
    return re.sub(r"\s+", "", text).rstrip(".．、:：")  # rstrip, not a regex anchored at $: linear on any label
