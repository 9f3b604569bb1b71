"""The window's settings in an INI file (QSettings, IniFormat): language, recent files, geometry, thresholds."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from app.core.diagnosis import Thresholds

MAX_RECENT = 8
WEAK_BELOW, MASTERED_FROM = 0.5, 0.8
"""The default thresholds (those of `app.core.diagnosis.Thresholds`; a test keeps them equal)."""


def thresholds_problem(weak_below: float, mastered_from: float) -> str | None:
    """Why a pair of thresholds cannot be used ("range" or "order"), None when it can: both in (0, 1),
    weak below less than mastered from."""
    if not all(math.isfinite(v) and 0 < v < 1 for v in (weak_below, mastered_from)):
        return "range"
    if not weak_below < mastered_from:
        return "order"
    return None


class AppSettings:
    """Typed access to the few settings the window keeps.

    `path` is the INI file; None uses the per-user location Qt picks for organisation
    "Zhidian", application "Zhidian" (e.g. %APPDATA%/Zhidian/Zhidian.ini on Windows). In portable
    mode or with --data-dir the window passes `app.core.locations.settings_file()`.
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

    @property
    def weak_below(self) -> float:
        """Mastery under this is weak (薄弱)."""
        return self._thresholds()[0]

    @property
    def mastered_from(self) -> float:
        """Mastery from this up is mastered (已掌握); between the two it is developing (待巩固)."""
        return self._thresholds()[1]

    def set_thresholds(self, weak_below: float, mastered_from: float) -> None:
        """Keep the teacher's thresholds; ValueError when `thresholds_problem` refuses them."""
        problem = thresholds_problem(weak_below, mastered_from)
        if problem is not None:
            raise ValueError(f"thresholds refused ({problem}): {weak_below}, {mastered_from}")
        self.qsettings.setValue("analysis/weak_below", float(weak_below))
        self.qsettings.setValue("analysis/mastered_from", float(mastered_from))

    def _thresholds(self) -> tuple[float, float]:
        """The stored pair, or the defaults when either is missing, unreadable or refused."""
        try:
            weak = float(self._get("analysis/weak_below", WEAK_BELOW))  # type: ignore[arg-type]
            mastered = float(self._get("analysis/mastered_from", MASTERED_FROM))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return WEAK_BELOW, MASTERED_FROM
        return (weak, mastered) if thresholds_problem(weak, mastered) is None else (WEAK_BELOW, MASTERED_FROM)

    @property
    def thresholds(self) -> Thresholds:
        """The teacher's thresholds as the views, the charts and the exports use them."""
        from app.core.diagnosis import Thresholds

        weak, mastered = self._thresholds()
        return Thresholds(weak_below=weak, mastered_from=mastered)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
