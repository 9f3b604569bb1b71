"""What the teacher, through the import wizard, can set instead of letting the importer guess."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.core.choices import DEFAULT_PARTIAL
from app.core.gradebook import MarkReading
from app.core.paper import Paper


class LayoutKind(StrEnum):
    """One row per student × question, or one row per student with a column per question."""

    LONG = "long"
    WIDE = "wide"


@dataclass(frozen=True)
class ImportOptions:
    """Choices that override detection; every field left as None (or empty) is detected from the file.

    Columns are named by their Excel letter ("B") or by their header as written ("考号"); rows by
    their Excel row number.
    """

    layout: LayoutKind | None = None
    sheet: str | None = None
    header_row: int | None = None
    student_id_column: str | None = None
    ids_from_names: bool = False  # no student numbers (or none to trust): students are known by name
    name_column: str | None = None
    max_score_row: int | None = None  # wide: the row holding 满分
    knowledge_points_row: int | None = None  # wide: the row holding 知识点
    answer_row: int | None = None  # wide: the row holding the answer key (答案 / 标准答案)
    item_sheet: str | None = None  # sheet with the paper, one row per question (in the item file, if one is given)
    assessment: str | None = None  # used when the file has no assessment column
    date: dt.date | None = None  # used when the file has no date column
    ignore_columns: tuple[str, ...] = ()
    paper: Paper | None = None  # a stored paper: wins over the file's own 满分 / 知识点 / 答案 where it says something
    multiple_partial: float = DEFAULT_PARTIAL  # share of the points for a correct subset of a multiple choice
    mark_readings: tuple[tuple[str, MarkReading], ...] = ()  # (question label, reading) for its '/' or '—' marks

    def __post_init__(self) -> None:
        if self.layout is not None:
            object.__setattr__(self, "layout", LayoutKind(self.layout))  # accept "long" / "wide"
