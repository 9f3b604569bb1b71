"""Bilingual, located problems: what the importer and the store report to the teacher.

Every user-visible message in the core is a `Text` with a Chinese and an English form, so
the CLI and the window can show it in the teacher's language.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Text:
    """One message in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The message in `lang` ("zh" or "en"); English for anything else."""
        return self.zh if lang == "zh" else self.en

    def joined(self, *more: Text) -> Text:
        """This message followed by `more` (Chinese run together, English with spaces)."""
        return Text("".join([self.zh, *(m.zh for m in more)]), " ".join([self.en, *(m.en for m in more)]))


def default_language() -> str:
    """The language for core messages: $ZHIDIAN_LANG if set, else the system locale ("zh"/"en")."""
    forced = os.environ.get("ZHIDIAN_LANG", "").lower()
    if forced.startswith(("zh", "en")):
        return forced[:2]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith(("zh", "chinese")) else "en"


class Severity(StrEnum):
    """An error stops an import; a warning is shown but lets it land."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, with where the teacher finds it in Excel."""

    severity: Severity
    text: Text
    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based row number as Excel shows it
    column: str | None = None  # the header as written in the file (e.g. "第5题"), else a letter

    def where(self, lang: str) -> str:
        """The location, e.g. '成绩.xlsx 工作表“Sheet1” 第19行 第5题'."""
        if lang == "zh":
            parts = [self.file]
            if self.sheet:
                parts.append(f"工作表“{self.sheet}”")
            if self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column:
                parts.append(f"列“{self.column}”")
            return " ".join(parts)
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def describe(self, lang: str) -> str:
        """Location and message on one line, prefixed by the severity."""
        label = {
            ("zh", Severity.ERROR): "错误",
            ("zh", Severity.WARNING): "警告",
            ("en", Severity.ERROR): "error",
            ("en", Severity.WARNING): "warning",
        }[("zh" if lang == "zh" else "en", self.severity)]
        return f"{label}: {self.where(lang)}: {self.text.get(lang)}"


class GradebookError(Exception):
    """An import that cannot land; carries every problem found, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.describe("en") for p in problems[:5]))
        self.problems = problems


class Refused(Exception):
    """An action that cannot be done as asked, with a bilingual reason for the teacher (CLI exit code 2)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def error_text(error: BaseException) -> Text:
    """What went wrong, for the teacher: an import's problems (the first 20), a core error's own bilingual text, else
    the exception's type and message."""
    if isinstance(error, GradebookError):
        shown = error.problems[:20]
        return Text("\n".join(p.describe("zh") for p in shown), "\n".join(p.describe("en") for p in shown))
    text = getattr(error, "text", None)  # core errors that carry a bilingual Text
    if text is not None and hasattr(text, "get"):
        return Text(text.get("zh"), text.get("en"))
    plain = f"{type(error).__name__}: {error}"
    return Text(plain, plain)
