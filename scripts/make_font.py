"""Build the bundled CJK fonts: WenQuanYi Micro Hei cut to CJK ideographs, Latin and common symbols, and its
supplement from Noto Sans CJK SC (SIL OFL 1.1): every character the first lacks among CJK Extension A (䶮, 㛃 in
students' names, GB18030), the CJK ideographs, radicals and compatibility forms, and the usual symbols (the
minus sign −, arrows, math operators, enclosed numbers).

Shipping the fonts means Chinese renders in the window, the charts and the PDFs on a PC with no Chinese
system font. Sources: Debian's fonts-wqy-microhei (Apache-2.0 or GPL-3 with font exception; see
resources/fonts/LICENSE-WenQuanYi.txt) and fonts-noto-cjk (resources/fonts/LICENSE-NotoSansCJK.txt). The
supplement's outlines are converted to TrueType (reportlab embeds TrueType only) and its family renamed, as
the OFL asks of a modified font. Needs fonttools (a build-time tool only).

    apt-get install fonts-wqy-microhei fonts-noto-cjk && pip install fonttools
    python scripts/make_font.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
    python scripts/make_font.py --supplement [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
OUT = FONTS / "WenQuanYiMicroHei-Subset.ttf"
SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
SUPPLEMENT = FONTS / "ZhidianCJKSupplement.ttf"
SUPPLEMENT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SUPPLEMENT_FAMILY = "Zhidian CJK Supplement"
_SC = 2  # Noto Sans CJK's Simplified Chinese face in the collection (JP, KR, SC, TC, HK …)
# What the supplement may hold: CJK Extension A, ideographs, radicals, compatibility forms, symbols and punctuation.
SUPPLEMENT_RANGES = (
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0x2E80, 0x2FE0),
    (0xF900, 0xFB00),
    (0x3000, 0x3400),
    (0x2000, 0x2C00),
    (0xFE30, 0xFE50),
    (0xFF00, 0xFFF0),
    (0x00A0, 0x0250),
)


def _gb2312() -> set[int]:
    """Every character GB2312 encodes (6,763 hanzi and its symbols)."""
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
    return chars


def main() -> None:
    """Write the subset font next to its licence."""
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    font = TTCollection(source).fonts[0]  # the proportional face (the second is monospaced)
    # all CJK Unified Ideographs, not only GB2312: students' names use rarer characters (喆, 堃, 昇)
    codepoints = (
        _gb2312()
        | set(range(0x4E00, 0xA000))
        | set(range(0x20, 0x7F))
        | set(range(0xA0, 0x250))
        | set(range(0x2000, 0x2070))
    )
    codepoints |= set(range(0x2190, 0x2200)) | set(range(0x2460, 0x24FF)) | set(range(0x25A0, 0x2600))
    codepoints |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | {ord(c) for c in "≤≥≠±×÷√∞℃‰"}
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT} {OUT.stat().st_size / 1e6:.1f} MB")


def _quadratic(font: TTFont) -> None:
    """Turn a CFF (PostScript-outline) font into a TrueType one: cubic curves to quadratic, within 1 unit."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.maxStackElements = maxp.maxSizeOfInstructions = maxp.maxComponentElements = 0
    font["maxp"] = maxp
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"


def _renamed(font: TTFont, family: str) -> None:
    """Give the modified font its own family name (the OFL keeps the original's for the original)."""
    table = font["name"]
    postscript = family.replace(" ", "")
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 16):
            table.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            table.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 17:
            table.setName("Regular", 17, record.platformID, record.platEncID, record.langID)


def make_supplement(source: str, base: Path = OUT) -> None:
    """Write the supplement: the source's characters in SUPPLEMENT_RANGES that the base font lacks."""
    has = set(TTFont(base).getBestCmap())
    font = TTCollection(source).fonts[_SC]
    codepoints = {c for first, last in SUPPLEMENT_RANGES for c in range(first, last) if c not in has}
    codepoints &= set(font.getBestCmap())
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    _quadratic(font)
    _renamed(font, SUPPLEMENT_FAMILY)
    font.save(SUPPLEMENT)
    print(f"{SUPPLEMENT} {SUPPLEMENT.stat().st_size / 1e6:.1f} MB, {len(codepoints)} characters")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--supplement"]:
        make_supplement(sys.argv[2] if len(sys.argv) > 2 else SUPPLEMENT_SOURCE)
    else:
        main()
