"""Reading a population extract row by row: CSV and xlsx, their headers and their rows."""

from __future__ import annotations

import hashlib

import pytest

from workbench.core.errors import InputRejected
from workbench.io.population import NotUtf8, open_population

from tests.factories import write_csv


def rows_of(population) -> list[tuple[int, list[str]]]:
    return list(population.rows)


def test_a_csv_gives_its_header_and_numbered_rows(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["ref", "area"], ["A1", "North"], ["A2", "South"]])
    population = open_population(path)
    assert population.header == ["ref", "area"]
    assert rows_of(population) == [(2, ["A1", "North"]), (3, ["A2", "South"])]


def test_quoted_narratives_with_commas_quotes_and_line_breaks_stay_in_their_cell(tmp_path):
    narrative = 'Caller said "help", twice;\nofficers attended.'
    path = write_csv(tmp_path / "pop.csv", [["ref", "log"], ["A1", narrative], ["A2", "short"]])
    assert rows_of(open_population(path)) == [(2, ["A1", narrative]), (3, ["A2", "short"])]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_the_one_dividing_the_header(tmp_path, delimiter):
    path = tmp_path / "pop.csv"
    path.write_text(delimiter.join(["ref", "area", "log"]) + "\n" + delimiter.join(["A1", "North", "a, b"]) + "\n")
    assert rows_of(open_population(path)) == [(2, ["A1", "North", "a, b"])]


def test_the_hash_is_the_whole_files_sha256(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["ref"], *[[f"A{i}"] for i in range(1000)]])
    population = open_population(path)
    rows_of(population)
    assert population.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_title_rows_above_the_header_are_skipped_from_the_row_given(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["Incidents, March"], [], ["ref", "area"], ["A1", "North"]])
    population = open_population(path, header_row=3)
    assert (population.header, population.header_row, rows_of(population)) == (["ref", "area"], 3, [(4, ["A1", "North"])])


def test_short_rows_are_padded_and_blank_rows_skipped(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["ref", "area", "log"], ["A1"], [], ["A2", "South", "x"]])
    assert rows_of(open_population(path)) == [(2, ["A1", "", ""]), (4, ["A2", "South", "x"])]


def test_values_beyond_the_last_heading_are_a_problem_with_their_row(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["ref", "area"], ["A1", "North", "stray"], ["A2", "South"]])
    population = open_population(path)
    assert rows_of(population) == [(3, ["A2", "South"])]
    assert [str(p) for p in population.problems] == [
        "row 2: this row has values beyond the last column heading (add a heading for that column or delete the values)"]


def test_a_header_with_a_blank_or_repeated_heading_is_refused_naming_the_columns(tmp_path):
    path = write_csv(tmp_path / "pop.csv", [["ref", "", "Ref"], ["A1", "x", "y"]])
    with pytest.raises(InputRejected) as refused:
        open_population(path)
    messages = [p.message for p in refused.value.problems]
    assert messages == ["column B has no heading", "the heading 'Ref' appears twice (columns A and C)"]


def test_a_file_that_is_not_utf8_says_so_when_the_byte_is_reached(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_bytes("ref,area\nA1,Caf\u00e9\n".encode("cp1252"))
    with pytest.raises(NotUtf8):
        rows_of(open_population(path))
    assert rows_of(open_population(path, encoding="cp1252")) == [(2, ["A1", "Caf\u00e9"])]


def test_a_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputRejected) as refused:
        open_population(path)
    assert "binary data" in refused.value.problems[0].message


def test_an_xlsx_sheet_is_read_row_by_row_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Extract"
    for row in (["ref", "area", "count"], ["00968", "North", 3], ["A2", "South", 4.5]):
        book.active.append(row)
    book.save(tmp_path / "pop.xlsx")
    population = open_population(tmp_path / "pop.xlsx")
    assert (population.sheet, population.header) == ("Extract", ["ref", "area", "count"])
    assert rows_of(population) == [(2, ["00968", "North", "3"]), (3, ["A2", "South", "4.5"])]


def test_an_unknown_sheet_is_refused_listing_the_sheets(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Extract"
    book.save(tmp_path / "pop.xlsx")
    with pytest.raises(InputRejected) as refused:
        open_population(tmp_path / "pop.xlsx", sheet="Data")
    assert refused.value.problems[0].hint == "sheets are: Extract"


def test_other_files_are_refused_saying_what_to_save_them_as(tmp_path):
    (tmp_path / "pop.docx").write_bytes(b"x")
    with pytest.raises(InputRejected) as refused:
        open_population(tmp_path / "pop.docx")
    assert refused.value.problems[0].hint == "use an .xlsx, .ods or .csv file"


def test_a_fifo_is_refused_at_once_instead_of_waiting_forever(tmp_path):
    import os

    os.mkfifo(tmp_path / "pop.csv")
    with pytest.raises(InputRejected) as refused:
        open_population(tmp_path / "pop.csv")
    assert "FIFO" in str(refused.value.problems[0]) or "not a regular file" in str(refused.value.problems[0])
