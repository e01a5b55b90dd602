"""The problem list CSV: one row per problem, read back with the csv module."""

from __future__ import annotations

import csv

from workbench.core.errors import Location, Problem
from workbench.io.problem_list import write_problem_list


def test_each_problem_is_a_row_with_its_location_and_hint(tmp_path):
    path = tmp_path / "problems.csv"
    count = write_problem_list(path, [
        Problem("the record key is blank", Location("Sample", 7, "key"), "every row needs a unique key"),
        Problem("the sheet is empty"),
    ])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert count == 2
    assert rows == [
        ["sheet", "row", "column", "problem", "what to do"],
        ["Sample", "7", "key", "the record key is blank", "every row needs a unique key"],
        ["", "", "", "the sheet is empty", ""],
    ]


def test_text_that_excel_would_run_as_a_formula_is_kept_as_text(tmp_path):
    path = tmp_path / "p.csv"
    write_problem_list(path, [Problem("=HYPERLINK(\"x\")", Location(None, 2, "@col"))])
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@col" in text
