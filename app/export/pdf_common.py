"""Shared PDF layout (reportlab): A4 pages, the bundled CJK font embedded, header, footer, styles.

reportlab lays out flowing text and tables (wrapping Chinese, repeating table headers, breaking
pages) and embeds only the glyphs used from the bundled TrueType font, with a ToUnicode map so
the text can be searched and copied; charts come from matplotlib as 200 dpi images.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus import Table as RLTable
from reportlab.platypus import paragraph as rl_paragraph

from app.charts import glyphs
from app.charts.exports import png_bytes
from app.charts.style import FONT_FILE
from app.charts.texts import label
from app.core.resources import DamagedResource

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand

FONT = "ZhidianCJK"
MARGIN = 15 * mm
PAGE_W, PAGE_H = A4
BODY_W = PAGE_W - 2 * MARGIN
INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#666666")
ACCENT = colors.HexColor("#1f5f8b")
RULE = colors.HexColor("#c8cdd2")
HEAD_BG = colors.HexColor("#e6edf3")


# ReportLab's CJK wrapping keeps 。、」 off the start of a line (they hang in the margin) but not
# Chinese full-width ，；：！？ or closing quotes; its line breakers read these module globals.
for _module in (rl_textsplit, rl_paragraph):
    # the stubs type these as plain modules (paragraph's copy of the global is not in them at all)
    _module.ALL_CANNOT_START += "".join(c for c in "，；：！？”’》〉" if c not in _module.ALL_CANNOT_START)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the bundled TrueType font with reportlab (once); its name."""
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    except Exception as error:
        raise DamagedResource(FONT_FILE) from error
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


@lru_cache(maxsize=1)
def fallback_fonts() -> dict[Path, str]:
    """The PC's fuller fonts registered with reportlab, by file: for names the bundled font lacks."""
    names: dict[Path, str] = {}
    for face in glyphs.faces()[1:]:
        name = f"{FONT}-{hashlib.sha1(str(face.path).encode()).hexdigest()[:10]}"  # one name per file, ever
        try:  # reportlab draws TrueType outlines only: a CFF (.otf) face is skipped
            pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=0))
        except Exception:  # noqa: BLE001 - an unusable system font is simply not a fallback
            continue
        names[face.path] = name
    return names


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one language (Chinese wraps between any two characters)."""

    title: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle


def styles(lang: str) -> Styles:
    """The styles for `lang`."""
    font = register_font()
    wrap = "CJK" if lang == "zh" else None

    def style(name: str, size: float, leading: float, colour=INK, space_before=0.0, space_after=0.0) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading,
            textColor=colour,
            spaceBefore=space_before,
            spaceAfter=space_after,
            alignment=TA_LEFT,
            wordWrap=wrap,
        )

    return Styles(
        title=style("title", 17, 22, ACCENT, 0, 2),
        h2=style("h2", 12.5, 16, ACCENT, 8, 4),
        h3=style("h3", 10.5, 14, INK, 6, 2),
        body=style("body", 9, 13, INK, 0, 3),
        small=style("small", 7.5, 10, MUTED, 0, 2),
        cell=style("cell", 8, 10.5),
        cell_head=style("cell_head", 8, 10.5, ACCENT),
    )


def esc(text: object) -> str:
    """Text safe inside a reportlab Paragraph (its markup is XML-like), each character in a font that has it."""
    register_font()
    fallbacks = fallback_fonts()
    parts = []
    for face, run in glyphs.runs(str(text)):
        escaped = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        name = fallbacks.get(face.path) if face is not None else None
        parts.append(f'<font name="{name}">{escaped}</font>' if name else escaped)
    return "".join(parts)


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain (escaped) text."""
    return Paragraph(esc(text), style)


def figure(fig, width: float = BODY_W, max_height: float | None = None) -> Image:
    """A matplotlib figure as an image flowable `width` wide (smaller if it would pass `max_height`)."""
    data = png_bytes(fig)
    w, h = ImageReader(io.BytesIO(data)).getSize()
    scale = width / w
    if max_height is not None and h * scale > max_height:
        scale = max_height / h
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def table(
    header: list[str],
    rows: Sequence[Sequence[object]],
    widths: list[float],
    st: Styles,
    *,
    zebra: bool = True,
    highlight: list[int] | None = None,
) -> RLTable:
    """A table with a repeated header row; every cell is a wrapped paragraph, so nothing overflows."""
    data: list[list[Flowable | str]] = [[Paragraph(esc(h), st.cell_head) for h in header]]
    scale = BODY_W / sum(widths) if sum(widths) > BODY_W else 1.0
    data += [[_cell(c, st, w * scale - 6) for c, w in zip(row, widths)] for row in rows]
    t = RLTable(data, colWidths=[w * scale for w in widths], repeatRows=1, hAlign="LEFT")
    commands: list[_TableCommand] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if zebra:
        commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f7f9fa")) for r in range(2, len(data), 2)]
    for r in highlight or []:
        commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fbe9e5")))
    commands += [
        ("FONTNAME", (0, 1), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), st.cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), st.cell.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
    ]  # for the plain-text cells
    t.setStyle(TableStyle(commands))
    return t


def _cell(value: object, st: Styles, room: float) -> Flowable | str:
    """A table cell: text that fits its column on one line in the bundled font stays a plain string (drawn as
    is, far faster to lay out than a paragraph, and a class's plans have thousands of cells); anything else is
    a wrapped paragraph."""
    if isinstance(value, Flowable):
        return value
    text = "" if value is None else str(value)
    if (
        text.isprintable()
        and pdfmetrics.stringWidth(text, FONT, st.cell.fontSize) <= room
        and all(face is not None and face.path == FONT_FILE for face, _ in glyphs.runs(text))
    ):
        return text
    return Paragraph(esc(text), st.cell)


class Running(Flowable):
    """An invisible marker: from here on, the footer names `who` (the student whose plan this is)."""

    def __init__(self, who: str) -> None:
        super().__init__()
        self.who = who
        self.width = self.height = 0

    def draw(self) -> None:
        """Set the running name for the footer."""
        # read by the page-end callback; reportlab's Canvas takes ad-hoc attributes, its stubs do not
        self.canv._zhidian_who = self.who  # type: ignore[attr-defined]


def privacy_note(anonymised: bool, lang: str) -> str:
    """The footer's note on the students' names: that they are pseudonyms, else that the pages are private."""
    return label("anonymised", lang) if anonymised else label("privacy", lang)


def document(
    path_or_buffer: Path | io.BytesIO, title_key: str, *, class_name: str, lang: str, footer_notes: list[str]
) -> BaseDocTemplate:
    """An A4 document titled by the label `title_key` and `class_name`, whose metadata names only the document and
    class (never a student), with a footer on every page: the running student name (if any), the title and class
    and the page number, then `footer_notes` (wrapped small print: what the numbers mean, the privacy note)."""
    title = label(title_key, lang)
    footer_left = f"{title} · {class_name}"
    register_font()
    note_style = ParagraphStyle(
        "footer", fontName=FONT, fontSize=6.5, leading=8.2, textColor=MUTED, wordWrap="CJK" if lang == "zh" else None
    )
    line_style = ParagraphStyle("footer_line", parent=note_style, fontSize=7, leading=9, wordWrap=None)
    notes = [Paragraph(esc(n), note_style) for n in footer_notes]
    notes_h = sum(n.wrap(BODY_W, PAGE_H)[1] for n in notes)
    footer_h = notes_h + 14
    doc = BaseDocTemplate(
        path_or_buffer if isinstance(path_or_buffer, io.BytesIO) else str(path_or_buffer),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + footer_h + 4,
        title=f"{title} — {class_name}",
        subject=title,
        author="Zhidian",
        creator="Zhidian",
        producer="Zhidian",
        keywords=[],
        lang="zh-CN" if lang == "zh" else "en",
    )

    def end(canvas, doc_) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        top = MARGIN + footer_h
        canvas.line(MARGIN, top, PAGE_W - MARGIN, top)
        who = getattr(canvas, "_zhidian_who", "")
        left = Paragraph(
            esc(" · ".join(x for x in (who, footer_left) if x)), line_style
        )  # names may need a fallback font
        left.wrapOn(canvas, BODY_W - 60, 12)
        left.drawOn(canvas, MARGIN, top - 11)
        canvas.drawRightString(PAGE_W - MARGIN, top - 9, label("page", lang, n=doc_.page))
        y = top - 12
        for n in notes:
            _, h = n.wrap(BODY_W, PAGE_H)
            y -= h
            n.drawOn(canvas, MARGIN, y)
        canvas.restoreState()

    frame = Frame(
        MARGIN,
        MARGIN + footer_h + 4,
        BODY_W,
        PAGE_H - 2 * MARGIN - footer_h - 4,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("page", frames=[frame], onPageEnd=end)])
    return doc


def class_document(
    out: Path | io.BytesIO,
    title_key: str,
    *,
    class_name: str,
    lang: str,
    anonymised: bool,
    assessments: Sequence[str],
    generated: dt.date | None,
    extra: Sequence[str] = (),
) -> tuple[BaseDocTemplate, list]:
    """A class-level document (report, 讲评 list, groups): the document with the privacy (or anonymised) note in
    its footer, and the start of its story: its title and a line with the exams, the date (default: today) and
    `extra`."""
    title = label(title_key, lang)
    meta = [
        f"{label('assessments', lang)}: {('、' if lang == 'zh' else ', ').join(assessments)}",
        f"{label('generated', lang)}: {(generated or dt.date.today()).isoformat()}",
        *extra,
    ]
    doc = document(out, title_key, class_name=class_name, lang=lang, footer_notes=[privacy_note(anonymised, lang)])
    st = styles(lang)
    return doc, [Running(""), para(f"{title} · {class_name}", st.title), para("  ·  ".join(meta), st.small)]
