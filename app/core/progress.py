"""The small protocol through which long work reports progress and learns it was cancelled.

The core never imports Qt: the UI passes an object with these two methods (its worker turns
`report` into a signal), the CLI and the tests pass `NullProgress` or their own.
"""

from __future__ import annotations

from typing import Protocol

from app.core.fault_points import reached


class Cancelled(Exception):
    """Raised by long work when its progress object says the user cancelled."""


class Progress(Protocol):
    """What long-running core functions receive to report progress and check cancellation."""

    def report(self, fraction: float, message: str = "") -> None:
        """Tell how far the work is, `fraction` in [0, 1], with an optional short message."""

    def cancelled(self) -> bool:
        """Return True once the user asked to stop."""


class NullProgress:
    """A progress that reports nowhere and is never cancelled."""

    def report(self, fraction: float, message: str = "") -> None:
        """Ignore the report."""

    def cancelled(self) -> bool:
        """Never cancelled."""
        return False


def checkpoint(progress: Progress, fraction: float, message: str = "") -> None:
    """Report `fraction` and raise `Cancelled` if the user asked to stop; `message` also names the point for
    `fault_points` (where a kill or race test may stop the process)."""
    if message:
        reached(message)
    if progress.cancelled():
        raise Cancelled()
    progress.report(min(max(fraction, 0.0), 1.0), message)


class Scaled:
    """Map a sub-task's progress [0, 1] onto [start, end] of a parent progress."""

    def __init__(self, parent: Progress, start: float, end: float) -> None:
        self._parent, self._start, self._end = parent, start, end

    def report(self, fraction: float, message: str = "") -> None:
        """Forward the report, rescaled."""
        self._parent.report(self._start + (self._end - self._start) * fraction, message)

    def cancelled(self) -> bool:
        """Forward the parent's cancellation."""
        return self._parent.cancelled()
