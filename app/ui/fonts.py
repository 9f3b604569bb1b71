"""The bundled CJK font, registered with Qt and with matplotlib so Chinese never renders as boxes.

Both registrations put the bundled face *after* the platform's own UI font for Qt (Latin keeps
its native look, CJK falls back to ours) and *first* for matplotlib (whose per-glyph fallback
is coarser), followed by common system CJK fonts in case the bundled file is missing.
"""

from __future__ import annotations

from app.resources import resource_path

FONT_FILE = resource_path("fonts", "WenQuanYiMicroHei-Subset.ttf")
FONT_FAMILY = "WenQuanYi Micro Hei"
SYSTEM_FALLBACKS = (
    "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Zen Hei", "DejaVu Sans",
)

_qt_family: str | None = None
_mpl_done = False


def register_qt_font() -> str | None:
    """Add the bundled font to Qt's database and make it the CJK fallback of the app font.

    Returns the registered family name, or None when the file is missing or unreadable.
    Needs a QGuiApplication.
    """
    global _qt_family
    if _qt_family is not None:
        return _qt_family
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE)) if FONT_FILE.exists() else -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    _qt_family = families[0]
    app_font = QGuiApplication.font()
    chain = [f for f in app_font.families() or [app_font.family()] if f != _qt_family]
    app_font.setFamilies([*chain, _qt_family, *SYSTEM_FALLBACKS[:-1]])
    QGuiApplication.setFont(app_font)
    return _qt_family


def register_matplotlib_font() -> None:
    """Add the bundled font to matplotlib and put it first in `font.sans-serif`. Qt-free, idempotent."""
    global _mpl_done
    if _mpl_done:
        return
    import matplotlib
    from matplotlib import font_manager

    names: list[str] = []
    if FONT_FILE.exists():
        font_manager.fontManager.addfont(str(FONT_FILE))
        names.append(font_manager.FontProperties(fname=str(FONT_FILE)).get_name())
    installed = {f.name for f in font_manager.fontManager.ttflist}
    names += [n for n in SYSTEM_FALLBACKS if n in installed and n not in names]
    current = [n for n in matplotlib.rcParams["font.sans-serif"] if n not in names]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = names + current
    matplotlib.rcParams["axes.unicode_minus"] = False
    _mpl_done = True
