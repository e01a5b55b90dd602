"""Running long operations off the UI thread, with progress, cancel and one error path.

Like Anki's operations runner: the UI asks ``JobRunner.run(fn, *args, on_done=...)``;
``fn(*args, progress=Progress)`` runs on a worker thread; its result or exception
comes back on the UI thread. A ``QProgressDialog`` can show how far it has got, and
its Cancel button sets the ``Progress`` flag the operation checks between steps.
Errors go to ``on_error`` or, by default, to ``errors.show_error``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from workbench.ops.progress import CHECKING, READING, WRITING, Cancelled, Progress
from workbench.ui.common import errors

#: How each stage an operation reports is worded; ``{done}`` and ``{total}`` are filled in.
STAGE_WORDS = {
    READING: "Reading the file… ({done:,} rows so far)",
    CHECKING: "Checking row {done:,} of {total:,}…",
    WRITING: "Writing to the audit… (this can no longer be cancelled)",
}
#: A progress dialog appears only if the job takes longer than this.
DIALOG_DELAY_MS = 400


def stage_text(stage: str, done: int, total: int) -> str:
    """A stage report as words for a label."""
    words = STAGE_WORDS.get(stage, stage)
    try:
        return words.format(done=done, total=total)
    except (KeyError, ValueError):
        return words


class Job(QObject):
    """One running operation. Its public signals are emitted on the UI thread."""

    #: ``(stage, done, total)`` as the operation reports it.
    progressed = Signal(str, int, int)
    #: The operation's return value.
    done = Signal(object)
    #: The exception it raised (``Cancelled`` when the user cancelled).
    failed = Signal(object)

    # Emitted from the worker thread; queued to the slots below on the UI thread.
    _reported = Signal(str, int, int)
    _returned = Signal(object)
    _raised = Signal(object)

    def __init__(self, title: str, cancellable: bool, parent: QObject | None = None):
        super().__init__(parent)
        self.title = title
        self.cancellable = cancellable
        self.progress = Progress(self._reported.emit)
        self.running = True
        self.dialog: QProgressDialog | None = None
        self._reported.connect(self._relay_report, Qt.ConnectionType.QueuedConnection)
        self._returned.connect(self._relay_done, Qt.ConnectionType.QueuedConnection)
        self._raised.connect(self._relay_failed, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> bool:
        """Ask the operation to stop; False if it can no longer be (it is writing)."""
        if not self.cancellable or not self.running:
            return False
        accepted = self.progress.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…" if accepted else STAGE_WORDS[WRITING])
            _cancel_button(self.dialog, enabled=False)
        return accepted

    @Slot(str, int, int)
    def _relay_report(self, stage: str, done: int, total: int) -> None:
        if not self.running:
            return
        if self.dialog is not None:
            self.dialog.setLabelText(stage_text(stage, done, total))
            self.dialog.setMaximum(max(total, 0))
            if total:
                self.dialog.setValue(min(done, total))
            if not self.progress.cancellable:
                _cancel_button(self.dialog, enabled=False)
        self.progressed.emit(stage, done, total)

    @Slot(object)
    def _relay_done(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    @Slot(object)
    def _relay_failed(self, exc: object) -> None:
        self._finish()
        self.failed.emit(exc)

    def _finish(self) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None


class _Work(QRunnable):
    """The part that runs on the worker thread: call, then emit the outcome."""

    def __init__(self, job: Job, fn: Callable[..., Any], args: tuple):
        super().__init__()
        self.job, self.fn, self.args = job, fn, args

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self.job.progress)
        except BaseException as exc:  # every outcome goes back to the UI thread
            self.job._raised.emit(exc)
        else:
            self.job._returned.emit(result)
        finally:
            self.job = self.fn = self.args = None  # type: ignore[assignment]


class JobRunner(QObject):
    """Runs operations one at a time on a worker thread (SQLite wants one writer).

    Parameters
    ----------
    parent
        The owner (a window); the runner waits for its jobs when it goes.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []

    def run(
        self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        progress_dialog_parent: QWidget | None = None, title: str = "", cancellable: bool = True,
        on_cancelled: Callable[[], None] | None = None, standalone_dialog: bool = False,
    ) -> Job:
        """Run ``fn(*args, progress=Progress)`` off the UI thread.

        ``on_done(result)`` is called on the UI thread. An exception goes to
        ``on_error`` if given, else to ``errors.show_error``; a cancelled job goes to
        ``on_cancelled`` if given, else to ``on_error``, else nowhere (the user asked).
        With ``progress_dialog_parent`` a window-modal progress dialog (titled
        ``title``, with Cancel when ``cancellable``) appears if the job is slow;
        ``standalone_dialog`` shows one with no window behind it (at start-up).
        """
        job = Job(title, cancellable, self)
        self.jobs.append(job)
        job.done.connect(on_done)
        job.failed.connect(lambda exc: self._route_error(job, exc, on_error, on_cancelled, progress_dialog_parent))
        job.done.connect(lambda _result: self._forget(job))
        job.failed.connect(lambda _exc: self._forget(job))
        if progress_dialog_parent is not None or standalone_dialog:
            job.dialog = _progress_dialog(job, progress_dialog_parent)
        self.pool.start(_Work(job, fn, args))
        return job

    @property
    def busy(self) -> bool:
        """Whether a job is still running (or its outcome not yet delivered)."""
        return bool(self.jobs)

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker thread is idle (for shutdown); True if it is."""
        return self.pool.waitForDone(msecs)

    def _route_error(self, job: Job, exc: BaseException, on_error, on_cancelled, parent: QWidget | None) -> None:
        if isinstance(exc, Cancelled):
            if on_cancelled is not None:
                on_cancelled()
            elif on_error is not None:
                on_error(exc)
            return
        if on_error is not None:
            on_error(exc)
        else:
            errors.show_error(parent, exc)

    def _forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        job.deleteLater()


def _progress_dialog(job: Job, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(parent)
    dialog.setObjectName("jobProgress")
    dialog.setWindowTitle(job.title or "Working")
    dialog.setLabelText(job.title or "Working…")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setRange(0, 0)
    dialog.setMinimumWidth(420)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    if job.cancellable:
        # Qt's own Cancel would hide the dialog at once; ours keeps it up until the
        # worker has actually stopped, so nothing looks finished that is not.
        dialog.canceled.disconnect(dialog.cancel)
        dialog.canceled.connect(job.cancel)
    else:
        dialog.setCancelButton(None)
    dialog.setValue(0)   # at its minimum, so that the delay below shows it even for a job that never reports
    dialog.setMinimumDuration(DIALOG_DELAY_MS)
    return dialog


def _cancel_button(dialog: QProgressDialog, enabled: bool) -> None:
    button = dialog.findChild(QPushButton)
    if button is not None:
        button.setEnabled(enabled)
