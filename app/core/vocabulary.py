"""The words both faces and the exports share, each with its one translation: the statuses of a diagnosis cell, the
findings a flag states, and how a list of names is run together.

A status is a `Status` (a `str`, so it compares with the strings a `Diagnosis` holds); its `text` is what every
view, chart, export and the command line print for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from app.core.problems import Text


class Status(StrEnum):
    """A student's standing on a knowledge point: the band of their mastery, or too little evidence to judge."""

    WEAK = "weak"
    DEVELOPING = "developing"
    MASTERED = "mastered"
    INSUFFICIENT = "insufficient"

    @property
    def text(self) -> Text:
        """The status in both languages."""
        return _STATUS_TEXTS[self]

    @property
    def symbol(self) -> str:
        """The mark a table cell shows beside its colour, so nothing is told by colour alone."""
        return _SYMBOLS[self]


_STATUS_TEXTS = {
    Status.WEAK: Text("薄弱", "weak"),
    Status.DEVELOPING: Text("待巩固", "developing"),
    Status.MASTERED: Text("已掌握", "mastered"),
    Status.INSUFFICIENT: Text("证据不足", "too little evidence"),
}
_SYMBOLS = {Status.WEAK: "▼", Status.DEVELOPING: "●", Status.MASTERED: "▲", Status.INSUFFICIENT: "?"}


class Finding(StrEnum):
    """What the evidence says about a student on a knowledge point: weak on this point specifically (beyond the
    student's overall level), behind overall (one finding for the student, not a flag on every point), not sure
    yet (weak is likely or the evidence is thin, but not at the teacher's confidence), or nothing to flag."""

    WEAK_POINT = "weak point"
    BEHIND_OVERALL = "behind overall"
    NOT_SURE = "not sure yet"
    NONE = "none"

    @property
    def text(self) -> Text:
        """The finding in both languages."""
        return _FINDING_TEXTS[self]


_FINDING_TEXTS = {
    Finding.WEAK_POINT: Text("薄弱点", "weak point"),
    Finding.BEHIND_OVERALL: Text("总体落后", "behind overall"),
    Finding.NOT_SURE: Text("暂不确定", "not sure yet"),
    Finding.NONE: Text("无", "none"),
}


_COUNTED = {  # the weak band counted is "to work on" (the handbook's 需要加强), never the finding 薄弱点
    Status.WEAK: Text("需要加强 {n} 个", "{n} to work on"),
    Status.DEVELOPING: Text("待巩固 {n} 个", "{n} developing"),
    Status.MASTERED: Text("已掌握 {n} 个", "{n} mastered"),
    Status.INSUFFICIENT: Text("证据不足 {n} 个", "{n} with too little evidence"),
}


def status_counts(counts: Mapping[Status, int]) -> Text:
    """A student's points counted by status, as the student view sums them up: the weak band as points "to work
    on", since a point below the weak threshold is a weak point (`Finding.WEAK_POINT`) only where the evidence
    says so, and for a student behind overall every point is to work on."""
    return Text(
        "，".join(_COUNTED[st].zh.format(n=counts.get(st, 0)) for st in Status),
        ", ".join(_COUNTED[st].en.format(n=counts.get(st, 0)) for st in Status),
    )


def status_text(status: str, lang: str) -> str:
    """A status as printed in `lang`; a string that is no status is printed as it is."""
    try:
        return Status(status).text.get(lang)
    except ValueError:
        return status


def list_separator(lang: str) -> str:
    """What runs a list of names together: "、" in Chinese, ", " in English."""
    return "、" if lang == "zh" else ", "


def listed(names: Iterable[str], lang: str) -> str:
    """`names` run together as a list in `lang` ("甲、乙、丙" or "A, B, C")."""
    return list_separator(lang).join(names)


def plural(count: int, noun: str, plural: str = "") -> str:
    """`count` with its English noun, e.g. "1 class", "2 classes" (Chinese counts need no plural)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
