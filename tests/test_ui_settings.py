"""Settings (issue 12): the thresholds for weak and mastered, kept and applied to every view; the window opens inside
the screen; every menu action and button of the window says what it does (tooltips, in both languages)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialogButtonBox, QMenu
from sample_stores import copy_store

from app.core.diagnosis import Thresholds
from app.services.sample import SAMPLE_CLASS

# ---------------------------------------------------------------- thresholds in the settings


def test_thresholds_default_to_the_engine_s_and_refuse_bad_pairs(tmp_path) -> None:
    from app.ui.base.settings import MASTERED_FROM, WEAK_BELOW, AppSettings, thresholds_problem

    assert (Thresholds().weak_below, Thresholds().mastered_from) == (WEAK_BELOW, MASTERED_FROM)
    settings = AppSettings(tmp_path / "z.ini")
    assert (settings.weak_below, settings.mastered_from) == (0.5, 0.8)
    assert settings.thresholds == Thresholds()
    assert thresholds_problem(0.8, 0.5) == "order" and thresholds_problem(0.5, 0.5) == "order"
    assert thresholds_problem(0.0, 0.8) == "range" and thresholds_problem(0.5, 1.0) == "range"
    assert thresholds_problem(float("nan"), 0.8) == "range" and thresholds_problem(0.4, 0.7) is None
    with pytest.raises(ValueError):
        settings.set_thresholds(0.9, 0.6)
    settings.set_thresholds(0.4, 0.7)
    settings.sync()
    again = AppSettings(tmp_path / "z.ini")
    assert again.thresholds == Thresholds(weak_below=0.4, mastered_from=0.7)
    again.qsettings.setValue("analysis/weak_below", "nonsense")  # a hand-edited file: the defaults, not a crash
    assert again.thresholds == Thresholds()


def test_the_settings_dialog_validates_and_keeps_the_thresholds(qtbot, tmp_path, ui_language) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.dialogs.settings import SettingsDialog

    settings = AppSettings(tmp_path / "z.ini")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert (dialog.weak.value(), dialog.mastered.value()) == (0.5, 0.8) and ok.isEnabled()
    dialog.weak.setValue(0.85)
    assert not ok.isEnabled() and "less than" in dialog.problem.text()
    dialog.accept()  # refused: nothing stored, still open
    assert settings.weak_below == 0.5 and dialog.result() == 0
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
    assert AppSettings(tmp_path / "z.ini").weak_below == 0.35  # written to the file


def test_changed_thresholds_reshow_the_class_and_apply_at_the_next_start(
    make_window, qtbot, diagnosed_store, tmp_path
) -> None:
    store = copy_store(diagnosed_store, tmp_path)
    window = make_window(db=store)
    before, run_before = window.data.diagnosis, window.data.run_id
    assert window.data.thresholds.weak_below == 0.5
    weak_before = int((before.status == "weak").sum())

    window.menus.act_settings.trigger()
    dialog = window.settings_dialog
    qtbot.addWidget(dialog)
    dialog.weak.setValue(0.3)
    dialog.mastered.setValue(0.6)
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    data = window.data
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
    assert again.data.thresholds.weak_below == 0.3 and again.data.thresholds.mastered_from == 0.6


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
    window.set_language(lang)
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
        window.diagnose_button,
        window.check_button,
        window.class_picker,
        window.run_picker,
    ):
        assert button.toolTip(), button
    assert window.store_status.toolTip() and window.device_status.toolTip()
