"""Help → About: the version, where the data lives, and the bundled parts with their licences.

The text follows the window's language (like the user guide); the licence texts themselves are in
THIRD_PARTY_LICENSES.txt and licenses/ beside the program in a built copy.
"""

from __future__ import annotations

import html
import importlib.metadata as metadata
import platform
import sys
from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app import __version__
from app.core import locations
from app.core.components import COMPONENTS, Component
from app.core.problems import Text
from app.core.resources import resource_path
from app.ui.base import i18n, screen

PREFERRED = QSize(720, 600)
LICENCES_FILE = "THIRD_PARTY_LICENSES.txt"

WORDS = {
    "title": Text("关于知点", "About Zhidian"),
    "tagline": Text(
        "离线的知识点诊断工具：成绩只保存在这台电脑上，不联网。",
        "Offline knowledge-point diagnosis for teachers: scores never leave this computer.",
    ),
    "data": Text("数据位置", "Where the data lives"),
    "folder": Text("数据文件夹", "Data folder"),
    "store": Text("数据库", "Store"),
    "backups": Text("备份", "Backups"),
    "portable": Text(
        "便携模式：数据保存在程序旁边的 data 文件夹（程序旁有 zhidian-portable.txt）。",
        "Portable mode: the data are kept in the data folder beside the program (zhidian-portable.txt is there).",
    ),
    "parts": Text("包含的组件及其许可证", "Bundled parts and their licences"),
    "part": Text("组件", "Part"),
    "version": Text("版本", "Version"),
    "licence": Text("许可证", "Licence"),
    "texts": Text(
        "许可证全文：程序文件夹中的 {file} 和 licenses 文件夹。",
        "Full licence texts: {file} and the licenses folder beside the program.",
    ),
    "open": Text("打开许可证全文", "Open the licence texts"),
    "open_tip": Text("在文本编辑器中打开程序文件夹中的许可证文件", "Open the licence file beside the program"),
    "close_tip": Text("关闭", "Close this window"),
}


def _version(component: Component) -> str:
    """The installed version of a bundled part ("" when it is not a Python distribution, or not installed)."""
    if component.name == "Python":
        return platform.python_version()
    if component.distribution is None:
        return ""
    try:
        return metadata.version(component.distribution)
    except metadata.PackageNotFoundError:
        return ""


def licences_file() -> Path | None:
    """THIRD_PARTY_LICENSES.txt beside the program (built copies have it), else None."""
    path = Path(sys.executable).resolve().parent / LICENCES_FILE
    return path if path.is_file() else None


def about_html(lang: str, store: Path | None) -> str:
    """The About text in `lang`: version, data locations, bundled parts with versions and licences."""

    def w(key: str, **values: object) -> str:
        return html.escape(WORDS[key].get(lang).format(**values))

    folder = locations.data_folder()
    store = store or folder / "zhidian.db"
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(_version(c))}</td><td>{html.escape(c.licence)}</td></tr>"
        for c in COMPONENTS
    )
    font_licence = resource_path("fonts", "LICENSE-WenQuanYi.txt")
    parts = [
        f"<h2>知点 Zhidian {html.escape(__version__)}</h2>",
        f"<p>{w('tagline')}</p>",
        f"<h3>{w('data')}</h3>",
        "<table cellspacing='0' cellpadding='3'>",
        f"<tr><td>{w('folder')}</td><td>{html.escape(str(folder))}</td></tr>",
        f"<tr><td>{w('store')}</td><td>{html.escape(str(store))}</td></tr>",
        f"<tr><td>{w('backups')}</td><td>{html.escape(str(store))}-backups</td></tr>",
        "</table>",
    ]
    if locations.portable():
        parts.append(f"<p>{w('portable')}</p>")
    parts += [
        f"<h3>{w('parts')}</h3>",
        "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>",
        f"<tr><th>{w('part')}</th><th>{w('version')}</th><th>{w('licence')}</th></tr>",
        rows,
        "</table>",
        f"<p>{w('texts', file=LICENCES_FILE)} {html.escape(str(font_licence))}</p>",
    ]
    return "\n".join(parts)


class AboutDialog(i18n.Relabelled, QDialog):
    """The About box: a text browser and Close (and Open the licence texts, in a built copy)."""

    def __init__(self, store: Path | str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = Path(store) if store else None
        self.browser = QTextBrowser(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        self.open_button: QPushButton | None = None
        if (texts := licences_file()) is not None:
            self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(texts))))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        screen.fit_dialog(self, PREFERRED)

    def retranslate(self) -> None:
        """Show the text and labels in the current language."""
        lang = i18n.language()
        self.setWindowTitle(WORDS["title"].get(lang))
        self.browser.setHtml(about_html(lang, self.store))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(WORDS["close_tip"].get(lang))
        if self.open_button is not None:
            self.open_button.setText(WORDS["open"].get(lang))
            self.open_button.setToolTip(WORDS["open_tip"].get(lang))
