"""The event log's canonical form, written fast for many events of one shape, is the canonical form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.events import GENESIS_HASH, ChainHasher, canonical_json, detail_text_for, event_text_hash

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
