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
