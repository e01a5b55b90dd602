"""A column of dates with a value that is not a date is named before an import."""

from __future__ import annotations

import pytest

from workbench.core.records import Record
from workbench.ops.date_columns import is_date, odd_dates


@pytest.mark.parametrize("text", ["2024-03-14", "2024-03-14 14:02", "2024-03-14T14:02:31.5+00:00", "14/03/2024",
                                  "14.03.2024 09:30", "14 Mar 2024", "14-Sept-2024", "1 September 2024"])
def test_dates_as_extracts_write_them(text):
    assert is_date(text)


@pytest.mark.parametrize("text", ["not a date", "2024-02-30", "31/13/2024", "14 Foo 2024", "INC-2024-000001", ""])
def test_what_is_not_a_date(text):
    assert not is_date(text)


def records(values: list[str]) -> list[Record]:
    return [Record(f"R{n}", "incident", {"reported": v, "area": "North"}, "1", source_row=n + 1)
            for n, v in enumerate(values, 1)]


def test_a_slip_in_a_column_of_dates_is_named_with_its_row():
    (line,) = odd_dates(records(["2024-03-01", "2024-03-02", "not a date", "2024-03-04", "2024-03-05"]))
    assert line == ("Column 'reported' holds dates, but 1 value is not a date (row 4: 'not a date'): "
                    "imported as written; check the extract.")


def test_a_column_that_is_not_of_dates_says_nothing():
    assert odd_dates(records(["soon", "later", "2024-03-01", "never"])) == []
    assert odd_dates(records(["2024-03-01", "", "2024-03-03", "2024-03-04"])) == []   # blank is not a slip


def test_records_held_as_their_rows_are_read_the_same():
    from workbench.core.record_rows import SEPARATOR, RecordRows

    values = ["2024-03-01", "2024-03-02", "not a date", "", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]
    held = RecordRows(["key", "reported", "area"], kept=[1, 2])
    for record in records(values):
        held.add(record.key, record.form_id, "1", record.source_row, SEPARATOR.join([record.key, record.fields["reported"], "North"]))
    assert odd_dates(held) == odd_dates(records(values)) != []


def test_columns_the_import_checked_strictly_are_left_out():
    assert odd_dates(records(["2024-03-01", "2024-03-02", "not a date", "2024-03-04"]), checked={"reported"}) == []


def test_a_value_repeated_down_the_column_is_named_at_each_of_its_rows():
    (line,) = odd_dates(records(["2024-03-01", "TBC", *["2024-03-01"] * 8, "TBC", "2024-03-01"]))
    assert "2 values are not a date (row 3: 'TBC'; row 12: 'TBC')" in line
