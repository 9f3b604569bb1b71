"""The stored scores back out in the long format the importer reads: the teacher's data, and a check of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from app.export.anonymise import People
from app.export.files import atomic_target
from app.export.tables import Cell, Table, write_csv, write_xlsx

LONG_HEADER = (
    "student_id",
    "student_name",
    "assessment",
    "date",
    "item_id",
    "score",
    "max_score",
    "knowledge_points",
)

ScoreRow = tuple[str, str | None, str, dt.date | None, str, float | None, float, str]


def export_scores(rows: Sequence[ScoreRow], out: Path, fmt: str, title: str, people: People | None = None) -> Path:
    """Write `rows` (from `storage.score_rows`) as CSV (UTF-8 with BOM) or XLSX with the long-format header. With
    `people` anonymising, each student is their pseudonym code and pseudonym (the importer reads it back as
    one student per code), rows in code order so that the order reveals no student number."""
    anonymise = people is not None and people.anonymise
    table = score_table(rows, people)
    with atomic_target(out, private=not anonymise) as target:
        if fmt == "csv":
            write_csv(table, target)
        else:
            write_xlsx([table], target, title=title)
    return out


def score_table(rows: Sequence[ScoreRow], people: People | None = None) -> Table:
    """`rows` as the long-format table; with `people` anonymising, pseudonym codes and names in code order."""
    if people is not None and people.anonymise:
        rows = [
            (people.code(sid), people.name(sid), exam, date, item, points, full, kps)
            for sid, _, exam, date, item, points, full, kps in sorted(rows, key=lambda row: people.code(row[0]))
        ]
    cells: list[tuple[Cell, ...]] = [
        (sid, name, exam, date.isoformat() if date else None, item, _number(points), _number(full), kps)
        for sid, name, exam, date, item, points, full, kps in rows
    ]
    return Table("scores", LONG_HEADER, cells)


def _number(value: float | None) -> float | int | None:
    """3.0 written as 3, as the teacher wrote it; 2.5 stays 2.5."""
    return int(value) if value is not None and float(value).is_integer() else value
