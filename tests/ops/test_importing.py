"""Importing a sample: rows become records; bad files are rejected whole."""

from __future__ import annotations

import openpyxl
import pytest

from workbench.core.errors import InputRejected
from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, problems_of, sample_rows, write_csv, write_sample


def test_each_row_becomes_a_record_of_its_checklist(audit, tmp_path):
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 3))
    assert result.added == 3
    assert [(r.key, r.form_id) for r in audit.records()] == [("INC-0001", "incident"), ("INC-0002", "incident"), ("INC-0003", "incident")]


def test_a_record_keeps_its_source_fields_but_not_its_key_and_form(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    assert audit.record("INC-0001").fields == {"reported": "2024-03-02 10:00", "narrative": "Synthetic log entry 1."}


def test_records_point_at_the_frozen_checklist_version(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    record = audit.record("INC-0001")
    assert audit.form(record.form_id, record.form_version).form_id == "incident"


def test_importing_the_same_rows_again_adds_nothing(audit, tmp_path):
    path = write_sample(tmp_path, 3)
    import_sample(audit, AUDITOR, path)
    events = len(list(audit.events()))
    again = import_sample(audit, AUDITOR, path)
    assert (again.added, again.unchanged, audit.record_count()) == (0, 3, 3)
    assert len(list(audit.events())) == events


def test_a_dry_run_reports_but_writes_nothing(audit, tmp_path):
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 2), dry_run=True)
    assert (result.added, result.dry_run, audit.record_count()) == (2, True, 0)


def test_the_import_is_logged_with_the_files_digest(audit, tmp_path):
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 2))
    event = list(audit.events())[-1]
    assert (event.operation, event.action) == ("collection", "records.import")
    assert event.detail["sha256"] == result.plan.table.sha256 and event.detail["added"] == 2


def test_one_checklist_for_every_row(audit, tmp_path):
    path = write_csv(tmp_path / "pnd.csv", [["ref", "summary"], ["PND-1", "Retail theft"], ["PND-2", "Disorder"]])
    import_sample(audit, AUDITOR, path, form_id="pnd", key_column="ref")
    assert {r.form_id for r in audit.records()} == {"pnd"}


def test_an_xlsx_sheet_is_read_with_dates_as_dates(audit, tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sample"
    sheet.append(["key", "form", "reported", "count"])
    sheet.append(["INC-9", "incident", dt.datetime(2024, 3, 14, 14, 2), 3])
    book.save(tmp_path / "s.xlsx")
    import_sample(audit, AUDITOR, tmp_path / "s.xlsx", sheet="Sample")
    assert audit.record("INC-9").fields == {"reported": "2024-03-14 14:02", "count": "3"}


def test_every_problem_is_listed_with_its_row_and_column_and_nothing_is_imported(audit, tmp_path):
    rows = sample_rows(4)
    rows[2][0] = ""            # blank key on row 3
    rows[3][0] = "INC-0001"    # duplicate key on row 4
    rows[4][1] = "robbery"     # unknown checklist on row 5
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "bad.csv", rows))
    found = problems_of(excinfo)
    assert any("row 3, column 'key'" in p and "blank" in p for p in found)
    assert any("row 4, column 'key'" in p and "first on row 2" in p for p in found)
    assert any("row 5, column 'form'" in p and "no checklist 'robbery'" in p for p in found)
    assert audit.record_count() == 0


def test_a_key_already_used_for_a_different_record_is_refused(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 2))
    rows = sample_rows(2)
    rows[1][3] = "A different narrative."
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "changed.csv", rows))
    assert any("'INC-0001' is already in the audit with different content" in p for p in problems_of(excinfo))


def test_a_file_without_a_key_column_says_which_option_to_use(audit, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["log", "form"], ["L1", "incident"]])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, path)
    assert "--key-column" in problems_of(excinfo)[0]


def test_a_missing_sheet_lists_the_sheets_there_are(audit, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Incidents"
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, tmp_path / "s.xlsx", sheet="Sample")
    assert "sheets are: Incidents" in problems_of(excinfo)[0]


@pytest.mark.parametrize("content", [b"PK\x03\x04 this is not really a zip", b"\x00\x01\x02garbage"])
def test_a_damaged_workbook_is_rejected_with_advice(audit, tmp_path, content):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, path)
    assert "save it again" in problems_of(excinfo)[0]


def test_an_unsupported_file_type_is_named(audit, tmp_path):
    path = tmp_path / "sample.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputRejected, match="sample.xls") as excinfo:
        import_sample(audit, AUDITOR, path)
    assert "save it from Excel as .xlsx or .csv" in problems_of(excinfo)[0]


def test_duplicate_headings_are_reported(audit, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["key", "form", "Notes", "notes"], ["K", "incident", "a", "b"]])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, path)
    assert "appears twice (columns C and D)" in problems_of(excinfo)[0]


def test_a_windows_csv_is_read(audit, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("key,form,narrative\r\nINC-1,incident,Caf\xe9 window smashed\r\n".encode("cp1252"))
    import_sample(audit, AUDITOR, path)
    assert audit.record("INC-1").fields["narrative"] == "Café window smashed"


def test_an_over_long_cell_is_refused_not_cut(audit, tmp_path):
    path = write_csv(tmp_path / "s.csv", [["key", "form", "narrative"], ["INC-1", "incident", "x" * 40_000]])
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, path)
    assert "row 2, column 'narrative'" in problems_of(excinfo)[0] and "40,000 characters" in problems_of(excinfo)[0]


@pytest.mark.parametrize(("written", "meant"), [("referal", "referral"), ("Incident log", "incident"), ("INCIDENT", "incident")])
def test_a_near_miss_checklist_name_gets_a_suggestion(audit, tmp_path, written, meant):
    rows = sample_rows(1)
    rows[1][1] = written
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "s.csv", rows))
    assert excinfo.value.problems[0].hint.startswith(f"did you mean '{meant}'? checklists are: ")


def test_no_suggestion_when_nothing_is_close(audit, tmp_path):
    rows = sample_rows(1)
    rows[1][1] = "robbery"
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "s.csv", rows))
    assert excinfo.value.problems[0].hint.startswith("checklists are: ")


def test_an_import_written_in_several_batches_is_logged_as_one_and_verifies(audit, tmp_path, monkeypatch):
    from workbench.store import records
    from workbench.store.verify import verify

    monkeypatch.setattr(records, "_INSERT_BATCH", 2)
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 5))
    assert result.added == 5 and [r.position for r in audit.records()] == [1, 2, 3, 4, 5]
    assert not verify(audit).problems and len([e for e in audit.events() if e.action == "records.import"]) == 1
