"""One look for every chart, on screen and on paper: the status palette and markers, and the bundled CJK font.

The font is registered with matplotlib once, here, and put first in `font.sans-serif` (followed by
common system CJK fonts in case the bundled file is missing), so Chinese never renders as boxes
in the window's canvases nor in the PDFs' images. Printed figures are also drawn inside
`chart_style()`, which embeds the font as TrueType and sets the print sizes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from app.charts.glyphs import faces
from app.core.resources import FONT_FILE, DamagedResource
from app.core.vocabulary import Status

__all__ = ["FONT_FILE"]  # the bundled font's path, re-exported for the window

FONT_FAMILY = "WenQuanYi Micro Hei"
SYSTEM_FALLBACKS = (
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "DejaVu Sans",
)

STATUS_COLOURS: dict[str, str] = {
    Status.WEAK: "#d0543f",
    Status.DEVELOPING: "#e9a23b",
    Status.MASTERED: "#3a8f5c",
    Status.INSUFFICIENT: "#b9bec4",
}
"""The colour of each diagnosis status, everywhere (always paired with a second cue: marker, hatch or number)."""
STATUS_MARKERS: dict[str, str] = {
    Status.WEAK: "v",
    Status.DEVELOPING: "o",
    Status.MASTERED: "^",
    Status.INSUFFICIENT: "x",
}
ASSESSMENT_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
INK = "#222222"
MUTED = "#555555"


def tint(colour: str, amount: float = 0.6) -> str:
    """`colour` mixed with white (`amount` of white): the light version table cells use as background."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the bundled font with matplotlib (once) and put it first in `font.sans-serif`; its family name."""
    import matplotlib
    from matplotlib import font_manager

    names: list[str] = []
    if FONT_FILE.exists():
        try:
            font_manager.fontManager.addfont(str(FONT_FILE))
            names.append(font_manager.FontProperties(fname=str(FONT_FILE)).get_name())
        except (OSError, RuntimeError) as error:
            raise DamagedResource(FONT_FILE) from error
    for face in faces()[1:]:  # fuller fonts for names the bundled one lacks, each glyph from the first that has it
        if face.family not in names:
            font_manager.fontManager.addfont(str(face.path))
            names.append(face.family)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    names += [n for n in SYSTEM_FALLBACKS if n in installed and n not in names]
    current = [n for n in matplotlib.rcParams["font.sans-serif"] if n not in names]
    # the families by name, then the generic: matplotlib takes a glyph from the next family only when they are
    # named (with "sans-serif" alone, a name in CJK Extension A fell to boxes in the window's charts)
    matplotlib.rcParams["font.family"] = [*names, "sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = names + current
    matplotlib.rcParams["axes.unicode_minus"] = False
    return names[0] if names else "DejaVu Sans"


def _families() -> list[str]:
    """The bundled family, then the fallback faces' (matplotlib takes each glyph from the first that has it)."""
    first = register_font()
    return list(dict.fromkeys([first, *(face.family for face in faces()[1:])]))


@contextmanager
def chart_style() -> Iterator[None]:
    """rcParams for printed charts: the bundled font by name (TrueType, embedded in PDFs), print sizes."""
    import matplotlib

    with matplotlib.rc_context(
        {
            # the family by name, not "sans-serif": a text keeps it, so a figure drawn later outside
            # this context (in the window's canvas) still renders Chinese
            "font.family": [*_families(), "DejaVu Sans"],
            "axes.unicode_minus": False,
            "pdf.fonttype": 42,
            "ps.fonttype": 42,
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield
