"""The full-text index is a cache built after an import: the text filter finds the same records before and after."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.records import Record
from workbench.ops.search_index import build_search_index
from workbench.store import search as search_module
from workbench.store.audit_store import AuditStore
from workbench.store.search import search_words
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, make_form, question

FORM = make_form("mini", question("ok"))
NARRATIVES = [
    "Bicycle taken from the station racks; CCTV requested",
    "Café owner reports a broken window at Zoë's",
    "Caller's ex-partner followed her to the RING ROAD services",
    "No crime: property_found later at home",
    "24/000123/24 linked to INC-0000042",
    "Théâtre Royal: naïve façade damage, \"graffiti\" \\ again\nsecond line",
]
QUERIES = ["station", "stat", "racks cctv", "station rack", "cafe", "CAFÉ", "zoe", "zoë's", "ring road",
           "road ring", "property", "found", "property_found", "000123", "24 000", "theatre royal", "naive facade",
           "graffiti again", "again second", "x", "", "!!", "inc 00000"]


def _import(store: AuditStore, texts: list[str], first: int = 0) -> None:
    records = [Record(f"R{first + i}", "mini", {"narrative": text, "area": "North"}, "1") for i, text in enumerate(texts)]
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": len(records)}, records, [FORM])


def _found(store: AuditStore, query: str) -> tuple[set[int], list[str]]:
    return store.matching_ids(text=query), [row.key for row in store.queue(text=query, form_id="mini")]


def test_an_import_leaves_its_records_out_of_the_index_until_it_is_built(tmp_path):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    assert store.search_backlog() == len(NARRATIVES)
    assert build_search_index(store) == len(NARRATIVES)
    assert store.search_backlog() == 0
    assert store.db.execute("SELECT count(*) FROM records_search WHERE records_search MATCH 'station'").fetchone()[0] == 1
    store.close()


@pytest.mark.parametrize("query", QUERIES)
def test_the_text_filter_finds_the_same_records_before_and_after_the_index_is_built(tmp_path, query):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    before = _found(store, query)
    build_search_index(store)
    assert _found(store, query) == before
    store.close()


def test_the_text_filter_finds_words_of_records_just_imported(tmp_path):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    assert [row.key for row in store.queue(text="cafe")] == ["R1"]
    assert [row.key for row in store.queue(text="ring ro")] == ["R2"]
    assert store.queue(text="road ring") == []
    store.close()


def test_records_indexed_and_records_not_yet_indexed_are_found_together(tmp_path):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES[:3])
    build_search_index(store)
    _import(store, NARRATIVES[3:] + ["Another bicycle left at the station"], first=3)
    assert [row.key for row in store.queue(text="station")] == ["R0", "R6"]
    store.close()


def test_the_index_is_built_in_batches_each_a_transaction_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(search_module, "INDEX_BATCH", 2)
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    assert store.index_for_search(2) == 2 and store.search_backlog() == len(NARRATIVES) - 2
    assert build_search_index(store) == len(NARRATIVES) - 2
    assert store.index_for_search(2) == 0
    store.close()


def test_building_the_index_logs_nothing_and_verify_still_passes(tmp_path):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    head = store.head()
    build_search_index(store)
    assert store.head() == head
    assert verify(store).problems == []
    store.close()


def test_a_read_only_audit_is_searched_without_an_index(tmp_path):
    store = make_audit(tmp_path)
    _import(store, NARRATIVES)
    store.close()
    with AuditStore.open(tmp_path / "audit.cdiaudit", read_only=True) as read_only:
        assert build_search_index(read_only) == 0
        assert [row.key for row in read_only.queue(text="station")] == ["R0"]


def test_a_new_audit_starts_with_nothing_to_index(tmp_path):
    store = make_audit(tmp_path)
    assert store.search_backlog() == 0 and build_search_index(store) == 0
    store.close()


#: Text as extracts hold it: letters with and without accents, digits, punctuation, spaces, line breaks.
_TEXT = st.text(alphabet="abcdeéèzAÉZ019 _-'\".,;:/\\\n\tçñüöÆæø", max_size=40)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=4), picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 30),
                                                                               st.integers(1, 12)), max_size=4))
def test_records_not_yet_indexed_match_exactly_as_the_index_matches_them(tmp_path_factory, texts, picks):
    store = make_audit(tmp_path_factory.mktemp("search"))
    _import(store, texts)
    queries = [texts[i % len(texts)][start:start + size] for i, start, size in picks] + [" ".join(search_words(texts[0])[:2])]
    before = [store.matching_ids(text=q) for q in queries]
    build_search_index(store)
    assert [store.matching_ids(text=q) for q in queries] == before
    store.close()
