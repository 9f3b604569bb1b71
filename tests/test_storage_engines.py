"""The engine choice (a path: SQLite; a postgresql:// URL: a server) and no SQLite store written on a network share."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.store import store_location
from app.storage import open_database
from app.storage.engines import is_server, label
from app.storage.errors import StoreUnreachable
from app.storage.network import NetworkShare, mount_type, network_file_system, windows_network

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:26 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
41 30 0:40 / /home/li/school rw,relatime shared:9 - nfs4 files:/export/school rw,vers=4.2
42 22 0:41 / /mnt/share\\040drive rw,relatime - cifs //nas/teachers rw
43 22 0:42 / /mnt/c rw,noatime - 9p drvfs rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/li/zhidian.db", "ext4"),
        ("/home/li/school/zhidian.db", "nfs4"),
        ("/home/li/schoolwork/zhidian.db", "ext4"),  # a sibling whose name starts the same is not the mount
        ("/mnt/share drive/数据/zhidian.db", "cifs"),
        ("/mnt/c/Users/li/zhidian.db", "9p"),
    ],
)
def test_the_mount_holding_a_path_gives_its_file_system(path: str, kind: str) -> None:
    assert mount_type(Path(path), MOUNTINFO) == kind


def test_a_store_on_a_network_share_opens_only_to_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "mountinfo"
    fake.write_text(f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n41 22 0:40 / {tmp_path} rw - cifs //nas/t rw\n")
    store = tmp_path / "zhidian.db"
    assert network_file_system(store, fake) == "cifs"
    assert network_file_system(store, tmp_path / "absent") is None  # no mountinfo (macOS): nothing to refuse
    with open_database(store):
        pass  # made on a local disk (the real mountinfo)
    monkeypatch.setattr("app.storage.network.MOUNTINFO", fake)
    with pytest.raises(NetworkShare, match="network share") as refused:
        open_database(store)
    assert "school server" in refused.value.text.en
    with open_database(store, read_only=True) as db:
        assert db.read_only


@pytest.mark.parametrize(
    ("given", "server"),
    [
        ("postgresql://li:pw@127.0.0.1:5432/school", True),
        ("postgres://li@server/school", True),
        ("postgresql+psycopg://li@server/school", True),
        ("/home/li/zhidian.db", False),
        (r"C:\Users\li\zhidian.db", False),
        ("mysql://li@server/school", False),
    ],
)
def test_a_url_names_a_server_and_anything_else_a_file(given: str, server: bool) -> None:
    assert is_server(given) is server


def test_zhidian_db_names_the_store_when_db_is_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIDIAN_DB", "postgresql://li:pw@h:5432/school")
    assert store_location(None) == "postgresql://li:pw@h:5432/school"
    assert store_location("/tmp/mine.db") == Path("/tmp/mine.db")
    monkeypatch.setenv("ZHIDIAN_DB", "/tmp/other.db")
    assert store_location(None) == Path("/tmp/other.db")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    assert label("postgresql://someone:secret@127.0.0.1:1/zhidian") == "postgresql://someone:***@127.0.0.1:1/zhidian"
    with pytest.raises(StoreUnreachable) as refused:
        open_database("postgresql://someone:secret@127.0.0.1:1/zhidian")
    assert "secret" not in refused.value.text.en and "127.0.0.1:1/zhidian" in refused.value.text.en


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (r"\\nas\teachers\zhidian.db", "UNC share"),
        (r"\\?\UNC\nas\teachers\zhidian.db", "UNC share"),
        (r"Z:\zhidian\zhidian.db", "network drive"),  # Z: is mapped (GetDriveTypeW says DRIVE_REMOTE)
        (r"\\?\Z:\zhidian.db", "network drive"),
        (r"C:\Users\li\AppData\Local\Zhidian\zhidian.db", None),
        (r"\\?\C:\Users\li\zhidian.db", None),
    ],
)
def test_a_unc_path_or_a_mapped_drive_is_a_network_share_on_windows(path: str, kind: str | None) -> None:
    drives = {"Z:\\": 4, "C:\\": 3}  # DRIVE_REMOTE, DRIVE_FIXED
    assert windows_network(path, lambda root: drives[root]) == kind
