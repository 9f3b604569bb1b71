"""How the window's figures are laid out: canvas sizes in pixels, labels shortened or wrapped to fit, legends in as
many columns as fit, and the message a figure shows before there is anything to draw (no Qt)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

from matplotlib.figure import Figure

DPI = 100
"""The canvases' resolution: a figure of w × h inches is w·100 × h·100 logical pixels."""
MIN_WIDTH = 360
"""The least width of a chart's canvas, in pixels; narrower views scroll it."""
ROW = 22
"""Pixels per knowledge-point row: an 8-point label with room between rows."""
LABEL = 12
"""The most characters of a chart row's label (a knowledge point, a group); a longer one is cut (`short`)."""
FRAME = 80
"""Pixels around the rows: the axis, its title and a legend."""


def short(text: str, width: int = 14, *, middle: bool = False) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut: at the end, or in the `middle` for names
    whose end tells them apart (an exam called "2026年11月八年级数学第二次月考" keeps "第二次月考")."""
    if len(text) <= width:
        return text
    if not middle:
        return text[: width - 1] + "…"
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head) :]


def signed(value: float) -> str:
    """`value` with two decimals and its sign, "0.00" where it rounds to nought: never "-0.00" beside "+0.00"."""
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def new_figure(fig: Figure) -> None:
    """Clear `fig` for a new drawing laid out by constrained layout."""
    fig.clear()
    fig.set_layout_engine("constrained", w_pad=0.06, h_pad=0.06)


def text_width(fig: Figure, text: str, size: float) -> float:
    """How wide `text` prints at `size` points on `fig`, in logical pixels."""
    probe = fig.text(0, 0, text, fontsize=size)
    try:
        return probe.get_window_extent().width * DPI / fig.dpi
    finally:
        probe.remove()


def split_lines(text: str, lines: int) -> str:
    """`text` in about `lines` lines of equal length: at spaces, else (Chinese) between characters, before a
    bracket where there is one."""
    if " " in text:
        # the narrowest width that keeps to `lines` lines: words seldom split evenly, and a last line of one short
        # word ("之后）") took a row of the chart
        width = max(1, math.ceil(len(text) / lines))
        while len(found := textwrap.wrap(text, width=width, break_long_words=False)) > lines:
            width += 1
        return "\n".join(found)
    bracket = max(text.find("（"), text.find("("))
    if lines == 2 and bracket > 0:
        return text[:bracket] + "\n" + text[bracket:]
    step = math.ceil(len(text) / lines)
    return "\n".join(text[i : i + step] for i in range(0, len(text), step))


def wrapped(fig: Figure, text: str, width: float, size: float) -> str:
    """`text` broken into as few lines (at most 3) as keep it within `width` logical pixels."""
    if text_width(fig, text, size) <= width:
        return text
    for lines in (2, 3):
        candidate = split_lines(text, lines)
        if max(text_width(fig, line, size) for line in candidate.split("\n")) <= width:
            return candidate
    return split_lines(text, 3)


def legend(fig: Figure, handles: Sequence, texts: Sequence[str], *, above: bool = False, title: str = "") -> None:
    """A legend under the axes (`above`: over them), in as many columns (at most 3) as the figure's width holds."""
    width = fig.get_figwidth() * fig.dpi
    for ncol in range(min(len(texts), 3), 0, -1):
        legend = fig.legend(
            list(handles),
            list(texts),
            loc="outside upper center" if above else "outside lower center",
            ncol=ncol,
            fontsize=7.5,
            title=title or None,
            title_fontsize=7.5,
            frameon=False,
        )
        if ncol == 1 or legend.get_window_extent().width <= width - 12:
            return
        legend.remove()


def rows_height(rows: int, per_row: int = ROW, frame: int = FRAME) -> int:
    """The least canvas height, in pixels, for `rows` rows of `per_row` pixels and the frame around them."""
    return max(160, rows * per_row + frame)


def message_chart(fig: Figure, message: str) -> None:
    """Clear the figure and write `message` in its middle (nothing to draw yet)."""
    fig.clear()
    fig.set_layout_engine("none")
    fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, color="#555555", wrap=True)
