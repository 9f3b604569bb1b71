"""The window's data-safety actions: back up now, restore from a backup, open the data folder, check the store,
and what the window offers when the store does not open at start (which file, what happened, what to do).

Every store access runs through the window's task runner (`app.services.backups`); restoring closes
the window's handle on the store, restores (after a backup of the store as it is) and opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.base import i18n
from app.ui.base.tasks import BackgroundOp
from app.ui.dialogs.confirm import choose, confirm
from app.ui.views.welcome import TITLE

if TYPE_CHECKING:
    from app.services.backups import BackupRecord, DescribedBackup, Repair, Restored, StoreHealth, StoreProblem
    from app.ui.controllers.loading import StoreLoader
    from app.ui.dialogs.backup import BackupDialog
    from app.ui.state import WindowState

translate = QCoreApplication.translate  # the window's strings keep its context, "MainWindow"


class SafetyController(QObject):
    """Backs up, restores and checks the window's store in the background.

    Signals (after the window shows the outcome): `backed_up(BackupRecord)`, `restored(Restored)`,
    `checked(StoreHealth)`, `repaired(Repair)`, `problem_shown(StoreProblem)` when the store did not open.
    """

    backed_up = Signal(object)
    restored = Signal(object)
    checked = Signal(object)
    repaired = Signal(object)
    problem_shown = Signal(object)

    def __init__(self, state: WindowState, loader: StoreLoader, parent: QWidget, quit: Callable[[], object]) -> None:
        super().__init__(parent)
        self.state, self.loader, self.parent_widget, self.quit = state, loader, parent, quit
        self.dialog: BackupDialog | None = None
        loader.when_failed = self.store_failed

    def store_path(self) -> Path:
        """The store's file (also when it did not open)."""
        return self.loader.store_path()

    # ================================================================ back up, open the folder

    def back_up_now(self) -> None:
        """Back the store up now, in the background; the status bar says where."""
        db = self.state.db
        if db is None or not self.state.idle:
            return
        from app.services.backups import back_up_now

        self.state.runner.run(
            BackgroundOp(
                lambda _progress: back_up_now(db),
                self._on_backed_up,
                message=translate("MainWindow", "Backing up the store…"),
                failure=translate("MainWindow", "The store could not be backed up."),
                cancellable=False,
            )
        )

    def _on_backed_up(self, record: BackupRecord) -> None:
        self.state.set_last_backup(record)
        store, db = self.state.store, self.state.db
        if store is not None and db is not None:
            from app.services.store import notes_now

            notes = notes_now(db)
            if notes != store.notes:  # today's skipped backup is made now
                self.state.set_store(replace(store, notes=notes))
        self.state.say(translate("MainWindow", "Backed up to {path}").format(path=record.path), 15000)
        self.backed_up.emit(record)

    def open_data_folder(self) -> None:
        """Open the folder holding the store and its backups in the file manager (or say where it is)."""
        folder = self.store_path().parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(
                self.parent_widget,
                TITLE,
                translate("MainWindow", "The data folder is:\n{path}").format(path=folder),
            )

    # ================================================================ restore

    def restore_backup(self) -> None:
        """Read the store's backups (in the background) and list them; restoring one asks first."""
        if not self.state.idle:
            return
        from app.services.backups import described_backups

        store = self.store_path()
        self.state.runner.run(
            BackgroundOp(
                lambda progress: described_backups(store, progress),
                lambda backups: self._show_backups(store, backups),
                message=translate("MainWindow", "Reading the backups…"),
                failure=translate("MainWindow", "The backups could not be read."),
            )
        )

    def _show_backups(self, store: Path, backups: list[DescribedBackup]) -> None:
        from app.ui.dialogs.backup import BackupDialog

        dialog = BackupDialog(store, backups, parent=self.parent_widget)
        self.dialog = dialog
        dialog.restore_requested.connect(lambda record: self.restore(record, dialog))
        dialog.folder_requested.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(store.with_name(f"{store.name}-backups"))))
        )
        dialog.open()

    def restore(self, record: BackupRecord, dialog: BackupDialog | None = None) -> None:
        """Ask (Cancel is the default), then restore `record` over the store and open it again."""
        from app.services.backups import reason_text, when_text

        if not self.state.idle:
            return
        lang = i18n.language()
        described = next((b for b in (dialog.backups if dialog else []) if b.record == record), None)
        holds = dialog.holds(described) if dialog is not None and described is not None else ""
        now = self.state.store.classes if self.state.store is not None else []
        question = translate(
            "MainWindow",
            "Restore the backup made {when} ({why})?\n\nThe store then holds what the backup holds: {holds}\n\n"
            "What the store holds now ({classes}) is backed up first, so you can go back to it "
            "from this list.",
        ).format(
            when=when_text(record.created).get(lang),
            why=reason_text(record.reason).get(lang),
            holds=holds or record.path.name,
            classes=i18n.listed(c.name for c in now) or translate("MainWindow", "nothing"),
        )
        if not confirm(dialog or self.parent_widget, question, translate("MainWindow", "Restore")):
            return
        if dialog is not None:
            dialog.accept()
        from app.services.backups import put_back

        store = self.store_path()
        self.loader.start(
            before=lambda _progress: put_back(store, record),
            then=lambda restored, error: self._on_restored(record, restored, error),
            message=translate("MainWindow", "Restoring the backup…"),
        )

    def restore_newest(self, newest: Path) -> None:
        """Read the backup at `newest` (in the background), then restore it after asking."""
        from app.services.backups import find_backup

        store = self.store_path()
        self.state.runner.run(
            BackgroundOp(
                lambda _progress: find_backup(store, str(newest)),
                self.restore,
                message=translate("MainWindow", "Reading the backups…"),
                failure=translate("MainWindow", "The backups could not be read."),
                cancellable=False,
            )
        )

    def _on_restored(self, record: BackupRecord, restored: Restored | None, error: BaseException | None) -> None:
        if error is not None:
            from app.ui.base.worker import describe_error

            self.state.error.emit(
                translate("MainWindow", "The backup could not be restored; the store is as it was.")
                + "\n\n"
                + describe_error(error)
            )
            return
        when = f"{record.created:%Y-%m-%d %H:%M}"
        if restored is None:
            text = translate("MainWindow", "Restored the backup of {when}; nothing of the store was left to keep.")
        elif restored.damaged:
            text = translate(
                "MainWindow", "Restored the backup of {when}; the damaged store was copied as it was to {path}"
            )
        else:
            text = translate("MainWindow", "Restored the backup of {when}; the store as it was is backed up to {path}")
        path = restored.safety_copy.path if restored is not None else ""
        self.state.say(text.format(when=when, path=path), 20000)
        self.restored.emit(restored)

    # ================================================================ check, repair

    def check_database(self) -> None:
        """Check the store in the background: SQLite's integrity check and the references between rows."""
        if not self.state.idle:
            return
        from app.services.backups import check

        store = self.store_path()
        self.state.runner.run(
            BackgroundOp(
                lambda progress: check(store, progress),
                lambda health: self._on_checked(store, health),
                message=translate("MainWindow", "Checking the store…"),
                failure=translate("MainWindow", "The store could not be checked."),
                cancellable=False,
            )
        )

    def _on_checked(self, store: Path, health: StoreHealth) -> None:
        w = self.parent_widget
        self.checked.emit(health)
        if not health.ok and self.state.read_only:  # neither a restore nor a repair can write it here
            problem = health.integrity[0] if health.integrity else i18n.listed(health.dangling)
            QMessageBox.warning(
                w,
                TITLE,
                translate(
                    "MainWindow",
                    "The store has a problem ({problem}):\n{path}\n\nIt can only be read here, so it can be neither "
                    "restored nor repaired: do that where it can be written.",
                ).format(problem=problem, path=store),
            )
        elif health.ok:
            QMessageBox.information(
                w,
                TITLE,
                translate(
                    "MainWindow",
                    "The store is sound: SQLite's integrity check and the references between its rows "
                    "found nothing wrong.\n{path}",
                ).format(path=store),
            )
        elif health.integrity:
            answer = choose(
                w,
                translate(
                    "MainWindow", "The store is damaged ({problem}):\n{path}\n\nRestore a backup to get your data back."
                ).format(problem=health.integrity[0], path=store),
                [translate("MainWindow", "Show the backups…")],
                icon=QMessageBox.Icon.Critical,
            )
            if answer == 0:
                self.restore_backup()
        else:
            rows = sum(health.dangling.values())
            tables = i18n.listed(f"{table} ({n})" for table, n in health.dangling.items())
            if confirm(
                w,
                translate(
                    "MainWindow",
                    "{rows} rows of the store point at records that no longer exist (tables: {tables}). They are "
                    "left-overs, not scores of any class shown.\n\nRemove them? The store is backed up first.",
                ).format(rows=rows, tables=tables),
                translate("MainWindow", "Remove them"),
            ):
                self.repair(then_open=False)

    def repair(self, *, then_open: bool) -> None:
        """Back the store up and remove the rows pointing nowhere (in the background); with `then_open`, open
        the store afterwards (a store whose upgrade those rows stopped)."""
        from app.services.backups import repair

        store = self.store_path()
        if then_open:
            self.loader.start(before=lambda progress: repair(store, progress), then=self._on_repaired)
            return
        self.state.runner.run(
            BackgroundOp(
                lambda progress: repair(store, progress),
                lambda result: self._on_repaired(result, None),
                message=translate("MainWindow", "Repairing the store…"),
                failure=translate("MainWindow", "The store could not be repaired."),
                cancellable=False,
            )
        )

    def _on_repaired(self, result: Repair | None, error: BaseException | None) -> None:
        state = self.state
        if error is not None or result is None:
            from app.ui.base.worker import describe_error

            state.error.emit(
                translate("MainWindow", "The store could not be repaired.")
                + ("\n\n" + describe_error(error) if error is not None else "")
            )
            return
        state.set_last_backup(result.backup)
        text = translate(
            "MainWindow", "Removed {rows} rows; the store before the repair is backed up to {path}"
        ).format(rows=sum(result.removed.values()), path=result.backup.path)

        def shown() -> None:
            state.say(text, 20000)
            self.repaired.emit(result)

        if state.db is not None:
            self.loader.refresh_store(then=shown)
        else:
            shown()

    # ================================================================ a store that does not open

    def store_failed(self, message: str, error: BaseException | None) -> bool:
        """The store did not open: say which file, what happened and what to do, and offer the backups (restore),
        a repair (a failed upgrade), another try (busy), the data folder or quitting. False: not a store problem."""
        from app.services.backups import problem_of

        problem = problem_of(error) if error is not None else None
        if problem is None:
            from app.core.problems import Refused

            if isinstance(error, Refused):  # not the store: e.g. a damaged file Zhidian ships (the message names it)
                self.state.error.emit(message)
                return True
            return False
        self.state.set_problem(message)
        self.problem_shown.emit(problem)
        choices: list[tuple[str, Any]] = [(translate("MainWindow", "Restore a backup…"), self.restore_backup)]
        newest = getattr(error, "newest_backup", None)  # an empty or missing store with backups beside it
        if problem.kind == "empty" and newest is not None:
            choices.insert(
                0, (translate("MainWindow", "Restore the newest backup…"), lambda: self.restore_newest(newest))
            )
        if problem.can_repair:
            choices.insert(0, (translate("MainWindow", "Repair and open"), lambda: self.repair(then_open=True)))
        if problem.can_retry:
            choices.insert(0, (translate("MainWindow", "Try again"), self.loader.start))
        choices.append((translate("MainWindow", "Open data folder"), self.open_data_folder))
        choices.append((translate("MainWindow", "Quit"), self.quit))
        answer = choose(
            self.parent_widget,
            translate("MainWindow", "The store could not be opened.") + "\n\n" + message,
            [label for label, _ in choices],
            details=_what_to_do(problem),
            icon=QMessageBox.Icon.Critical,
            cancel=False,
        )
        if answer is not None:
            choices[answer][1]()
        return True


def _what_to_do(problem: StoreProblem) -> str:
    hints = {
        "damaged": translate(
            "MainWindow", "Restore a backup: Zhidian backs the store up every day and before every change."
        ),
        "upgrade": translate(
            "MainWindow",
            "Repair removes the rows that stopped the upgrade (after a backup) and opens the store; "
            "or restore a backup.",
        ),
        "busy": translate("MainWindow", "Another Zhidian is saving to this store: wait a moment and try again."),
        "read-only": translate(
            "MainWindow", "Copy the data folder somewhere you may write (or start Zhidian with --data-dir)."
        ),
        "disk-full": translate("MainWindow", "Free some space on the disk, then try again."),
        "too-new": translate("MainWindow", "Install the newer Zhidian that wrote this store, or restore a backup."),
        "not-a-store": translate("MainWindow", "Choose another store file (--db), or restore a backup."),
    }
    return hints.get(problem.kind, translate("MainWindow", "Restore a backup, or open the data folder to look."))
