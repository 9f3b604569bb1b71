"""No SQLite store on a network share: SQLite's locking (and WAL) does not work over NFS or SMB, and a store
written there by two PCs gets damaged. Such a store opens read-only; a school shares through its server."""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app.core.problems import Text
from app.storage.errors import ReadOnlyStore

NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "glusterfs", "lustre", "gpfs", "davfs",
        "fuse.sshfs", "fuse.glusterfs", "fuse.davfs2", "fuse.smbnetfs", "fuse.cephfs", "fuse.rclone",
    }
)  # fmt: skip
"""Linux file-system types (as /proc/self/mountinfo names them) that live on another computer. WSL's drvfs (9p)
is this PC's own disk and is not among them."""

MOUNTINFO = Path("/proc/self/mountinfo")
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


class NetworkShare(ReadOnlyStore):
    """The store is on a network share: it may be read, not written."""


def refuse_network_share(path: Path) -> None:
    """Raise NetworkShare when the store at `path` lies on a network file system (a read-only open is allowed)."""
    kind = network_file_system(path)
    if kind is not None:
        raise NetworkShare(network_share_text(path, kind))


def network_share_text(path: Path, kind: str) -> Text:
    """Why a store on a network share opens read-only, and where to keep it instead."""
    return Text(
        f"数据库“{path}”在网络共享文件夹上（{kind}）。SQLite 在网络文件系统上会损坏数据，所以这里只能查看，不能修改。"
        "几位老师共用数据请连接学校服务器（设置 → 数据位置）；一个人用请把它放在本机的文件夹里。",
        f"The store '{path}' is on a network share ({kind}). SQLite gets damaged on network file systems, so it "
        "opens read-only here. To share data among teachers, connect to the school server (Settings → Data "
        "location); for yourself alone, keep it in a folder on this PC.",
    )


def network_file_system(path: Path, mountinfo: Path | None = None) -> str | None:
    """The network file system `path` lies on ("nfs4", "cifs", "UNC share", "network drive"), None for a local disk."""
    if sys.platform == "win32":
        import ctypes

        return windows_network(os.path.abspath(path), ctypes.windll.kernel32.GetDriveTypeW)  # type: ignore[attr-defined,unused-ignore]
    try:
        table = (mountinfo or MOUNTINFO).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # not Linux (macOS: no mountinfo) or no /proc: nothing known to refuse
    kind = mount_type(_existing(path), table)
    return kind if kind in NETWORK_FILE_SYSTEMS else None


def mount_type(path: Path, mountinfo: str) -> str | None:
    """The file-system type of the mount holding the absolute `path`, from /proc/self/mountinfo's text."""
    best, kind = -1, None
    target = str(path)
    for line in mountinfo.splitlines():
        fields, _, after = line.partition(" - ")
        parts = fields.split()
        if len(parts) < 5 or not after:
            continue
        point = _unescape(parts[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:  # the last of equal mount points is the one on top
            best, kind = len(point), after.split()[0]
    return kind


def _unescape(field: str) -> str:
    """mountinfo writes a space, tab, newline and backslash in a path as octal escapes (\\040 …)."""
    return field.encode("latin-1", "backslashreplace").decode("unicode_escape")


def _existing(path: Path) -> Path:
    """The path made absolute and resolved as far as it exists (the store may not be made yet)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return path


def windows_network(path: str, drive_type: Callable[[str], int]) -> str | None:
    """A Windows path's network kind: a UNC path (\\\\server\\share\\…) or a drive letter `drive_type`
    (GetDriveTypeW) says is a mapped network drive; None for a local disk."""
    if path.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        return "UNC share"
    if path.startswith(("\\\\", "//")) and not path.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        return "UNC share"
    drive = ntpath.splitdrive(path.removeprefix("\\\\?\\"))[0]
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return "network drive"
    return None
