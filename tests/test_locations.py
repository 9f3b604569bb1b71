"""Where the data lives: the user's folder, a named folder (--data-dir), or beside the program (portable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core import locations
from app.core.settings import settings_path


@pytest.fixture(autouse=True)
def no_named_folder(monkeypatch):
    """No folder named at the start; whatever a test (--data-dir) sets is undone after it."""
    monkeypatch.setenv(locations.DATA_DIR_VARIABLE, "")


def test_a_marker_beside_the_program_keeps_the_data_there(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(locations, "program_folder", lambda: tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(locations.sys, "platform", "linux")
    assert not locations.portable()
    assert locations.legacy_settings_file() == tmp_path / "config" / "Zhidian" / "Zhidian.ini"  # Qt's per-user INI
    (tmp_path / locations.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert locations.portable()
    assert locations.data_folder() == tmp_path / "data" and (tmp_path / "data").is_dir()
    assert settings_path() == tmp_path / "data" / "settings.json"
    assert locations.legacy_settings_file() == tmp_path / "data" / "Zhidian.ini"  # an earlier portable copy's


def test_the_cli_data_dir_holds_the_store_and_its_backups(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "U盘" / "知点数据"
    assert main(["--data-dir", str(folder), "summary", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["classes"] == 0
    assert (folder / "zhidian.db").is_file()
    assert main(["--data-dir", str(folder), "backup", "--json"]) == 0
    assert Path(json.loads(capsys.readouterr().out)["backup"]).parent == folder / "zhidian.db-backups"
