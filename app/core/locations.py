"""Where Zhidian keeps the teacher's data: the user's data folder, or beside the program (portable mode).

Portable mode is for PCs restored on every reboot and for a USB stick: a file named
`zhidian-portable.txt` next to the program (the frozen `zhidian` executable, or `main.py` when
run from source) keeps the store, the settings (`app.core.settings`) and the backups in the folder
`data/` beside it.
`--data-dir PATH` (window and CLI) or the environment variable ZHIDIAN_DATA_DIR names any folder.
The folder is created owner-only (0700 on Linux); a folder that cannot be used (a file of that name, a
folder that cannot be created) is a `DataFolderUnusable` saying which and why, for the start-up dialog.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.core.owner_only import owner_only_folder
from app.core.problems import Refused, Text

PORTABLE_MARKER = "zhidian-portable.txt"
DATA_DIR_VARIABLE = "ZHIDIAN_DATA_DIR"


def program_folder() -> Path:
    """The folder of the running program: the frozen executable's, or the source checkout's."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def portable() -> bool:
    """True when the marker file sits beside the program."""
    return (program_folder() / PORTABLE_MARKER).is_file()


class DataFolderUnusable(Refused):
    """The data folder cannot be used: its name is a file's, or it cannot be created."""


def data_folder() -> Path:
    """The folder holding the store, the settings and the backups (created owner-only if missing; Zhidian's own
    folder is made owner-only if it is not, one the teacher named is left as it is); DataFolderUnusable when
    it cannot be used."""
    named = os.environ.get(DATA_DIR_VARIABLE)
    if named:
        folder = Path(named).expanduser()
    elif portable():
        folder = program_folder() / "data"
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("Zhidian", appauthor=False))
    try:
        owner_only_folder(folder, tighten=not named)
    except OSError as error:
        raise DataFolderUnusable(_unusable(folder, error)) from error
    return folder


def _unusable(folder: Path, error: OSError) -> Text:
    if folder.exists() and not folder.is_dir():
        return Text(
            f"数据文件夹“{folder}”是一个文件，不是文件夹。请用 --data-dir 指定一个文件夹。",
            f"The data folder '{folder}' is a file, not a folder. Name a folder with --data-dir.",
        )
    why = error.strerror or str(error)
    return Text(
        f"无法创建数据文件夹“{folder}”（{why}）。请用 --data-dir 指定一个可以写入的文件夹。",
        f"The data folder '{folder}' cannot be created ({why}). Name a folder you can write to with --data-dir.",
    )


def legacy_settings_file() -> Path:
    """Where versions before the settings file (`app.core.settings`) kept the settings: Qt's INI file in the data
    folder (portable mode, a named data folder), else Qt's per-user one for organisation and application
    "Zhidian" (%APPDATA%, ~/Library/Preferences, $XDG_CONFIG_HOME or ~/.config)."""
    if os.environ.get(DATA_DIR_VARIABLE) or portable():
        return data_folder() / "Zhidian.ini"
    if sys.platform == "win32":
        config = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        config = Path.home() / "Library" / "Preferences"
    else:
        config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "Zhidian" / "Zhidian.ini"


def use_data_folder(path: str | Path) -> None:
    """Keep the data in `path` for the rest of this process (what --data-dir does)."""
    os.environ[DATA_DIR_VARIABLE] = str(Path(path).expanduser().resolve())
