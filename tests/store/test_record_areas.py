"""Each record's area is kept in ``records.area``, as the imports choose the area column."""

from __future__ import annotations

import sqlite3

from workbench.core.record_rows import SEPARATOR, RecordRows
from workbench.core.records import AnswerChange, Record
from workbench.store.audit_store import AuditStore
from workbench.store.record_areas import astray_areas
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, make_form, question

FORM = make_form("mini", question("ok"))


def source(name: str, area_role: str | None = None) -> dict:
    mapping = {"key": "key", "roles": {"area": area_role}} if area_role else {}
    return {"file_name": name, "sha256": "0" * 64, "row_count": 2, "mapping": mapping}


def areas(store: AuditStore) -> dict[str, str]:
    return dict(store.db.execute("SELECT key, area FROM records ORDER BY position"))


def test_each_record_takes_its_area_from_the_column_named_like_area(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"Policing area": "North", "n": "1"}, "1"),
                                                 Record("R2", "mini", {"n": "2"}, "1")], [FORM])
    assert areas(store) == {"R1": "North", "R2": ""}


def test_rows_imported_as_held_take_the_area_their_stored_fields_give(tmp_path):
    awkward = ['North "Central"', "back\\slash", "line\nbreak", "Llan\u00e9lli \u20ac", "  ", ""]
    rows = RecordRows(["key", "Area", "n"], [1, 2])
    for i, area in enumerate(awkward):
        rows.add(f"R{i}", "mini", "1", i + 2, SEPARATOR.join([f"R{i}", area, str(i)]))
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), rows, [FORM])
    assert list(areas(store).values()) == awkward and astray_areas(store.db) == []


def test_the_column_an_import_mapped_as_the_area_wins_over_one_named_like_it(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv", "District"), [Record("R1", "mini", {"District": "D1", "area": "North"}, "1")],
                      [FORM])
    assert areas(store) == {"R1": "D1"}


def test_once_an_import_maps_an_area_the_records_of_imports_that_did_not_have_none(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"area": "North"}, "1")], [FORM])
    store.add_records(AUDITOR, source("b.csv", "District"), [Record("R2", "mini", {"District": "D2"}, "1")], [FORM])
    assert areas(store) == {"R1": "", "R2": "D2"}


def test_a_later_import_with_a_column_named_exactly_area_moves_every_record_to_that_column(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"Policing area": "North"}, "1")], [FORM])
    store.add_records(AUDITOR, source("b.csv"), [Record("R2", "mini", {"Area": "South", "Policing area": "East"}, "1")],
                      [FORM])
    assert areas(store) == {"R1": "", "R2": "South"}


def test_a_record_whose_source_a_later_import_replaces_takes_its_new_area(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"area": "North"}, "1")], [FORM])
    store.add_records(AUDITOR, source("b.csv"), [], [FORM], changed=[Record("R1", "mini", {"area": "South"}, "1")])
    assert store.record("R1").fields == {"area": "South"} and areas(store) == {"R1": "South"}


def test_opening_an_audit_from_before_the_area_column_fills_every_records_area(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"area": "North"}, "1"),
                                                 Record("R2", "mini", {"area": "South"}, "1")], [FORM])
    store.set_answers(AUDITOR, [AnswerChange("R1", "ok", None, "yes")])
    store.close()
    path = tmp_path / "audit.cdiaudit"
    _wind_back_to_format_13(path)
    with AuditStore.open(path) as store:
        assert areas(store) == {"R1": "North", "R2": "South"}
        assert verify(store).problems == []


def test_fields_edited_into_text_that_is_not_json_are_reported_by_verify_not_failed_on(tmp_path):
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, source("a.csv"), [Record("R1", "mini", {"area": "North"}, "1")], [FORM])
    store.close()
    path = tmp_path / "audit.cdiaudit"
    conn = sqlite3.connect(path)
    conn.execute("UPDATE records SET fields = '{not json' WHERE key = 'R1'")
    conn.commit()
    conn.close()
    with AuditStore.open(path) as store:
        problems = verify(store).problems
    assert any("import 1" in p for p in problems) and any("record R1: its area" in p for p in problems)


def _wind_back_to_format_13(path) -> None:
    """The file as a workbench of format 13 left it: no ``records.area``, the narrower position index."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP INDEX records_by_position; DROP INDEX records_by_import; ALTER TABLE records DROP COLUMN area;"
        "CREATE INDEX records_by_position ON records(position, key, form_id);"
        "DROP INDEX events_of_determinations;"
        "DELETE FROM _sqlite_migrations WHERE name IN ('0014_records_area', '0015_determination_events_index');"
        "PRAGMA user_version = 13;"
    )
    conn.close()


def test_an_area_column_whose_heading_json_must_escape_gives_its_areas_and_verify_stays_quiet(tmp_path):
    store = make_audit(tmp_path)
    rows = RecordRows(["key", 'Area "beat"', "Area\\sector"], [1, 2])
    rows.add("R1", "mini", "1", 2, SEPARATOR.join(["R1", "North", "N1"]))
    store.add_records(AUDITOR, source("a.csv"), rows, [FORM])
    store.add_records(AUDITOR, source("b.csv"), [Record("R2", "mini", {'Area "beat"': "South"}, "1")], [FORM])
    assert areas(store) == {"R1": "North", "R2": "South"} and astray_areas(store.db) == []
