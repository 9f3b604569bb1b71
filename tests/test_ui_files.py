"""The file a controller works on: given, or picked in an Open dialog that starts in the folder last used, whose
folder is then remembered."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.base.settings import AppSettings
from app.ui.controllers.files import file_to_open


def test_the_file_is_picked_in_the_folder_last_used_and_its_folder_remembered(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    settings = AppSettings(tmp_path / "settings.json")
    settings.last_directory = str(tmp_path / "before")
    asked: list[tuple[object, str, str, str]] = []
    answer = {"path": str(tmp_path / "picked" / "a.xlsx")}

    def ask(parent, title, folder, filters):
        asked.append((parent, title, folder, filters))
        return answer["path"], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    assert file_to_open(parent, settings, "Import", "Tables (*.xlsx)") == answer["path"]
    assert asked == [(parent, "Import", str(tmp_path / "before"), "Tables (*.xlsx)")]
    assert settings.last_directory == str(tmp_path / "picked")

    answer["path"] = ""  # Cancel: nothing, and the folder stays
    assert file_to_open(parent, settings, "Import", "Tables (*.xlsx)") is None
    assert settings.last_directory == str(tmp_path / "picked")

    given = str(tmp_path / "dropped" / "b.csv")  # a file dropped on the window: no dialog
    assert file_to_open(parent, settings, "Import", "Tables (*.xlsx)", given) == given
    assert len(asked) == 2 and settings.last_directory == str(tmp_path / "dropped")
