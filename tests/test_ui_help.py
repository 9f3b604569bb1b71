"""Help → User guide (issue 12): a short guide in the window's language, true to the menus it names."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QKeySequence

from app.core.resources import resource_path


def _anchors(html: str) -> list[str]:
    return re.findall(r'<a name="([a-z]+)"', html)


def test_both_guides_have_every_section() -> None:
    from app.ui.dialogs.help import SECTIONS

    for lang in ("en", "zh"):
        html = resource_path("guide", f"guide_{lang}.html").read_text(encoding="utf-8")
        assert _anchors(html) == list(SECTIONS), lang
        assert re.findall(r'href="#([a-z]+)"', html) == list(SECTIONS), lang  # the contents link to each


def _menu_path(window, *actions) -> str:
    """'File → Back up now' as the guide writes it: titles without accelerators or the trailing dots."""
    parts = [re.sub(r"\(&\w\)|&", "", a.text() if hasattr(a, "text") else a.title()).rstrip("…") for a in actions]
    return " → ".join(parts)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_follows_the_language_and_names_real_menus(make_window, qtbot, ui_language, lang) -> None:
    window = make_window()
    window.commands.set_language(lang)
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == ("文件(&F)" if lang == "zh" else "&File"), timeout=3000)
    assert window.menus.act_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.menus.act_guide.trigger()
    dialog = window.commands.help_dialog
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert text.startswith("知点使用说明" if lang == "zh" else "Zhidian user guide")
    assert dialog.windowTitle() == ("使用说明" if lang == "zh" else "User guide")
    m = window.menus
    for path in (
        (m.file_menu, m.act_import),
        (m.file_menu, m.act_manage),
        (m.file_menu, m.act_backup),
        (m.file_menu, m.act_restore),
        (m.file_menu, m.act_data_folder),
        (m.file_menu, m.act_check_store),
        (m.analysis_menu, m.act_diagnose),
        (m.analysis_menu, m.act_check),
        (m.settings_menu, m.act_settings),
    ):
        assert _menu_path(window, *path) in text, _menu_path(window, *path)
    assert "zhidian-portable.txt" in text and "--data-dir" in text and "双向细目表" in text


def test_the_guide_switches_language_while_open(make_window, qtbot, ui_language) -> None:
    window = make_window()
    window.commands.show_guide("backups")
    dialog = window.commands.help_dialog
    qtbot.addWidget(dialog)
    assert "Backups and restore" in dialog.browser.toPlainText()
    window.commands.set_language("zh")
    qtbot.waitUntil(lambda: dialog.browser.toPlainText().startswith("知点使用说明"), timeout=3000)
    assert dialog.windowTitle() == "使用说明"
    window.commands.set_language("en")
    qtbot.waitUntil(lambda: dialog.browser.toPlainText().startswith("Zhidian user guide"), timeout=3000)


def test_a_missing_guide_names_the_file(monkeypatch, tmp_path) -> None:
    from app.ui.dialogs import help as help_dialog

    monkeypatch.setattr(help_dialog, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert str(tmp_path / "guide" / "guide_en.html") in help_dialog.guide_html("en")
    assert "请重新安装知点" in help_dialog.guide_html("zh")


@pytest.mark.parametrize("size", [(853, 440), (911, 472), (1024, 536), (1093, 574), (1280, 680)], ids=str)
def test_the_guide_and_the_settings_dialog_fit_the_screen(qtbot, tmp_path, ui_language, monkeypatch, size) -> None:
    from test_ui_safety import assert_fits

    from app.ui.base import screen
    from app.ui.base.settings import AppSettings
    from app.ui.dialogs.help import HelpDialog
    from app.ui.dialogs.settings import SettingsDialog

    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, *size))
    for lang in ("en", "zh"):
        ui_language(lang)
        for dialog in (HelpDialog(), SettingsDialog(AppSettings(tmp_path / "settings.json"))):
            qtbot.addWidget(dialog)
            dialog.show()
            assert_fits(dialog, size)
