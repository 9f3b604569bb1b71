"""The class roster over a term, from Manage classes (and the tests): merge two records of one student, undo a
merge, mark a student 转出 or 转入 from a date, date an exam (no Qt). Each action opens its own store session."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.storage import Database
    from app.storage.roster import MergeRecord as MergeRecord  # the records the faces hold
    from app.storage.roster import RosterEntry as RosterEntry


def roster_of(db: Database, class_name: str) -> list[RosterEntry]:
    """The class's students with their 转入 / 转出 dates, merged records aside."""
    from app.storage.roster import roster

    with db.session() as session:
        return roster(session, class_name)


def merge_students(db: Database, class_name: str, kept: str, merged: str) -> MergeRecord:
    """Join student `merged` into `kept` (their scores join, nothing lost), after a backup; undoable."""
    from app.storage.roster import merge_students as merge

    with db.writing(backup="before-merge") as session:
        return merge(session, class_name, kept, merged)


def merges(db: Database, class_name: str) -> list[MergeRecord]:
    """The class's merges still in force, newest first (to undo one)."""
    from app.storage.roster import list_merges

    with db.session() as session:
        return list_merges(session, class_name)


def undo_merge(db: Database, merge_id: int) -> MergeRecord:
    """Undo a merge: the merged record's scores go back to it."""
    from app.storage.roster import undo_merge as undo

    with db.writing() as session:
        return undo(session, merge_id)


def transfer(
    db: Database, class_name: str, number: str, *, left_on: dt.date | None = None, joined_on: dt.date | None = None
) -> RosterEntry:
    """Mark a student 转出 from `left_on` and/or 转入 from `joined_on`: from a 转出 on they are no longer in the
    class's figures, plans and groups; its diagnoses from then are out of date."""
    from app.storage.roster import set_transfer

    with db.writing() as session:
        return set_transfer(session, class_name, number, left_on=left_on, joined_on=joined_on)


def clear_transfer(db: Database, class_name: str, number: str) -> RosterEntry:
    """Take back a student's 转出 and 转入."""
    from app.storage.roster import clear_transfer as clear

    with db.writing() as session:
        return clear(session, class_name, number)


def date_exam(db: Database, class_name: str, assessment: str, date: dt.date | None) -> None:
    """Set (or clear) an exam's date: every list of exams follows it; the class's diagnoses are out of date."""
    from app.storage.classes import set_assessment_date

    with db.writing() as session:
        set_assessment_date(session, class_name, assessment, date)


def date_exams(db: Database, assessment: str, date: dt.date | None, class_name: str | None = None) -> list[str]:
    """Date the exam called `assessment` in `class_name`, or in every class that sat it (a grade's export), in one
    transaction; returns the classes dated. NotFound (naming the exams there are) when none has it."""
    from app.storage import list_classes
    from app.storage.classes import set_assessment_date
    from app.storage.papers import assessment_ids

    with db.writing() as session:
        assessment_ids(session, assessment, class_name)  # NotFound, naming the exams there are, where none has it
        classes = [
            r.name for r in list_classes(session) if assessment in r.assessments and class_name in (None, r.name)
        ]
        for name in classes:
            set_assessment_date(session, name, assessment, date)
        return classes
