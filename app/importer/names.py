"""Names guessed from a file name, e.g. `八年级3班_2026-10-12_第一次月考.xlsx`: the class and the exam."""

from __future__ import annotations

from pathlib import Path


def guess_class_name(path: str | Path) -> str:
    """A class name from a file name such as `八年级3班_2026-10-12_第一次月考.xlsx` (the part naming a 班)."""
    stem = Path(path).stem
    for part in stem.replace(" ", "_").split("_"):
        if "班" in part or part.lower().startswith("class"):
            return part
    return ""


def guess_assessment_name(path: str | Path) -> str | None:
    """The exam in a file name such as `八年级3班_2026-10-12_第一次月考.xlsx` (its last part), if it has one."""
    parts = [p for p in Path(path).stem.replace(" ", "_").split("_") if p]
    if len(parts) < 2:
        return None
    last = parts[-1]
    if "班" in last or any(ch.isdigit() for ch in last[:4]):
        return None
    return last
