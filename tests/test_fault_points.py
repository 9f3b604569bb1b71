"""The named fault points kill and race tests stop at: nothing without the variable, kill -9 or hold where named."""

from __future__ import annotations

import signal
import subprocess
import sys

from fault_helpers import ENV, ROOT, Gate, wait_until

_PASSES = (
    "from app.core.fault_points import reached\nfor n in range(3):\n    reached('a.point'); print(n, flush=True)\n"
)


def _run(points: str | None) -> subprocess.Popen[str]:
    env = {**ENV, "ZHIDIAN_FAULT_POINTS": points or ""}
    return subprocess.Popen([sys.executable, "-c", _PASSES], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def test_without_the_variable_every_point_is_passed() -> None:
    done = _run(None)
    assert (done.communicate(timeout=60)[0], done.returncode) == ("0\n1\n2\n", 0)


def test_a_kill_lands_at_the_point_and_the_nth_pass_of_it() -> None:
    for points, printed in (("a.point=kill", ""), ("a.point#2=kill", "0\n"), ("another=kill", "0\n1\n2\n")):
        done = _run(points)
        out = done.communicate(timeout=60)[0]
        assert (out, done.returncode) == (printed, -signal.SIGKILL if printed != "0\n1\n2\n" else 0), points


def test_a_held_process_waits_at_the_point_until_it_is_let_go(tmp_path) -> None:
    gate = Gate(tmp_path)
    held = _run(gate.hold("a.point#3"))
    gate.wait("a.point#3", held)
    assert held.poll() is None and (tmp_path / "a.point.reached").read_text() == str(held.pid)
    gate.release("a.point#3")
    wait_until(lambda: held.poll() is not None)
    assert (held.communicate(timeout=60)[0], held.returncode) == ("0\n1\n2\n", 0)
