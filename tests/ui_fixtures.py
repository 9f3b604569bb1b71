"""pytest fixtures for the Qt layer, loaded as a plugin (`pytest_plugins = ["ui_fixtures"]` in conftest.py).

`no_work_left_running` is autouse for the whole suite but only acts once the window's worker
module (`app.ui.base.worker`) has been imported: a test then fails when it leaves a worker QThread
working (the check napari makes), and the thread is stopped so later tests are not affected.
Tests that never touch the window get no QApplication from it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WORKER = "app.ui.base.worker"


def stop_work_left_running() -> int:
    """Cancel the worker QThreads still working, wait until every worker thread stopped; how many were working."""
    worker = sys.modules.get(WORKER)
    if worker is None:
        return 0
    busy = worker.busy_threads()
    for thread in busy:
        state = worker._live.get(thread)
        if state is not None:
            state.cancel_requested.set()
    for thread in worker.live_threads():
        thread.wait(60_000)
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        app.processEvents()  # deliver what the stopped threads sent, within this test
    return len(busy)


def assert_no_work_left_running() -> None:
    """Fail if worker QThreads were still working (after stopping them)."""
    busy = stop_work_left_running()
    assert not busy, f"{busy} worker QThread(s) left running by the test"


@pytest.fixture(autouse=True)
def no_work_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if a worker QThread it started is still working when it ends (only once Qt is in use)."""
    if WORKER in sys.modules:
        request.getfixturevalue("qapp")
    yield
    if WORKER in sys.modules:  # also when the test itself imported the window
        assert_no_work_left_running()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Capture message boxes instead of showing them.

    `messages["warning"]` etc. list the texts shown; `messages["answer"]["value"]` is what
    `QMessageBox.question` returns (Yes unless a test changes it).
    """
    from PySide6.QtWidgets import QMessageBox

    seen: dict = {"warning": [], "information": [], "question": [], "about": []}
    answer = {"value": QMessageBox.StandardButton.Yes}

    def record(kind: str) -> Callable:
        def show(parent, title, text, *args, **kwargs):
            seen[kind].append(text)
            return answer["value"] if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    for kind in list(seen):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    seen["answer"] = answer
    return seen


@pytest.fixture
def ui_language(qapp) -> Iterator[Callable[[str], str]]:
    """Set the interface language for the test ("zh"/"en"); English again afterwards."""
    from app.ui.base import i18n
    from app.ui.base.fonts import register_qt_font

    register_qt_font()
    i18n.apply_language("en")
    yield i18n.apply_language
    i18n.apply_language("en")


@pytest.fixture
def make_window(qtbot, tmp_path: Path, ui_language):
    """A factory for a started MainWindow on a fresh store and settings in `tmp_path`.

    It waits until the store is open and the compute device is known (torch imported), so
    the test starts with no background work running.
    """
    from app.ui.base.settings import AppSettings
    from app.ui.main_window import MainWindow

    def make(*, db: Path | None = None, settings: Path | None = None) -> MainWindow:
        window = MainWindow(
            AppSettings(settings or tmp_path / "settings.json"), db or tmp_path / "zhidian.db", start=False
        )
        qtbot.addWidget(window)
        with qtbot.waitSignals([window.store_ready, window.device_known], timeout=60_000):
            window.show()
            window.loader.start()
        return window

    return make


def showing_diagnosis(window, qtbot):
    """`window` once it shows its class with a diagnosis (the loader reads it on the runner)."""
    qtbot.waitUntil(lambda: window.state.data is not None and window.state.data.diagnosis is not None, timeout=30_000)
    return window


def grade_window(make_window, grade_store: Path, tmp_path: Path, qtbot):
    """A window on a copy of `grade_store` (every class of the sample's grade diagnosed), showing the sample class."""
    from sample_stores import copy_store

    from app.services.sample import SAMPLE_CLASS

    window = showing_diagnosis(make_window(db=copy_store(grade_store, tmp_path)), qtbot)
    assert window.state.data.class_name == SAMPLE_CLASS
    return window
