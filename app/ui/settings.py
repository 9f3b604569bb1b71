"""The window's settings in an INI file (QSettings, IniFormat): language, recent files, geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class AppSettings:
    """Typed access to the few settings the window keeps.

    `path` is the INI file; None uses the per-user location Qt picks for organisation
    "Zhidian", application "Zhidian" (e.g. %APPDATA%/Zhidian/Zhidian.ini on Windows).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        if path is None:
            self.qsettings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Zhidian", "Zhidian")
        else:
            self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def file(self) -> str:
        """The INI file's path."""
        return self.qsettings.fileName()

    def _get(self, key: str, default: object = None) -> object:
        return self.qsettings.value(key, default)

    @property
    def language(self) -> str:
        """ "system", "zh" or "en"."""
        value = str(self._get("ui/language", "system"))
        return value if value in ("system", "zh", "en") else "system"

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    @property
    def recent_files(self) -> list[str]:
        """Most recent first."""
        value = self._get("files/recent", [])
        if isinstance(value, str):  # QSettings reads a one-item list back as a string
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put `path` first in the recent list (kept at MAX_RECENT) and return the list."""
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files if f != path]
        files = files[:MAX_RECENT]
        self.qsettings.setValue("files/recent", files)
        return files

    def remove_recent_file(self, path: str) -> None:
        """Forget a recent file (e.g. one that no longer exists)."""
        self.qsettings.setValue("files/recent", [f for f in self.recent_files if f != path])

    @property
    def geometry(self) -> QByteArray | None:
        """The window's geometry, as saved when it closed."""
        value = self._get("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """The window's toolbars and docks, as saved."""
        value = self._get("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/state", value)

    @property
    def last_class(self) -> str | None:
        """The class shown last."""
        value = self._get("data/last_class")
        return str(value) if value else None

    @last_class.setter
    def last_class(self, value: str | None) -> None:
        self.qsettings.setValue("data/last_class", value or "")

    @property
    def last_directory(self) -> str:
        """The folder a file was last chosen in."""
        return str(self._get("files/last_directory", "") or "")

    @last_directory.setter
    def last_directory(self, value: str) -> None:
        self.qsettings.setValue("files/last_directory", value)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
