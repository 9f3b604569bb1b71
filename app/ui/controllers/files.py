"""The file a controller works on: the one it was given (dropped, recent), else the one the teacher picks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

if TYPE_CHECKING:
    from app.ui.base.settings import AppSettings


def file_to_open(
    parent: QWidget, settings: AppSettings, title: str, filters: str, path: str | None = None
) -> str | None:
    """`path`, else the file picked in an Open dialog starting in the folder last used; None when none was picked.
    The file's folder is remembered as the one last used."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, title, settings.last_directory, filters)
        if not path:
            return None
    settings.last_directory = str(Path(path).parent)
    return path
