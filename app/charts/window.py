"""The charts the views embed, drawn on a matplotlib Figure (no Qt here, so scripts can reuse them).

Every function takes the figure, the data, and the already-translated labels it prints, and
clears the figure first. Colour always comes with a second cue: a marker shape, a hatch, or
the number itself.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from app.charts.style import ASSESSMENT_COLOURS, STATUS_COLOURS, STATUS_MARKERS
from app.core.diagnosis import Thresholds
from app.insight.summaries import KnowledgePointSummary


@dataclass(frozen=True)
class Labels:
    """Translated strings a chart prints; the views fill them from their translations."""

    mastery: str
    share_weak: str
    mean_mastery: str
    not_enough: str
    score_rate: str
    no_weak: str
    assessments: str
    weak: str
    developing: str
    mastered: str


def _short(text: str, width: int = 14) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def message_chart(fig: Figure, message: str) -> None:
    """Clear the figure and write `message` in its middle (nothing to draw yet)."""
    fig.clear()
    fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", wrap=True)


def weakness_chart(
    fig: Figure,
    summaries: Sequence[KnowledgePointSummary],
    labels: Labels,
    thresholds: Thresholds = Thresholds(),
) -> list[str]:
    """Two panels, weakest point on top: class mean mastery with its interval, share of students weak.

    Returns the knowledge points in the order drawn (top to bottom).
    """
    fig.clear()
    if not summaries:
        message_chart(fig, labels.not_enough)
        return []
    known = sorted((s for s in summaries if not math.isnan(s.mean_mastery)), key=lambda s: s.mean_mastery)
    unknown = [s for s in summaries if math.isnan(s.mean_mastery)]
    rows = known + unknown
    names = [_short(s.knowledge_point) for s in rows]
    y = np.arange(len(rows))[::-1]
    ax, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2], "wspace": 0.2})
    for yi, s in zip(y, rows):
        if math.isnan(s.mean_mastery):
            ax.barh(yi, 1.0, color="none", edgecolor="#bbbbbb", hatch="//", linewidth=0.5)
            ax.text(0.5, yi, labels.not_enough, ha="center", va="center", fontsize=8, color="#555555")
            continue
        colour = STATUS_COLOURS[thresholds.band(s.mean_mastery)]
        ax.barh(yi, s.mean_mastery, color=colour, alpha=0.85, height=0.7)
        ax.errorbar(
            s.mean_mastery,
            yi,
            xerr=[[s.mean_mastery - s.lower], [s.upper - s.mean_mastery]],
            fmt="none",
            ecolor="#222222",
            capsize=3,
            linewidth=1,
        )
        ax.text(min(s.upper + 0.02, 0.9), yi, f"{s.mean_mastery:.2f}", va="center", fontsize=8)
        share = 0.0 if math.isnan(s.share_weak) else s.share_weak
        ax2.barh(yi, share, color=STATUS_COLOURS["weak"], alpha=0.55, height=0.7, hatch="..", edgecolor="#7f1d12")
        ax2.text(share + 0.02, yi, f"{share:.0%}", va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax2.set_xlim(0, 1.15)
    ax.set_xlabel(labels.mean_mastery, fontsize=9)
    ax2.set_xlabel(labels.share_weak, fontsize=9)
    ax2.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    for a in (ax, ax2):
        a.tick_params(labelsize=8)
        a.spines[["top", "right"]].set_visible(False)
        a.grid(axis="x", alpha=0.3)
    fig.subplots_adjust(left=0.22, right=0.97, top=0.97, bottom=0.12)
    return [s.knowledge_point for s in rows]


def assessment_chart(
    fig: Figure,
    knowledge_points: Sequence[str],
    assessments: Sequence[str],
    values: np.ndarray,
    value_label: str,
    labels: Labels,
) -> None:
    """Grouped horizontal bars: one value per knowledge point per assessment (NaN = not tested)."""
    fig.clear()
    if len(assessments) < 2 or values.size == 0:
        message_chart(fig, labels.not_enough)
        return
    ax = fig.add_subplot(1, 1, 1)
    n_a = len(assessments)
    height = 0.8 / n_a
    y = np.arange(len(knowledge_points))[::-1]
    hatches = ("", "//", "..", "xx", "\\\\", "--", "++")
    for a, name in enumerate(assessments):
        offs = (a - (n_a - 1) / 2) * height
        row = values[a]
        mask = ~np.isnan(row)
        ax.barh(
            y[mask] - offs,
            row[mask],
            height=height * 0.95,
            label=name,
            color=ASSESSMENT_COLOURS[a % len(ASSESSMENT_COLOURS)],
            hatch=hatches[a % len(hatches)],
            edgecolor="white",
            linewidth=0.3,
        )
        for yi, v in zip(y[mask] - offs, row[mask]):
            ax.text(v + 0.01, yi, f"{v:.2f}", va="center", fontsize=7)
    ax.set_yticks(y, [_short(k) for k in knowledge_points])
    ax.set_xlim(0, 1.1)
    ax.set_xlabel(value_label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, loc="lower right", title=labels.assessments, title_fontsize=8)
    fig.subplots_adjust(left=0.22, right=0.97, top=0.97, bottom=0.1)


def student_mastery_chart(
    fig: Figure,
    knowledge_points: Sequence[str],
    mastery: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    status: Sequence[str],
    labels: Labels,
    thresholds: Thresholds = Thresholds(),
) -> None:
    """One row per knowledge point: mastery as a marker whose shape and colour give the status,
    its interval as a line; a point without enough evidence is written out as such, with no marker."""
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(knowledge_points))[::-1]
    weak_below, mastered_from = thresholds.weak_below, thresholds.mastered_from
    for band, lo, hi in (
        ("weak", 0, weak_below),
        ("developing", weak_below, mastered_from),
        ("mastered", mastered_from, 1),
    ):
        ax.axvspan(lo, hi, color=STATUS_COLOURS[band], alpha=0.06)
    for yi, m, lo, hi, st in zip(y, mastery, lower, upper, status):
        if st == "insufficient":
            ax.plot([0, 1], [yi, yi], color="#cccccc", linestyle=":", linewidth=1)
            ax.text(
                0.5,
                yi,
                labels.not_enough,
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round,pad=0.2"},
            )
            continue
        colour = STATUS_COLOURS.get(st, "#555555")
        ax.plot([lo, hi], [yi, yi], color=colour, linewidth=2.5, alpha=0.6, solid_capstyle="butt")
        ax.plot([m], [yi], marker=STATUS_MARKERS.get(st, "o"), color=colour, markersize=8, markeredgecolor="#222222")
        ax.text(min(max(m, 0.04), 0.96), yi + 0.3, f"{m:.2f}", fontsize=7.5, ha="center", va="center")
    ax.set_yticks(y, [_short(k) for k in knowledge_points])
    ax.set_ylim(-0.7, len(knowledge_points) - 0.3)
    ax.set_xlim(0, 1)
    ax.set_xlabel(labels.mastery, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        ax.plot([], [], marker=STATUS_MARKERS[s], color=STATUS_COLOURS[s], linestyle="none", markeredgecolor="#222222")[
            0
        ]
        for s in ("weak", "developing", "mastered")
    ]
    ax.legend(
        handles,
        [labels.weak, labels.developing, labels.mastered],
        fontsize=7.5,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.09),
        ncol=3,
        frameon=False,
    )
    fig.subplots_adjust(left=0.24, right=0.97, top=0.98, bottom=0.17)


def learning_path_chart(fig: Figure, steps: Sequence, labels: Labels, per_row: int = 4) -> None:
    """The path (steps with .knowledge_point, .mastery, .status) drawn as numbered boxes joined by arrows, snaking row by row (left to right)."""
    fig.clear()
    if not steps:
        message_chart(fig, labels.no_weak)
        return
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    n = len(steps)
    rows = math.ceil(n / per_row)
    cols = min(n, per_row)
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    centres = []
    for i, step in enumerate(steps):
        r, c = divmod(i, per_row)
        x, y = c + 0.5, rows - r - 0.5
        centres.append((x, y))
        colour = STATUS_COLOURS.get(step.status, "#777777")
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.4, y - 0.28),
                0.8,
                0.56,
                boxstyle="round,pad=0.02",
                facecolor=colour,
                alpha=0.15,
                edgecolor=colour,
                linewidth=1.5,
            )
        )
        ax.text(x, y + 0.12, f"{i + 1}. {_short(step.knowledge_point, 9)}", ha="center", va="center", fontsize=9)
        ax.text(
            x, y - 0.13, f"{labels.mastery} {step.mastery:.2f}", ha="center", va="center", fontsize=7.5, color="#333333"
        )
    for (x0, y0), (x1, y1) in itertools.pairwise(centres):
        if y0 == y1:
            start, end = (x0 + 0.42, y0), (x1 - 0.42, y1)
        else:  # next row: go down from the end of this row to the start of the next
            start, end = (x0, y0 - 0.3), (x1 + 0.2, y1 + 0.3)
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=12,
                color="#444444",
                linewidth=1.2,
                connectionstyle="arc3,rad=0.0",
            )
        )


def trajectory_chart(
    fig: Figure,
    assessments: Sequence[str],
    knowledge_points: Sequence[str],
    values: np.ndarray,
    value_label: str,
    labels: Labels,
) -> None:
    """Lines across assessments, one per knowledge point with at least one value (NaN = no evidence)."""
    fig.clear()
    if len(assessments) < 2:
        message_chart(fig, labels.not_enough)
        return
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(assessments))
    markers = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">")
    drawn = 0
    for k, kp in enumerate(knowledge_points):
        col = values[:, k]
        if np.all(np.isnan(col)):
            continue
        mask = ~np.isnan(col)
        colour = ASSESSMENT_COLOURS[k % len(ASSESSMENT_COLOURS)]
        ax.plot(
            x[mask],
            col[mask],
            marker=markers[k % len(markers)],
            color=colour,
            label=_short(kp, 10),
            linewidth=1.4,
            markersize=5,
            linestyle="-" if k < len(ASSESSMENT_COLOURS) else "--",
        )
        drawn += 1
    ax.set_xticks(x, [_short(a, 12) for a in assessments])
    ax.set_ylim(0, 1)
    ax.set_ylabel(value_label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(alpha=0.3)
    if drawn:
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    fig.subplots_adjust(left=0.12, right=0.72, top=0.95, bottom=0.15)
