"""Help → About: the version, where the data lives, every bundled part with its licence, in both languages."""

from __future__ import annotations

from pathlib import Path

from app import __version__
from app.core.components import COMPONENTS
from app.ui.dialogs.about import AboutDialog, about_html


def test_the_about_text_names_the_version_the_data_and_every_part(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ZHIDIAN_DATA_DIR", str(tmp_path / "data"))
    text = about_html("zh", tmp_path / "store.db")
    assert f"知点 Zhidian {__version__}" in text and "数据库" in text
    assert str(tmp_path / "data") in text and str(tmp_path / "store.db") + "-backups" in text
    for component in COMPONENTS:
        assert component.name.replace("&", "&amp;") in text
    assert "LGPL-3.0" in text and "LICENSE-WenQuanYi.txt" in text
    english = about_html("en", None)
    assert "Where the data lives" in english and str(tmp_path / "data" / "zhidian.db") in english


def test_help_about_opens_it_on_the_windows_store(make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    window.menus.act_about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert str(tmp_path / "zhidian.db") in dialog.browser.toPlainText()
    dialog.close()


def test_the_about_box_follows_the_language(qtbot, ui_language) -> None:
    dialog = AboutDialog("/somewhere/zhidian.db")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "About Zhidian"
    assert "/somewhere/zhidian.db" in dialog.browser.toPlainText()
    ui_language("zh")
    dialog.retranslate()
    assert dialog.windowTitle() == "关于知点" and "包含的组件及其许可证" in dialog.browser.toPlainText()
