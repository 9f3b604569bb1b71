"""The charts the views embed, drawn on a matplotlib Figure (no Qt here, so scripts can reuse them).

Every function takes the figure, the data, and the already-translated labels it prints, and
clears the figure first. Colour always comes with a second cue: a marker shape, a hatch, or
the number itself.

Figures use matplotlib's constrained layout, so tick labels, axis titles and legends get the room
they need at any size instead of fixed margins. A chart with one row per knowledge point needs a
least height to keep its rows apart (`*_height`, in pixels at the canvas' 100 dpi); the window
scrolls a canvas smaller than that rather than squeezing it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from app.charts.layout import (
    DPI,
    FRAME,
    LABEL,
    ROW,
    legend,
    message_chart,
    new_figure,
    rows_height,
    short,
    signed,
    text_width,
    wrapped,
)
from app.charts.style import ASSESSMENT_COLOURS, STATUS_COLOURS, STATUS_MARKERS
from app.core.diagnosis import Thresholds
from app.core.vocabulary import Status
from app.insight.grade import PointAgainstGrade
from app.insight.progress import PointProgress
from app.insight.summaries import KnowledgePointSummary

PATH_BOX = (160, 66)
"""Width and height in pixels of one step of the learning path, gaps included."""


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


def weakness_height(rows: int) -> int:
    """The least height of `weakness_chart` for `rows` knowledge points."""
    return rows_height(rows)


def weakness_chart(
    fig: Figure,
    summaries: Sequence[KnowledgePointSummary],
    labels: Labels,
    thresholds: Thresholds = Thresholds(),
) -> list[str]:
    """Two panels, weakest point on top: class mean mastery with its interval, share of students weak.

    Returns the knowledge points in the order drawn (top to bottom).
    """
    new_figure(fig)
    if not summaries:
        message_chart(fig, labels.not_enough)
        return []
    known = sorted((s for s in summaries if not math.isnan(s.mean_mastery)), key=lambda s: s.mean_mastery)
    unknown = [s for s in summaries if math.isnan(s.mean_mastery)]
    rows = known + unknown
    names = [short(s.knowledge_point, LABEL) for s in rows]
    y = np.arange(len(rows))[::-1]
    ax, ax2 = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    for yi, s in zip(y, rows):
        if math.isnan(s.mean_mastery):
            ax.barh(yi, 1.0, color="none", edgecolor="#bbbbbb", hatch="//", linewidth=0.5)
            ax.text(0.5, yi, labels.not_enough, ha="center", va="center", fontsize=7.5, color="#555555")
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
        ax.text(min(s.upper + 0.02, 0.86), yi, f"{s.mean_mastery:.2f}", va="center", fontsize=7.5)
        share = 0.0 if math.isnan(s.share_weak) else s.share_weak
        ax2.barh(yi, share, color=STATUS_COLOURS[Status.WEAK], alpha=0.55, height=0.7, hatch="..", edgecolor="#7f1d12")
        ax2.text(min(share, 0.85) + 0.02, yi, f"{share:.0%}", va="center", fontsize=7.5)
    ax.set_yticks(y, names)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1.0])
    ax2.set_xlim(0, 1.15)
    ax2.set_xticks([0, 0.5, 1.0])
    # each panel's title within the panel's width, so the two never run into each other on a narrow figure
    names_width = max(text_width(fig, n, 8) for n in names) + 24
    panels = max(fig.get_figwidth() * DPI - names_width - 40, 60.0)
    ax.set_xlabel(wrapped(fig, labels.mean_mastery, panels * 0.6 - 8, 8.5), fontsize=8.5)
    ax2.set_xlabel(wrapped(fig, labels.share_weak, panels * 0.4 - 8, 8.5), fontsize=8.5)
    ax2.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    for a in (ax, ax2):
        a.tick_params(labelsize=8)
        a.spines[["top", "right"]].set_visible(False)
        a.grid(axis="x", alpha=0.3)
    return [s.knowledge_point for s in rows]


def assessment_height(rows: int, assessments: int) -> int:
    """The least height of `assessment_chart`: each bar's value readable beside its neighbours'."""
    return rows_height(rows, per_row=max(ROW, 13 * assessments + 8), frame=FRAME + 30)


def assessment_chart(
    fig: Figure,
    knowledge_points: Sequence[str],
    assessments: Sequence[str],
    values: np.ndarray,
    value_label: str,
    labels: Labels,
) -> None:
    """Grouped horizontal bars: one value per knowledge point per assessment (NaN = not tested)."""
    new_figure(fig)
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
            label=short(name, 16, middle=True),
            color=ASSESSMENT_COLOURS[a % len(ASSESSMENT_COLOURS)],
            hatch=hatches[a % len(hatches)],
            edgecolor="white",
            linewidth=0.3,
        )
        for yi, v in zip(y[mask] - offs, row[mask]):
            ax.text(v + 0.01, yi, f"{v:.2f}", va="center", fontsize=7)
    ax.set_yticks(y, [short(k, LABEL) for k in knowledge_points])
    ax.set_ylim(-0.6, len(knowledge_points) - 0.4)
    ax.set_xlim(0, 1.1)
    ax.set_xlabel(value_label, fontsize=8.5)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    handles, names = ax.get_legend_handles_labels()
    # above the bars: a long list of points scrolls, and which colour is which exam must not scroll away (1366×768)
    legend(fig, handles, names, title=labels.assessments, above=True)


def student_mastery_height(rows: int) -> int:
    """The least height of `student_mastery_chart` for `rows` knowledge points."""
    return rows_height(rows, frame=FRAME + 20)


def student_mastery_chart(
    fig: Figure,
    knowledge_points: Sequence[str],
    mastery: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    status: Sequence[str],
    labels: Labels,
    thresholds: Thresholds = Thresholds(),
    behind_overall: str | None = None,
    muted: Sequence[bool] = (),
    groups: int = 0,
) -> None:
    """One row per knowledge point: mastery as a marker whose shape and colour give the status,
    its interval as a line; a point without enough evidence is written out as such, with no marker. For a student
    behind overall (`behind_overall`: the finding as the legend says it) the weak points `muted` are grey, not red:
    one finding for the student, not a flag on every point. The first `groups` rows are groups of the points (the
    grain the class's data support): their names bold, a line between them and the points below."""
    new_figure(fig)
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(knowledge_points))[::-1]
    weak_below, mastered_from = thresholds.weak_below, thresholds.mastered_from
    for band, lo, hi in (
        (Status.WEAK, 0, weak_below),
        (Status.DEVELOPING, weak_below, mastered_from),
        (Status.MASTERED, mastered_from, 1),
    ):
        ax.axvspan(lo, hi, color=STATUS_COLOURS[band], alpha=0.06)
    grey = "#8a8a8a"
    muted = list(muted) or [False] * len(status)
    for yi, m, lo, hi, st, quiet in zip(y, mastery, lower, upper, status, muted):
        if st == Status.INSUFFICIENT:
            ax.plot([0, 1], [yi, yi], color="#cccccc", linestyle=":", linewidth=1)
            ax.text(
                0.5,
                yi,
                labels.not_enough,
                ha="center",
                va="center",
                fontsize=7.5,
                color="#555555",
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round,pad=0.2"},
            )
            continue
        colour = (
            grey if quiet and st == Status.WEAK and behind_overall is not None else STATUS_COLOURS.get(st, "#555555")
        )
        ax.plot([lo, hi], [yi, yi], color=colour, linewidth=2.5, alpha=0.6, solid_capstyle="butt")
        ax.plot([m], [yi], marker=STATUS_MARKERS.get(st, "o"), color=colour, markersize=7, markeredgecolor="#222222")
        ax.text(min(max(m, 0.04), 0.96), yi + 0.34, f"{m:.2f}", fontsize=7, ha="center", va="center")
    ax.set_yticks(y, [short(k, LABEL) for k in knowledge_points])
    ax.set_ylim(-0.6, len(knowledge_points) - 0.25)
    if groups:
        for tick in ax.get_yticklabels()[:groups]:
            tick.set_fontweight("bold")
        ax.axhline(len(knowledge_points) - groups - 0.5, color="#555555", linewidth=0.8, linestyle="--")
    ax.set_xlim(0, 1)
    ax.set_xlabel(labels.mastery, fontsize=8.5)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    handles = [
        ax.plot([], [], marker=STATUS_MARKERS[s], color=STATUS_COLOURS[s], linestyle="none", markeredgecolor="#222222")[
            0
        ]
        for s in (Status.WEAK, Status.DEVELOPING, Status.MASTERED)
    ]
    names = [labels.weak, labels.developing, labels.mastered]
    if behind_overall is not None and any(q and st == Status.WEAK for q, st in zip(muted, status)):
        handles.insert(
            0,
            ax.plot(
                [], [], marker=STATUS_MARKERS[Status.WEAK], color=grey, linestyle="none", markeredgecolor="#222222"
            )[0],
        )
        names.insert(0, behind_overall)
    legend(fig, handles, names)


def path_layout(steps: int, width: float) -> tuple[int, int]:
    """(steps per row, least height in pixels) of a learning path of `steps` drawn `width` pixels wide."""
    per_row = max(1, min(steps, int(width // PATH_BOX[0])))
    rows = max(1, math.ceil(steps / per_row))
    return per_row, rows * PATH_BOX[1] + 8


def learning_path_chart(fig: Figure, steps: Sequence, labels: Labels, per_row: int | None = None) -> None:
    """The path (steps with .knowledge_point, .mastery, .status) drawn as numbered boxes joined by arrows,
    snaking row by row (left to right); as many boxes to a row as the figure's width holds (`path_layout`)."""
    fig.clear()
    fig.set_layout_engine("none")
    if not steps:
        message_chart(fig, labels.no_weak)
        return
    width, height = (max(float(v) * DPI, 1.0) for v in fig.get_size_inches())  # logical pixels
    n = len(steps)
    per_row = per_row or path_layout(n, width)[0]
    rows = math.ceil(n / per_row)
    cols = min(n, per_row)
    col_px = min(width / cols, 230.0)  # a column's width in pixels; a wide figure leaves room at the right
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width / col_px)  # one unit per column
    ax.set_ylim(rows - height / PATH_BOX[1], rows)  # one unit per row, from the top; spare height stays below
    box_w, box_h = 1 - 16 / col_px, 0.66
    centres = []
    for i, step in enumerate(steps):
        r, c = divmod(i, per_row)
        x, y = c + 0.5, rows - r - 0.5
        centres.append((x, y))
        colour = STATUS_COLOURS.get(step.status, "#777777")
        ax.add_patch(
            FancyBboxPatch(
                (x - box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0.0,rounding_size=0.05",
                facecolor=colour,
                alpha=0.15,
                edgecolor=colour,
                linewidth=1.5,
            )
        )
        ax.text(x, y + 0.13, f"{i + 1}. {short(step.knowledge_point, 8)}", ha="center", va="center", fontsize=8.5)
        ax.text(
            x, y - 0.16, f"{labels.mastery} {step.mastery:.2f}", ha="center", va="center", fontsize=7, color="#333333"
        )
    for (x0, y0), (x1, y1) in itertools.pairwise(centres):
        if y0 == y1:
            start, end = (x0 + box_w / 2, y0), (x1 - box_w / 2, y1)
        else:  # next row: from under the end of this row to above the start of the next
            start, end = (x0, y0 - box_h / 2), (x1 + box_w / 4, y1 + box_h / 2)
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=11,
                color="#444444",
                linewidth=1.1,
                shrinkA=1,
                shrinkB=1,
                connectionstyle="arc3,rad=0.0",
            )
        )


def trajectory_height(lines: int) -> int:
    """The least height of `trajectory_chart` with `lines` lines in its legend."""
    return max(170, 15 * lines + 50)


def trajectory_chart(
    fig: Figure,
    assessments: Sequence[str],
    knowledge_points: Sequence[str],
    values: np.ndarray,
    value_label: str,
    labels: Labels,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> None:
    """Lines across assessments, one per knowledge point with at least one value (NaN = no evidence); with
    `lower` and `upper`, each value's interval as a bar, the lines' bars side by side so that they stay apart."""
    new_figure(fig)
    if len(assessments) < 2:
        message_chart(fig, labels.not_enough)
        return
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(assessments))
    markers = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">")
    drawn_points = [k for k in range(len(knowledge_points)) if not np.all(np.isnan(values[:, k]))]
    step = min(0.06, 0.5 / max(len(drawn_points), 1))
    for n, k in enumerate(drawn_points):
        col = values[:, k]
        mask = ~np.isnan(col)
        colour = ASSESSMENT_COLOURS[k % len(ASSESSMENT_COLOURS)]
        at = x[mask] + (n - (len(drawn_points) - 1) / 2) * step
        ax.plot(
            at,
            col[mask],
            marker=markers[k % len(markers)],
            color=colour,
            label=short(knowledge_points[k], 10),
            linewidth=1.4,
            markersize=5,
            linestyle="-" if k < len(ASSESSMENT_COLOURS) else "--",
        )
        if lower is not None and upper is not None:
            ax.vlines(at, lower[mask, k], upper[mask, k], color=colour, linewidth=1.0, alpha=0.45)
    ax.set_xticks(x, [short(a, 10, middle=True) for a in assessments])
    ax.set_xlim(-0.3, len(assessments) - 0.7)
    ax.set_ylim(0, 1)
    ax.set_ylabel(value_label, fontsize=8.5)
    ax.tick_params(labelsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(alpha=0.3)
    if drawn_points:
        fig.legend(fontsize=7, loc="outside right upper", frameon=False)


@dataclass(frozen=True)
class ProgressLabels:
    """Translated strings of `progress_chart`: the legend's title (which mark is which state) and entries (now's
    three kinds), the axis'."""

    key: str
    rose: str  # beyond the uncertainty
    fell: str
    within: str
    mean_mastery: str
    since: str  # "from {exam}": a point first judged after a later exam than the others


def _point_rows_axes(ax: Axes, points: Sequence[str], xlabel: str, right: float) -> None:
    """The axes of a chart of one pair of rows per knowledge point, the first on top, on the mastery scale (0 to
    `right`, leaving room for the values written at the right)."""
    ax.set_yticks(np.arange(len(points))[::-1], [short(k, LABEL) for k in points])
    ax.set_ylim(-0.6, len(points) - 0.4)
    ax.set_xlim(0, right)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel(xlabel, fontsize=8.5)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)


def progress_height(rows: int) -> int:
    """The least height of `progress_chart` for `rows` knowledge points."""
    return rows_height(rows, per_row=ROW + 2, frame=FRAME + 30)


def progress_chart(fig: Figure, rows: Sequence[PointProgress], first: str, labels: ProgressLabels) -> None:
    """Start of term against now, one row per knowledge point in the order given: each state's mean with its
    interval (start hollow above, now filled below), now coloured and shaped by its move: rose ▲ or fell ▼ beyond
    the uncertainty, else a grey dot; the two values written at the right, with the exam a point started from
    where it is not `first` (the term's first exam)."""
    new_figure(fig)
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(rows))[::-1].astype(float)
    look = {
        1: (STATUS_COLOURS[Status.MASTERED], "^"),
        -1: (STATUS_COLOURS[Status.WEAK], "v"),
        0: ("#777777", "o"),
    }
    for yi, r in zip(y, rows):
        colour, marker = look[r.direction]
        ax.hlines(yi + 0.17, r.start.lower, r.start.upper, color="#9a9a9a", linewidth=1.6)
        ax.plot(r.start.mastery, yi + 0.17, "o", markerfacecolor="white", markeredgecolor="#555555", markersize=5)
        ax.hlines(yi - 0.17, r.now.lower, r.now.upper, color=colour, linewidth=2.2)
        ax.plot(r.now.mastery, yi - 0.17, marker, color=colour, markersize=6)
        note = f"{r.start.mastery:.2f}→{r.now.mastery:.2f}"
        if r.start.exam != first:
            note += " " + labels.since.format(exam=short(r.start.exam, 8, middle=True))
        ax.text(1.02, yi, note, va="center", fontsize=7.5, color=colour if r.direction else "#333333")
    _point_rows_axes(ax, [r.knowledge_point for r in rows], labels.mean_mastery, right=1.0)
    handles = [Line2D([], [], marker=look[d][1], color=look[d][0], linewidth=2.2) for d in (1, -1, 0)]
    # the key above the rows: a long list of points scrolls, and which mark is which state must stay in sight
    key = wrapped(fig, labels.key, fig.get_figwidth() * DPI - 40, 7.5)
    legend(fig, handles, [labels.rose, labels.fell, labels.within], above=True, title=key)


@dataclass(frozen=True)
class GradeLabels:
    """Translated strings of `grade_chart`."""

    this_class: str  # the class, where it is not behind
    behind: str  # the class, where it is behind its grade
    grade: str
    mean_mastery: str


def grade_height(rows: int) -> int:
    """The least height of `grade_chart` for `rows` knowledge points."""
    return rows_height(rows, per_row=ROW + 4, frame=FRAME + 20)


def grade_chart(fig: Figure, rows: Sequence[PointAgainstGrade], labels: GradeLabels) -> list[str]:
    """Per knowledge point, the class's mean mastery (circle) above the grade's (diamond), each with its 95 %
    interval, and the gap written at the right; the rows in the order given (most behind first, on top).

    A class behind its grade on a point (its interval wholly below the grade's mean) is drawn in the weak
    colour with a filled marker; otherwise in blue. Returns the points in the order drawn."""
    new_figure(fig)
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(len(rows))[::-1]
    grade_colour, ahead = "#6b6b6b", ASSESSMENT_COLOURS[0]
    for yi, r in zip(y, rows):
        colour = STATUS_COLOURS[Status.WEAK] if r.behind else ahead
        ax.plot([r.grade_lower, r.grade_upper], [yi - 0.17] * 2, color=grade_colour, linewidth=2, alpha=0.6)
        ax.plot([r.grade_mean], [yi - 0.17], marker="D", color=grade_colour, markersize=5)
        ax.plot([r.class_lower, r.class_upper], [yi + 0.17] * 2, color=colour, linewidth=2.5, alpha=0.7)
        ax.plot([r.class_mean], [yi + 0.17], marker="o", color=colour, markersize=6, markeredgecolor="#222222")
        ax.text(1.02, yi, signed(r.gap), va="center", fontsize=7.5, color=colour if r.behind else "#222222")
    _point_rows_axes(ax, [r.knowledge_point for r in rows], labels.mean_mastery, right=1.12)
    handles = [
        ax.plot([], [], marker="o", color=ahead, markeredgecolor="#222222", linewidth=2.5)[0],
        ax.plot([], [], marker="o", color=STATUS_COLOURS[Status.WEAK], markeredgecolor="#222222", linewidth=2.5)[0],
        ax.plot([], [], marker="D", color=grade_colour, linewidth=2)[0],
    ]
    legend(fig, handles, [labels.this_class, labels.behind, labels.grade], above=True)
    return [r.knowledge_point for r in rows]
