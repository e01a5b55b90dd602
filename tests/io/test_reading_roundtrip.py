"""Random tables written as xlsx, ods and CSV read back exactly as text (Hypothesis)."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.io.tabular import preview_rows, read_table

from tests.io.sheets import write_ods, write_xlsx

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"), min_size=1, max_size=30,
).map(str.strip).filter(bool)
_DIGITS = st.from_regex(r"0[0-9]{1,6}|[1-9][0-9]{15,25}", fullmatch=True)  # leading zeros, long IDs
_DATES = st.dates(min_value=dt.date(1905, 1, 1), max_value=dt.date(2099, 12, 31))
_CELL = st.one_of(_TEXT, _DIGITS, _DATES)
TABLES = st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=8)
HEADER = ["key", "narrative", "when"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def read_back(path: Path) -> list[list[str]]:
    return [cells for _, cells in read_table(path).rows]


@SETTINGS
@given(TABLES)
def test_xlsx_round_trip(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "t.xlsx", [HEADER, *rows])
        expected = [[as_text(v) for v in row] for row in rows]
        assert read_back(path) == expected
        assert preview_rows(path)[1:] == expected  # the preview reads the zip itself: the same text


@SETTINGS
@given(TABLES)
def test_ods_round_trip(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = write_ods(Path(folder) / "t.ods", [HEADER, *rows])
        assert read_back(path) == [[as_text(v) for v in row] for row in rows]


@SETTINGS
@given(TABLES, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example([['A1', 'incident', '"']], "utf-8")   # a cell holding one quote, which csv.Sniffer's quoting guess read back as two
@example([['";', 'incident', 'x']], "utf-8")   # a first cell holding ";, whose ; csv.Sniffer took for the delimiter
def test_csv_round_trip(rows, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        with path.open("w", newline="", encoding=encoding) as fh:
            csv.writer(fh).writerows([HEADER, *[[as_text(v) for v in row] for row in rows]])
        assert read_back(path) == [[as_text(v) for v in row] for row in rows]
