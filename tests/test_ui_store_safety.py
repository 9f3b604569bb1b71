"""The window's side of data safety, second round (issue 18): a read-only data folder opens read-only with a banner
(6) and offers no correction of its scores nor its paper, a full disk's skipped backup is said (5) until a backup is
made, one damaged page is said plainly where the window meets it (9), a data folder that cannot be used is the start-up failure dialog
(8), restoring over a truncated, garbage, empty or missing store (2, 7), the export names (13) and the newest
import offered for undo after a command-line import (14)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sample_stores import copy_store

from app.core.problems import Text
from app.services.sample import SAMPLE_CLASS

ROOT = Path(__file__).resolve().parent.parent


def _read_only_folder(folder: Path) -> list[str]:
    """Clear the write bits of `folder` and everything in it; the command prefix that keeps root from writing
    anyway."""
    for path in [*folder.rglob("*"), folder]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []


@pytest.mark.skipif(os.name != "posix" or (os.geteuid() == 0 and not shutil.which("setpriv")), reason="POSIX bits")
def test_a_read_only_data_folder_opens_the_window_read_only_not_already_running(sample_store, tmp_path) -> None:
    folder = tmp_path / "U盘"
    folder.mkdir()
    copy_store(sample_store, folder)
    prefix = _read_only_folder(folder)
    env = {k: v for k, v in os.environ.items() if k != "ZHIDIAN_DATA_DIR"}
    env.update(PYTHONPATH=str(ROOT), ZHIDIAN_LANG="en", QT_QPA_PLATFORM="offscreen")
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, str(ROOT / "main.py"), "--smoke", "--data-dir", str(folder)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)
    assert proc.returncode == 0, proc.stderr
    assert "store open (read-only)" in proc.stdout and "Traceback" not in proc.stderr
    assert not (folder / "zhidian.db.lock").exists()


@pytest.fixture
def cannot_write(monkeypatch) -> None:
    """Every store opens as on a write-protected medium: read-only."""
    import app.storage as storage
    from app.storage import ReadOnlyStore

    opened = storage.open_database

    def read_only_only(path, *, create=True, read_only=False):
        if not read_only:
            raise ReadOnlyStore(Text("不能写入", "cannot be written"))
        return opened(path, create=create, read_only=True)

    monkeypatch.setattr(storage, "open_database", read_only_only)


def test_a_read_only_store_shows_why_in_a_banner_and_offers_no_change(
    make_window, sample_store, tmp_path, qtbot, cannot_write, ui_language
) -> None:
    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert window.state.read_only and window.state.data.class_name == SAMPLE_CLASS
    banner = window.store_banner
    assert banner.isVisible() and banner.text.text().startswith(f"Read-only: '{window.state.store.path}' cannot be")
    menus = window.menus
    for action in (menus.act_import, menus.act_manage, menus.act_backup, menus.act_diagnose, menus.act_restore):
        assert not action.isEnabled(), action.text()
    assert not window.workspace.diagnose_button.isEnabled()
    assert all(a.isEnabled() for a in menus.export_actions.values()) and menus.act_scores.isEnabled()
    ui_language("zh")
    qtbot.waitUntil(lambda: banner.text.text().startswith("只读："), timeout=3000)
    paper = window.workspace.class_view.paper_button
    qtbot.waitUntil(lambda: paper.toolTip() == "数据库只能读取（见上方提示）：不能修改试卷。", timeout=3000)


def test_a_read_only_store_shows_its_scores_and_paper_but_offers_no_correction(
    make_window, diagnosed_store, tmp_path, qtbot, cannot_write
) -> None:
    window = make_window(db=copy_store(diagnosed_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert window.state.read_only
    paper = window.workspace.class_view.paper_button
    assert not paper.isEnabled()
    assert paper.toolTip() == "The store can only be read (see the banner): no paper can be changed."
    window.menus.act_scores.trigger()
    qtbot.waitUntil(lambda: window.managing.scores_dialog is not None, timeout=20_000)
    dialog = window.managing.scores_dialog
    qtbot.addWidget(dialog)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert not dialog.correct_button.isEnabled()
    assert dialog.correct_button.toolTip() == "The store can only be read (see the banner): no score can be corrected."
    assert "Double-click" not in dialog.legend.text()
    assert "Double-click" not in dialog.model.data(dialog.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    dialog.correct(0, 0)
    assert dialog.correction is None
    window.menus.act_graph.trigger()  # the graph is shown; importing prerequisites would change the store
    qtbot.addWidget(window.exporting.graph_dialog)
    assert not window.exporting.graph_dialog.import_button.isEnabled()


def test_a_read_only_store_found_damaged_by_the_check_offers_no_restore_or_repair(
    make_window, sample_store, tmp_path, qtbot, cannot_write, messages, monkeypatch
) -> None:
    import app.services.backups as backups
    from app.storage import StoreHealth

    monkeypatch.setattr(backups, "check", lambda store, progress=None: StoreHealth(("page 7 is malformed",), {}))
    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    with qtbot.waitSignal(window.safety.checked, timeout=20_000):
        window.menus.act_check_store.trigger()
    assert messages["warning"] == [
        f"The store has a problem (page 7 is malformed):\n{window.state.store.path}\n\nIt can only be read here, so "
        "it can be neither restored nor repaired: do that where it can be written."
    ]
    assert window.safety.dialog is None


def test_a_file_dropped_on_a_read_only_window_is_refused_saying_why(
    make_window, sample_store, tmp_path, qtbot, cannot_write, messages
) -> None:
    from fault_helpers import long_csv

    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    path = str(long_csv(tmp_path, "乙班.csv", 5, seed=1))
    window.settings.add_recent_file(path)
    window.menus.fill_recent()
    assert [a.isEnabled() for a in window.menus.recent_menu.actions()] == [False]
    window.importing.import_file(path)  # as a drop does
    assert window.importing.wizard is None
    assert messages["warning"] == ["The store can only be read (see the banner): nothing can be imported."]


def test_a_writable_store_offers_the_correction_and_the_paper(make_window, diagnosed_store, tmp_path, qtbot) -> None:
    window = make_window(db=copy_store(diagnosed_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert window.workspace.class_view.paper_button.isEnabled()
    window.menus.act_scores.trigger()
    qtbot.waitUntil(lambda: window.managing.scores_dialog is not None, timeout=20_000)
    dialog = window.managing.scores_dialog
    qtbot.addWidget(dialog)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert dialog.correct_button.isEnabled()
    dialog.correct(0, 0)
    assert dialog.correction is not None
    qtbot.addWidget(dialog.correction)


def test_a_skipped_daily_backup_is_said_in_the_banner(make_window, sample_store, tmp_path, qtbot, monkeypatch) -> None:
    from app.storage import Database, DiskFull

    def full(self, reason):
        raise DiskFull(Text("磁盘已满", "the disk is full"))

    monkeypatch.setattr(Database, "make_backup", full)
    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert not window.state.read_only and window.menus.act_import.isEnabled()
    assert window.store_banner.isVisible()
    assert window.store_banner.text.text().startswith("Today's backup was skipped: the disk is full (")


def test_a_backup_made_by_hand_takes_the_skipped_backup_out_of_the_banner(
    make_window, sample_store, tmp_path, qtbot, monkeypatch
) -> None:
    from app.storage import Database, DiskFull

    make = Database.make_backup

    def full(self, reason):
        raise DiskFull(Text("磁盘已满", "the disk is full"))

    monkeypatch.setattr(Database, "make_backup", full)
    window = make_window(db=copy_store(sample_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert window.store_banner.isVisible()
    monkeypatch.setattr(Database, "make_backup", make)  # space was freed
    with qtbot.waitSignal(window.safety.backed_up, timeout=20_000):
        window.menus.act_backup.trigger()
    assert window.state.store.notes == [] and window.state.db.notes == []
    assert not window.store_banner.isVisible() and window.store_banner.text.text() == ""


def test_a_backup_made_before_an_import_takes_the_skipped_backup_back_too(sample_store, tmp_path, monkeypatch) -> None:
    from fault_helpers import long_csv

    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.services.store import open_store, store_state
    from app.storage import Database, DiskFull

    make = Database.make_backup

    def full(self, reason):
        raise DiskFull(Text("磁盘已满", "the disk is full"))

    monkeypatch.setattr(Database, "make_backup", full)
    db, state = open_store(copy_store(sample_store, tmp_path))
    assert [note.en[:27] for note in state.notes] == ["Today's backup was skipped:"]
    assert store_state(db).notes == state.notes  # still so: nothing was backed up since
    monkeypatch.setattr(Database, "make_backup", make)
    parsed = read_checked(long_csv(tmp_path, "乙班.csv", 5, seed=1))
    import_parsed(db, ImportRequest(parsed, "乙班"))
    assert [b.reason for b in db.backups] == ["before-import"] and store_state(db).notes == []
    db.close()


def test_a_data_folder_that_is_a_file_is_the_start_up_failure_dialog(qapp, tmp_path, monkeypatch) -> None:
    from app.ui.app import CANNOT_START, main

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    monkeypatch.delenv("ZHIDIAN_DATA_DIR", raising=False)
    a_file = tmp_path / "data"
    a_file.write_text("not a folder", encoding="utf-8")
    try:
        code = main(["zhidian", "--data-dir", str(a_file), "--lang", "en"])
    finally:
        os.environ.pop("ZHIDIAN_DATA_DIR", None)
    assert code == CANNOT_START
    (text,) = shown
    assert text.startswith("Zhidian cannot start.") and f"The data folder '{a_file}' is a file" in text


@pytest.mark.parametrize(
    ("class_name", "stem"),
    [("../../../EVIL", "_.._.._EVIL class report"), ("高一/1班", "高一_1班 class report"), ("a:b", "a_b class report")],
)
def test_the_suggested_export_name_is_one_safe_file_name(
    make_window, diagnosed_store, tmp_path, qtbot, monkeypatch, class_name, stem
) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = make_window(db=copy_store(diagnosed_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    with qtbot.waitSignal(window.managing.changed, timeout=20_000):
        window.managing.rename_class(SAMPLE_CLASS, class_name)
    assert window.state.data.class_name == class_name
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda _p, _t, path, _f: asked.append(path) or ("", ""))
    )
    window.settings.last_directory = str(tmp_path / "out")
    window.menus.export_actions["report"].trigger()
    dialog = window.exporting.export_dialog
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.accept()
    (suggested,) = asked
    assert Path(suggested) == tmp_path / "out" / f"{stem}.pdf"


def test_undo_import_offers_the_import_the_command_line_made_after_the_window_opened(
    make_window, sample_store, tmp_path, qtbot, boxes
) -> None:
    from fault_helpers import long_csv, run_cli

    store = copy_store(sample_store, tmp_path)
    window = make_window(db=store)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    code = run_cli("import", str(long_csv(tmp_path, "乙班.csv", 5, seed=1)), "--class", "乙班", "--db", str(store))[0]
    assert code == 0
    boxes.answers.append("Cancel")
    window.menus.act_undo.trigger()
    qtbot.waitUntil(lambda: bool(boxes.shown) and window.runner.task is None, timeout=20_000)
    assert "Undo the import of “乙班.csv”" in boxes.shown[-1].text and "of 乙班, with" in boxes.shown[-1].text


def _start(tmp_path, store, qtbot):
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    window = MainWindow(AppSettings(tmp_path / "settings.json"), store, start=False)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("harm", ["truncated", "garbage", "empty", "missing"])
def test_restore_puts_a_backup_back_over_a_store_that_cannot_be_read_and_says_where_it_went(
    qtbot, sample_store, tmp_path, boxes, ui_language, messages, harm
) -> None:
    from app.storage.backups import make_backup

    store = copy_store(sample_store, tmp_path)
    good = make_backup(store, "manual")
    whole = store.read_bytes()
    if harm == "missing":
        store.unlink()
    else:
        store.write_bytes({"truncated": whole[: len(whole) // 3], "garbage": b"\x13" * 4096, "empty": b""}[harm])
    window = _start(tmp_path, store, qtbot)
    newest = "Restore the newest backup…"
    offered = [newest] if harm in ("empty", "missing") else []
    boxes.answers += [newest, "Restore"] if offered else ["Restore a backup…"]
    with qtbot.waitSignal(window.safety.problem_shown, timeout=30_000):
        window.loader.start()
    assert boxes.shown[0].buttons == [*offered, "Restore a backup…", "Open data folder", "Quit"]
    if offered:  # the newest backup, asked about straight away
        qtbot.waitUntil(lambda: len(boxes.shown) == 2, timeout=30_000)
        assert boxes.shown[1].buttons == ["Restore", "Cancel"] and "backed up by hand" in boxes.shown[1].text
    else:
        qtbot.waitUntil(lambda: window.safety.dialog is not None, timeout=30_000)
        dialog = window.safety.dialog
        qtbot.addWidget(dialog)
        dialog.select(0)
        boxes.answers.append("Restore")
        dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=30_000)
    assert window.state.data.class_name == SAMPLE_CLASS and window.state.store_problem is None
    assert messages["warning"] == []
    said = window.statusBar().currentMessage()
    assert said.startswith(f"Restored the backup of {good.created:%Y-%m-%d %H:%M}")
    if harm == "missing":
        assert "nothing of the store was left to keep" in said
    else:
        aside = Path(said.rsplit(" ", 1)[-1])
        assert (
            "the damaged store was copied as it was to" in said
            and aside.read_bytes()
            == ({"truncated": whole[: len(whole) // 3], "garbage": b"\x13" * 4096, "empty": b""}[harm])
        )


def test_a_damaged_backup_is_marked_and_cannot_be_chosen(make_window, sample_store, tmp_path, qtbot) -> None:
    from app.storage.backups import make_backup

    store = copy_store(sample_store, tmp_path)
    make_backup(store, "manual")
    damaged = make_backup(store, "before-import")
    damaged.path.write_bytes(damaged.path.read_bytes()[:5000])
    window = make_window(db=store)
    with qtbot.waitSignal(window.task_ended, timeout=30_000):
        window.menus.act_restore.trigger()
    dialog = window.safety.dialog
    qtbot.addWidget(dialog)
    rows = [[dialog.table.item(r, c).text() for c in (1, 3)] for r in range(dialog.table.rowCount())]
    assert ["before an import", "cannot be read (damaged or not a Zhidian store)"] in rows
    dialog.select([r[0] for r in rows].index("before an import"))
    assert not dialog.restore_button.isEnabled()
    dialog.select([r[0] for r in rows].index("backed up by hand"))
    assert dialog.restore_button.isEnabled()


def test_the_status_bar_names_the_students_whose_names_no_font_draws(
    make_window, diagnosed_store, tmp_path, qtbot, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    import app.services.exporting as exporting

    window = make_window(db=copy_store(diagnosed_store, tmp_path))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    out = tmp_path / "report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    written = exporting.ExportResult([out], "𠀀𪚥", ("王𠀀（0803001）", "李𪚥（0803002）"))
    monkeypatch.setattr(exporting, "export_class", lambda db, request, progress=None: written)
    window.menus.export_actions["report"].trigger()
    dialog = window.exporting.export_dialog
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(window.export_done, timeout=20_000):
        dialog.accept()
    assert window.statusBar().currentMessage() == (
        "No font on this computer draws these characters; they show as boxes in the export: 𠀀𪚥 "
        "(in the names of 王𠀀（0803001）, 李𪚥（0803002）)"
    )


def test_a_store_folder_that_cannot_be_made_is_the_start_up_failure_dialog(qapp, tmp_path, monkeypatch) -> None:
    from app.ui.app import CANNOT_START, main

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    a_file = tmp_path / "a file"
    a_file.write_text("", encoding="utf-8")
    store = a_file / "data" / "zhidian.db"
    code = main(["zhidian", "--db", str(store), "--settings", str(tmp_path / "settings.json"), "--lang", "en"])
    assert code == CANNOT_START
    (text,) = shown
    assert text.startswith("Zhidian cannot start.") and f"The store's folder '{store.parent}' cannot be used" in text


@pytest.mark.parametrize("table", ["scores", "diagnosis_results", "paper_questions"])
def test_one_damaged_page_is_said_plainly_where_the_window_meets_it(
    diagnosed_store, tmp_path, qtbot, messages, boxes, monkeypatch, table
) -> None:
    from PySide6.QtGui import QDesktopServices
    from test_store_faults import _damage_table

    from app.storage.backups import make_backup

    store = copy_store(diagnosed_store, tmp_path)
    make_backup(store, "daily")  # so opening makes no backup: the damage is met where the page is read
    _damage_table(store, table)
    window = _start(tmp_path, store, qtbot)
    damaged = (
        f"The store '{store}' is damaged. Restore a backup (File → Restore from backup, or python -m app restore)."
    )
    if table == "scores":  # read as the store opens: the start-up dialog, with restore first
        opened: list[object] = []
        monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
        boxes.answers.append("Open data folder")
        with qtbot.waitSignal(window.safety.problem_shown, timeout=30_000):
            window.loader.start()
        assert boxes.shown[0].text == f"The store could not be opened.\n\n{damaged}"
        assert boxes.shown[0].buttons == ["Restore a backup…", "Open data folder", "Quit"]
        assert window.state.store_problem == damaged and len(opened) == 1
        return
    with qtbot.waitSignal(window.store_ready, timeout=30_000):
        window.loader.start()
    if table == "diagnosis_results":  # read when the class is shown
        qtbot.waitUntil(lambda: bool(messages["warning"]), timeout=30_000)
        assert messages["warning"] == [f"The class could not be shown.\n\n{damaged}"]
        return
    qtbot.waitUntil(lambda: window.state.data is not None and window.runner.task is None, timeout=30_000)
    window.menus.act_paper.trigger()  # the paper is read when its editor opens
    dialog = window.papers.dialog
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    qtbot.waitUntil(lambda: any(label.text() == damaged for label in dialog.findChildren(QLabel)), timeout=30_000)
    assert messages["warning"] == []
