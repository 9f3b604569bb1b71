"""Build the bundled CJK font: WenQuanYi Micro Hei cut to CJK ideographs, Latin and common symbols.

Shipping the font means Chinese renders in the window, the charts and the PDFs on a PC with no
Chinese system font. Source: Debian's fonts-wqy-microhei (Apache-2.0 or GPL-3 with font
exception; see resources/fonts/LICENSE-WenQuanYi.txt). Needs fonttools (a build-time tool only).

    apt-get install fonts-wqy-microhei && pip install fonttools
    python scripts/make_font.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "WenQuanYiMicroHei-Subset.ttf"
SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


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


if __name__ == "__main__":
    main()
