"""Progress reports and cancellation for long operations (import, export).

Qt-free: the GUI's job runner hands a ``Progress`` to an operation running on a
worker thread; the operation reports what it is doing and checks, between steps,
whether the user asked to stop. The check raises ``Cancelled`` before anything is
written, so a cancelled job leaves the audit untouched. Once an operation starts
its single write transaction it passes the point of no return: a later request
to cancel is refused (and the UI greys out its Cancel button).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from workbench.core.errors import WorkbenchError

#: Stage names operations report; the UI words them.
READING = "reading"
CHECKING = "checking"
WRITING = "writing"

#: How many rows to handle between two reports (and cancellation checks).
REPORT_EVERY = 500

ReportCallback = Callable[[str, int, int], None]


class Cancelled(WorkbenchError):
    """The user cancelled the operation before it changed anything."""

    def __init__(self, message: str = "Cancelled; nothing was changed."):
        super().__init__(message)


class Progress:
    """Where a long operation is, and whether it has been asked to stop.

    Parameters
    ----------
    on_report
        Called as ``on_report(stage, done, total)`` from the working thread on
        every report; ``total`` is 0 when the amount of work is not known yet.
    """

    def __init__(self, on_report: ReportCallback | None = None):
        self._on_report = on_report
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._cancellable = True

    def report(self, stage: str, done: int, total: int) -> None:
        """Say how far the operation has got in ``stage``."""
        if self._on_report is not None:
            self._on_report(stage, done, total)

    __call__ = report

    def cancel(self) -> bool:
        """Ask the operation to stop (thread-safe).

        Returns
        -------
        bool
            False when it is too late: the operation is already writing.
        """
        with self._lock:
            if not self._cancellable:
                return False
            self._cancel.set()
            return True

    @property
    def cancelled(self) -> bool:
        """Whether cancellation was asked for (and accepted)."""
        return self._cancel.is_set()

    @property
    def cancellable(self) -> bool:
        """False once the operation has passed its point of no return."""
        with self._lock:
            return self._cancellable

    def check_cancelled(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def point_of_no_return(self, stage: str = WRITING) -> None:
        """Check once more, then refuse any later cancel: the write is starting.

        Raises
        ------
        Cancelled
            If cancellation was asked for before this point.
        """
        with self._lock:
            self.check_cancelled()
            self._cancellable = False
        self.report(stage, 0, 1)


def every(progress: Progress | None, stage: str, total: int = 0) -> Callable[[int], None]:
    """A per-row callback that reports and checks every ``REPORT_EVERY`` rows."""
    if progress is None:
        return _nothing

    def tick(done: int) -> None:
        if done % REPORT_EVERY == 0:
            progress.check_cancelled()
            progress.report(stage, done, total)

    return tick


def _nothing(done: int) -> None:
    return None
