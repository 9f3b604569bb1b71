"""Data safety in the window (issue 11): back up now, restore from a backup, open the data folder, check and repair
the store, a store that does not open at start, one window per store, reading the store off the UI thread,
and quitting while a task ends."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sample_stores import copy_store

from app.core.problems import Text
from app.services.sample import SAMPLE_CLASS

ROOT = Path(__file__).resolve().parent.parent
GRADE = ["八年级(1)班", "八年级(2)班", SAMPLE_CLASS, "八年级(4)班"]


def _backups(store: Path) -> list:
    from app.services.backups import described_backups

    return described_backups(store)


# ---------------------------------------------------------------- the services the window uses


def test_backup_words_and_times() -> None:
    from app.services.backups import reason_text, size_text, when_text

    now = dt.datetime(2026, 11, 30, 9, 0)
    assert when_text(dt.datetime(2026, 11, 30, 8, 12), now) == Text("今天 08:12", "today 08:12")
    assert when_text(dt.datetime(2026, 11, 29, 17, 5), now).en == "yesterday 17:05"
    assert when_text(dt.datetime(2026, 11, 2, 17, 5), now).zh == "2026-11-02 17:05"
    assert reason_text("before-undo").zh == "撤销导入前"
    assert reason_text("before-upgrade-0003").en == "before upgrading the store (schema 0003)"
    assert reason_text("something-new").en == "something-new"
    assert size_text(900) == "1 KB" and size_text(3 * 1024 * 1024 + 400_000) == "3.4 MB"


def test_store_problems_are_told_apart() -> None:
    from app.services.backups import problem_of
    from app.storage import DamagedStore, DiskFull, NotADatabase, ReadOnlyStore, StoreBusy, UpgradeFailed

    text = Text("z", "e")
    kinds = {
        DamagedStore: ("damaged", False, False),
        UpgradeFailed: ("upgrade", True, False),
        StoreBusy: ("busy", False, True),
        ReadOnlyStore: ("read-only", False, False),
        DiskFull: ("disk-full", False, True),
        NotADatabase: ("not-a-store", False, False),
    }
    for cls, (kind, repair, retry) in kinds.items():
        problem = problem_of(cls(text))
        assert (problem.kind, problem.can_repair, problem.can_retry, problem.text) == (kind, repair, retry, text)
    assert problem_of(RuntimeError("x")) is None


# ---------------------------------------------------------------- back up, status bar, data folder


def test_the_status_bar_says_where_the_data_live_and_when_they_were_backed_up(
    make_window, qtbot, sample_store, tmp_path
) -> None:
    store = copy_store(sample_store, tmp_path)
    window = make_window(db=store)
    assert window.state.data.class_name == SAMPLE_CLASS
    daily = [b for b in window.state.db.backups if b.reason == "daily"]
    assert len(daily) == 1 and daily[0].path.is_file()  # the first start of the day on a store with data
    text = window.status.store_label.text()
    assert text.startswith(f"Data: {store} · backed up today ")
    assert str(daily[0].path) in window.status.store_label.toolTip()

    with qtbot.waitSignal(window.safety.backed_up, timeout=30_000) as done:
        window.menus.act_backup.trigger()
    record = done.args[0]
    assert record.reason == "manual" and record.path.is_file()
    assert record.path.parent == store.with_name("zhidian.db-backups")
    assert window.statusBar().currentMessage() == f"Backed up to {record.path}"
    assert window.state.last_backup == record and str(record.path) in window.status.store_label.toolTip()
    with sqlite3.connect(record.path) as copy:  # a real copy: every class, nothing lost from the WAL
        assert [n for (n,) in copy.execute("SELECT name FROM classes ORDER BY name")] == GRADE


def test_a_narrow_status_bar_shortens_the_path_not_the_backup_time(make_window, qtbot, sample_store, tmp_path) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    label = window.status.store_label
    label.resize(260, label.height())
    shown = label.shown_text()
    assert "…" in shown and shown.endswith("backed up today " + f"{window.state.last_backup.created:%H:%M}")
    assert str(tmp_path) in label.text()  # the whole text is kept for the tooltip and for reading


def test_open_data_folder_shows_the_store_folder(make_window, sample_store, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = make_window(db=copy_store(sample_store, tmp_path))
    window.menus.act_data_folder.trigger()
    assert opened == [str(tmp_path)]


# ---------------------------------------------------------------- restore


def test_restore_lists_what_each_backup_holds_and_restores_after_asking(
    make_window, qtbot, sample_store, tmp_path, boxes
) -> None:
    from app.services.store import undo_import

    store = copy_store(sample_store, tmp_path)
    window = make_window(db=store)
    undo_import(window.state.db)  # the grade export goes: only 八年级(3)班 is left (a backup is made first)
    with qtbot.waitSignal(window.loader.shown, timeout=30_000):
        window.loader.refresh_store()
    assert [c.name for c in window.state.store.classes] == [SAMPLE_CLASS]

    with qtbot.waitSignal(window.task_ended, timeout=30_000):
        window.menus.act_restore.trigger()
    dialog = window.safety.dialog
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert [row[1] for row in rows] == ["before undoing an import", "daily backup"]
    assert rows[0][3] == "八年级(1)班, 八年级(2)班, 八年级(3)班, 八年级(4)班: 158 students, 6 exams"
    assert rows[0][0].startswith("today ") and rows[0][2].endswith("KB")
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet

    dialog.select(0)
    boxes.answers.append("Cancel")
    dialog.restore_button.click()
    asked = boxes.shown[-1]
    assert asked.default == "Cancel" and asked.buttons == ["Restore", "Cancel"]
    assert "before undoing an import" in asked.text and "158 students" in asked.text
    assert "What the store holds now (八年级(3)班) is backed up first" in asked.text
    assert [c.name for c in window.state.store.classes] == [SAMPLE_CLASS]  # cancelled: nothing changed

    boxes.answers.append("Restore")
    with qtbot.waitSignal(window.safety.restored, timeout=30_000) as done:
        dialog.restore_button.click()
    restored = done.args[0]
    assert [c.name for c in window.state.store.classes] == GRADE
    assert window.state.data is not None and window.state.data.class_name == SAMPLE_CLASS
    assert restored.safety_copy.reason == "before-restore" and restored.safety_copy.path.is_file()
    assert str(restored.safety_copy.path) in window.statusBar().currentMessage()
    assert not dialog.isVisible()
    with sqlite3.connect(restored.safety_copy.path) as copy:  # what the store held before: one class
        assert copy.execute("SELECT count(*) FROM classes").fetchone()[0] == 1


def test_a_damaged_store_at_start_says_which_file_and_offers_the_backups(
    qtbot, sample_store, tmp_path, boxes, ui_language, messages
) -> None:
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    store = copy_store(sample_store, tmp_path)
    from app.storage.backups import make_backup

    make_backup(store, "manual")
    data = bytearray(store.read_bytes())
    for offset in range(8192, len(data), 4096):  # every page past the second scribbled over
        data[offset : offset + 200] = b"\xff" * 200
    store.write_bytes(bytes(data))

    window = MainWindow(AppSettings(tmp_path / "settings.json"), store, start=False)
    qtbot.addWidget(window)
    window.show()
    boxes.answers.append("Restore a backup…")
    with qtbot.waitSignal(window.safety.problem_shown, timeout=30_000) as shown:
        window.loader.start()
    assert shown.args[0].kind == "damaged"
    box = boxes.shown[0]
    assert box.text.startswith("The store could not be opened.")
    assert str(store) in box.text and "damaged" in box.text  # which file, what happened
    assert box.details.startswith("Restore a backup")  # what to do
    assert box.buttons == ["Restore a backup…", "Open data folder", "Quit"]
    assert messages["warning"] == []  # no traceback, no second message
    assert window.state.db is None and "not open" in window.status.store_label.text()

    qtbot.waitUntil(lambda: window.safety.dialog is not None, timeout=30_000)  # the backups, read in the worker
    dialog = window.safety.dialog
    qtbot.addWidget(dialog)
    menus = window.menus  # with no store open, only what works on the file is offered
    assert menus.act_restore.isEnabled() and menus.act_check_store.isEnabled() and menus.act_data_folder.isEnabled()
    assert not menus.act_backup.isEnabled() and not menus.act_manage.isEnabled() and not menus.act_import.isEnabled()
    assert dialog.table.item(0, 1).text() == "backed up by hand"
    dialog.select(0)
    boxes.answers.append("Restore")
    with qtbot.waitSignal(window.store_ready, timeout=30_000):
        dialog.restore_button.click()
    assert [c.name for c in window.state.store.classes] == GRADE
    assert window.state.store_problem is None and window.state.data.class_name == SAMPLE_CLASS


def test_a_failed_upgrade_offers_a_repair_then_opens(qtbot, tmp_path, boxes, ui_language, monkeypatch) -> None:
    from app.services import store as store_service
    from app.storage import UpgradeFailed
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    real_open, attempts = store_service.open_store, []

    def open_store(path, progress=None):
        attempts.append(path)
        if len(attempts) == 1:
            raise UpgradeFailed(Text("升级失败", f"Upgrading the store '{path}' found rows pointing nowhere."))
        return real_open(path, progress)

    monkeypatch.setattr(store_service, "open_store", open_store)
    store = tmp_path / "zhidian.db"
    real_open(store)[0].close()
    window = MainWindow(AppSettings(tmp_path / "settings.json"), store, start=False)
    qtbot.addWidget(window)
    boxes.answers.append("Repair and open")
    with qtbot.waitSignal(window.safety.repaired, timeout=30_000) as repaired:
        window.loader.start()
    assert boxes.shown[0].buttons[0] == "Repair and open" and "Restore a backup…" in boxes.shown[0].buttons
    assert repaired.args[0].backup.reason == "before-repair" and repaired.args[0].health.ok
    assert window.state.db is not None and len(attempts) == 2


def test_a_busy_store_at_start_can_be_tried_again(qtbot, tmp_path, boxes, ui_language, monkeypatch) -> None:
    from app.services import store as store_service
    from app.storage import StoreBusy
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    real_open, attempts = store_service.open_store, []

    def open_store(path, progress=None):
        attempts.append(path)
        if len(attempts) == 1:
            raise StoreBusy(Text("忙", "Another Zhidian is saving to this store; try again in a moment."))
        return real_open(path, progress)

    monkeypatch.setattr(store_service, "open_store", open_store)
    window = MainWindow(AppSettings(tmp_path / "settings.json"), tmp_path / "zhidian.db", start=False)
    qtbot.addWidget(window)
    boxes.answers.append("Try again")
    with qtbot.waitSignal(window.store_ready, timeout=30_000):
        window.loader.start()
    assert "Another Zhidian is saving" in boxes.shown[0].text
    assert window.state.db is not None and len(attempts) == 2


# ---------------------------------------------------------------- check, repair


def test_check_database_says_sound_or_repairs_rows_pointing_nowhere(
    make_window, qtbot, sample_store, tmp_path, boxes, messages
) -> None:
    store = copy_store(sample_store, tmp_path)
    window = make_window(db=store)
    with qtbot.waitSignal(window.safety.checked, timeout=30_000) as checked:
        window.menus.act_check_store.trigger()
    assert checked.args[0].ok
    assert messages["information"][-1].startswith("The store is sound") and str(store) in messages["information"][-1]

    with sqlite3.connect(store) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM students WHERE number = '20240301'")  # its scores now point nowhere
    boxes.answers.append("Cancel")
    with qtbot.waitSignal(window.safety.checked, timeout=30_000) as checked:
        window.safety.check_database()
    assert checked.args[0].dangling == {"scores": 60}
    asked = boxes.shown[-1]
    assert asked.default == "Cancel" and "60 rows" in asked.text and "scores (60)" in asked.text
    assert window.state.last_backup.reason == "daily"  # cancelled: no repair, no backup

    boxes.answers.append("Remove them")
    with qtbot.waitSignal(window.safety.repaired, timeout=30_000) as repaired:
        window.safety.check_database()
    result = repaired.args[0]
    assert result.removed == {"scores": 60} and result.health.ok
    assert result.backup.reason == "before-repair" and str(result.backup.path) in window.statusBar().currentMessage()


# ---------------------------------------------------------------- reading off the UI thread


def test_showing_a_class_reads_the_store_in_the_worker_with_a_busy_bar(
    make_window, qtbot, sample_store, tmp_path, monkeypatch
) -> None:
    from app.services import class_data

    window = make_window(db=copy_store(sample_store, tmp_path))
    load, seen = class_data.load_class_data, {}
    release = threading.Event()

    def recorded(db, name, run_id=None, thresholds=None, confidence=None):
        seen["thread"] = threading.get_ident()
        release.wait(30)
        return load(db, name, run_id, thresholds, confidence)

    def while_loading() -> None:  # runs on the UI thread while the worker is held in the read
        seen["bar"] = (
            window.progress.progress_bar.isVisible() and window.progress.progress_bar.maximum() == 0
        )  # busy, no fraction
        seen["cancel"] = window.progress.cancel_button.isVisible()
        seen["picker"] = window.workspace.class_picker.isEnabled()
        seen["message"] = window.progress.label.text()
        release.set()

    monkeypatch.setattr(class_data, "load_class_data", recorded)
    ended: list[str] = []
    window.task_ended.connect(ended.append)
    QTimer.singleShot(0, while_loading)
    with qtbot.waitSignal(window.class_shown, timeout=30_000):
        window.loader.show_class("八年级(1)班")
    assert seen["thread"] != threading.get_ident()
    assert seen == {**seen, "bar": True, "cancel": False, "picker": False, "message": "Loading 八年级(1)班…"}
    assert window.state.data.class_name == "八年级(1)班"  # in the window's state once class_shown said so
    assert not window.progress.progress_bar.isVisible() and window.workspace.class_picker.isEnabled()
    assert ended == []  # a read for showing is not announced as a task


# ---------------------------------------------------------------- quitting while a task ends


def test_quitting_still_quits_when_the_task_ended_while_asking(make_window, qtbot, tmp_path, monkeypatch) -> None:
    from app.ui.base.tasks import BackgroundOp

    window = make_window()
    release = threading.Event()
    window.runner.run(BackgroundOp(lambda progress: release.wait(30), lambda result: None, message="working"))
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        with qtbot.waitSignal(window.runner.stopped, timeout=30_000):  # the task ends while the question is open
            release.set()
        assert window.runner.task is None
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window.close()
    assert asked == ["A task is still running. Stop it and quit?"]
    assert not window.isVisible() and window.state.db is None


def test_quitting_while_a_task_runs_stops_it_then_quits(make_window, qtbot, tmp_path, messages) -> None:
    from app.core.progress import checkpoint
    from app.ui.base.tasks import BackgroundOp

    window = make_window()
    started = threading.Event()

    def work(progress):
        started.set()
        while True:
            checkpoint(progress, 0.5, "")

    assert window.runner.run(BackgroundOp(work, lambda result: None, message="working"))
    task = window.runner.task
    started.wait(10)
    messages["answer"]["value"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(task.done, timeout=30_000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.state.db is None


# ---------------------------------------------------------------- one window per store, portable


def test_the_lock_file_sits_beside_the_default_store(tmp_path, monkeypatch) -> None:
    from app.core.locations import use_data_folder
    from app.storage import default_db_path
    from app.ui.base.single_instance import lock_path

    monkeypatch.setenv("ZHIDIAN_DATA_DIR", str(tmp_path))
    use_data_folder(tmp_path)
    assert lock_path(None) == default_db_path().resolve().with_name("zhidian.db.lock")
    assert lock_path(tmp_path / "other.db") == tmp_path.resolve() / "other.db.lock"


def test_a_second_window_on_the_same_store_does_not_open(qapp, tmp_path, messages) -> None:
    from app.ui.app import ALREADY_RUNNING, main
    from app.ui.base.single_instance import InstanceLock
    from app.ui.main_window import MainWindow

    store = tmp_path / "zhidian.db"
    first = InstanceLock(store)
    assert first.acquire()
    try:
        code = main(["zhidian", "--db", str(store), "--settings", str(tmp_path / "settings.json"), "--lang", "en"])
    finally:
        first.release()
    assert code == ALREADY_RUNNING
    assert "Zhidian is already running with these data" in messages["information"][-1]
    assert str(tmp_path) in messages["information"][-1]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    again = InstanceLock(store)  # released: the next start takes it
    assert again.acquire()
    again.release()


def test_a_lock_left_by_a_crashed_zhidian_is_taken_over(qapp, tmp_path) -> None:
    from app.ui.base.single_instance import InstanceLock

    store = tmp_path / "zhidian.db"
    crash = (
        "import os, sys\n"
        "from PySide6.QtCore import QCoreApplication, QLockFile\n"
        "app = QCoreApplication([])\n"
        f"lock = QLockFile({str(store) + '.lock'!r})\n"
        "assert lock.tryLock(0)\n"
        "os._exit(0)\n"  # dies holding the lock: the file stays behind
    )
    subprocess.run(
        [sys.executable, "-c", crash], check=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    )
    assert (tmp_path / "zhidian.db.lock").exists()
    lock = InstanceLock(store)
    assert lock.acquire()  # its process is gone: stale, taken over
    lock.release()


def test_a_lock_from_another_computer_is_taken_only_when_the_teacher_says_so(qapp, tmp_path, messages) -> None:
    from app.ui.app import claim_store

    store = tmp_path / "zhidian.db"
    (tmp_path / "zhidian.db.lock").write_text("4242\nzhidian\nother-pc\n", encoding="utf-8")
    messages["answer"]["value"] = QMessageBox.StandardButton.Cancel
    assert claim_store(str(store)) is None
    assert "other-pc" in messages["question"][-1]
    messages["answer"]["value"] = QMessageBox.StandardButton.Open
    lock = claim_store(str(store))
    assert lock is not None and lock.held
    lock.release()


def test_data_dir_keeps_the_store_settings_and_lock_in_that_folder(tmp_path) -> None:
    folder = tmp_path / "U盘" / "data"
    env = {k: v for k, v in os.environ.items() if k != "ZHIDIAN_DATA_DIR"}
    env.update(PYTHONPATH=str(ROOT), ZHIDIAN_LANG="en", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "store open" in proc.stdout and "Traceback" not in proc.stderr
    assert (folder / "zhidian.db").is_file()
    assert (folder / "settings.json").is_file()  # the settings live with the data, not in the user's profile
    from app.ui.base.single_instance import InstanceLock

    lock = InstanceLock(folder / "zhidian.db")  # given back when the window closed
    assert lock.acquire()
    lock.release()


# ---------------------------------------------------------------- fits small screens

SCREENS = {  # logical available size: physical / scale, less a 40-pixel taskbar
    "1280x720@100": (1280, 680),
    "1280x720@125": (1024, 536),
    "1280x720@150": (853, 440),
    "1366x768@100": (1366, 728),
    "1366x768@125": (1093, 574),
    "1366x768@150": (911, 472),
    "1920x1080@100": (1920, 1040),
    "1920x1080@125": (1536, 824),
    "1920x1080@150": (1280, 680),
}


def assert_fits(widget, size: tuple[int, int]) -> None:
    """The widget (shown) lies inside the screen, and every visible child inside the widget."""
    from PySide6.QtWidgets import QWidget

    from app.ui.base.screen import FRAME

    width, height = size
    assert widget.width() + FRAME.width() <= width and widget.height() + FRAME.height() <= height, widget.size()
    inside = widget.rect()
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget) or child.isWindow():
            continue
        top_left = child.mapTo(widget, child.rect().topLeft())
        area = QRect(top_left, child.size())
        assert inside.contains(area), (type(child).__name__, child.objectName(), area, inside)


@pytest.mark.parametrize("screen_name", list(SCREENS))
def test_the_backup_dialog_fits_the_screen(qtbot, sample_store, tmp_path, monkeypatch, screen_name) -> None:
    from app.services.backups import described_backups
    from app.storage.backups import make_backup
    from app.ui.base import screen
    from app.ui.dialogs.backup import BackupDialog

    size = SCREENS[screen_name]
    monkeypatch.setattr(screen, "available_geometry", lambda widget=None: QRect(0, 0, *size))
    store = copy_store(sample_store, tmp_path)
    for reason in ("manual", "before-import", "before-upgrade-0004"):
        make_backup(store, reason)
    dialog = BackupDialog(store, described_backups(store))
    qtbot.addWidget(dialog)
    dialog.show()
    assert_fits(dialog, size)


def test_a_damaged_shipped_file_at_start_is_not_called_a_store_problem(
    qtbot, tmp_path, ui_language, monkeypatch, messages
) -> None:
    from app.core.resources import DamagedResource
    from app.services import store as store_service
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    font = tmp_path / "WenQuanYiMicroHei-Subset.ttf"

    def open_store(path, progress=None):
        raise DamagedResource(font)

    monkeypatch.setattr(store_service, "open_store", open_store)
    window = MainWindow(AppSettings(tmp_path / "settings.json"), tmp_path / "zhidian.db", start=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.task_ended, timeout=30_000):
        window.loader.start()
    (shown,) = messages["warning"]
    assert str(font) in shown and "Reinstall Zhidian" in shown
    assert not shown.startswith("The store could not be opened")
