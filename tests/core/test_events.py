"""The event log's canonical form, written fast for many events of one shape, is the canonical form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.events import (
    GENESIS_HASH, ChainCheck, ChainHasher, canonical_json, detail_text_for, event_text_hash,
)

KEYS = st.lists(st.text(max_size=8), min_size=0, max_size=8, unique=True)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.floats(allow_nan=False),
                   st.lists(st.text(max_size=3), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=3))


@given(KEYS.flatmap(lambda keys: st.tuples(st.just(keys), st.lists(VALUES, min_size=len(keys), max_size=len(keys)))))
def test_a_detail_written_by_its_shape_is_its_canonical_json(keys_and_values):
    keys, values = keys_and_values
    assert detail_text_for(tuple(keys))(values) == canonical_json(dict(zip(keys, values)))


def test_a_shape_naming_a_key_twice_is_refused():
    with pytest.raises(ValueError, match="twice"):
        detail_text_for(("record", "record"))


@given(st.integers(min_value=1, max_value=10**9), st.text(), st.text(), st.sampled_from(["collection", "alteration"]),
       st.text(), st.text(), st.text(max_size=64))
def test_the_hasher_of_many_events_gives_each_events_own_hash(seq, at, actor, operation, action, role, prev):
    text = canonical_json({"record": action, "n": seq})
    assert ChainHasher(at, actor, role).hash(seq, operation, action, text, prev or GENESIS_HASH) == event_text_hash(
        seq, at, actor, role, operation, action, text, prev or GENESIS_HASH)


def test_one_hasher_keeps_each_action_and_operation_apart():
    hasher = ChainHasher("2026-01-01T00:00:00.000+00:00", "Auditor", "auditor")
    text = canonical_json({"record": "R1"})
    hashes = [hasher.hash(3, op, action, text, GENESIS_HASH)
              for action in ("answer.set", "answer.clear") for op in ("collection", "erasure")]
    assert hashes == [event_text_hash(3, "2026-01-01T00:00:00.000+00:00", "Auditor", "auditor", op, action, text, GENESIS_HASH)
                      for action in ("answer.set", "answer.clear") for op in ("collection", "erasure")]
    assert len(set(hashes)) == 4


@given(st.text(max_size=64), st.integers(min_value=2, max_value=5))
def test_a_chain_hashed_by_one_hasher_after_any_head_is_each_events_own_hash(head, length):
    at, actor, role = "2026-01-01T00:00:00.000+00:00", "Auditor", "auditor"
    hasher, prev, chained, expected = ChainHasher(at, actor, role), head, [], []
    for seq in range(1, length + 1):
        text = canonical_json({"record": f"R{seq}"})
        expected.append(event_text_hash(seq, at, actor, role, "collection", "answer.set", text, prev))
        prev = hasher.hash(seq, "collection", "answer.set", text, prev)
        chained.append(prev)
    assert chained == expected


@given(st.one_of(st.text(max_size=64), st.integers()), st.lists(st.tuples(st.text(max_size=5), st.sampled_from(
    ["collection", "alteration"])), max_size=5), st.text(max_size=8))
def test_a_run_of_events_hashed_together_gets_the_hashes_they_get_one_by_one(head, details, actor):
    at, role = "2026-01-01T00:00:00.000+00:00", "auditor"
    texts = [(canonical_json({"record": record}), operation) for record, operation in details]
    prev, expected = head, []
    for seq, (text, operation) in enumerate(texts, start=8):
        prev = event_text_hash(seq, at, actor, role, operation, "answer.set", text, prev)
        expected.append(prev)
    assert ChainHasher(at, actor, role).hash_texts(7, head, "answer.set", texts) == expected


def chained_rows(events: list[tuple]) -> list[list]:
    """Stored columns ``(seq, at, actor, role, operation, action, detail text, prev_hash, hash)`` of a sound chain
    of ``events`` given as ``(at, actor, role, operation, action, detail)``."""
    rows, prev = [], GENESIS_HASH
    for seq, (at, actor, role, operation, action, detail) in enumerate(events, start=1):
        text = canonical_json(detail)
        digest = event_text_hash(seq, at, actor, role, operation, action, text, prev)
        rows.append([seq, at, actor, role, operation, action, text, prev, digest])
        prev = digest
    return rows


def hash_of_row(row) -> str:
    """Each event's hash as ``verify`` recomputed it before ``ChainCheck.walk``: its own text hashed (a detail
    that is not text: a stand-in, as ``expected_hash`` of its decoded detail would be)."""
    seq, at, actor, role, operation, action, text, prev, _stored = row
    if not isinstance(text, str):
        return "not text: " + repr(text)
    try:
        return event_text_hash(seq, at, actor, role, operation, action, text, prev)
    except (TypeError, ValueError):   # a column JSON cannot write (SQLite's types keep these out of a file)
        return "not hashable"


def stepped(rows) -> tuple[list, int]:
    check = ChainCheck()
    for row in rows:
        check.step(row[0], row[7], row[8], hash_of_row(row) if check.holding else "")
    return check.breaks, check.count


def walked(rows) -> tuple[list, int]:
    check = ChainCheck()
    check.walk(iter(rows), hash_of_row)
    return check.breaks, check.count


TEXT = st.text(alphabet=st.sampled_from('aZ"\\\x01\n é'), max_size=4)
EVENT = st.tuples(st.sampled_from(["2026-01-01T00:00:00.000+00:00", 'at "2"']), st.sampled_from(["Auditor", 'A "B"']),
                  st.sampled_from(["auditor", "lead"]), st.sampled_from(["collection", "alteration"]),
                  st.sampled_from(["answer.set", "flag.add"]), st.dictionaries(TEXT, TEXT, max_size=2))
ODD = st.one_of(TEXT, st.integers(-2, 9), st.none(), st.binary(max_size=3), st.floats(allow_nan=False))
EDIT = st.one_of(st.tuples(st.just("set"), st.integers(0, 40), st.integers(0, 8), ODD),
                 st.tuples(st.just("drop"), st.integers(0, 40)), st.tuples(st.just("swap"), st.integers(0, 40)),
                 st.tuples(st.just("rehash"), st.integers(0, 40)))


def edited(rows: list[list], edits) -> list[list]:
    for edit in edits:
        if not rows:
            break
        where = edit[1] % len(rows)
        if edit[0] == "set":
            rows[where][edit[2]] = edit[3]
        elif edit[0] == "drop":
            del rows[where]
        elif edit[0] == "rehash":   # as someone who edits an event and hashes it again would
            rows[where][8] = hash_of_row(rows[where])
        elif where + 1 < len(rows):
            rows[where], rows[where + 1] = rows[where + 1], rows[where]
    return rows


@given(st.lists(EVENT, max_size=12), st.lists(EDIT, max_size=4))
def test_walking_a_log_finds_what_stepping_through_it_finds(events, edits):
    rows = edited(chained_rows(events), edits)
    assert walked(rows) == stepped(rows)


def test_a_walk_finds_an_edited_detail_in_a_run_of_one_transactions_events():
    rows = chained_rows([("2026-01-01T00:00:00.000+00:00", "Auditor", "auditor", "collection", "answer.set",
                          {"record": f"R{n}"}) for n in range(5)])
    rows[3][6] = rows[3][6].replace("R3", "R9")
    breaks, count = walked(rows)
    assert [(b.seq, "edited" in b.reason) for b in breaks] == [(4, True)] and count == 5


@pytest.mark.parametrize("link", ['"', "a\\b", "\n", GENESIS_HASH.upper()])
def test_a_walk_hashes_an_edited_link_as_it_stands_in_the_file(link):
    rows = chained_rows([("2026-01-01T00:00:00.000+00:00", "Auditor", "auditor", "collection", "answer.set",
                          {"record": f"R{n}"}) for n in range(3)])
    rows[1][7] = link
    assert walked(rows) == stepped(rows)
    rows[1][8] = hash_of_row(rows[1])   # and the event hashed again over it: only its link is wrong
    assert walked(rows) == stepped(rows)
