"""Charts drawn straight into the PDF as vectors (reportlab graphics): crisp in print, and fast.

The plans' per-student mastery chart was a 200 dpi matplotlib image per student, most of the time
of a class's plans; here it is a handful of rectangles, lines and strings. It reads like the
window's chart: one row per knowledge point, the bar coloured by its status, the interval as a
line, the threshold dashed, the points on the learning path numbered ①②… in the weak colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.charts.exports import CIRCLED, category
from app.charts.style import STATUS_COLOURS
from app.charts.texts import label, status_label
from app.core.diagnosis import Diagnosis, shown
from app.core.vocabulary import Finding, Status
from app.export.pdf_common import FONT, register_font
from app.insight.findings import Findings

BEHIND_COLOUR = "#8a8a8a"
"""A weak point of a student behind overall: grey, as the window's student chart (one finding, not a red chart)."""

ROW = 13.0  # points per knowledge point
INK = colors.HexColor("#333333")
MUTED = colors.HexColor("#555555")


def _fit(text: str, width: float, size: float) -> str:
    """`text` shortened with … to fit `width` points."""
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def behind_muted(findings: Findings | None, student_index: int) -> list[bool]:
    """Per point, whether the student's weak bar is grey: behind overall and not a weak point specific to them
    (the findings' rule, as the window's student chart); [] without findings or for a student not behind."""
    if findings is None or not bool(findings.behind[student_index]):
        return []
    return [f != Finding.WEAK_POINT.value for f in findings.finding[student_index]]


def mastery_drawing(
    diagnosis: Diagnosis,
    student_index: int,
    path_points: Sequence[str],
    *,
    threshold: float,
    lang: str,
    width: float,
    points: Sequence[str] | None = None,
    muted: Sequence[bool] = (),
) -> Drawing:
    """One student's mastery per knowledge point (`points` only, when given) with its interval, the threshold
    and the path order; for a student behind overall, the weak points `muted` (per point of the diagnosis) are
    grey under one "behind overall" legend entry, red kept for a weak point specific to them (as the window)."""
    register_font()
    kps = list(diagnosis.knowledge_points) if points is None else [p for p in diagnosis.knowledge_points if p in points]
    order = {p: i for i, p in enumerate(path_points)}
    left, right, bottom = 118.0, 52.0, 34.0
    plot = width - left - right
    height = bottom + ROW * max(len(kps), 1) + 6
    d = Drawing(width, height)

    def x(value: float) -> float:
        return left + plot * min(max(value, 0.0), 1.0)

    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        d.add(Line(x(tick), bottom, x(tick), height - 4, strokeColor=colors.HexColor("#e3e6ea"), strokeWidth=0.4))
        d.add(
            String(
                x(tick), bottom - 9, f"{tick:.1f}", fontName=FONT, fontSize=6.5, fillColor=MUTED, textAnchor="middle"
            )
        )
    d.add(
        String(
            left + plot / 2,
            bottom - 19,
            label("mastery", lang),
            fontName=FONT,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    for row, kp in enumerate(kps):
        j = diagnosis.knowledge_points.index(kp)
        y = height - 6 - ROW * (row + 1) + 2.5
        m = float(diagnosis.mastery[student_index, j])
        lo, hi = float(diagnosis.lower[student_index, j]), float(diagnosis.upper[student_index, j])
        cat = category(str(diagnosis.status[student_index, j]), m, threshold)
        quiet = cat == Status.WEAK and j < len(muted) and bool(muted[j])
        fill = colors.HexColor(BEHIND_COLOUR if quiet else STATUS_COLOURS[cat])
        if cat == Status.INSUFFICIENT:
            fill = colors.Color(fill.red, fill.green, fill.blue, alpha=0.45)
        d.add(_box(left, y, plot * min(max(m, 0.0), 1.0), ROW * 0.62, fill))
        mid = y + ROW * 0.31
        d.add(Line(x(lo), mid, x(hi), mid, strokeColor=INK, strokeWidth=0.9))
        for end in (lo, hi):
            d.add(Line(x(end), mid - 2.5, x(end), mid + 2.5, strokeColor=INK, strokeWidth=0.9))
        note = status_label(Status.INSUFFICIENT, lang) if cat == Status.INSUFFICIENT else shown(m, threshold)
        d.add(String(left + plot + 4, mid - 2.5, note, fontName=FONT, fontSize=7, fillColor=MUTED))
        mark = f"{CIRCLED[order[kp]] if order[kp] < len(CIRCLED) else order[kp] + 1} " if kp in order else ""
        name = _fit(mark + kp, left - 8, 7.5)
        colour = colors.HexColor(BEHIND_COLOUR if quiet else STATUS_COLOURS[Status.WEAK]) if kp in order else INK
        d.add(String(left - 5, mid - 2.6, name, fontName=FONT, fontSize=7.5, fillColor=colour, textAnchor="end"))
    d.add(
        Line(x(threshold), bottom, x(threshold), height - 4, strokeColor=MUTED, strokeWidth=0.8, strokeDashArray=[3, 2])
    )
    behind = any(muted[diagnosis.knowledge_points.index(kp)] for kp in kps) if len(muted) else False
    _legend(d, lang, threshold, left, 4, behind=behind)
    return d


def _box(x: float, y: float, width: float, height: float, fill: colors.Color) -> Rect:
    """A filled rectangle without outline."""
    box = Rect(x, y, width, height)
    box.fillColor, box.strokeColor = fill, None
    return box


def _legend(d: Drawing, lang: str, threshold: float, x: float, y: float, *, behind: bool = False) -> None:
    """Swatches for the statuses (and "behind overall" when a bar is grey for it), the threshold line and the
    interval, in one row under the axis."""
    entries = [
        *([(BEHIND_COLOUR, Finding.BEHIND_OVERALL.text.get(lang))] if behind else []),
        (STATUS_COLOURS[Status.WEAK], status_label(Status.WEAK, lang)),
        (STATUS_COLOURS[Status.DEVELOPING], status_label(Status.DEVELOPING, lang)),
        (STATUS_COLOURS[Status.MASTERED], status_label(Status.MASTERED, lang)),
        (STATUS_COLOURS[Status.INSUFFICIENT], status_label(Status.INSUFFICIENT, lang)),
    ]
    for colour, text in entries:
        d.add(_box(x, y + 1, 8, 6, colors.HexColor(colour)))
        d.add(String(x + 11, y + 1.5, text, fontName=FONT, fontSize=6.5, fillColor=INK))
        x += 16 + stringWidth(text, FONT, 6.5)
    d.add(Line(x, y + 4, x + 10, y + 4, strokeColor=MUTED, strokeWidth=0.8, strokeDashArray=[3, 2]))
    text = f"{label('threshold', lang)} {threshold:.2f}"
    d.add(String(x + 13, y + 1.5, text, fontName=FONT, fontSize=6.5, fillColor=INK))
    x += 20 + stringWidth(text, FONT, 6.5)
    d.add(Line(x, y + 4, x + 10, y + 4, strokeColor=INK, strokeWidth=0.9))
    d.add(String(x + 13, y + 1.5, label("interval", lang), fontName=FONT, fontSize=6.5, fillColor=INK))
