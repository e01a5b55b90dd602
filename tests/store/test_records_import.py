"""Writing an import's records: batches, the stored JSON, and all or nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.record_rows import SEPARATOR, RecordRows
from workbench.core.records import Record
from workbench.store import records as records_module
from workbench.store.records import source_json
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, make_form, question

FORM = make_form("mini", question("ok"))
SOURCE = {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 7}


def seven_records(duplicate_last: bool = False) -> list[Record]:
    records = [Record(f"R{i}", "mini", {"n": str(i), "note": f'said "stop" \\ {i}\n'}, "1", source_row=i + 2) for i in range(7)]
    if duplicate_last:
        records[-1] = Record("R0", "mini", {"n": "again"}, "1", source_row=8)
    return records


@given(st.dictionaries(st.text(), st.text()))
def test_source_json_is_what_the_json_encoder_writes(fields):
    assert source_json(fields) == json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("fields", [
    {}, {"n": ""}, {"n": 'say "hi"'}, {'say "n"': "x"}, {"n": 'a","b'}, {"n": "back\\slash"}, {"n": "tab\there"},
    {"n": "line\nbreak"}, {"n": "\u2028 \x7f \x85 é € \U0001f600"}, {"a": "1", "b": "2", "c": "3"},
])
def test_source_json_of_awkward_text_is_what_the_json_encoder_writes(fields):
    assert source_json(fields) == json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def test_source_json_of_every_character_up_to_u3000_is_what_the_json_encoder_writes():
    for code in range(0x3000):
        fields = {"n": f"a{chr(code)}b", chr(code): "x"}
        assert source_json(fields) == json.dumps(fields, ensure_ascii=False, separators=(",", ":")), hex(code)


def test_source_json_of_values_that_are_not_text_is_the_encoders():
    assert source_json({"n": 3, "x": None}) == '{"n":3,"x":null}'


def test_records_written_in_several_batches_are_all_stored_searchable_and_verified(tmp_path, monkeypatch):
    monkeypatch.setattr(records_module, "_INSERT_BATCH", 3)
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, SOURCE, seven_records(), [FORM])
    assert [r.key for r in store.records()] == [f"R{i}" for i in range(7)]
    assert store.record("R6").fields == {"n": "6", "note": 'said "stop" \\ 6\n'}
    assert len(store.matching_ids(text="stop")) == 7
    assert verify(store).problems == []
    store.close()


def test_a_batch_that_fails_in_sqlite_leaves_the_audit_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(records_module, "_INSERT_BATCH", 3)
    store = make_audit(tmp_path)
    head = store.head()
    with pytest.raises(sqlite3.IntegrityError):
        store.add_records(AUDITOR, SOURCE, seven_records(duplicate_last=True), [FORM])
    assert store.record_count() == 0 and store.imports() == [] and store.head() == head
    assert store.matching_ids(text="stop") == set() and store.search_backlog() == 0
    store.close()


def test_the_import_settings_are_set_back_after_it(tmp_path):
    store = make_audit(tmp_path)
    cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.add_records(AUDITOR, SOURCE, seven_records(), [FORM])
    assert store.db.execute("PRAGMA cache_size").fetchone()[0] == cache
    store.close()


def test_the_import_event_digests_the_stored_text(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, SOURCE, seven_records(), [FORM])
    event = [e for e in store.events() if e.action == "records.import"][0]
    assert event.detail["records_digest"] == store.records_repo.batch_digest(event.detail["import_id"])
    store.close()


_CELL = st.text(st.characters(blacklist_characters="\x1f", blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=5), st.lists(st.text(min_size=1, max_size=6), min_size=3,
                                                                                 max_size=3, unique=True))
def test_a_held_rows_stored_text_is_the_json_of_its_record(rows, headings):
    held = RecordRows(["key", "form", *headings], [2, 3, 4])
    for n, cells in enumerate(rows):
        held.add(f"K{n}", "mini", "1", n + 2, SEPARATOR.join([f"K{n}", "mini", *cells]))
    make_text = records_module._PackedFieldsJson(held.field_columns)
    assert [make_text(packed) for *_, packed in held.held(0, len(held))] == [source_json(r.fields) for r in held]


def test_records_imported_from_held_rows_are_stored_as_their_json(tmp_path):
    held = RecordRows(["key", "form", "note", "area"], [2, 3])
    for n, (note, area) in enumerate([("said \"stop\"", "North"), ("", "Süd"), ("plain", ""), ("tab\there", "x")]):
        held.add(f"K{n}", "mini", "1", n + 2, SEPARATOR.join([f"K{n}", "mini", note, area]))
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, SOURCE, held, [FORM])
    stored = [fields for (fields,) in store.db.execute("SELECT fields FROM records ORDER BY position")]
    assert stored == [source_json(r.fields) for r in held]
    assert verify(store).problems == []
    store.close()
