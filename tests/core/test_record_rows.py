"""An import's records held as the rows they came from read as the records themselves."""

from __future__ import annotations

from workbench.core.record_rows import SEPARATOR, RecordRows, form_ids_of, keys_of, without_rows
from workbench.core.records import Record

HEADER = ["key", "form", "reported", "narrative"]
ROWS = [
    ["INC-1", "incident", "2024-03-01", "First."],
    ["INC-2", "referral", "", "Second."],
    ["INC-3", "incident", "2024-03-03", ""],
]


def held() -> RecordRows:
    rows = RecordRows(HEADER, kept=[2, 3])
    for number, cells in enumerate(ROWS, start=2):
        rows.add(cells[0], cells[1], "1", number, SEPARATOR.join(cells))
    return rows


def built() -> list[Record]:
    return [Record(c[0], c[1], {h: v for h, v in zip(HEADER[2:], c[2:]) if v}, "1", source_row=n)
            for n, c in enumerate(ROWS, start=2)]


def test_each_record_has_the_non_blank_cells_of_its_kept_columns():
    assert [(r.key, r.form_id, r.fields, r.form_version, r.source_row) for r in held()] == \
        [(r.key, r.form_id, r.fields, r.form_version, r.source_row) for r in built()]


def test_indexing_and_slicing_give_the_same_records_as_iterating():
    rows = held()
    assert len(rows) == 3 and rows[1].fields == {"narrative": "Second."} and rows[-1].key == "INC-3"
    assert [r.fields for r in rows[:2]] == [r.fields for r in built()[:2]]


def test_keys_and_checklists_are_the_same_for_held_rows_and_a_list():
    assert keys_of(held()) == keys_of(built()) == ["INC-1", "INC-2", "INC-3"]
    assert form_ids_of(held()) == form_ids_of(built()) == ["incident", "referral", "incident"]


def test_leaving_out_rows_by_their_sheet_row_keeps_the_others_in_order():
    assert keys_of(without_rows(held(), {3})) == keys_of(without_rows(built(), {3})) == ["INC-1", "INC-3"]


def test_column_values_are_the_non_blank_values_with_their_rows_in_the_order_asked():
    values = held().column_values(["reported", "narrative", "key"])
    assert list(values) == ["reported", "narrative"]
    assert values["reported"] == [(2, "2024-03-01"), (4, "2024-03-03")]
    assert values["narrative"] == [(2, "First."), (3, "Second.")]
