"""The window's language: Qt translators for our strings and Qt's own, and the pick for core `Text`.

User-visible strings in app/ui are English sources in `self.tr()` / `QCoreApplication.translate`;
`resources/i18n/zhidian_zh_CN.ts` holds their Chinese (updated by `scripts/update_translations.py`,
compiled to `.qm`). Core messages arrive as `Text(zh, en)` and are picked with `text()`.
Installing a translator sends a LanguageChange event to every widget, which re-labels itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from app.core import vocabulary
from app.core.problems import Text, default_language
from app.core.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget as _Widget
else:
    _Widget = object  # a mixin: the Qt class it is put before is the widget

LANGUAGES = ("zh", "en")
QT_LOCALES = {"zh": "zh_CN", "en": "en_US"}

_current = "en"
_translators: list[QTranslator] = []


def system_language() -> str:
    """ "zh" or "en" from $ZHIDIAN_LANG or the system locale."""
    return default_language()


def resolve(setting: str | None) -> str:
    """The language a setting ("system", "zh", "en") stands for."""
    return setting if setting in LANGUAGES else system_language()


def language() -> str:
    """The language the window shows now ("zh" or "en")."""
    return _current


def text(message: Text | str) -> str:
    """A core message in the current language."""
    return message.get(_current) if isinstance(message, Text) else str(message)


def listed(names: Iterable[str]) -> str:
    """`names` run together as a list in the current language ("甲、乙" or "A, B"), the rule of `app.core.vocabulary`."""
    return vocabulary.listed(names, _current)


def qm_path(lang: str):
    """Where the compiled translation of our strings for `lang` lives."""
    return resource_path("i18n", f"zhidian_{QT_LOCALES[lang]}.qm")


def apply_language(lang: str) -> str:
    """Install the translators for `lang` ("zh"/"en") on the running application; returns it."""
    global _current
    lang = lang if lang in LANGUAGES else "en"
    _current = lang  # before any LanguageChange event reaches a widget
    app = QCoreApplication.instance()
    if app is not None:
        for translator in _translators:
            app.removeTranslator(translator)
    _translators.clear()
    QLocale.setDefault(QLocale(QT_LOCALES[lang]))
    if lang == "zh" and app is not None:
        ours = QTranslator(app)
        if ours.load(str(qm_path(lang))):
            _translators.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load(QLocale(QT_LOCALES[lang]), "qtbase", "_", qt_dir):
            _translators.append(qtbase)
        for translator in _translators:
            app.installTranslator(translator)
    return _current


class Relabelled(_Widget):
    """A widget that re-labels itself, by its `retranslate`, when the language changes: `class D(Relabelled, QDialog)`.

    Installing a translator sends every widget a LanguageChange event; this is the one place it is answered."""

    def retranslate(self) -> None:
        """Re-label everything in the current language (each widget says how)."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Re-label on a language change."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
