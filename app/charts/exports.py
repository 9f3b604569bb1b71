"""Matplotlib figures for the exports and the window, drawn with the bundled CJK font (no Qt, no pyplot).

Each function returns a `matplotlib.figure.Figure`; the window wraps it in a canvas, the PDFs
embed `png_bytes(fig)`. Figures are built inside `chart_style()` so Chinese renders on a PC
without Chinese system fonts, and the same style can be used by other views.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from app.charts.style import STATUS_COLOURS as COLOURS
from app.charts.style import chart_style
from app.charts.texts import label
from app.core.vocabulary import Status

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def png_bytes(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG (tight bounding box, so no label is cut off)."""
    buf = io.BytesIO()
    with chart_style():
        fig.savefig(
            buf,
            format="png",
            dpi=dpi,
            bbox_inches="tight",
            pad_inches=0.04,
            facecolor="white",
            metadata={"Software": None},
        )
    return buf.getvalue()


def category(status: str, mastery: float, threshold: float) -> str:
    """The colour category of a cell: insufficient, weak (below `threshold`), mastered or developing."""
    if status == Status.INSUFFICIENT:
        return Status.INSUFFICIENT
    if mastery < threshold:
        return Status.WEAK
    return Status.MASTERED if status == Status.MASTERED else Status.DEVELOPING


def class_weakness_figure(
    points: Sequence[str],
    mean: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
    share_below: Sequence[float],
    *,
    threshold: float,
    mastered_from: float,
    lang: str,
    width: float = 7.0,
) -> Figure:
    """Class mean mastery per knowledge point (95 % interval) and the share of students below the threshold."""
    k = len(points)
    with chart_style():
        fig = Figure(figsize=(width, 0.9 + 0.3 * max(k, 1)), layout="constrained")
        ax, ax2 = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
        y = np.arange(k)[::-1]
        means = np.asarray(mean, float)
        colours = [
            COLOURS[Status.INSUFFICIENT]
            if np.isnan(v)
            else (
                COLOURS[Status.WEAK]
                if v < threshold
                else COLOURS[Status.DEVELOPING]
                if v < mastered_from
                else COLOURS[Status.MASTERED]
            )
            for v in means
        ]
        ax.barh(y, np.nan_to_num(means), color=colours, height=0.62)
        err = np.array(
            [np.nan_to_num(means - np.asarray(lower, float)), np.nan_to_num(np.asarray(upper, float) - means)]
        )
        ax.errorbar(
            np.nan_to_num(means), y, xerr=np.clip(err, 0, None), fmt="none", ecolor="#333333", elinewidth=1, capsize=2.5
        )
        ax.axvline(threshold, color="#555555", linestyle="--", linewidth=0.9)
        ax.set_xlim(0, 1)
        ax.set_yticks(y, list(points))
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(label("mean_interval", lang))
        share = np.nan_to_num(np.asarray(share_below, float))
        ax2.barh(y, share, color=COLOURS[Status.WEAK], height=0.62, alpha=0.85)
        for yy, v in zip(y, share):
            ax2.text(v + 0.02, yy, f"{v:.0%}", va="center", fontsize=8)
        ax2.set_xlim(0, 1.15)
        ax2.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
        ax2.set_xlabel(label("share_below", lang) + f" ({threshold:.2f})")
        ax2.tick_params(axis="y", length=0)
    return fig


def heatmap_figure(
    mastery: np.ndarray,
    insufficient: np.ndarray,
    row_labels: Sequence[str],
    points: Sequence[str],
    *,
    threshold: float,
    lang: str,
    width: float = 7.0,
) -> Figure:
    """Students × knowledge points mastery (red low, green high), values printed, insufficient cells hatched grey."""
    from matplotlib.colors import LinearSegmentedColormap

    s, k = mastery.shape
    cmap = LinearSegmentedColormap.from_list("zd", [COLOURS[Status.WEAK], "#f3d37a", COLOURS[Status.MASTERED]])
    with chart_style():
        fig = Figure(figsize=(width, 1.4 + 0.19 * max(s, 1)), layout="constrained")
        ax = fig.add_subplot()
        shown = np.where(insufficient, np.nan, mastery)
        image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        for r, c in zip(*np.nonzero(insufficient)):
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, facecolor="#e4e6e8", hatch="////", edgecolor="#a0a6ad", linewidth=0
                )
            )
        for r in range(s):
            for c in range(k):
                if not insufficient[r, c]:
                    v = mastery[r, c]
                    ax.text(
                        c,
                        r,
                        f"{v:.2f}",
                        ha="center",
                        va="center",
                        fontsize=6,
                        color="white" if v < threshold * 0.75 else "#222222",
                    )
        ax.set_xticks(np.arange(k), list(points), rotation=35, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.set_yticks(np.arange(s), list(row_labels), fontsize=7)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(image, ax=ax, shrink=0.5, aspect=30, pad=0.01)
        bar.set_label(label("mastery", lang))
        bar.ax.axhline(threshold, color="#222222", linewidth=1)
    return fig


def knowledge_graph_figure(
    points: Iterable[str],
    links: Iterable[tuple[str, str]],
    *,
    mastery: dict[str, float] | None = None,
    threshold: float,
    lang: str = "en",
    width: float = 7.0,
) -> Figure:
    """The prerequisite graph, left to right in learning order (one column per level), arrows from
    prerequisite to dependent; boxes coloured by `mastery` (e.g. the class mean) when given."""
    from app.insight.graph import levels

    pairs = [(a, b) for a, b in links]
    level = levels(list(points), pairs)
    columns: dict[int, list[str]] = {}
    for p, lv in level.items():
        columns.setdefault(lv, []).append(p)
    height = max((len(c) for c in columns.values()), default=1)
    pos = {p: (lv, (len(col) - 1) / 2 - i) for lv, col in columns.items() for i, p in enumerate(col)}
    with chart_style():
        fig = Figure(figsize=(width, 0.8 + 0.55 * height), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        n_levels = max(columns, default=0) + 1
        ax.set_xlim(-0.6, n_levels - 0.4)
        ax.set_ylim(-(height - 1) / 2 - 0.6, (height - 1) / 2 + 0.6)
        boxes = {}
        for p, (x, y) in pos.items():
            value = (mastery or {}).get(p)
            face = (
                "#eef1f4"
                if value is None or np.isnan(value)
                else (COLOURS[Status.WEAK] if value < threshold else COLOURS[Status.MASTERED])
            )
            text = p if value is None or np.isnan(value) else f"{p}\n{value:.2f}"
            boxes[p] = ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value is not None and not np.isnan(value) else "#222222",
                bbox={"boxstyle": "round,pad=0.35", "facecolor": face, "edgecolor": "#7a828a", "linewidth": 0.8},
            )
        for point, pre in pairs:
            if pre in pos and point in pos:
                ax.add_patch(
                    FancyArrowPatch(
                        pos[pre],
                        pos[point],
                        arrowstyle="-|>",
                        mutation_scale=10,
                        color="#6b737b",
                        linewidth=0.9,
                        shrinkA=28,
                        shrinkB=28,
                        connectionstyle="arc3,rad=0.05",
                    )
                )
    return fig
