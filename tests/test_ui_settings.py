"""Settings (issue 12): the thresholds for weak and mastered, kept and applied to every view; the window opens inside
the screen; every menu action and button of the window says what it does (tooltips, in both languages)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialogButtonBox, QMenu
from sample_stores import copy_store

from app.core.diagnosis import Thresholds
from app.services.sample import SAMPLE_CLASS

# ---------------------------------------------------------------- thresholds in the settings


def test_the_window_s_settings_are_the_settings_file_the_cli_reads(tmp_path, capsys) -> None:
    from app.cli import main
    from app.core.diagnosis import InvalidThresholds
    from app.core.settings import load_settings, settings_path
    from app.ui.base.settings import AppSettings

    settings = AppSettings()
    assert settings.path == settings_path() and settings.thresholds == Thresholds()
    with pytest.raises(InvalidThresholds):
        settings.set_thresholds(0.9, 0.6)
    assert not settings_path().exists()  # refused: nothing written
    settings.set_thresholds(0.4, 0.7)
    settings.add_recent_file(tmp_path / "a.xlsx")
    settings.last_class = "八年级(3)班"
    assert load_settings().thresholds == Thresholds(weak_below=0.4, mastered_from=0.7)
    assert main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["thresholds"] == {"weak_below": 0.4, "mastered_from": 0.7}
    assert shown["last_class"] == "八年级(3)班"
    assert main(["settings", "--mastered-from", "0.85"]) == 0  # the CLI writes, the window reads it back
    assert settings.reload().thresholds == Thresholds(weak_below=0.4, mastered_from=0.85)
    assert settings.recent_files == [str((tmp_path / "a.xlsx").resolve())]  # the window's own entries stay


def test_the_settings_dialog_validates_and_keeps_the_thresholds(qtbot, tmp_path, ui_language) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.dialogs.settings import SettingsDialog

    settings = AppSettings(tmp_path / "z.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert (dialog.weak.value(), dialog.mastered.value()) == (0.5, 0.8) and ok.isEnabled()
    dialog.weak.setValue(0.85)
    assert not ok.isEnabled() and "less than" in dialog.problem.text()
    dialog.accept()  # refused: nothing stored, still open
    assert settings.thresholds.weak_below == 0.5 and dialog.result() == 0
    dialog.weak.setValue(0.0)
    assert not ok.isEnabled() and "between 0 and 1" in dialog.problem.text()
    dialog.weak.setValue(0.35)
    dialog.mastered.setValue(0.7)
    assert ok.isEnabled() and dialog.problem.text() == ""
    dialog.defaults_button.click()
    assert dialog.chosen() == (0.5, 0.8)
    dialog.weak.setValue(0.35)
    dialog.mastered.setValue(0.7)
    ok.click()
    assert settings.thresholds == Thresholds(weak_below=0.35, mastered_from=0.7)
    assert AppSettings(tmp_path / "z.json").thresholds.weak_below == 0.35  # written to the file


def test_the_settings_dialog_keeps_the_confidence_a_flag_needs(qtbot, tmp_path, ui_language) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.dialogs.settings import SettingsDialog

    settings = AppSettings(tmp_path / "z.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert (
        dialog.confidence.value() == 0.8 and dialog.confidence_label.text() == "Flag as weak when at least this sure:"
    )
    assert (dialog.confidence.minimum(), dialog.confidence.maximum()) == (0.5, 0.99)  # the rule's range
    dialog.confidence.setValue(0.9)
    dialog.defaults_button.click()
    assert dialog.confidence.value() == 0.8
    dialog.confidence.setValue(0.9)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert settings.confidence == 0.9 and AppSettings(tmp_path / "z.json").confidence == 0.9


def test_changed_thresholds_reshow_the_class_and_apply_at_the_next_start(
    make_window, qtbot, diagnosed_store, tmp_path
) -> None:
    store = copy_store(diagnosed_store, tmp_path)
    window = make_window(db=store)
    before, run_before = window.state.data.diagnosis, window.state.data.run_id
    assert window.state.data.thresholds.weak_below == 0.5
    weak_before = int((before.status == "weak").sum())

    window.menus.act_settings.trigger()
    dialog = window.commands.settings_dialog
    qtbot.addWidget(dialog)
    dialog.weak.setValue(0.3)
    dialog.mastered.setValue(0.6)
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    data = window.state.data
    assert data.class_name == SAMPLE_CLASS and data.run_id == run_before  # the same diagnosis, judged anew
    assert np.array_equal(data.diagnosis.mastery, before.mastery)
    assert data.thresholds.weak_below == 0.3 and data.thresholds.mastered_from == 0.6
    expected = Thresholds(weak_below=0.3, mastered_from=0.6).statuses(
        np.asarray(data.diagnosis.mastery, float), np.asarray(data.diagnosis.evidence, float)
    )
    assert (data.diagnosis.status == expected).all()
    assert int((data.diagnosis.status == "weak").sum()) < weak_before  # fewer are weak below 0.30
    assert window.settings.thresholds == Thresholds(weak_below=0.3, mastered_from=0.6)  # what the exports read
    assert "weak below 0.30, mastered from 0.60" in window.statusBar().currentMessage()
    window.close()

    again = make_window(db=store)
    assert again.state.data.thresholds.weak_below == 0.3 and again.state.data.thresholds.mastered_from == 0.6


# ---------------------------------------------------------------- the window inside the screen


@pytest.mark.parametrize("size", [(853, 440), (1093, 574), (1366, 728), (1920, 1040)], ids=str)
def test_the_window_opens_inside_the_available_screen(make_window, monkeypatch, size) -> None:
    from app.ui.base import screen
    from app.ui.main_window import PREFERRED_SIZE

    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, *size))
    window = make_window()
    assert window.width() == min(PREFERRED_SIZE.width(), size[0] - screen.FRAME.width())
    assert window.height() == min(PREFERRED_SIZE.height(), size[1] - screen.FRAME.height())
    assert window.statusBar().geometry().bottom() < window.height()  # the status bar is on screen


def test_a_geometry_saved_on_a_bigger_screen_is_brought_inside(make_window, qtbot, tmp_path, monkeypatch) -> None:
    from app.ui.base import screen

    window = make_window()
    window.move(300, 250)
    window.resize(1600, 1000)
    window.close()  # saves its geometry
    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, 1093, 574))
    again = make_window()
    frame = again.frameGeometry()
    assert again.width() <= 1093 - screen.FRAME.width() and again.height() <= 574 - screen.FRAME.height()
    assert frame.left() >= 0 and frame.top() >= 0
    assert again.x() + again.width() + screen.FRAME.width() <= 1093 + 2


# ---------------------------------------------------------------- tooltips


def _actions(window) -> list:
    return [a for menu in window.menus.menus for a in menu.actions() if not a.isSeparator() and not a.menu()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_menu_action_and_button_says_what_it_does(make_window, qtbot, ui_language, lang) -> None:
    window = make_window()
    window.commands.set_language(lang)
    qtbot.waitUntil(lambda: window.menus.file_menu.title() == ("文件(&F)" if lang == "zh" else "&File"), timeout=3000)
    window.menus.fill_recent()
    actions = [a for a in _actions(window) if a.parent() is window]  # the recent files name themselves
    assert len(actions) >= 25  # every action of every menu but the recent files
    for action in actions:
        tip = action.toolTip()
        plain = re.sub(r"\(&\w\)|&", "", action.text()).rstrip("…")
        assert tip and tip != plain and action.statusTip() == tip, action.text()
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", tip), tip  # translated
    assert all(menu.toolTipsVisible() for menu in window.menus.menus if isinstance(menu, QMenu))
    for button in (
        window.welcome.sample_button,
        window.welcome.import_button,
        window.workspace.diagnose_button,
        window.workspace.check_button,
        window.workspace.class_picker,
        window.workspace.run_picker,
    ):
        assert button.toolTip(), button
    assert window.status.store_label.toolTip() and window.status.device_label.toolTip()


# ---------------------------------------------------------------- the INI file of earlier versions, carried over once


@given(
    geometry=st.binary(min_size=1, max_size=80),
    recent=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20), max_size=4),
    folder=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    last=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
)
def test_an_earlier_ini_file_is_carried_over_once_with_nothing_lost(
    geometry: bytes, recent: list[str], folder: str, last: str
) -> None:
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QByteArray, QSettings

    from app.core import settings as settings_module
    from app.core.settings import load_settings
    from app.ui.base.settings import AppSettings

    with tempfile.TemporaryDirectory() as tmp:
        ini, path = Path(tmp) / "Zhidian.ini", Path(tmp) / "settings.json"
        old = QSettings(str(ini), QSettings.Format.IniFormat)  # as the window before the settings file wrote it
        old.setValue("ui/language", "zh")
        old.setValue("analysis/weak_below", 0.35)
        old.setValue("analysis/mastered_from", 0.75)
        old.setValue("window/geometry", QByteArray(geometry))
        old.setValue("files/recent", recent)
        old.setValue("files/last_directory", folder)
        old.setValue("data/last_class", last)
        old.sync()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings_module, "legacy_settings_file", lambda: ini)
            settings = AppSettings(path)
            assert settings.language == "zh" and settings.thresholds == Thresholds(0.35, 0.75)
            assert bytes(settings.geometry.data()) == geometry
            assert settings.recent_files == [f for f in recent if f]
            assert settings.last_directory == folder and settings.last_class == last
            assert path.is_file() and ini.is_file()  # carried over; the INI file left as it was
            settings.set_thresholds(0.4, 0.8)
            old.setValue("analysis/weak_below", 0.2)  # once: a later change of the INI file is not read again
            old.sync()
            assert load_settings(path).thresholds == Thresholds(0.4, 0.8)
