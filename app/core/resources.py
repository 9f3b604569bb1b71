"""Where the shipped resources (samples, model prior, fonts, translations) live."""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.problems import Refused, Text


def bundle_root() -> Path:
    """The folder holding `resources/`: the checkout, or a frozen build's bundle folder (PyInstaller's `_internal`)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


RESOURCES = bundle_root() / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under `resources/`."""
    return RESOURCES.joinpath(*parts)


FONT_FILE = resource_path("fonts", "WenQuanYiMicroHei-Subset.ttf")
"""The bundled CJK font (WenQuanYi Micro Hei cut to CJK, Latin and common symbols; scripts/make_font.py)."""
SUPPLEMENT_FONT_FILE = resource_path("fonts", "ZhidianCJKSupplement.ttf")
"""What the bundled font lacks: CJK Extension A (䶮, 㛃), rarer ideographs and symbols such as − (from Noto Sans CJK
SC, SIL OFL 1.1; scripts/make_font.py --supplement). Tried right after the bundled font."""


class DamagedResource(Refused):
    """A file Zhidian ships (the model prior, the font, the translations) is missing or damaged."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Text(
                f"知点自带的文件“{path}”缺失或已损坏。请重新安装知点；你的数据不受影响。",
                f"A file Zhidian ships, '{path}', is missing or damaged. Reinstall Zhidian; your data is not affected.",
            )
        )
        self.path = path
