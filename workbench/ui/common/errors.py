"""Errors in words: every failure the user sees goes through here.

``describe`` turns an exception into a title, a sentence the user can act on and a
list of details (every problem of a rejected file with its sheet, row and column).
``show_error`` puts that in a dialog. ``install_crash_handler`` catches what slips
through, saves a report without personal data and keeps the workbench running.
No traceback ever reaches the user.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import platform
import sqlite3
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import workbench
from workbench.core.audit import SettingsRejected
from workbench.core.errors import InputRejected, Problem, WorkbenchError
from workbench.ops.progress import Cancelled
from workbench.store.database import AuditFileError

#: Problems shown in the dialog's main text; all of them are in the details.
SHOWN_PROBLEMS = 5
#: Reports written per session at most (an error in a paint event would repeat forever).
MAX_REPORTS = 20

UNEXPECTED_TITLE = "Something went wrong"


def describe(exc: BaseException) -> tuple[str, str, list[str]]:
    """Word ``exc`` for the user.

    Returns
    -------
    tuple
        ``(title, sentence, details)``: a short window title, one or two sentences
        saying what happened and what to do, and a list of detail lines (each
        problem of a rejected input, with where it is and what to do).
    """
    if isinstance(exc, Cancelled):
        return "Cancelled", _sentence(str(exc)), []
    if isinstance(exc, InputRejected):
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        sentence = f"{exc.what} was not used, and nothing was changed. Fix the {count} {noun} below in the file, then try again."
        return "File rejected", sentence, [problem_text(p) for p in exc.problems]
    if isinstance(exc, SettingsRejected):
        return "Settings not saved", "The settings were not saved. Correct these and try again:", [problem_text(p) for p in exc.problems]
    if isinstance(exc, AuditFileError):
        if isinstance(exc.__cause__, sqlite3.Error):  # a write that failed: the store's words, titled by cause
            return _describe_sqlite_error(exc.__cause__)[0], _sentence(str(exc)), []
        return "Audit file cannot be used", _sentence(str(exc)), []
    if isinstance(exc, WorkbenchError):
        return "Could not do that", _sentence(str(exc)), []
    if isinstance(exc, OSError):
        return _describe_os_error(exc)
    if isinstance(exc, sqlite3.Error):
        return _describe_sqlite_error(exc)
    if isinstance(exc, MemoryError):
        return "Out of memory", "The computer ran out of memory. Close other programs and try again; work saved so far is safe in the audit file.", []
    return UNEXPECTED_TITLE, (
        f"The workbench met an unexpected problem ({type(exc).__name__}) and stopped what it was doing. "
        "This is a fault in the workbench, not something you did; answers saved so far are safe in the audit file."
    ), []


def problem_text(problem: Problem) -> str:
    """One problem as a line: where, what, and what to do.

    A hint that names a command-line option (``--title``) is for the CLI; in a
    window the field to change is in front of the user, so it is left out.
    """
    where = _capitalised(str(problem.location))
    text = f"{where}: {problem.message}" if where else _capitalised(problem.message)
    hint = problem.hint.rstrip(".")
    return f"{text}. What to do: {hint}." if hint and "--" not in hint else f"{text}."


def _describe_os_error(exc: OSError) -> tuple[str, str, list[str]]:
    name = Path(exc.filename).name if exc.filename else "the file"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Not allowed", (
            f"The workbench is not allowed to use {name}. Check that the file is not open in another program "
            "and that you may write to its folder, or choose another folder."
        ), _where(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "Disk full", (
            f"There is no space left to write {name}. Free some space on the disk and try again; "
            "nothing half-written was kept."
        ), _where(exc)
    if isinstance(exc, FileNotFoundError):
        return "File not found", f"{name} is not there any more. It may have been moved, renamed or deleted, or its drive disconnected.", _where(exc)
    if isinstance(exc, IsADirectoryError):
        return "That is a folder", f"{name} is a folder; choose a file.", _where(exc)
    reason = (exc.strerror or type(exc).__name__).rstrip(".")
    return "Could not use the file", f"The system could not use {name} ({reason}). Check the drive or network share and try again.", _where(exc)


def _where(exc: OSError) -> list[str]:
    return [f"File: {exc.filename}"] if exc.filename else []


def _describe_sqlite_error(exc: sqlite3.Error) -> tuple[str, str, list[str]]:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "Audit file busy", (
            "Another program or window is writing to the audit file, so nothing was saved. "
            "Wait a moment and try again; if it keeps happening, close other copies of the workbench using this file."
        ), []
    if "readonly" in text or "read-only" in text:
        return "Audit file is read-only", (
            "The audit file cannot be changed here: it or its folder is read-only, so nothing was saved. "
            "Copy the file to a folder you can write to and open it from there, or ask for write access."
        ), []
    if "disk i/o" in text:
        return "Audit file unreachable", (
            "The drive holding the audit file could not be read or written, so nothing was saved. "
            "Check that the drive or network share is connected, then try again; answers saved before are in the file."
        ), []
    if "full" in text:
        return "Disk full", "The disk holding the audit file is full, so nothing was saved. Free some space and try again.", []
    if "malformed" in text or "not a database" in text:
        return "Audit file damaged", "The audit file could not be read: it may be damaged. Restore it from a backup.", []
    if "unable to open" in text:
        return "Audit file cannot be opened", (
            "The audit file could not be opened: its drive may be disconnected or the file moved. "
            "Check it is there, then try again."
        ), []
    return "Audit file problem", "The audit file could not be read or written. Try again; if it keeps happening, run 'workbench verify' on it.", []


def _sentence(text: str) -> str:
    text = _capitalised(text.strip())
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- the dialog ------------------------------------------------------------------------

_open_boxes: set[QMessageBox] = set()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Tell the user about ``exc`` in a message box (opened, not blocking).

    Unexpected exceptions also get a crash report when a crash handler is
    installed, and the dialog says where it is.
    """
    title, sentence, details = describe(exc)
    if title == UNEXPECTED_TITLE and _handler is not None:
        report = _handler.write(type(exc), exc, exc.__traceback__)
        if report is not None:
            sentence += f" A report without personal data was saved as {report}; please send it to whoever supports the workbench."
    icon = QMessageBox.Icon.Information if isinstance(exc, Cancelled) else QMessageBox.Icon.Warning
    return message_box(parent, title, sentence, details, icon)


def message_box(
    parent: QWidget | None, title: str, sentence: str, details: list[str] | None = None,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """An opened, window-modal message box with the first details shown and all in "Show Details"."""
    details = details or []
    box = QMessageBox(icon, title, sentence, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        shown = details[:SHOWN_PROBLEMS]
        more = len(details) - len(shown)
        info = "\n".join(f"• {line}" for line in shown)
        if more:
            info += f"\n… and {more} more (Show Details lists them all)."
        box.setInformativeText(info)
        box.setDetailedText("\n".join(details))
    _open_boxes.add(box)
    box.finished.connect(lambda _result, b=box: _open_boxes.discard(b))
    box.open()
    return box


# -- crash reports ---------------------------------------------------------------------

_handler: CrashHandler | None = None


class _DialogBridge(QObject):
    """Carries "a report was written" from any thread to the UI thread."""

    crashed = Signal(str, str)


class CrashHandler:
    """Installed as ``sys.excepthook`` and ``threading.excepthook``.

    Writes a report (exception type, workbench frames, versions: no messages,
    values or file names of audits), tells the user where it is, and returns so
    the Qt event loop keeps running.
    """

    def __init__(self, report_dir: Path, show_dialog: bool = True):
        self.report_dir = Path(report_dir)
        self.show_dialog = show_dialog
        self.reports: list[Path] = []
        self._lock = threading.Lock()
        self._previous = (sys.excepthook, threading.excepthook)
        self._bridge = _DialogBridge()
        self._bridge.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._dialog_open = False

    def install(self) -> CrashHandler:
        global _handler
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        _handler = self
        return self

    def uninstall(self) -> None:
        global _handler
        sys.excepthook, threading.excepthook = self._previous
        if _handler is self:
            _handler = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        self._handle(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self._handle(args.exc_type, args.exc_value, args.exc_traceback)

    def write(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> Path | None:
        """Write one report; None if it could not be written or too many were."""
        with self._lock:
            if len(self.reports) >= MAX_REPORTS:
                return None
            try:
                path = write_crash_report(self.report_dir, exc_type, exc, tb)
            except OSError:
                return None
            self.reports.append(path)
            return path

    def _handle(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            path = self.write(exc_type, exc, tb)
            where = str(path) if path else ""
            print(f"workbench: unexpected {exc_type.__name__}" + (f"; report saved as {where}" if where else ""), file=sys.stderr)
            if self.show_dialog and QApplication.instance() is not None:
                self._bridge.crashed.emit(exc_type.__name__, where)
        except Exception:  # the handler itself must never raise
            pass

    def _show(self, type_name: str, where: str) -> None:
        if self._dialog_open:  # one dialog at a time; the rest are in reports
            return
        sentence = (
            f"The workbench met an unexpected problem ({type_name}) and stopped what it was doing. "
            "Answers saved before it are safe in the audit file, and you can carry on working."
        )
        details = []
        if where:
            sentence += " A report without personal data was saved; please send it to whoever supports the workbench."
            details = [f"Report: {where}"]
        parent = QApplication.activeWindow()
        box = message_box(parent, UNEXPECTED_TITLE, sentence, details, QMessageBox.Icon.Critical)
        box.setObjectName("crashBox")
        self._dialog_open = True
        box.finished.connect(self._dialog_closed)

    def _dialog_closed(self, _result: int) -> None:
        self._dialog_open = False


def install_crash_handler(report_dir: Path, show_dialog: bool = True) -> CrashHandler:
    """Catch every uncaught exception (UI thread and others); see ``CrashHandler``.

    Call on the UI thread once the ``QApplication`` exists.
    """
    if _handler is not None:
        _handler.uninstall()
    return CrashHandler(report_dir, show_dialog).install()


def default_report_dir() -> Path:
    """Where crash reports go unless told otherwise: the user's local data folder."""
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".cdi-workbench") / "crash-reports"


def write_crash_report(
    report_dir: Path, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> Path:
    """Write a report of an unexpected exception without personal data.

    It holds the exception's type, the chain of causes' types, and for each the
    frames in workbench code (file within the package, line, function); the
    versions of Python, Qt, PySide6 and the workbench; and the platform. It never
    holds the exception's message, local values or any other file's name: those
    can hold record text, names and paths.
    """
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    lines = [
        "CDI workbench crash report (no messages, values or file names are included)",
        f"time: {now.isoformat(timespec='seconds')}",
        f"workbench: {workbench.__version__}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"qt: {_qt_versions()}",
        f"platform: {platform.system()} {platform.release()} {platform.machine()}",
        f"thread: {'UI' if _on_ui_thread() else 'worker'}",
        "",
    ]
    lines += _exception_lines(exc_type, exc, tb)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    path = report_dir / f"crash-{stamp}-{os.getpid()}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _exception_lines(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> list[str]:
    lines: list[str] = []
    seen: set[int] = set()
    heading = "exception"
    while True:
        lines.append(f"{heading}: {exc_type.__module__}.{exc_type.__qualname__}")
        lines += _workbench_frames(tb)
        nxt = None if exc is None else (exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__))
        if nxt is None or id(nxt) in seen:
            return lines
        seen.add(id(nxt))
        heading = "caused by" if exc.__cause__ is nxt else "while handling"
        exc_type, exc, tb = type(nxt), nxt, nxt.__traceback__


def _workbench_frames(tb: TracebackType | None) -> list[str]:
    package_root = Path(workbench.__file__).resolve().parent.parent
    lines, skipped = [], 0
    for frame in traceback.extract_tb(tb):
        relative = _inside(Path(frame.filename), package_root)
        if relative is None:
            skipped += 1
            continue
        if skipped:
            lines.append(f"  ({skipped} frame(s) in other libraries)")
            skipped = 0
        lines.append(f"  {relative}:{frame.lineno}:{frame.name}")
    if skipped:
        lines.append(f"  ({skipped} frame(s) in other libraries)")
    return lines


def _inside(path: Path, package_root: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(package_root)
    except (ValueError, OSError):
        return None
    return relative.as_posix() if relative.parts[:1] == ("workbench",) else None


def _qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"


def _on_ui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()

