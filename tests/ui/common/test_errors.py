"""Errors in words, the error dialog, and crash reports without personal data."""

from __future__ import annotations

import errno
import sqlite3
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.core.audit import AuditSettings, SettingsRejected
from workbench.core.errors import InputRejected, Location, Problem, WorkbenchError
from workbench.ops.audits import open_audit
from workbench.ops.progress import Cancelled, Progress
from workbench.store.database import AuditFileError
from workbench.ui.common import errors
from workbench.ui.common.errors import describe, install_crash_handler, show_error, write_crash_report

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

SECRET = "Jane Smith of 12 Acacia Avenue, INC-0042"


def rejected(n: int = 1) -> InputRejected:
    return InputRejected("sample.csv", [
        Problem("the record key is blank", Location("Sample", 10 + i, "key"), "every row needs a unique key") for i in range(n)
    ])


# -- describe ---------------------------------------------------------------------------

def test_a_rejected_file_lists_every_problem_with_sheet_row_column_and_hint():
    title, sentence, details = describe(rejected(3))
    assert title == "File rejected"
    assert sentence.startswith("sample.csv was not used, and nothing was changed") and "3 problems" in sentence
    assert details[0] == "Sheet 'Sample', row 10, column 'key': the record key is blank. What to do: every row needs a unique key."
    assert len(details) == 3 and "row 12" in details[2]


def test_a_problem_without_a_location_or_hint_is_still_a_sentence():
    _, _, details = describe(InputRejected("x.csv", [Problem("the sheet is empty")]))
    assert details == ["The sheet is empty."]


def test_rejected_settings_list_each_problem():
    with pytest.raises(SettingsRejected) as excinfo:
        AuditSettings(title=" ", marking="TOP", period_start="2024-13-01").validate()
    title, sentence, details = describe(excinfo.value)
    assert title == "Settings not saved" and len(details) == 3
    assert any("protective marking" in d for d in details)


def test_a_file_that_is_not_an_audit_is_explained(tmp_path):
    path = tmp_path / "notes.cdiaudit"
    path.write_text("hello")
    with pytest.raises(AuditFileError) as excinfo:
        open_audit(path)
    title, sentence, details = describe(excinfo.value)
    assert title == "Audit file cannot be used" and "not a workbench audit file" in sentence and sentence.endswith(".")


def test_a_workbench_error_becomes_a_capitalised_sentence():
    assert describe(WorkbenchError("name the record to flag"))[1] == "Name the record to flag."


def test_cancelled_says_nothing_changed():
    assert describe(Cancelled()) == ("Cancelled", "Cancelled; nothing was changed.", [])


@pytest.mark.parametrize(("exc", "title", "words"), [
    (PermissionError(errno.EACCES, "Permission denied", "/data/q3.cdiaudit"), "Not allowed", "not allowed to use q3.cdiaudit"),
    (OSError(errno.ENOSPC, "No space left on device", "/data/q3.cdiaudit"), "Disk full", "no space left to write q3.cdiaudit"),
    (FileNotFoundError(errno.ENOENT, "No such file", "/data/gone.xlsx"), "File not found", "gone.xlsx is not there any more"),
    (OSError(errno.EIO, "Input/output error", "/mnt/share/q3.cdiaudit"), "Could not use the file", "Input/output error"),
    (OSError("socket went away"), "Could not use the file", "the file"),
])
def test_operating_system_errors_say_what_to_do(exc, title, words):
    got_title, sentence, _ = describe(exc)
    assert got_title == title and words in sentence


@pytest.mark.parametrize(("message", "title"), [
    ("database is locked", "Audit file busy"),
    ("database disk image is malformed", "Audit file damaged"),
    ("attempt to write a readonly database", "Audit file is read-only"),
    ("no such table: answers", "Audit file problem"),
])
def test_database_errors_are_worded(message, title):
    assert describe(sqlite3.OperationalError(message))[0] == title


@pytest.mark.parametrize(("message", "title", "what_to_do"), [
    ("database is locked", "Audit file busy", "try again"),
    ("disk I/O error", "Audit file unreachable", "Check that the drive or network share is connected"),
    ("attempt to write a readonly database", "Audit file is read-only", "Copy the file to a folder you can write to"),
    ("database or disk is full", "Disk full", "Free some space"),
])
def test_a_failed_save_says_nothing_was_saved_and_what_to_do(message, title, what_to_do):
    got_title, sentence, details = describe(sqlite3.OperationalError(message))
    assert (got_title, details) == (title, [])
    assert "nothing was saved" in sentence and what_to_do in sentence
    assert message not in sentence and "Traceback" not in sentence and sentence.endswith(".")


def test_a_store_error_caused_by_sqlite_keeps_the_store_words_under_the_cause_title():
    try:
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError as cause:
            raise AuditFileError("The audit file is busy. Nothing was saved; try again in a moment.") from cause
    except AuditFileError as exc:
        title, sentence, _ = describe(exc)
    assert title == "Audit file busy" and sentence == "The audit file is busy. Nothing was saved; try again in a moment."


def test_an_unexpected_error_never_shows_its_message():
    title, sentence, details = describe(ValueError(SECRET))
    assert title == "Something went wrong" and "ValueError" in sentence
    assert SECRET not in sentence and not details


# -- the dialog -------------------------------------------------------------------------

def test_show_error_opens_a_message_box_with_all_problems_in_the_details(qtbot):
    box = show_error(None, rejected(8))
    qtbot.waitExposed(box)
    assert box.windowTitle() == "File rejected" and box.icon() == QMessageBox.Icon.Warning
    assert box.informativeText().count("•") == errors.SHOWN_PROBLEMS and "3 more" in box.informativeText()
    assert box.detailedText().count("\n") == 7 and "Traceback" not in box.detailedText()
    box.accept()


def test_show_error_on_a_parent_is_window_modal(qtbot):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_error(parent, WorkbenchError("the record is not in this audit"))
    assert box.parent() is parent and box.isVisible() and box.informativeText() == ""
    box.accept()


# -- crash reports ----------------------------------------------------------------------

def raise_through_workbench_code() -> None:
    """Raise from a callback called inside workbench code, with personal data in the message."""
    def boom(*_args):
        try:
            {}["key"]
        except KeyError as exc:
            raise ValueError(SECRET) from exc
    Progress(boom).report("checking", 1, 2)


def caught() -> BaseException:
    try:
        raise_through_workbench_code()
    except ValueError as exc:
        return exc
    raise AssertionError("did not raise")


def test_a_crash_report_has_type_frames_and_versions_but_no_personal_data(tmp_path):
    exc = caught()
    path = write_crash_report(tmp_path / "reports", type(exc), exc, exc.__traceback__)
    text = path.read_text()
    assert "exception: builtins.ValueError" in text and "caused by: builtins.KeyError" in text
    assert "workbench/ops/progress.py:" in text and ":report" in text
    assert "python: " in text and "Qt " in text and "platform: " in text
    for private in (SECRET, "Jane", "Acacia", "INC-0042", "test_errors", str(tmp_path), "'key'"):
        assert private not in text


def test_the_crash_handler_writes_a_report_and_shows_where(qtbot, tmp_path):
    handler = install_crash_handler(tmp_path)
    try:
        exc = caught()
        handler.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: _crash_box() is not None)
        box = _crash_box()
        assert str(handler.reports[0]) in box.detailedText() and SECRET not in box.text() + box.detailedText()
        box.accept()
    finally:
        handler.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_reported_and_the_app_keeps_running(qtbot, tmp_path):
    handler = install_crash_handler(tmp_path, show_dialog=False)
    still_running = []
    try:
        QTimer.singleShot(0, raise_through_workbench_code)
        QTimer.singleShot(0, lambda: still_running.append(True))
        qtbot.waitUntil(lambda: bool(handler.reports and still_running))
        assert "workbench/ops/progress.py" in handler.reports[0].read_text()
    finally:
        handler.uninstall()


def test_an_exception_in_another_thread_is_reported_and_shown_on_the_ui_thread(qtbot, tmp_path):
    handler = install_crash_handler(tmp_path)
    try:
        thread = threading.Thread(target=raise_through_workbench_code)
        thread.start()
        thread.join()
        assert len(handler.reports) == 1
        qtbot.waitUntil(lambda: _crash_box() is not None)
        _crash_box().accept()
    finally:
        handler.uninstall()


def test_an_unexpected_error_shown_in_a_dialog_also_gets_a_report(qtbot, tmp_path):
    handler = install_crash_handler(tmp_path, show_dialog=False)
    try:
        box = show_error(None, caught())
        assert len(handler.reports) == 1 and "report without personal data was saved" in box.text()
        box.accept()
    finally:
        handler.uninstall()


def test_uninstall_restores_the_previous_hooks(tmp_path):
    import sys

    before = (sys.excepthook, threading.excepthook)
    install_crash_handler(tmp_path, show_dialog=False).uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def _crash_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "crashBox" and w.isVisible():
            return w
    return None


def test_a_hint_naming_a_command_line_option_is_left_out_in_a_window():
    assert errors.problem_text(Problem("the audit needs a title", hint="give one with --title")) == "The audit needs a title."
