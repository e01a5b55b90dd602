"""``workbench import``: it says which header row it took, what it skipped, and can skip bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main

from tests.factories import write_csv

ROWS = [
    ["Fenlow Constabulary: incident extract (synthetic)"], ["Produced 2024-10-01"],
    ["Incident ref", "Checklist", "Narrative"],
    ["INC-1", "incident", "First log."], ["INC-2", "incident", "Second log."], ["INC-1", "incident", "Same reference again."],
    ["Total", "", "3"],
]


@pytest.fixture
def audit_path(tmp_path) -> Path:
    path = tmp_path / "q3.cdiaudit"
    assert main(["new", str(path), "--title", "Q3 audit", "--as", "Tester"]) == 0
    return path


def test_the_header_row_under_titles_is_found_and_said(audit_path, tmp_path, capsys):
    rows = [r for r in ROWS if r[0] != "INC-1" or r[2] == "First log."]
    assert main(["import", str(audit_path), str(write_csv(tmp_path / "x.csv", rows)), "--as", "Tester"]) == 0
    out = capsys.readouterr().out
    assert "Header on row 3 (rows 1-2 are titles)." in out and "Skipped the totals row at the end: row 6." in out
    assert "Added 2 record(s)" in out


def test_a_dry_run_lists_every_problem_and_writes_nothing(audit_path, tmp_path, capsys):
    path = write_csv(tmp_path / "x.csv", ROWS)
    assert main(["import", str(audit_path), str(path), "--skip-bad-rows", "--dry-run", "--as", "Tester"]) == 0
    out = capsys.readouterr().out
    assert "Would skip 1 bad row(s)" in out and "row 6, column 'Incident ref': the key 'INC-1' is used again" in out
    assert not (tmp_path / "x-import-problems.xlsx").exists()


def test_skip_bad_rows_imports_the_rest_and_writes_the_report_beside_the_file(audit_path, tmp_path, capsys):
    path = write_csv(tmp_path / "x.csv", ROWS)
    assert main(["import", str(audit_path), str(path), "--skip-bad-rows", "--as", "Tester"]) == 0
    out = capsys.readouterr().out
    assert "Added 2 record(s)" in out and "Skipped 1 bad row(s)" in out and "x-import-problems.xlsx" in out
    assert (tmp_path / "x-import-problems.xlsx").exists()


def test_without_skip_bad_rows_the_file_is_rejected_whole(audit_path, tmp_path, capsys):
    assert main(["import", str(audit_path), str(write_csv(tmp_path / "x.csv", ROWS)), "--as", "Tester"]) == 2
    assert "row 6, column 'Incident ref'" in capsys.readouterr().err


# -- mapping profiles and re-imports --------------------------------------------------------

EXTRACT = [["Incident ref", "Type", "Reported at", "Log"], ["INC-1", "incident", "01/03/2024 10:00", "First log."]]


def test_save_profile_then_a_file_with_the_same_headings_says_it_uses_it(audit_path, tmp_path, capsys):
    first = write_csv(tmp_path / "jan.csv", EXTRACT)
    assert main(["import", str(audit_path), str(first), "--form-column", "Type", "--save-profile", "STORM monthly",
                 "--as", "Tester"]) == 0
    assert "Saved the mapping as the profile 'STORM monthly'" in capsys.readouterr().out
    reordered = [[row[i] for i in (3, 2, 1, 0)] for row in EXTRACT]
    reordered[1] = ["Second log.", "02/03/2024 10:00", "incident", "INC-2"]
    assert main(["import", str(audit_path), str(write_csv(tmp_path / "feb.csv", reordered)), "--as", "Tester"]) == 0
    out = capsys.readouterr().out
    assert "Using the mapping profile 'STORM monthly': its headings are this file's." in out and "Added 1 record(s)" in out


def test_profiles_lists_each_profile_and_its_columns(audit_path, tmp_path, capsys):
    main(["import", str(audit_path), str(write_csv(tmp_path / "jan.csv", EXTRACT)), "--form-column", "Type",
          "--save-profile", "STORM monthly", "--as", "Tester"])
    capsys.readouterr()
    assert main(["profiles", str(audit_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("STORM monthly  (saved by Tester") and "key: Incident ref; checklist: column Type; reported: Reported at" in out


def test_profiles_says_how_to_make_one_when_there_is_none(audit_path, capsys):
    assert main(["profiles", str(audit_path)]) == 0
    assert "--save-profile NAME" in capsys.readouterr().out


def test_a_rejected_file_still_says_which_profile_it_was_read_with(audit_path, tmp_path, capsys):
    main(["import", str(audit_path), str(write_csv(tmp_path / "jan.csv", EXTRACT)), "--form-column", "Type",
          "--save-profile", "STORM monthly", "--as", "Tester"])
    capsys.readouterr()
    bad = [EXTRACT[0], ["INC-2", "incident", "not a date", "Log."]]
    assert main(["import", str(audit_path), str(write_csv(tmp_path / "feb.csv", bad)), "--as", "Tester"]) == 2
    err = capsys.readouterr().err
    assert "Using the mapping profile 'STORM monthly'" in err
    assert "row 2, column 'Reported at': the reported value 'not a date' is not a date" in err


def test_skip_bad_rows_keeps_an_answered_record_and_says_so(audit_path, tmp_path, capsys):
    main(["import", str(audit_path), str(write_csv(tmp_path / "jan.csv", EXTRACT)), "--form-column", "Type", "--as", "Tester"])
    main(["answers", str(audit_path), str(write_csv(tmp_path / "a.csv", [["record", "question", "instance", "answer", "note"],
                                                                         ["INC-1", "auditable", "", "yes", ""]])), "--as", "Tester"])
    capsys.readouterr()
    changed = [EXTRACT[0], ["INC-1", "incident", "01/03/2024 10:00", "First log, corrected."]]
    assert main(["import", str(audit_path), str(write_csv(tmp_path / "feb.csv", changed)), "--form-column", "Type",
                 "--skip-bad-rows", "--as", "Tester"]) == 0
    out = capsys.readouterr().out
    assert "1 record(s) already answered have different values in this file: they were kept as they are and marked " \
           "'source changed since review'" in out
    assert main(["verify", str(audit_path)]) == 0
