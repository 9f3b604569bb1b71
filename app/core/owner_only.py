"""Files and folders only their owner can read: the store, its backups, the data folder and exports that name
students (minors' personal data), whatever the umask says (022 makes them world-readable otherwise).

POSIX permission bits only: on Windows a user's files are private by the folder's ACLs and these do nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def owner_only_folder(path: Path, *, tighten: bool = False) -> Path:
    """Create the folder `path` (and its parents) owner-only; with `tighten`, make an existing one of ours
    owner-only too (Zhidian's own folders, never a folder the teacher named)."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if tighten:
        _tighten(path, FOLDER_MODE)
    return path


def owner_only_file(path: Path) -> None:
    """Make the existing file `path` owner-only (read and write), if it is ours and readable by others."""
    _tighten(path, FILE_MODE)


def create_owner_only(path: Path) -> bool:
    """Create the empty file `path` owner-only before anything writes into it (SQLite gives its journal and WAL
    the permissions of the database file); False when it exists already."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        return False
    return True


def _tighten(path: Path, mode: int) -> None:
    if not POSIX:
        return
    with contextlib.suppress(OSError):  # not ours, or a read-only medium: it stays as it is
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & ~mode:
            path.chmod(mode)
