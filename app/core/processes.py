"""Whether a process still runs: what lets a half-written file of a crashed or killed Zhidian be told from one
another Zhidian is writing right now."""

from __future__ import annotations

import os
import time
from pathlib import Path

STALE_SECONDS = 600
"""A half-written file this old is taken as left behind whoever wrote it."""


def left_behind(pid: int, path: Path) -> bool:
    """True when `path`, written by process `pid`, was left by a process that no longer runs: a process of that id
    still running (this one included: another of its threads may be writing it) keeps it, unless the file is older
    than STALE_SECONDS (ids are reused; no copy or export takes that long)."""
    try:
        stale = time.time() - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False
    if stale:
        return True
    if pid == os.getpid() or os.name != "posix":  # on Windows os.kill(pid, 0) would end the process
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: it runs
        return False
    return False
