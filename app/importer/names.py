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


# Words that name an exam in a file name: the part holding one is the exam's name.
_EXAM_WORDS = (
    "考试",
    "月考",
    "期中",
    "期末",
    "测验",
    "测试",
    "单元",
    "周测",
    "周练",
    "联考",
    "模拟",
    "练习",
    "作业",
    "检测",
)


def guess_assessment_name(path: str | Path) -> str | None:
    """The exam in a file name such as `八年级3班_2026-10-12_第一次月考.xlsx`: the part naming an exam (月考, 期中 …),
    else its last part, less export words (小题分, 登分表 …); None when no part names one."""
    from app.importer.titles import name_from_stem

    parts = [p for p in Path(path).stem.replace(" ", "_").split("_") if p]
    named = [p for p in parts if any(word in p for word in _EXAM_WORDS) and "班" not in p]
    if named:
        return name_from_stem(named[-1])
    if len(parts) < 2:
        return None
    last = name_from_stem(parts[-1]) or ""
    if not last or "班" in last or any(ch.isdigit() for ch in last[:4]):
        return None
    return last
