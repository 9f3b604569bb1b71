"""Help → User guide: a short guide in the window's language (resources/guide/guide_zh.html, guide_en.html).

It follows the language: switching it re-reads the guide in the other one. `show_section("backups")`
scrolls to a section (import, diagnose, views, check, export, manage, backups, data).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.core.resources import resource_path
from app.ui.base import i18n, screen

PREFERRED = QSize(760, 640)
SECTIONS = ("import", "diagnose", "views", "check", "export", "manage", "backups", "data")


def guide_html(lang: str) -> str:
    """The guide's text in `lang` ("zh" or "en"); a line naming the file when it is missing."""
    path = resource_path("guide", f"guide_{'zh' if lang == 'zh' else 'en'}.html")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        if lang == "zh":
            return f"<p>找不到使用说明文件：{path}。请重新安装知点。</p>"
        return f"<p>The user guide is missing: {path}. Please reinstall Zhidian.</p>"


class HelpDialog(i18n.Relabelled, QDialog):
    """The user guide in a text browser; not modal, so the teacher can follow it while working."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self.language = ""
        self.retranslate()
        screen.fit_dialog(self, PREFERRED)

    def show_section(self, section: str | None) -> None:
        """Scroll to a section of the guide (the top when None)."""
        if section in SECTIONS:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        """Show the guide and the labels in the current language."""
        self.setWindowTitle(self.tr("User guide"))
        self.browser.setToolTip(self.tr("How to use Zhidian; the links jump to each part"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(self.tr("Close the guide"))
        lang = i18n.language()
        if lang != self.language:
            self.language = lang
            self.browser.setHtml(guide_html(lang))
