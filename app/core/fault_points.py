"""Named points of long work where a test can stop the process (kill -9) or hold it (pause), so kill and race
tests land exactly where they mean to, at once, and know where they landed.

Nothing happens unless the environment variable ZHIDIAN_FAULT_POINTS names the point reached:

    ZHIDIAN_FAULT_POINTS="store.write.commit=kill"             # SIGKILL this process there
    ZHIDIAN_FAULT_POINTS="restore.copying=pause:/tmp/gate"     # hold there (see below)
    ZHIDIAN_FAULT_POINTS="import=kill,backup.copying=pause:/tmp/gate"

`pause:FOLDER` writes FOLDER/<point>.reached (holding this process's id) and waits until FOLDER/<point>.go
exists, so a test can start a second process while the first holds a lock, then let it go on. A point
passed several times acts the first time only with `point#1`, the second time only with `point#2`, …;
without `#N` every time. The points are `checkpoint`'s messages ("import", "load", "save", "write", …) and
the storage's own: store.write.begin (the write lock taken), store.write.commit (every row written, not
committed), store.write.committed, backup.copying, restore.waiting (before the store's write lock), restore.locked,
restore.copying, export.replace (an export written whole, not yet in its place).
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

VARIABLE = "ZHIDIAN_FAULT_POINTS"
_passed: Counter[str] = Counter()
_POLL_SECONDS = 0.01


def reached(point: str) -> None:
    """Mark that the work reached `point`: kill or hold the process when ZHIDIAN_FAULT_POINTS says so."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    _passed[point] += 1
    for rule in wanted.split(","):
        name, _, action = rule.strip().partition("=")
        name, _, nth = name.partition("#")
        if name == point and (not nth or int(nth) == _passed[point]):
            _act(point, action)


def _act(point: str, action: str) -> None:
    if action == "kill":
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        os._exit(137)  # where SIGKILL does not exist (Windows) SIGTERM may be caught: end at once regardless
    if action.startswith("pause:"):
        folder = Path(action.removeprefix("pause:"))
        go = folder / f"{point}.go"
        (folder / f"{point}.reached").write_text(str(os.getpid()), encoding="utf-8")
        while not go.exists():
            time.sleep(_POLL_SECONDS)
