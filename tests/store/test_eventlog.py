"""The append-only, hash-chained event log."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.core.events import GENESIS_HASH, Operation, check_chain
from workbench.store import eventlog

from tests.factories import AUDITOR


def test_the_first_event_of_an_audit_records_its_creation(audit):
    (event,) = audit.events()
    assert (event.seq, event.operation, event.action, event.actor) == (1, "collection", "audit.create", "Test Auditor")
    assert event.prev_hash == GENESIS_HASH


def test_each_event_links_to_the_previous_one(audit):
    audit.log_event(AUDITOR, Operation.DISCLOSURE, "export", {"file_name": "findings.xlsx"})
    first, second = audit.events()
    assert second.prev_hash == first.hash
    assert check_chain([first, second]) == []


def test_updating_an_event_is_refused(audit):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        audit.db.execute("UPDATE events SET actor = 'someone else'")


def test_deleting_an_event_is_refused(audit):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        audit.db.execute("DELETE FROM events")


def test_events_are_only_appended_inside_a_transaction(audit):
    with pytest.raises(RuntimeError, match="inside a write transaction"):
        eventlog.append(audit.db, "x", "auditor", Operation.CONSULTATION, "view", {})


def test_an_edited_event_breaks_the_chain_at_that_event(audit):
    audit.log_event(AUDITOR, Operation.DISCLOSURE, "export", {"file_name": "a.xlsx"})
    events = list(audit.events())
    tampered = [events[0], events[1].__class__(**{**events[1].__dict__, "detail": {"file_name": "b.xlsx"}})]
    (brk,) = check_chain(tampered)
    assert brk.seq == 2 and "edited" in brk.reason
