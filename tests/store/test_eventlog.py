"""The append-only, hash-chained event log."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.events import GENESIS_HASH, Operation, canonical_json, check_chain
from workbench.store import eventlog

from workbench.core.audit import Actor, Role

from tests.factories import AUDITOR, make_audit

EXPORTED = {"file_name": "findings.xlsx", "format": "xlsx", "sha256": "0" * 64}


def test_a_new_audit_logs_its_creator_then_its_creation(audit):
    user, created = audit.events()
    assert (user.seq, user.operation, user.action, user.detail) == (
        1, "collection", "user.add", {"name": "Test Auditor", "role": "auditor", "force": "Test Constabulary"})
    assert (created.seq, created.operation, created.action, created.actor) == (2, "collection", "audit.create", "Test Auditor")
    assert user.prev_hash == GENESIS_HASH


def test_a_person_new_to_the_audit_is_logged_once_before_their_first_change(audit):
    other = Actor("Second Auditor", Role.AUDITOR, "Other Constabulary")
    audit.log_event(other, "export", EXPORTED)
    audit.log_event(other, "export", EXPORTED)
    assert [(e.action, e.actor) for e in audit.events()][2:] == [
        ("user.add", "Second Auditor"), ("export", "Second Auditor"), ("export", "Second Auditor")]


def test_an_event_lacking_a_field_of_its_kind_is_refused_and_nothing_is_logged(audit):
    with pytest.raises(ValueError, match="sha256"):
        audit.log_event(AUDITOR, "export", {"file_name": "a.xlsx", "format": "xlsx"})
    assert len(list(audit.events())) == 2


def test_an_unknown_kind_of_event_is_refused(audit):
    with pytest.raises(KeyError):
        audit.log_event(AUDITOR, "record.delete", {})


def test_each_event_links_to_the_previous_one(audit):
    audit.log_event(AUDITOR, "export", EXPORTED)
    first, second, third = audit.events()
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert check_chain([first, second, third]) == []


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
    audit.log_event(AUDITOR, "export", EXPORTED)
    events = list(audit.events())
    edited = {**EXPORTED, "file_name": "b.xlsx"}
    tampered = [*events[:2], events[2].__class__(**{**events[2].__dict__, "detail": edited,
                                                    "detail_text": canonical_json(edited)})]
    (brk,) = check_chain(tampered)
    assert brk.seq == 3 and "edited" in brk.reason


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(detail=st.dictionaries(st.sampled_from(["file_name", "format", "sha256", "recipient", "note"]), TEXT),
       actor=TEXT.filter(str.strip))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_hash_from_the_stored_text_is_the_hash_of_the_event(tmp_path_factory, detail, actor):
    """verify hashes each event from its stored text; it must be the hash append wrote, for any text."""
    from workbench.core.events import event_hash, expected_hash

    store = make_audit(tmp_path_factory.mktemp("hash"))
    try:
        store.log_event(Actor(actor), "export", {"file_name": "f", "format": "x", "sha256": "0", **detail})
        event = list(store.events())[-1]
        assert event.detail_text
        assert expected_hash(event) == event.hash == event_hash(
            event.seq, event.at, event.actor, event.role, event.operation, event.action, event.detail, event.prev_hash)
    finally:
        store.close()


@given(value=TEXT, note=TEXT)
def test_an_answers_digest_is_the_digest_of_value_and_note(value, note):
    from workbench.core.events import digest
    from workbench.core.records import answer_digest

    assert answer_digest(value, note) == digest([value, note])


@pytest.mark.parametrize("text, expected", [
    ('{"a":1,"b":"x{"}', {"a": 1, "b": "x{"}),
    ('{"a":[1,{"b":2}]}', {"a": [1, {"b": 2}]}),
    ('{"a":1} ', {"a": 1}),
    ('{"a":1,"a":2}', {"unreadable": "the key 'a' appears twice"}),
    ('{"a":{"b":1,"b":2}}', {"unreadable": "the key 'b' appears twice"}),
    ('[["a",1]]', {"unreadable": "it is not a JSON object"}),
    ('{"a":1', {"unreadable": "it is not valid JSON"}),
])
def test_a_detail_reads_as_its_json_with_a_key_given_twice_named(text, expected):
    from workbench.store.eventlog import parse_detail

    assert parse_detail(text) == expected


def test_finding_events_of_several_kinds_gives_those_kinds_only_newest_first(audit):
    audit.log_event(AUDITOR, "export", EXPORTED)
    found = audit.find_events(action=("user.add", "audit.create"), limit=-1)
    assert [(e.seq, e.action) for e in found] == [(2, "audit.create"), (1, "user.add")]
