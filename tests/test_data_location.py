"""Settings → 数据位置 without Qt: the chosen server kept in the settings file, its password only in the keyring
(mocked here), the URL made from both, and a server that cannot be reached at start giving way to this PC's store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from server_helpers import needs_server

from app.core.settings import SchoolServer, load_settings, settings_path, update_settings
from app.services.server import chosen_server, save_password, saved_password, server_url, try_connection
from app.services.store import open_store

SCHOOL = SchoolServer("192.168.1.10", 5432, "zhidian", "zhang")


def test_the_chosen_server_is_in_the_settings_file_and_its_password_only_in_the_keyring(keyring_box) -> None:
    update_settings(data_location="server", server=SCHOOL)
    save_password(SCHOOL, "s3cret:/@")
    settings = load_settings()
    assert settings.server == SCHOOL and settings.data_location == "server"
    assert "s3cret" not in settings_path().read_text(encoding="utf-8")
    assert json.loads(settings_path().read_text(encoding="utf-8"))["server"]["host"] == "192.168.1.10"
    assert list(keyring_box.values()) == ["s3cret:/@"] and saved_password(SCHOOL) == "s3cret:/@"
    assert chosen_server(settings) == "postgresql://zhang:s3cret%3A%2F%40@192.168.1.10:5432/zhidian"
    assert chosen_server(load_settings().__class__()) is None  # this PC by default


def test_a_port_that_is_no_port_falls_back_to_the_default() -> None:
    with pytest.raises(ValueError, match="not a port"):
        SchoolServer("h", 70000)
    settings_path().write_text(json.dumps({"server": {"host": "h", "port": "x"}}), encoding="utf-8")
    assert load_settings().server == SchoolServer()


def test_an_unreachable_server_at_start_opens_this_pcs_store_and_says_so(keyring_box) -> None:
    unreachable = server_url(SchoolServer("127.0.0.1", 1, "zhidian", "zhang"), "pw")
    db, state = open_store(None, server=unreachable)
    with db:
        assert db.path is not None and not db.server
        assert state.notes and "Cannot reach the school server" in state.notes[0].en
        assert "the store on this PC" in state.notes[0].en and "pw@" not in state.notes[0].en
    said = try_connection(SchoolServer("127.0.0.1", 1, "zhidian", "zhang"), "pw")
    assert said.en.startswith("Cannot reach the school server")


def test_a_store_named_with_db_wins_over_the_chosen_server(tmp_path: Path) -> None:
    db, _ = open_store(tmp_path / "mine.db", server="postgresql://x:y@127.0.0.1:1/z")
    with db:
        assert db.path == tmp_path / "mine.db"


@needs_server
def test_server_connection_says_how_many_classes_the_login_sees(server_store: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(server_store)
    school = SchoolServer(url.host or "", url.port or 5432, url.database or "", url.username or "")
    assert try_connection(school, url.password).en == (
        f"Connected to {school.user}@{school.host}:{school.port}/{school.database}: you can see 0 classes."
    )
