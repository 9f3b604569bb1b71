"""The window's view of the settings file (`app.core.settings`): the teacher's settings the CLI shares (thresholds,
language, the class shown last) and the window's own entries (geometry, recent files, the last folder), each
written at once."""

from __future__ import annotations

import base64
import dataclasses
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray

from app.core.diagnosis import Thresholds
from app.core.settings import Language, Settings, load_settings, settings_path, update_settings

MAX_RECENT = 8
log = logging.getLogger(__name__)


class AppSettings:
    """Typed access to the settings file at `path` (default: the data folder's `settings.json`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else settings_path()
        self._settings: Settings = load_settings(self.path)

    @property
    def file(self) -> str:
        """The settings file's path."""
        return str(self.path)

    @property
    def current(self) -> Settings:
        """The settings in force (as last read or written by this window)."""
        return self._settings

    def reload(self) -> Settings:
        """Read the file again (the CLI may have changed it)."""
        self._settings = load_settings(self.path)
        return self._settings

    def update(self, **changes: Any) -> None:
        """Change teacher's settings and write them (refused values raise, as `update_settings` does). Where the
        file cannot be written (a read-only data folder) the change holds for this window only."""
        try:
            self._settings = update_settings(self.path, **changes)
        except OSError:
            log.warning("settings file %s cannot be written: %s kept for this window only", self.path, sorted(changes))
            self._settings = dataclasses.replace(self._settings, **changes)

    def _window(self, key: str, default: Any = None) -> Any:
        return self._settings.window.get(key, default)

    def _set_window(self, key: str, value: Any) -> None:
        self.update(window={**self.reload().window, key: value})

    # ------------------------------------------------------------------------------- shared with the CLI

    @property
    def language(self) -> Language:
        """ "system", "zh" or "en"."""
        return self._settings.language

    @language.setter
    def language(self, value: Language) -> None:
        self.update(language=value)

    @property
    def thresholds(self) -> Thresholds:
        """The teacher's thresholds, which the views, the charts, the exports and the CLI use."""
        return self._settings.thresholds

    def set_thresholds(self, weak_below: float, mastered_from: float) -> None:
        """Keep the teacher's thresholds; `InvalidThresholds` when they break a rule."""
        self.update(thresholds=dataclasses.replace(self.thresholds, weak_below=weak_below, mastered_from=mastered_from))

    # ------------------------------------------------------------------------------- the window's own

    @property
    def recent_files(self) -> list[str]:
        """Most recent first."""
        value = self._window("recent_files", [])
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put `path` first in the recent list (kept at MAX_RECENT) and return the list."""
        path = str(Path(path).resolve())
        files = ([path] + [f for f in self.recent_files if f != path])[:MAX_RECENT]
        self._set_window("recent_files", files)
        return files

    def remove_recent_file(self, path: str) -> None:
        """Forget a recent file (e.g. one that no longer exists)."""
        self._set_window("recent_files", [f for f in self.recent_files if f != path])

    @property
    def geometry(self) -> QByteArray | None:
        """The window's geometry, as saved when it closed."""
        value = self._window("geometry")
        if not isinstance(value, str) or not value:
            return None
        try:
            return QByteArray(base64.b64decode(value, validate=True))
        except ValueError:
            return None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set_window("geometry", base64.b64encode(bytes(value.data())).decode("ascii"))

    @property
    def last_class(self) -> str | None:
        """The class shown last (the CLI's class too when it is not told one)."""
        return self._settings.last_class

    @last_class.setter
    def last_class(self, value: str | None) -> None:
        if value != self.last_class:
            self.update(last_class=value)

    @property
    def last_directory(self) -> str:
        """The folder a file was last chosen in."""
        return str(self._window("last_directory", "") or "")

    @last_directory.setter
    def last_directory(self, value: str) -> None:
        self._set_window("last_directory", value)
