"""Running the CLI in a process of its own and stopping it at a named fault point (app.core.fault_points): killed
there (kill -9) or held there until a test lets it go on. No sleeps: a test waits for a point to be reached."""

from __future__ import annotations

import functools
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "ZHIDIAN_LANG": "en", "PYTHONIOENCODING": "utf-8"}
WAIT_S = 120.0  # a guard only: a point is reached in seconds, or something is broken
_POLL_S = 0.01
_started: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_process_left() -> Iterator[None]:
    """Kill what a test started and left running (held at a point when an assertion failed), after the test."""
    yield
    while _started:
        process = _started.pop()
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=60)


def cli(*argv: str, points: str | None = None, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`python -m app ARGV` started, with ZHIDIAN_FAULT_POINTS=`points` if given."""
    environment = {**ENV, **(env or {})}
    environment.pop("ZHIDIAN_FAULT_POINTS", None)
    if points:
        environment["ZHIDIAN_FAULT_POINTS"] = points
    process = subprocess.Popen(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _started.append(process)
    return process


def run_cli(*argv: str, points: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `python -m app ARGV` to its end: (exit code, stdout, stderr)."""
    process = cli(*argv, points=points, env=env)
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def killed_at(point: str, *argv: str) -> None:
    """Run `python -m app ARGV` and kill it -9 at `point`; fails unless that is where it ended."""
    code, _, err = run_cli(*argv, points=f"{point}=kill")
    assert code == -signal.SIGKILL, f"the command ended with {code} before reaching {point}: {err}"


class Gate:
    """Fault points where processes are held (`hold`) until a test lets them go on (`release`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def hold(self, point: str) -> str:
        """The ZHIDIAN_FAULT_POINTS rule that holds a process at `point`."""
        return f"{point}=pause:{self.folder}"

    def reached(self, point: str) -> bool:
        """True once a process is held at `point`."""
        return (self.folder / f"{_name(point)}.reached").exists()

    def wait(self, point: str, process: subprocess.Popen[str]) -> None:
        """Wait until `process` is held at `point`; fails if it ends first."""
        wait_until(lambda: self.reached(point), process)

    def release(self, point: str) -> None:
        """Let the process held at `point` go on."""
        (self.folder / f"{_name(point)}.go").touch()


def _name(point: str) -> str:
    """The point's name without its `#N` (the files a held process writes and waits for)."""
    return point.partition("#")[0]


def wait_until(event: Callable[[], bool], *running: subprocess.Popen[str]) -> None:
    """Wait for `event` to happen (polled), failing if one of `running` ends first or after WAIT_S."""
    deadline = time.monotonic() + WAIT_S
    while not event():
        for process in running:
            if process.poll() is not None:
                raise AssertionError(
                    f"ended with {process.returncode} first: {process.stderr and process.stderr.read()}"
                )
        assert time.monotonic() < deadline, "the event never happened"
        time.sleep(_POLL_S)


def store_check(db: Path) -> tuple[str, int]:
    """SQLite's verdict on the store's integrity ("ok" when sound) and how many rows point nowhere."""
    with closing(sqlite3.connect(db)) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        return integrity, len(connection.execute("PRAGMA foreign_key_check").fetchall())


def sound(db: Path) -> None:
    """SQLite finds nothing wrong with the store: integrity and references."""
    assert store_check(db) == ("ok", 0)


def long_csv(folder: Path, name: str, students: int, items: int = 20, seed: int = 0, exam: str = "") -> Path:
    """A long-format gradebook of `students` × `items` scores over two knowledge points (and one exam, if named)."""
    head = "student_id,student_name,item_id,score,max_score,knowledge_points" + (",assessment" if exam else "")
    rows = [head] + [
        f"S{seed}-{s:05d},学生{s},Q{i},{(s * 7 + i * 3 + seed) % 5},4,{'代数' if i % 2 else '几何'}"
        + (f",{exam}" if exam else "")
        for s in range(students)
        for i in range(items)
    ]
    path = folder / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def two_exams_store(folder: Path) -> Path:
    """folder/zhidian.db holding 小班 (20 students, 8 questions) with two exams, 期中 and 期末: a diagnosis makes three
    runs."""
    from app.services.importing import ImportRequest, import_parsed, read_checked
    from app.storage import open_database

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "zhidian.db"
    with open_database(db) as store:
        for exam in ("期中", "期末"):
            parsed = read_checked(long_csv(folder, f"{exam}.csv", 20, items=8, exam=exam))
            import_parsed(store, ImportRequest(parsed, "小班"))
    return db


# ---------------------------------------------------------------- a full disk, a read-only medium, no permission


@functools.cache
def _namespace() -> list[str] | None:
    """How to run a command in a mount namespace of its own (to mount a small or read-only disk); None where this
    machine allows none (then those tests are skipped)."""
    for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
        try:
            done = subprocess.run(
                [*prefix, "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d && rmdir $d"],
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return None


needs_namespace = pytest.mark.skipif(_namespace() is None, reason="mounting a small disk needs a mount namespace")


def on_small_disk(
    files: Path, work: Path, command: list[str], *, free_kb: int | None = None, read_only: bool = False
) -> tuple[int, str, str, Path]:
    """Run `command` (cwd: the repository) with the folder `files` copied onto a disk of its own at `work`/disk:
    full but for `free_kb` KB, or read-only. Returns (exit code, stdout, stderr, a copy of the disk afterwards)."""
    disk, after = work / "disk", work / "after"
    disk.mkdir(parents=True)
    steps = [f"mount -t tmpfs -o size=64m tmpfs {disk}", f"cp -a {files}/. {disk}/"]
    if free_kb is not None:
        steps += [
            f"dd if=/dev/zero of={disk}/.filler bs=4k 2>/dev/null || true",
            f"truncate -s -{free_kb}K {disk}/.filler",
        ]
    if read_only:
        steps += [f"mount -o remount,ro {disk}"]
    run = " ".join(shlex.quote(part) for part in command)
    script = " && ".join(steps) + f"; cd {ROOT}; {run} > {work}/out 2> {work}/err; echo $? > {work}/rc; "
    script += f"rm -f {disk}/.filler; cp -a {disk}/. {after}/"
    prefix = _namespace()
    assert prefix is not None
    subprocess.run([*prefix, "sh", "-c", script], env={**ENV, "ZHIDIAN_FAULT_POINTS": ""}, check=True, timeout=600)
    code = int((work / "rc").read_text())
    return code, (work / "out").read_text(encoding="utf-8"), (work / "err").read_text(encoding="utf-8"), after


def app_command(*argv: str) -> list[str]:
    """`python -m app ARGV` as a command line."""
    return [sys.executable, "-m", "app", *argv]
