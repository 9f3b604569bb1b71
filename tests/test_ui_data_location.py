"""Settings → 数据位置 in the window: choosing the school server (the password into the keyring, mocked), testing the
connection, and a start with the server unreachable opening this PC's store and saying so."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from app.core.settings import SchoolServer


def test_the_school_server_is_chosen_tested_and_kept_with_its_password_in_the_keyring(
    qtbot, tmp_path, ui_language, keyring_box
) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.dialogs.settings import SettingsDialog

    settings = AppSettings(tmp_path / "settings.json")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    tab = dialog.location
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert tab.this_pc.isChecked() and not tab.host.isEnabled()
    tab.server.setChecked(True)
    assert not ok.isEnabled() and "host, database and user" in dialog.problem.text()
    tab.host.setText("127.0.0.1")
    tab.port.setValue(1)
    tab.user.setText("zhang")
    tab.password.setText("pw-zhang")
    assert ok.isEnabled() and dialog.problem.text() == ""
    tab.test_button.click()
    assert tab.result.text().startswith("Cannot reach the school server")
    ok.click()
    assert dialog.location_changed
    kept = AppSettings(tmp_path / "settings.json").current
    assert kept.data_location == "server" and kept.server == SchoolServer("127.0.0.1", 1, "zhidian", "zhang")
    assert list(keyring_box.values()) == ["pw-zhang"]
    assert "pw-zhang" not in (tmp_path / "settings.json").read_text(encoding="utf-8")


def test_an_unreachable_server_at_start_says_so_and_opens_this_pcs_store(
    qtbot, tmp_path, ui_language, keyring_box, messages
) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    settings = AppSettings(tmp_path / "settings.json")
    settings.update(data_location="server", server=SchoolServer("127.0.0.1", 1, "zhidian", "zhang"))
    window = MainWindow(settings, None, start=False)
    qtbot.addWidget(window)
    with qtbot.waitSignals([window.store_ready, window.device_known], timeout=60_000):
        window.show()
        window.loader.start()
    assert window.state.db is not None and window.state.db.path is not None  # this PC's store
    (said,) = messages["warning"]
    assert "Cannot reach the school server" in said and "The store on this PC" in said
