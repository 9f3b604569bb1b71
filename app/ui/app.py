"""Start the window: `python main.py [--db PATH] [--settings FILE] [--lang zh|en] [GRADEBOOK]`."""

from __future__ import annotations

import argparse
import sys
import time

_STARTED = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    """The command line of the window."""
    parser = argparse.ArgumentParser(prog="zhidian-gui", description="Zhidian 知点 (window)")
    parser.add_argument("gradebook", nargs="?", help="a gradebook to open in the import wizard")
    parser.add_argument("--db", help="the store file (default: zhidian.db in the user's data folder)")
    parser.add_argument("--settings", help="the settings INI file (default: per-user Zhidian.ini)")
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
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import register_qt_font

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("Zhidian")
    app.setApplicationName("Zhidian")
    register_qt_font()
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    argv = list(sys.argv if argv is None else argv)
    args = build_parser().parse_args(argv[1:])
    app = create_application(argv[:1])
    from PySide6.QtCore import QTimer

    from app.ui import i18n
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings

    settings = AppSettings(args.settings)
    i18n.apply_language(i18n.resolve(args.lang or settings.language))
    window = MainWindow(settings, args.db)
    window.show()
    if args.gradebook:
        window.store_ready.connect(lambda: window.import_file(args.gradebook))
    if args.smoke or args.report_startup:

        def report() -> None:
            shown = time.perf_counter() - _STARTED
            heavy = sorted(m for m in ("torch", "matplotlib", "pandas", "sqlalchemy") if m in sys.modules)
            print(f"window shown after {shown:.3f} s; heavy modules loaded at that point: {heavy}", flush=True)
            window.store_ready.connect(lambda: print("store open", flush=True))
            window.device_known.connect(lambda label: print(f"compute device: {label}", flush=True))
            if args.smoke:
                window.store_ready.connect(lambda: QTimer.singleShot(0, window.close))

        QTimer.singleShot(0, report)
    code = app.exec()
    from app.ui.worker import live_threads

    for thread in live_threads():  # e.g. torch still importing: let it end before Python exits
        thread.wait(60_000)
    return code
