"""Who is in a class on a date: students not merged into another record, joined (转入) by then and not left (转出)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_

from app.storage.models import Student


def in_class_on(date: dt.date | None) -> ColumnElement[bool]:
    """Students (not merged into another) in their class on `date` (None: now): joined by then, not left."""
    present = Student.merged_into.is_(None)
    if date is None:
        return and_(present, Student.left_on.is_(None))
    return and_(
        present,
        (Student.joined_on.is_(None)) | (Student.joined_on <= date),
        (Student.left_on.is_(None)) | (Student.left_on > date),
    )
