"""Start the window: `python main.py [--data-dir DIR] [--db PATH] [--settings FILE] [--lang zh|en] [GRADEBOOK]`.

One window per store: a second start on a store whose window is open says so and opens nothing
(`single_instance`); a store whose folder cannot be written (a locked-down PC, a write-protected USB stick) takes
no lock (none can be made) and opens read-only. The settings live in the data folder with the store and its
backups (`app.core.settings`, shared with the command line). A data folder that cannot be used is the start-up
failure dialog, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.problems import Text

_STARTED = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    """The command line of the window."""
    parser = argparse.ArgumentParser(prog="zhidian-gui", description="Zhidian 知点 (window)")
    parser.add_argument("gradebook", nargs="?", help="a gradebook to open in the import wizard")
    parser.add_argument(
        "--data-dir", help="the folder for the store, settings and backups (default: the user's data folder)"
    )
    parser.add_argument("--db", help="the store file (default: zhidian.db in the data folder)")
    parser.add_argument(
        "--settings",
        help="the settings file, shared with the command line (default: settings.json in the data folder)",
    )
    parser.add_argument("--lang", choices=("zh", "en", "system"), help="interface language for this run")
    parser.add_argument(
        "--report-startup",
        action="store_true",
        help="print how long the window took to appear (and which heavy modules were loaded by then)",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="like --report-startup, then quit once the store is open (for tests)"
    )
    return parser


def create_application(argv: list[str]):
    """The QApplication with our names, font and (given) language."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.core.resources import resource_path
    from app.ui.base.fonts import register_qt_font

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("Zhidian")
    app.setApplicationName("Zhidian")
    QApplication.setDesktopFileName("zhidian")  # the .deb's zhidian.desktop: desktops match the window to its entry
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):  # resources/icons, made by packaging/make_icons.py
        icon.addFile(str(resource_path("icons", f"zhidian-{size}.png")))
    QApplication.setWindowIcon(icon)
    register_qt_font()
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    args = build_parser().parse_args(argv[1:])
    app = create_application(argv[:1])
    from PySide6.QtCore import QTimer

    from app.core import locations
    from app.ui.base import i18n
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    if args.data_dir:
        locations.use_data_folder(args.data_dir)
    try:
        settings = AppSettings(args.settings)
        i18n.apply_language(i18n.resolve(args.lang or settings.language))
        lock = claim_store(args.db)
    except locations.DataFolderUnusable as unusable:
        i18n.apply_language(i18n.resolve(args.lang or "system"))
        return start_failed(unusable.text)
    except OSError as error:  # the store's folder (--db) cannot be made
        from app.core.problems import Text

        folder, why = Path(args.db or ".").expanduser().parent, error.strerror or str(error)
        return start_failed(
            Text(
                f"无法使用数据库所在的文件夹“{folder}”（{why}）。请用 --db 或 --data-dir 指定一个可以写入的文件夹。",
                f"The store's folder '{folder}' cannot be used ({why}). Name a folder you can write to with --db or "
                "--data-dir.",
            )
        )
    if lock is None:
        return ALREADY_RUNNING
    window = MainWindow(settings, args.db)
    window.show()
    if args.gradebook:
        window.store_ready.connect(lambda: window.importing.import_file(args.gradebook))
    if args.smoke or args.report_startup:

        def report() -> None:
            shown = time.perf_counter() - _STARTED
            heavy = sorted(m for m in ("torch", "matplotlib", "pandas", "sqlalchemy") if m in sys.modules)
            print(f"window shown after {shown:.3f} s; heavy modules loaded at that point: {heavy}", flush=True)
            window.store_ready.connect(
                lambda: print("store open" + (" (read-only)" if window.state.read_only else ""), flush=True)
            )
            window.device_known.connect(lambda label: print(f"compute device: {label}", flush=True))
            if args.smoke:
                window.store_ready.connect(lambda: QTimer.singleShot(0, window.close))

        QTimer.singleShot(0, report)
    code = app.exec()
    from app.ui.base.worker import live_threads

    for thread in live_threads():  # e.g. torch still importing: let it end before Python exits
        thread.wait(60_000)
    lock.release()
    return code


ALREADY_RUNNING = 3
"""The exit code of a start refused because a window is already open on the store."""
CANNOT_START = 2
"""The exit code of a start without a usable data folder (the start-up failure dialog said why)."""


def start_failed(why: Text) -> int:
    """The start-up failure dialog: what cannot be used and what to do (no window opens); the exit code."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from app.ui.base import i18n
    from app.ui.views.welcome import TITLE

    QMessageBox.critical(
        None,
        TITLE,
        QCoreApplication.translate("MainWindow", "Zhidian cannot start.") + "\n\n" + i18n.text(why),
    )
    return CANNOT_START


def claim_store(db: str | None):
    """The store's single-instance lock, taken; None (after telling the teacher) when another window holds it.

    A lock left by a Zhidian that crashed is taken over without asking; one taken on another computer
    (a portable copy on a USB stick) is taken over only if the teacher says that Zhidian is closed. Where the
    store's folder cannot be written no lock file can be made, and no other window can write there either: the
    store opens read-only without one (`NoLock`), never "already running".
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from app.services.store import cannot_write
    from app.ui.base.single_instance import InstanceLock, NoLock, store_path
    from app.ui.views.welcome import TITLE

    translate = QCoreApplication.translate
    if cannot_write(store_path(db)) is not None:
        return NoLock()
    lock = InstanceLock(db)
    if lock.acquire():
        return lock
    holder = lock.holder()
    if holder is not None and holder.elsewhere:
        answer = QMessageBox.question(
            None,
            TITLE,
            translate(
                "MainWindow",
                "Zhidian on the computer “{host}” has these data open (or was not closed properly there):\n{path}\n\n"
                "Open them here anyway? Only do so if Zhidian is closed on that computer.",
            ).format(host=holder.host, path=lock.path.parent),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Open and lock.take_over():
            return lock
        return None
    QMessageBox.information(
        None,
        TITLE,
        translate(
            "MainWindow",
            "Zhidian is already running with these data:\n{path}\n\n"
            "Switch to its window (on the taskbar). A second window on the same data is not opened.",
        ).format(path=lock.path.parent),
    )
    return None
