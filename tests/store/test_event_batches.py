"""Events logged many at a time (``Write.log_many``) are the events ``Write.log`` would write, one by one."""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor
from workbench.core.events import canonical_json, check_chain, expected_hash
from workbench.store.verify import verify

from tests.factories import AUDITOR

EXPORT_KEYS = ("file_name", "format", "sha256")


def exports(n: int) -> list[tuple]:
    return [(f"findings-{i}.xlsx", "xlsx", f"{i:064d}") for i in range(n)]


def log_batch(audit, actor, values, keys=EXPORT_KEYS):
    with audit.write(actor) as w:
        shape = w.shape("export", keys)
        return w.log_many((shape, v, None) for v in values)


def test_a_batch_of_events_is_stored_as_the_same_events_logged_one_by_one(audit):
    one_by_one = [dict(zip(EXPORT_KEYS, v)) for v in exports(3)]
    audit.log_events(AUDITOR, "export", one_by_one)
    first = log_batch(audit, AUDITOR, exports(3))
    events = list(audit.events())
    batch = events[-3:]
    assert first == batch[0].seq == events[-4].seq + 1
    assert [e.detail for e in batch] == [e.detail for e in events[-6:-3]] == one_by_one
    assert [e.detail_text for e in batch] == [canonical_json(d) for d in one_by_one]
    assert all(expected_hash(e) == e.hash for e in batch) and check_chain(events) == []
    assert {(e.operation, e.actor, e.role) for e in batch} == {("disclosure", AUDITOR.name, "auditor")}


def test_a_batch_larger_than_one_write_keeps_the_chain_and_passes_verify(audit):
    log_batch(audit, AUDITOR, exports(12_000))
    events = list(audit.events())
    assert len(events) == 12_002 and [e.seq for e in events] == list(range(1, 12_003))
    assert check_chain(events) == [] and verify(audit).ok


def test_a_person_new_to_the_audit_is_logged_before_their_first_event_of_a_batch(audit):
    log_batch(audit, Actor("Second Auditor"), exports(2))
    assert [(e.action, e.actor) for e in audit.events()][2:] == [
        ("user.add", "Second Auditor"), ("export", "Second Auditor"), ("export", "Second Auditor")]


def test_a_shape_lacking_a_field_of_its_kind_is_refused_and_nothing_is_logged(audit):
    with pytest.raises(ValueError, match="sha256"):
        log_batch(audit, AUDITOR, [("a.xlsx", "xlsx")], keys=("file_name", "format"))
    assert len(list(audit.events())) == 2


def test_a_failure_after_thousands_of_events_were_written_keeps_none_of_them(audit):
    with pytest.raises(RuntimeError, match="disk"):
        with audit.write(AUDITOR) as w:
            shape = w.shape("export", EXPORT_KEYS)
            w.log_many((shape, v, None) for v in exports(12_000))
            raise RuntimeError("the disk failed")
    assert len(list(audit.events())) == 2 and verify(audit).ok


def test_an_empty_batch_logs_nothing(audit):
    assert log_batch(audit, Actor("Second Auditor"), []) is None
    assert len(list(audit.events())) == 2
