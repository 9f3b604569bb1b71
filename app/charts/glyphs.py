"""Which font draws which character: the bundled CJK font first, its bundled supplement (CJK Extension A such as
䶮 and 㛃, symbols such as −), then fuller fonts found on the PC.

A name in Hangul, Uyghur, accented Greek or an emoji needs another face: the fonts below are tried in
order where installed (Windows, macOS, Linux names), and what none of them has is reported to
the teacher instead of printing as empty boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core.resources import FONT_FILE, SUPPLEMENT_FONT_FILE

FALLBACK_FILES = (
    "wqy-microhei.ttc",  # Linux (fonts-wqy-microhei): Hangul, Greek
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "msyh.ttc",  # Windows: Microsoft YaHei
    "simsun.ttc",  # Windows: SimSun, with CJK Extension A
    "simsunb.ttf",  # Windows: SimSun-ExtB
    "malgun.ttf",  # Windows: Malgun Gothic (Hangul)
    "AppleSDGothicNeo.ttc",  # macOS (Hangul)
    "msuighur.ttf",  # Windows: Microsoft Uighur
    "NotoNaskhArabic-Regular.ttf",
    "seguisym.ttf",  # Windows: Segoe UI Symbol
    "NotoSans-Regular.ttf",
    "DejaVuSans.ttf",  # Linux, and matplotlib's own copy: Greek, Arabic letters, many symbols
    "arialuni.ttf",
)
"""Fuller fonts tried after the bundled one, by file name, in this order, where the PC has them."""


def font_folders() -> list[Path]:
    """The folders where Windows, macOS and Linux keep fonts (those that exist), then matplotlib's own."""
    import os
    import sys

    import matplotlib

    home = Path.home()
    folders = [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts", home / "AppData/Local/Microsoft/Windows/Fonts"]
    if sys.platform == "darwin":
        folders = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    elif sys.platform != "win32":
        folders = [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local/share/fonts",
            home / ".fonts",
        ]
    folders.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    return [folder for folder in folders if folder.is_dir()]


@dataclass(frozen=True)
class FontFace:
    """A font file and the characters it draws."""

    path: Path
    family: str
    chars: frozenset[int]


@lru_cache(maxsize=1)
def faces() -> tuple[FontFace, ...]:
    """The bundled face and its supplement, then every fallback face found on the PC, in the order they are tried."""
    found: dict[str, Path] = {}
    for folder in font_folders():
        for path in folder.rglob("*"):
            if path.name in FALLBACK_FILES and path.name not in found:
                found[path.name] = path
    paths = [FONT_FILE, SUPPLEMENT_FONT_FILE, *(found[name] for name in FALLBACK_FILES if name in found)]
    return tuple(face for face in map(_face, paths) if face is not None)


def _face(path: Path) -> FontFace | None:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):
        return None
    return FontFace(path, font.family_name, frozenset(font.get_charmap()))


def face_for(char: str) -> FontFace | None:
    """The first face that draws `char` (None when no installed font does)."""
    code = ord(char)
    return next((face for face in faces() if code in face.chars), None)


def undrawable(texts: Iterable[str]) -> str:
    """The characters of `texts` that no available font draws, each once, in order (spaces and controls aside)."""
    missing = dict.fromkeys(ch for text in texts for ch in text if _visible(ch) and face_for(ch) is None)
    return "".join(missing)


def runs(text: str) -> list[tuple[FontFace | None, str]]:
    """`text` cut into runs drawn by one face each (None: no face draws it). A space stays in the run before it
    where that face has one: the supplement has none, and its missing glyph prints as a box (李䶮□(0.30))."""
    out: list[tuple[FontFace | None, str]] = []
    for ch in text:
        face = out[-1][0] if out else None
        if _visible(ch):
            face = face_for(ch)
        elif face is not None and ord(ch) not in face.chars:
            face = face_for(ch) or face
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


def _visible(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char)[0] != "C"
