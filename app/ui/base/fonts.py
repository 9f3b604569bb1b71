"""The bundled CJK font registered with Qt, so Chinese never renders as boxes in the window.

The bundled face goes *after* the platform's own UI font (Latin keeps its native look, CJK falls
back to ours), then the bundled supplement (CJK Extension A and rarer characters: 李䶮, 王㛃), followed by
common system CJK fonts in case the bundled files are missing. The charts register the same files with
matplotlib in `app.charts.style`.
"""

from __future__ import annotations

from app.charts.style import FONT_FILE, SYSTEM_FALLBACKS
from app.core.resources import SUPPLEMENT_FONT_FILE

_qt_family: str | None = None


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
    supplement_id = QFontDatabase.addApplicationFont(str(SUPPLEMENT_FONT_FILE)) if SUPPLEMENT_FONT_FILE.exists() else -1
    supplement = QFontDatabase.applicationFontFamilies(supplement_id)[:1] if supplement_id >= 0 else []
    app_font = QGuiApplication.font()
    ours = [_qt_family, *supplement]
    chain = [f for f in app_font.families() or [app_font.family()] if f not in ours]
    app_font.setFamilies([*chain, *ours, *SYSTEM_FALLBACKS[:-1]])
    QGuiApplication.setFont(app_font)
    return _qt_family
