"""The window's student tools and exam dates, from Manage classes (issue 19): read a class's roster, merge two records
of one student (asking which number to keep), undo a merge, mark a student 转出 or 转入 from a date, take that
back, and date an exam. Each runs through `app.services.roster` on the window's runner; afterwards the store is
re-read, the dialog shows the roster again and the status bar says what was done (and where the backup is)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.ui.base.tasks import BackgroundOp
from app.ui.dialogs.confirm import choose, confirm

if TYPE_CHECKING:
    from app.core.progress import Progress
    from app.services.roster import MergeRecord, RosterEntry
    from app.ui.dialogs.manage import ManageDialog
    from app.ui.dialogs.roster import StudentsPage
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class Managing(Protocol):
    """What the roster's changes use of the Manage controller (`manage.ManageController`)."""

    dialog: ManageDialog | None

    def run(self, work: Callable[[Progress], Any], done: Callable[[Any], None], message: str, failure: str) -> None:
        """Run a change on the window's runner."""

    def finish(
        self,
        text: str,
        select: str | None,
        backups_before: int,
        chosen: str | tuple[str, str] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Re-read the store, show it in the dialog and say what was done."""

    def parent_for_boxes(self) -> QWidget:
        """Where a question is asked."""


class RosterController(QObject):
    """Runs the Students tab's changes and the exam dates. `roster_shown(class)` once a roster is on the page."""

    roster_shown = Signal(str)

    def __init__(self, state: WindowState, manage: Managing, parent: QWidget) -> None:
        super().__init__(parent)
        self.state, self.manage = state, manage

    @property
    def page(self) -> StudentsPage | None:
        """The Students tab of the open Manage dialog."""
        return self.manage.dialog.students if self.manage.dialog is not None else None

    def follow(self, page: StudentsPage) -> None:
        """Follow the page's requests."""
        page.class_chosen.connect(self.show_roster)
        page.merge_requested.connect(self.merge)
        page.undo_merge_requested.connect(self.undo_merge)
        page.left_requested.connect(lambda cls, number: self.transfer(cls, number, left=True))
        page.joined_requested.connect(lambda cls, number: self.transfer(cls, number, left=False))
        page.clear_requested.connect(self.clear_transfer)

    # ================================================================ reading

    def show_roster(self, class_name: str) -> None:
        """Read `class_name`'s roster and merges in the background and show them on the page."""
        db = self.state.db
        if db is None or not class_name:
            return
        from app.services.roster import merges, roster_of

        def work(_progress: Progress) -> tuple[list[RosterEntry], list[MergeRecord]]:
            return roster_of(db, class_name), merges(db, class_name)

        self.state.runner.run(
            BackgroundOp(
                work,
                lambda result: self._shown(class_name, *result),
                message=translate("MainWindow", "Reading the students of {cls}…").format(cls=class_name),
                failure=translate("MainWindow", "The students could not be read."),
                cancellable=False,
                announce=False,
                latest="roster",
            )
        )

    def _shown(self, class_name: str, entries: list[RosterEntry], merges: list[MergeRecord]) -> None:
        if self.page is not None:
            self.page.set_roster(class_name, entries, merges)
        self.roster_shown.emit(class_name)

    def _done(self, class_name: str, text: str, backups_before: int) -> None:
        """Re-read the store and the roster, and say what was done."""
        self.manage.finish(text, None, backups_before, then=lambda: self.show_roster(class_name))

    def _who(self, class_name: str, number: str) -> str:
        entry = self.page.entry(number) if self.page is not None and self.page.class_name == class_name else None
        return f"{entry.name}（{number}）" if entry is not None and entry.name else number

    # ================================================================ merge

    def merge(self, class_name: str, first: str, second: str) -> None:
        """Ask which number to keep (Cancel is the default), then merge the other record into it."""
        db = self.state.db
        if db is None or not self.state.idle:
            return
        a, b = self._who(class_name, first), self._who(class_name, second)
        question = translate(
            "MainWindow",
            "Merge {a} and {b} of {cls} into one student?\n\nTheir scores join under the number kept; nothing is "
            "lost, and Undo merge takes it back. A merge of two students who both sat one exam is refused.\n\n"
            "The store is backed up first.",
        ).format(a=a, b=b, cls=class_name)
        answer = choose(
            self.manage.parent_for_boxes(),
            question,
            [translate("MainWindow", "Keep {who}").format(who=who) for who in (a, b)],
        )
        if answer is None:
            return
        kept, merged = (first, second) if answer == 0 else (second, first)
        from app.services.roster import merge_students

        before = len(db.backups)
        self.manage.run(
            lambda _progress: merge_students(db, class_name, kept, merged),
            lambda record: self._done(
                class_name,
                translate("MainWindow", "Merged {merged} into {kept} ({scores} scores moved).").format(
                    merged=record.merged, kept=record.kept, scores=record.scores
                ),
                before,
            ),
            translate("MainWindow", "Merging the two students…"),
            translate("MainWindow", "The students could not be merged."),
        )

    def undo_merge(self, merge_id: int) -> None:
        """Undo a merge after asking: the merged record gets its scores back."""
        db, page = self.state.db, self.page
        if db is None or not self.state.idle or page is None:
            return
        merge = next((m for m in page.merges if m.merge_id == merge_id), None)
        if merge is None or page.class_name is None:
            return
        class_name = page.class_name
        question = translate(
            "MainWindow", "Undo the merge of {merged} into {kept}?\n\n{merged} gets its {scores} scores back."
        ).format(merged=merge.merged, kept=merge.kept, scores=merge.scores)
        if not confirm(self.manage.parent_for_boxes(), question, translate("MainWindow", "Undo merge")):
            return
        from app.services.roster import undo_merge

        before = len(db.backups)
        self.manage.run(
            lambda _progress: undo_merge(db, merge_id),
            lambda record: self._done(
                class_name,
                translate("MainWindow", "Undid the merge: {merged} is a student of its own again.").format(
                    merged=record.merged
                ),
                before,
            ),
            translate("MainWindow", "Undoing the merge…"),
            translate("MainWindow", "The merge could not be undone."),
        )

    # ================================================================ 转入 / 转出

    def transfer(self, class_name: str, number: str, *, left: bool) -> None:
        """Ask the date a student left (转出) or joined (转入) the class, then record it."""
        db = self.state.db
        if db is None or not self.state.idle:
            return
        from app.ui.dialogs import dates

        who = self._who(class_name, number)
        entry = self.page.entry(number) if self.page is not None else None
        if left:
            title = translate("MainWindow", "Left the class (转出)")
            text = translate(
                "MainWindow",
                "The day {who} left {cls}: from then on they are no longer in the class's figures, plans and groups.",
            )
            initial = entry.left_on if entry is not None else None
        else:
            title = translate("MainWindow", "Joined the class (转入)")
            text = translate("MainWindow", "The day {who} joined {cls}: the class's exams before it do not count them.")
            initial = entry.joined_on if entry is not None else None
        ok, day = dates.ask_date(self.manage.parent_for_boxes(), title, text.format(who=who, cls=class_name), initial)
        if not ok or day is None:
            return
        from app.services.roster import transfer

        when: dict[str, dt.date] = {"left_on": day} if left else {"joined_on": day}
        said = (
            translate("MainWindow", "{who} left {cls} on {day} (转出).")
            if left
            else translate("MainWindow", "{who} joined {cls} on {day} (转入).")
        ).format(who=who, cls=class_name, day=day.isoformat())
        before = len(db.backups)
        self.manage.run(
            lambda _progress: transfer(db, class_name, number, **when),
            lambda _entry: self._done(class_name, said, before),
            translate("MainWindow", "Saving…"),
            translate("MainWindow", "The date could not be saved."),
        )

    def clear_transfer(self, class_name: str, number: str) -> None:
        """Take back a student's 转入 and 转出."""
        db = self.state.db
        if db is None or not self.state.idle:
            return
        from app.services.roster import clear_transfer

        who, before = self._who(class_name, number), len(db.backups)
        self.manage.run(
            lambda _progress: clear_transfer(db, class_name, number),
            lambda _entry: self._done(
                class_name,
                translate("MainWindow", "{who} has no 转入 or 转出 date any more.").format(who=who),
                before,
            ),
            translate("MainWindow", "Saving…"),
            translate("MainWindow", "The date could not be saved."),
        )

    # ================================================================ exam dates

    def date_exam(self, class_name: str, exam: str) -> None:
        """Ask an exam's date (or "not known") and set it: every list of exams follows it."""
        state, db = self.state, self.state.db
        if db is None or not state.idle or state.store is None:
            return
        record = next((c for c in state.store.classes if c.name == class_name), None)
        known = dict(zip(record.assessments, record.assessment_dates, strict=False)) if record is not None else {}
        from app.ui.dialogs import dates

        ok, day = dates.ask_date(
            self.manage.parent_for_boxes(),
            translate("MainWindow", "Exam date"),
            translate("MainWindow", "The date {cls} sat “{exam}”: every list of exams is in date order.").format(
                cls=class_name, exam=exam
            ),
            known.get(exam),
            unknown=translate("MainWindow", "Not known (listed by the day it was imported)"),
        )
        if not ok:
            return
        from app.services.roster import date_exam

        said = (
            translate("MainWindow", "“{exam}” of {cls} is dated {day}.").format(
                exam=exam, cls=class_name, day=day.isoformat()
            )
            if day is not None
            else translate("MainWindow", "“{exam}” of {cls} has no date now.").format(exam=exam, cls=class_name)
        )
        before = len(db.backups)
        showing = state.class_name == class_name  # the views list the exams again, in the new order
        self.manage.run(
            lambda _progress: date_exam(db, class_name, exam, day),
            lambda _none: self.manage.finish(said, class_name if showing else None, before, chosen=(class_name, exam)),
            translate("MainWindow", "Saving…"),
            translate("MainWindow", "The date could not be saved."),
        )
