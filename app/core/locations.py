"""Where Zhidian keeps the teacher's data: the user's data folder, or beside the program (portable mode).

Portable mode is for PCs restored on every reboot and for a USB stick: a file named
`zhidian-portable.txt` next to the program (the frozen `zhidian` executable, or `main.py` when
run from source) keeps the store, the settings and the backups in the folder `data/` beside it.
`--data-dir PATH` (window and CLI) or the environment variable ZHIDIAN_DATA_DIR names any folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


def data_folder() -> Path:
    """The folder holding the store, the settings and the backups (created if missing)."""
    named = os.environ.get(DATA_DIR_VARIABLE)
    if named:
        folder = Path(named).expanduser()
    elif portable():
        folder = program_folder() / "data"
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("Zhidian", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settings_file() -> Path | None:
    """The settings INI file in portable mode or with a named data folder; None: the per-user default."""
    if os.environ.get(DATA_DIR_VARIABLE) or portable():
        return data_folder() / "Zhidian.ini"
    return None


def use_data_folder(path: str | Path) -> None:
    """Keep the data in `path` for the rest of this process (what --data-dir does)."""
    os.environ[DATA_DIR_VARIABLE] = str(Path(path).expanduser().resolve())
