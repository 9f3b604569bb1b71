"""pytest fixtures for the Qt layer (imported by tests/test_ui_*.py; needs pytest and pytest-qt).

    from app.ui.testing import no_work_left_running, ui_language, make_window  # noqa: F401

`no_work_left_running` is autouse wherever it is imported: a test fails when it leaves a
worker QThread running (the check napari makes), and the thread is stopped so later tests
are not affected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.ui import i18n
from app.ui.worker import _live, busy_threads, live_threads


@pytest.fixture(autouse=True)
def engine_prior(monkeypatch) -> None:
    """Until the trained prior ships in resources/models, diagnose from the engine's default prior."""
    from app.resources import resource_path

    if not resource_path("models", "prior.pt").exists():
        import app.engine.diagnose as engine
        from app.engine.prior import Prior

        monkeypatch.setattr(engine, "load_prior", lambda *args, **kwargs: Prior.default())


@pytest.fixture
def messages(monkeypatch) -> dict:
    """Capture message boxes instead of showing them.

    `messages["warning"]` etc. list the texts shown; `messages["answer"]["value"]` is what
    `QMessageBox.question` returns (Yes unless a test changes it).
    """
    from PySide6.QtWidgets import QMessageBox

    seen: dict = {"warning": [], "information": [], "question": [], "about": []}
    answer = {"value": QMessageBox.StandardButton.Yes}

    def record(kind):
        def show(parent, title, text, *args, **kwargs):
            seen[kind].append(text)
            return answer["value"] if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in list(seen):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind)))
    seen["answer"] = answer
    return seen


@pytest.fixture(autouse=True)
def no_work_left_running(qapp) -> Iterator[None]:
    """Fail the test if a worker QThread it started is still working when it ends."""
    yield
    busy = busy_threads()
    for thread in busy:
        worker = _live.get(thread)
        if worker is not None:
            worker.cancel_requested.set()
    for thread in live_threads():
        thread.wait(60_000)
    qapp.processEvents()
    assert not busy, f"{len(busy)} worker QThread(s) left running by the test"


@pytest.fixture
def ui_language(qapp) -> Iterator[Callable[[str], str]]:
    """Set the interface language for the test ("zh"/"en"); English again afterwards."""
    from app.ui.fonts import register_qt_font

    register_qt_font()
    i18n.apply_language("en")
    yield i18n.apply_language
    i18n.apply_language("en")


@pytest.fixture
def make_window(qtbot, tmp_path: Path, ui_language, monkeypatch):
    """A factory for a started MainWindow on a fresh store and settings in `tmp_path`.

    It waits until the store is open and the compute device is known (torch imported), so
    the test starts with no background work running.
    """
    from app.ui.main_window import MainWindow
    from app.ui.settings import AppSettings

    def make(*, db: Path | None = None, settings: Path | None = None) -> MainWindow:
        window = MainWindow(AppSettings(settings or tmp_path / "zhidian.ini"), db or tmp_path / "zhidian.db",
                            start=False)
        qtbot.addWidget(window)
        with qtbot.waitSignals([window.store_ready, window.device_known], timeout=60_000):
            window.show()
            window.start()
        return window

    return make
