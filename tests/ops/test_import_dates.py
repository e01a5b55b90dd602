"""Dates in the mapped reported and recorded columns: a value that is not a date, or is outside the period, is a problem."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from workbench.core.errors import InputRejected
from workbench.ops.importing import import_sample, plan_import

from tests.factories import AUDITOR, make_audit, problems_of, write_csv

HEADER = ["key", "form", "reported", "recorded", "narrative"]


@pytest.fixture
def audit_2024(tmp_path):
    store = make_audit(tmp_path, "audit-2024", period_start="2024-01-01", period_end="2024-12-31")
    yield store
    store.close()


def sample(tmp_path, *rows: list[str]):
    return write_csv(tmp_path / "sample.csv", [HEADER, *rows])


def test_a_reported_value_that_is_not_a_date_is_named_by_row_and_column(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "2024-03-01 10:00", "", "Log."], ["INC-2", "incident", "not a date", "", "Log."])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit_2024, AUDITOR, path)
    assert problems_of(excinfo) == ["row 3, column 'reported': the reported value 'not a date' is not a date "
                                    "(write a date such as 2024-03-14 14:02 or 14/03/2024 14:02)"]
    assert audit_2024.record_count() == 0


def test_a_recorded_value_that_is_not_a_date_is_a_problem_too(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "2024-03-01 10:00", "the next day", "Log."],
                  ["INC-2", "incident", "2024-03-02 10:00", "2024-03-02 11:00", "Log."])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit_2024, AUDITOR, path)
    assert "row 2, column 'recorded': the recorded value 'the next day' is not a date" in problems_of(excinfo)[0]


def test_a_column_headed_recorded_that_holds_no_dates_is_not_taken_as_the_recorded_date(audit_2024, tmp_path):
    # An extract's 'Recorded' may say whether the crime was recorded (Y/N), not when.
    path = sample(tmp_path, ["INC-1", "incident", "2024-03-01 10:00", "Y", "Log."],
                  ["INC-2", "incident", "2024-03-02 10:00", "N", "Log."])
    plan = plan_import(audit_2024, path)
    assert "recorded" not in plan.mapping.roles and plan.mapping.roles["reported"] == "reported"
    assert import_sample(audit_2024, AUDITOR, path).added == 2


def test_a_column_named_as_the_recorded_date_is_checked_whatever_it_holds(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "2024-03-01 10:00", "Y", "Log."])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit_2024, AUDITOR, path, roles={"recorded": "recorded"})
    assert "row 2, column 'recorded': the recorded value 'Y' is not a date" in problems_of(excinfo)[0]


def test_a_reported_date_outside_the_audit_period_is_a_problem(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "31/12/2023 23:50", "", "Log."])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit_2024, AUDITOR, path)
    assert problems_of(excinfo)[0].startswith("row 2, column 'reported': the reported date 2023-12-31 is outside the "
                                              "audit's period (2024-01-01 to 2024-12-31)")


def test_a_crime_reported_on_the_last_day_may_be_recorded_after_the_period(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "31/12/2024 23:50", "01/01/2025 09:00", "Log."])
    assert import_sample(audit_2024, AUDITOR, path).added == 1


def test_a_recorded_date_before_the_period_is_a_problem(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "2024-01-01 08:00", "2023-12-30 09:00", "Log."])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit_2024, AUDITOR, path)
    assert "column 'recorded': the recorded date 2023-12-30 is outside" in problems_of(excinfo)[0]


def test_blank_dates_are_not_problems(audit_2024, tmp_path):
    assert import_sample(audit_2024, AUDITOR, sample(tmp_path, ["INC-1", "incident", "", "", "Log."])).added == 1


def test_an_audit_without_a_period_checks_only_that_dates_are_dates(audit, tmp_path):
    assert import_sample(audit, AUDITOR, sample(tmp_path, ["INC-1", "incident", "01/01/1999", "", "Log."])).added == 1


def test_skip_bad_rows_leaves_out_the_rows_with_bad_dates_and_reports_them(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "2024-03-01 10:00", "", "Log."],
                  ["INC-2", "incident", "not a date", "", "Log."], ["INC-3", "incident", "2019-01-01", "", "Log."])
    result = import_sample(audit_2024, AUDITOR, path, skip_bad_rows=True)
    assert result.added == 1 and [r.key for r in audit_2024.records()] == ["INC-1"]
    report = openpyxl.load_workbook(result.report, read_only=True)
    cells = [[c for c in row] for row in report.worksheets[0].iter_rows(values_only=True)]
    assert [row[1:3] for row in cells[1:]] == [[3, "reported"], [4, "reported"]]


def test_only_mapped_columns_are_checked(audit_2024, tmp_path):
    path = sample(tmp_path, ["INC-1", "incident", "not a date", "", "Log."])
    result = import_sample(audit_2024, AUDITOR, path, roles={"reported": None})
    assert result.added == 1 and result.plan.mapping.roles == {"recorded": "recorded"}


def test_a_column_named_for_a_role_is_checked_whatever_its_heading(audit_2024, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["key", "form", "Time of call"], ["INC-1", "incident", "yesterday"]])
    with pytest.raises(InputRejected) as excinfo:
        plan_import(audit_2024, path, roles={"reported": "Time of call"})
    assert "column 'Time of call': the reported value 'yesterday' is not a date" in problems_of(excinfo)[0]


def test_workbook_date_cells_are_dates(audit_2024, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["INC-1", "incident", dt.datetime(2024, 3, 14, 14, 2), dt.datetime(2024, 3, 15, 21, 2), "Log."])
    book.save(tmp_path / "s.xlsx")
    assert import_sample(audit_2024, AUDITOR, tmp_path / "s.xlsx").added == 1
