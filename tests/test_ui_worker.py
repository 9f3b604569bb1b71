"""The background worker: results, readable failures, cancellation, throttled progress, no leaks."""

import threading
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QObject
from ui_fixtures import assert_no_work_left_running

from app.core.problems import GradebookError, Problem, Severity, Text
from app.core.progress import checkpoint
from app.ui.base.worker import Task, busy_threads


def test_result_arrives_on_the_ui_thread(qtbot) -> None:
    main = threading.get_ident()
    seen = {}
    task = Task.start(lambda progress: threading.get_ident())
    task.finished.connect(lambda result: seen.update(worker=result, slot=threading.get_ident()))
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen["worker"] != main
    assert seen["slot"] == main


def test_failure_becomes_a_readable_message(qtbot) -> None:
    def fail(progress):
        raise GradebookError([Problem(Severity.ERROR, Text("缺少学号列", "no student id column"), "a.xlsx", "成绩", 1)])

    task = Task.start(fail)
    messages = []
    task.failed.connect(messages.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert messages == ["error: a.xlsx, sheet '成绩', row 1: no student id column"]
    assert isinstance(task.error, GradebookError)


def test_cancel_stops_at_the_next_checkpoint(qtbot) -> None:
    started = threading.Event()

    def long_work(progress):
        started.set()
        for i in range(10_000_000):
            checkpoint(progress, i / 10_000_000)
        return "not cancelled"

    task = Task.start(long_work)
    started.wait(5)
    with qtbot.waitSignals([task.cancelled, task.done], timeout=5000):
        task.cancel()
    assert not task.is_running() or task.wait(1000)


def test_progress_is_throttled(qtbot, monkeypatch) -> None:
    from app.ui.base import worker

    ticks = iter(range(1_000_000))  # a clock that advances 1 ms per reading, however fast the machine is
    monkeypatch.setattr(worker, "time", SimpleNamespace(monotonic=lambda: next(ticks) / 1000))
    reports = []

    def chatty(progress):
        for i in range(20_000):  # 20 s of the clock above
            progress.report(i / 20_000, "step")
        progress.report(1.0, "done")
        return None

    task = Task.start(chatty)
    task.progress.connect(lambda fraction, message: reports.append(fraction))
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    assert reports[-1] == 1.0
    assert 350 < len(reports) < 450  # one report per THROTTLE_S (50 ms), and the last


def test_busy_threads_lists_work_still_running(qtbot) -> None:
    release = threading.Event()
    task = Task.start(lambda progress: release.wait(5))
    qtbot.waitUntil(lambda: task.is_running(), timeout=2000)
    assert busy_threads()
    with qtbot.waitSignal(task.done, timeout=5000):
        release.set()
    assert not busy_threads()


def test_parent_keeps_task_alive(qtbot) -> None:
    owner = QObject()
    task = Task.start(lambda progress: 42, parent=owner)
    results = []
    task.finished.connect(results.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == [42]


def test_the_leak_check_fails_a_test_that_leaves_work_running(qtbot) -> None:
    started = threading.Event()

    def forever(progress):
        started.set()
        while not progress.cancelled():
            threading.Event().wait(0.01)

    task = Task.start(forever)  # the "test" starts a worker and returns without waiting for it
    started.wait(5)
    with pytest.raises(AssertionError, match="left running"):
        assert_no_work_left_running()  # what `no_work_left_running` checks when a test ends
    assert not task.is_running()  # and the check stopped it, so later tests are unaffected


# ---------------------------------------------------------------- the runner: one store user, latest request wins


def _held(release: threading.Event, value: object, started: threading.Event | None = None):
    def work(progress):
        if started is not None:
            started.set()
        while not release.wait(0.01):
            checkpoint(progress, 0.5)
        return value

    return work


def test_the_runner_runs_one_op_at_a_time_and_refuses_another(qtbot) -> None:
    from app.ui.base.tasks import BackgroundOp, TaskRunner

    runner, release, results, lines = TaskRunner(), threading.Event(), [], []
    runner.message.connect(lambda text, _ms: lines.append(text))
    assert runner.run(BackgroundOp(_held(release, "first"), results.append, message="working"))
    assert runner.busy
    assert not runner.run(BackgroundOp(lambda progress: "second", results.append))  # no latest key: refused
    assert lines == ["Please wait: another task is running."]
    with qtbot.waitSignal(runner.over, timeout=5000):
        release.set()
    assert results == ["first"] and not runner.busy


def test_a_newer_request_replaces_the_one_running_and_the_one_waiting(qtbot) -> None:
    from app.ui.base.tasks import BackgroundOp, TaskRunner

    runner, release, started, results = TaskRunner(), threading.Event(), threading.Event(), []
    assert runner.run(BackgroundOp(_held(release, "old read", started), results.append, latest="read"))
    started.wait(5)
    assert runner.run(BackgroundOp(lambda progress: "newer read", results.append, latest="read"))
    assert runner.run(BackgroundOp(lambda progress: "newest read", results.append, latest="read"))
    assert runner.waiting("read") is not None
    with qtbot.waitSignal(runner.over, timeout=5000):  # the old read is cancelled; its result is dropped
        pass
    with qtbot.waitSignal(runner.over, timeout=5000):
        pass
    assert results == ["newest read"] and not runner.busy and runner.waiting("read") is None


def test_a_request_that_may_wait_runs_after_the_op_running(qtbot) -> None:
    from app.ui.base.tasks import BackgroundOp, TaskRunner

    runner, release, order = TaskRunner(), threading.Event(), []
    assert runner.run(BackgroundOp(_held(release, "diagnosis"), order.append, message="Diagnosing…"))
    assert runner.run(BackgroundOp(lambda progress: "show", order.append, latest="show", announce=False))
    ended = []
    runner.ended.connect(ended.append)
    with qtbot.waitSignals([runner.ended, runner.over, runner.over], timeout=5000):
        release.set()
    assert order == ["diagnosis", "show"] and ended == ["finished"]  # the quiet read is not announced


def test_cancelling_a_waiting_op_drops_it_and_says_so(qtbot) -> None:
    from app.ui.base.tasks import BackgroundOp, TaskRunner

    runner, release, said = TaskRunner(), threading.Event(), []
    assert runner.run(BackgroundOp(_held(release, None), lambda result: None))
    waiting = BackgroundOp(
        lambda progress: "never", said.append, on_cancelled=lambda: said.append("cancelled"), latest="x"
    )
    assert runner.run(waiting)
    runner.cancel(waiting)
    assert said == ["cancelled"] and runner.waiting("x") is None
    with qtbot.waitSignal(runner.over, timeout=5000):
        release.set()
    assert said == ["cancelled"]


def test_work_aside_runs_beside_the_op_and_reports_none_on_failure(qtbot) -> None:
    from app.ui.base.tasks import BackgroundOp, TaskRunner

    runner, release, seen = TaskRunner(), threading.Event(), []
    assert runner.run(BackgroundOp(_held(release, None), lambda result: None))

    def broken(progress):
        raise RuntimeError("no torch")

    aside = runner.run_aside(lambda progress: "CPU", seen.append)
    with qtbot.waitSignal(aside.done, timeout=5000):
        pass
    failing = runner.run_aside(broken, seen.append)
    with qtbot.waitSignal(failing.done, timeout=5000):
        pass
    assert seen == ["CPU", None] and runner.busy  # the op is still running meanwhile
    with qtbot.waitSignal(runner.over, timeout=5000):
        release.set()
