"""``verify`` of a large audit shares its work with a second process, and finds what it finds alone.

The size from which it does so (``SECOND_PROCESS_EVENTS``) is lowered here so that a
small audit takes the same path as one of 760,000 events.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Future

import pytest

from workbench.store import verify as verifying
from workbench.store.audit_store import AuditStore

from tests.store.test_verify import DROP, RESTORE, path, sqlite  # noqa: F401 - the audit fixture and its tools

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")


@pytest.fixture(autouse=True)
def second_process(monkeypatch):
    monkeypatch.setattr(verifying, "SECOND_PROCESS_EVENTS", 1)


def problems(path):
    with AuditStore.open(path) as store:
        return verifying.verify(store).problems


def alone(path, monkeypatch):
    monkeypatch.setattr(verifying, "SECOND_PROCESS_EVENTS", 10**9)
    return problems(path)


def test_an_untouched_audit_verifies_and_counts_every_event(path, monkeypatch):
    answered = []
    check = verifying._side_result
    monkeypatch.setattr(verifying, "_side_result", lambda *args: answered.append(check(*args)) or answered[-1])
    with AuditStore.open(path) as store:
        report = verifying.verify(store)
        assert report.ok and report.events == store.head()[0] and report.head == store.head()
    assert len(answered) == 1 and answered[0] is not None   # the second process did its part


def test_the_same_problems_in_the_same_order_as_in_one_process(path, monkeypatch):
    sqlite(path, DROP + "UPDATE events SET actor = 'Someone Else' WHERE seq = 4;"
           "UPDATE answers SET value = 'yes' WHERE question = 'ok';"
           "UPDATE record_state SET progress = 'not_started';"
           "UPDATE users SET force = 'Elsewhere';")   # the triggers left dropped
    found = problems(path)
    assert any(p.startswith("event 4:") and "edited" in p for p in found)
    assert any("changed without an event" in p for p in found)
    assert any("the queue shows it not started" in p for p in found)
    assert any("events_refuse_update" in p for p in found)
    assert found == alone(path, monkeypatch)


def test_answers_whose_writer_was_edited_are_found_by_the_second_process_as_in_one(path, monkeypatch):
    sqlite(path, "UPDATE answers SET answered_by = 'Ghost Auditor' WHERE question = 'ok';")
    answered = []
    found_at = verifying._found_at
    monkeypatch.setattr(verifying, "_found_at", lambda *args: answered.append(found_at(*args)) or answered[-1])
    found = problems(path)
    assert sum("written by Ghost Auditor" in p for p in found) == 2
    assert sorted(len(rows) for rows in answered[0].values()) == [1, 1]   # the second process found them, one a record
    assert found == alone(path, monkeypatch)


def test_a_change_between_the_two_snapshots_is_checked_again_here():
    seen_elsewhere = Future()
    seen_elsewhere.set_result(((9, "b" * 64), object()))
    assert verifying._side_result(seen_elsewhere, (8, "a" * 64)) is None


def test_a_second_process_that_failed_is_checked_again_here():
    failed = Future()
    failed.set_exception(OSError("no process"))
    assert verifying._side_result(failed, (8, "a" * 64)) is None


def test_the_second_process_does_not_run_the_command_line_again(capsys, monkeypatch):
    import runpy

    monkeypatch.setattr("sys.argv", ["workbench", "--version"])
    runpy.run_module("workbench.__main__", run_name="__mp_main__")   # as multiprocessing's spawn imports it
    assert capsys.readouterr().out == ""
