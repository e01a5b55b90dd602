"""Awkward real-world extracts, made by the tests: each gives the right records or the right error."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from workbench.core.errors import InputRejected
from workbench.io.tabular import open_sheet, preview_rows, read_table
from workbench.ops.importing import import_sample, problem_report_path

from tests.factories import AUDITOR, write_csv
from tests.io.sheets import SOFFICE, libreoffice_convert, write_ods, write_xlsx

TITLES = [["Fenlow Constabulary: incident extract (synthetic)"], ["Produced 2024-10-01 by the crime registrar's office"]]
HEADER = ["Incident ref", "Checklist", "Reported", "Area", "Narrative"]


def extract_rows() -> list[list[str]]:
    """Two title rows, the header, five incidents (INC-3 twice) and a totals row."""
    body = [[f"INC-{i}", "incident", f"2024-03-0{i} 10:00", "Fenlow Cross", f"Synthetic log {i}."] for i in range(1, 6)]
    body.insert(3, ["INC-3", "incident", "2024-03-03 11:00", "Hatherby", "A second log under the same reference."])
    return [*TITLES, HEADER, *body, ["Total", "", "", "", "6"]]


def test_a_csv_extract_with_titles_totals_and_a_duplicate_imports_its_good_rows(audit, tmp_path):
    path = write_csv(tmp_path / "extract.csv", extract_rows())
    result = import_sample(audit, AUDITOR, path, skip_bad_rows=True)
    assert (result.plan.table.header_row, result.plan.totals_rows) == (3, [10])
    assert [r.key for r in audit.records()] == ["INC-1", "INC-2", "INC-3", "INC-4", "INC-5"]
    report = openpyxl.load_workbook(problem_report_path(path)).active
    rows = list(report.iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Row", "Column", "Problem", "What to do")
    assert rows[1][1:3] == (7, "Incident ref") and "used again (first on row 6)" in rows[1][3]


def test_without_skipping_the_duplicate_rejects_the_whole_file(audit, tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "extract.csv", extract_rows()))
    assert [p.location.row for p in excinfo.value.problems] == [7] and audit.record_count() == 0


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_libreoffice_written_extract_imports_with_skip_bad_rows(audit, tmp_path, fmt):
    written = libreoffice_convert(write_csv(tmp_path / "extract.csv", extract_rows()), fmt, tmp_path)
    result = import_sample(audit, AUDITOR, written, skip_bad_rows=True)
    assert result.plan.table.header_row == 3 and result.plan.totals_rows == [10]
    assert [r.key for r in audit.records()] == ["INC-1", "INC-2", "INC-3", "INC-4", "INC-5"]
    assert audit.record("INC-1").fields["Reported"] == "2024-03-01 10:00"
    assert problem_report_path(written).exists() and result.plan.bad_rows == 1


def test_long_ids_and_leading_zeros_stay_as_written(tmp_path):
    rows = [["key", "form", "id", "code"], ["00968", "incident", 1234567890123456, "007"], ["INC-2", "incident", 12345678901234567890, "0"]]
    table = read_table(write_xlsx(tmp_path / "ids.xlsx", rows))
    assert table.rows[0][1] == ["00968", "incident", "1234567890123456", "007"]
    assert "E+" not in table.rows[1][1][2] and table.rows[1][1][2].startswith("1234567890123456")
    csv_table = read_table(write_csv(tmp_path / "ids.csv", [["key", "form"], ["00968", "incident"]]))
    assert csv_table.rows[0][1][0] == "00968"


@pytest.mark.parametrize("date_1904", [False, True], ids=["1900 dates", "1904 dates"])
def test_excel_serial_dates_read_in_both_date_systems(tmp_path, date_1904):
    rows = [["key", "reported", "recorded"], ["INC-1", dt.date(2024, 3, 14), dt.datetime(2024, 3, 14, 14, 2)], ["INC-2", dt.date(1904, 1, 5), dt.datetime(2000, 2, 29, 0, 0)]]
    path = write_xlsx(tmp_path / "dates.xlsx", rows, date_1904=date_1904)
    table = read_table(path)
    assert [cells[1:] for _, cells in table.rows] == [["2024-03-14", "2024-03-14 14:02"], ["1904-01-05", "2000-02-29"]]
    assert preview_rows(path)[1:] == [cells for _, cells in table.rows]


def test_formulas_are_read_as_their_cached_values_and_counted(tmp_path):
    rows = [["key", "form", "count", "label"], ["INC-1", "incident", ("=1+2", 3), ('="a"&"b"', "ab")], ["INC-2", "incident", 5, "x"]]
    table = read_table(write_xlsx(tmp_path / "formulas.xlsx", rows))
    assert table.rows[0][1][2:] == ["3", "ab"] and table.notes.formulas == 2


def test_a_merged_heading_names_each_of_its_columns(tmp_path):
    rows = [["key", "form", "", "", "narrative"], ["INC-1", "incident", "2024-03-01", "2024-03-02", "log"]]
    table = read_table(write_xlsx(tmp_path / "merged.xlsx", rows, merge="C1:D1=Dates"))
    assert table.header == ["key", "form", "Dates", "Dates (2)", "narrative"] and table.merged_headings


def test_blank_rows_are_skipped_and_counted(tmp_path):
    table = read_table(write_csv(tmp_path / "gaps.csv", [["key", "form"], ["A", "incident"], [], ["", ""], ["B", "incident"]]))
    assert [n for n, _ in table.rows] == [2, 5] and table.blank_rows == 2


def test_empty_and_duplicate_headings_are_named(tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        read_table(write_csv(tmp_path / "heads.csv", [["key", "", "Notes", "notes", "x"], ["A", "b", "c", "d", "e"]]))
    found = [str(p) for p in excinfo.value.problems]
    assert any("column B has no heading" in p for p in found) and any("'notes' appears twice (columns C and D)" in p for p in found)


def test_an_ods_sheet_is_read(tmp_path):
    path = write_ods(tmp_path / "s.ods", [["key", "form", "reported", "count"], ["INC-1", "incident", dt.date(2024, 3, 14), 3]])
    table = read_table(path)
    assert table.rows == [(2, ["INC-1", "incident", "2024-03-14", "3"])]


def test_control_characters_anywhere_are_removed_and_counted(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b"key,form,narrative\n" + b"".join(b"K%d,incident,fine\n" % i for i in range(500)) + b"LATE,incident,a\x00b\x1b[31mc\xc2\x85d\n")
    table = read_table(path)
    assert table.rows[-1][1][2] == "ab[31mcd" and table.notes.controls_removed == 3


def test_control_characters_in_rows_of_plain_ascii_are_removed_and_counted(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"key,form,narrative\nA,incident,fine\nB,incident,a\x00b\x7fc\td\n")
    table = read_table(path)
    assert table.rows == [(2, ["A", "incident", "fine"]), (3, ["B", "incident", "abc\td"])]
    assert table.notes.controls_removed == 2


@pytest.mark.parametrize("inside", [b"\r\n", b"\r"], ids=["CRLF", "lone CR"])
def test_a_carriage_return_inside_a_cell_of_a_windows_csv_becomes_a_newline(tmp_path, inside):
    path = tmp_path / "w.csv"
    path.write_bytes(b"key,form,narrative\r\nA,incident,fine\r\nB,incident,\"first" + inside + b"second\"\r\n")
    table = read_table(path)
    assert table.rows == [(2, ["A", "incident", "fine"]), (3, ["B", "incident", "first\nsecond"])]
    assert table.notes.controls_removed == 0


def test_windows_line_ends_alone_leave_every_cell_as_written(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b"key,form,narrative\r\nA,incident,  padded  \r\n")
    assert read_table(path).rows == [(2, ["A", "incident", "padded"])]


@pytest.mark.parametrize("line_end", [b"\r\n", b"\r"], ids=["CRLF", "old Mac CR"])
def test_a_csv_without_quotes_ends_its_lines_at_each_carriage_return_and_no_cell_holds_one(tmp_path, line_end):
    path = tmp_path / "w.csv"
    path.write_bytes(line_end.join([b"key,form,narrative", b"A,incident,one", b"B,incident,two", b""]))
    table = read_table(path)
    assert table.rows == [(2, ["A", "incident", "one"]), (3, ["B", "incident", "two"])]
    assert table.notes.controls_removed == 0


def test_xlsx_escapes_of_control_characters_are_removed(tmp_path):
    from tests.hostile.xlsx_parts import inline_row, sheet_xml, write_xlsx as write_parts

    path = write_parts(tmp_path / "esc.xlsx", sheet_xml(inline_row(1, ["key", "form"]) + inline_row(2, ["A_x0000_B_x001B_", "incident"]), "A1:B2"))
    table = read_table(path)
    assert table.rows[0][1][0] == "AB" and table.notes.controls_removed == 2


@pytest.mark.parametrize(("raw", "expected"), [
    ("Café,Zoë\n".encode("cp1252"), ["Café", "Zoë"]),
    ("\ufeffCafé,Zoë\n".encode("utf-8"), ["Café", "Zoë"]),
    ("Café,Zoë\n".encode("utf-16"), ["Café", "Zoë"]),
], ids=["windows-1252", "utf-8 with BOM", "utf-16"])
def test_a_csv_encoding_is_decided_from_the_file(tmp_path, raw, expected):
    path = tmp_path / "e.csv"
    path.write_bytes(raw)
    assert next(iter(open_sheet(path)))[1] == expected


def test_a_utf8_file_with_one_bad_byte_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("key,form,n\nA,incident,Café\n".encode() + b"B,incident,Caf\xe9\n")
    with pytest.raises(InputRejected) as excinfo:
        open_sheet(path)
    problem = excinfo.value.problems[0]
    assert problem.location.row == 3 and "export it again as CSV UTF-8" in problem.hint


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_detected(tmp_path, delimiter):
    path = tmp_path / "d.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([["key", "form", "narrative"], ["A", "incident", "one, two; three"]])
    assert read_table(path).rows[0][1] == ["A", "incident", "one, two; three"]


def test_a_quoted_first_cell_holding_a_quote_and_a_semicolon_does_not_make_the_semicolon_the_delimiter(tmp_path):
    path = tmp_path / "q.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["key", "form", "narrative"], ['";', "incident", "text"]])
    assert read_table(path).rows[0][1] == ['";', "incident", "text"]


def test_a_csv_line_of_more_separators_than_columns_could_ever_need_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("key,form\nINC-1,incident\n" + "," * 110_000 + "\nINC-2,incident\n", encoding="utf-8")
    with pytest.raises(InputRejected) as excinfo:
        read_table(path)
    problem = excinfo.value.problems[0]
    assert "separators" in problem.message and problem.location.row == 3


def test_the_longest_line_of_a_csv_is_measured_across_the_chunks_it_is_read_in(tmp_path, monkeypatch):
    from workbench.io import csv_text, guard

    monkeypatch.setattr(csv_text, "_CHUNK", 7)
    path = tmp_path / "lines.csv"
    path.write_bytes(b"ab\n" + b"x" * 30 + b"\nshort\n" + b"y" * 12)
    assert csv_text.examine(guard.check_source(path)).longest_line == 30


def test_the_lines_of_a_utf16_csv_are_not_measured_by_their_bytes(tmp_path):
    from workbench.io import csv_text, guard

    path = tmp_path / "wide16.csv"
    path.write_bytes("key,form\nĊĊ,incident\n".encode("utf-16"))   # (Ċ is 0x0A 0x01 in UTF-16)
    assert csv_text.examine(guard.check_source(path)).longest_line == 0
