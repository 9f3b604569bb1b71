"""The teacher's settings: one JSON file in the data folder that the window and `python -m app` both read and write.

    settings = load_settings()                      # what is in force now (defaults for anything unset)
    update_settings(thresholds=Thresholds(0.4, 0.75))

Adding a setting is one line: a field of `Settings` with its default. Its type says how the file's value is read
(a number, a text, one of a `Literal`'s values, a mapping, a frozen dataclass such as `Thresholds`, which
validates itself, or an `Annotated` type with the checks its values pass, such as `Confidence`). A value that cannot be read (a hand-edited file, or one a newer Zhidian wrote) falls back to
its default and the others stay; entries this version does not know are kept when it writes. `window` holds what
only the window keeps (its geometry, recent files, the last folder), which the CLI leaves alone.

Earlier versions kept the settings in Qt's INI file (per user, or `Zhidian.ini` in the data folder): the first
load without a settings file carries those over once (`legacy`), the INI file itself is left as it was.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import tempfile
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from app.core.diagnosis import Thresholds
from app.core.locations import data_folder, legacy_settings_file
from app.core.problems import Refused, Text

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
Language = Literal["system", "zh", "en"]


class InvalidConfidence(Refused, ValueError):
    """A confidence level that cannot judge a flag: the message says which rule it breaks."""


def confidence_problem(confidence: float) -> Text | None:
    """Why a confidence level cannot be used, None when it can: from 0.5 (more likely weak than not) to 0.99."""
    if isinstance(confidence, int | float) and 0.5 <= confidence <= 0.99:
        return None
    return Text(
        f"置信度必须在 0.5 和 0.99 之间，而不是 {confidence}。",
        f"The confidence level lies between 0.5 and 0.99, not {confidence}.",
    )


def _confident(confidence: float) -> None:
    """Refuse a confidence level `confidence_problem` refuses."""
    problem = confidence_problem(confidence)
    if problem is not None:
        raise InvalidConfidence(problem)


Confidence = Annotated[float, _confident]
"""How sure the posterior must be that a mastery is below the weak threshold before a point is flagged."""


@dataclass(frozen=True)
class SchoolServer:
    """The school's PostgreSQL server the window opens when the teacher chose it (Settings → 数据位置); the password
    is kept in the operating system's keyring, never here."""

    host: str = ""
    port: int = 5432
    database: str = "zhidian"
    user: str = ""

    def __post_init__(self) -> None:
        for name in ("host", "database", "user"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"{name} is not a text")
        if isinstance(self.port, bool) or not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise ValueError(f"{self.port!r} is not a port (1 to 65535)")


@dataclass(frozen=True)
class Settings:
    """What the teacher set, the same for the window and the command line."""

    thresholds: Thresholds = Thresholds()  # weak below / mastered from, for every view, export and CLI command
    confidence: Confidence = (
        0.8  # P(mastery below the weak threshold) from which a point is flagged, else "not sure yet"
    )
    language: Language = "system"  # the window's language ("system": the computer's)
    last_class: str | None = None  # the class the window showed last: the class both faces go to unless told
    data_location: Literal["this-pc", "server"] = "this-pc"  # where the window's store is (--db and ZHIDIAN_DB win)
    server: SchoolServer = SchoolServer()  # the school's server, when data_location is "server"
    window: Mapping[str, Any] = field(default_factory=dict)  # the window's own entries (geometry, recent files, …)


def settings_path() -> Path:
    """The settings file in the data folder (`--data-dir`, portable mode or the user's data folder)."""
    return data_folder() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: the data folder's), carrying an earlier version's INI file over first."""
    path = path or settings_path()
    raw = _read(path)
    if raw is None:
        raw = _carried_over(path)
    return _decode(raw or {})


def update_settings(path: Path | None = None, /, **changes: Any) -> Settings:
    """Change some settings (each refused as the `Settings` field's type refuses it) and write the file whole;
    returns the settings now in force. Entries of the file this version does not know are kept."""
    path = path or settings_path()
    unknown = set(changes) - {f.name for f in dataclasses.fields(Settings)}
    if unknown:
        raise TypeError(f"no such setting: {', '.join(sorted(unknown))}")
    hints = typing.get_type_hints(Settings, include_extras=True)
    for name, value in changes.items():  # refused as the same value in the file would be: nothing is written
        _value(hints[name], _encode(value))
    current = dataclasses.replace(load_settings(path), **changes)
    raw = _read(path) or {}
    raw.update({name: _encode(getattr(current, name)) for name in changes})
    _write(path, raw)
    return current


# ---------------------------------------------------------------------------------------------- the file


def _read(path: Path) -> dict[str, Any] | None:
    """The file's JSON object; None when there is no file; {} (logged) when it is not a JSON object."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        log.warning("settings file %s is not JSON: defaults are used", path)
        return {}
    return raw if isinstance(raw, dict) else {}


def _write(path: Path, raw: Mapping[str, Any]) -> None:
    """Write the file whole or not at all (a temporary file beside it, then replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(raw, out, ensure_ascii=False, indent=2, sort_keys=True)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _encode(value: Any) -> Any:
    """A setting as JSON holds it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return dict(value) if isinstance(value, Mapping) else value


def _decode(raw: Mapping[str, Any]) -> Settings:
    """The settings a JSON object holds, each unreadable value replaced by its default."""
    hints = typing.get_type_hints(Settings, include_extras=True)
    values = {}
    for f in dataclasses.fields(Settings):
        if f.name not in raw:
            continue
        try:
            values[f.name] = _value(hints[f.name], raw[f.name])
        except (TypeError, ValueError) as refused:
            log.warning("setting %r cannot be used (%s): its default is used", f.name, refused)
    return Settings(**values)


def _value(kind: Any, value: Any) -> Any:
    """`value` read as a setting of type `kind`; TypeError or ValueError when it is not one."""
    origin = typing.get_origin(kind)
    if origin is Annotated:  # a type and the checks its values pass
        inner, *checks = typing.get_args(kind)
        checked = _value(inner, value)
        for check in checks:
            check(checked)
        return checked
    if origin is Literal:
        if value not in typing.get_args(kind):
            raise ValueError(f"{value!r} is not one of {typing.get_args(kind)}")
        return value
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in typing.get_args(kind):
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _value(inner, value)
    if origin is not None and issubclass(origin, Mapping):
        if not isinstance(value, dict):
            raise TypeError(f"{value!r} is not a mapping")
        return value
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"{value!r} is not an object")
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: v for k, v in value.items() if k in names})
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
        return value
    raise TypeError(f"{value!r} is not a {kind.__name__}")


# ---------------------------------------------------------------------------------------------- carried over


def _carried_over(path: Path) -> dict[str, Any] | None:
    """An earlier version's INI settings as this file holds them, written to `path`; None without an INI file."""
    ini = legacy_settings_file()
    if not ini.is_file():
        return None
    try:
        raw = legacy(ini)
    except (OSError, ValueError) as unreadable:
        log.warning("earlier settings in %s could not be read (%s): defaults are used", ini, unreadable)
        return None
    _write(path, raw)
    log.info("settings carried over from %s to %s", ini, path)
    return raw


def legacy(ini: Path) -> dict[str, Any]:
    """The settings an earlier version's Qt INI file holds, as the settings file keeps them (thresholds, language
    and the class shown last; the window's geometry, recent files and last folder under "window")."""
    entries: dict[str, str] = {}  # "group/key" -> the value as written
    group = ""
    for line in ini.read_text(encoding="utf-8").split(
        "\n"
    ):  # not splitlines(): Qt writes U+0085 and U+2028 as they are
        line = line.removesuffix("\r")
        if line.startswith("[") and line.rstrip().endswith("]"):
            group = line.strip()[1:-1]
        elif "=" in line:
            key, value = line.split("=", 1)
            entries[group + "/" + key.strip(" \t")] = value

    def get(group: str, key: str) -> list[str | bytes | None]:
        value = entries.get(f"{group}/{key}")
        return [] if value is None else [qt_variant(v) for v in qt_values(value)]

    def text(group: str, key: str) -> str | None:
        values = get(group, key)
        return values[0] if len(values) == 1 and isinstance(values[0], str) else None

    raw: dict[str, Any] = {}
    weak, mastered = text("analysis", "weak_below"), text("analysis", "mastered_from")
    if weak and mastered:
        raw["thresholds"] = {"weak_below": float(weak), "mastered_from": float(mastered)}
    if language := text("ui", "language"):
        raw["language"] = language
    if last_class := text("data", "last_class"):
        raw["last_class"] = last_class
    window: dict[str, Any] = {}
    if isinstance(geometry := (get("window", "geometry") or [None])[0], bytes):
        window["geometry"] = base64.b64encode(geometry).decode("ascii")
    if "files/recent" in entries:
        window["recent_files"] = [f for f in get("files", "recent") if isinstance(f, str) and f]
    if (last_directory := text("files", "last_directory")) is not None:
        window["last_directory"] = last_directory
    if window:
        raw["window"] = window
    return raw


def qt_variant(value: str) -> str | bytes | None:
    """One value as Qt's INI format wrote it: "@@…" a text starting with "@", "@String(…)" a text holding a NUL,
    "@ByteArray(…)" bytes (one character per byte), "@Invalid()" nothing (an empty list); else the text itself."""
    for head, decode in (("@String(", str), ("@ByteArray(", lambda s: s.encode("latin-1"))):
        if value.startswith(head) and value.endswith(")"):
            return decode(value[len(head) : -1])
    if value == "@Invalid()":
        return None
    return value[1:] if value.startswith("@@") else value


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def qt_values(text: str) -> list[str]:
    """A value of Qt's INI format as the strings it holds: one for a plain value, several for a list (commas
    outside quotes separate them; spaces around them go). Undoes Qt's quotes and escapes (\\n, \\", \\xHH…, \\0…)."""
    values: list[str] = []
    current: list[str] = []
    kept = 0  # the length of `current` without the unquoted spaces at its end
    quoted = False
    i = 0
    while i < len(text):
        ch, i = text[i], i + 1
        if ch == "\\" and i < len(text):
            ch, i = _unescaped(text, i)
        elif ch == '"':
            quoted = not quoted
            continue
        elif ch == "," and not quoted:
            values.append("".join(current[:kept]))
            current, kept = [], 0
            continue
        elif ch in " \t" and not quoted:
            if current:
                current.append(ch)
            continue
        current.append(ch)
        kept = len(current)
    values.append("".join(current[:kept]))
    return values


def _unescaped(text: str, i: int) -> tuple[str, int]:
    """The character escaped at `text[i:]` (just after a backslash) and where the text goes on."""
    if text[i] in "xX" or text[i] in "01234567":  # a hex or octal escape runs while its digits do
        base, digits = (16, "0123456789abcdefABCDEF") if text[i] in "xX" else (8, "01234567")
        start = end = i + 1 if base == 16 else i
        while end < len(text) and text[end] in digits:
            end += 1
        return chr(int(text[start:end] or "0", base)), end
    return _ESCAPES.get(text[i], text[i]), i + 1
