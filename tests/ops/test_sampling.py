"""Drawing from a population file, and the sample workbook."""

from __future__ import annotations

import hashlib
import threading

import openpyxl
import pytest

from workbench.core.errors import InputRejected
from workbench.core.sampling import SamplingError
from workbench.ops.progress import Cancelled, Progress
from workbench.ops.sampling import SampleRequest, draw_sample, save_sample

from tests.factories import population_rows, write_csv, write_population


def request(path, size=20, seed=2024, **options) -> SampleRequest:
    options.setdefault("key_column", "incident_ref")
    return SampleRequest(path, size, seed, **options)


def drawn_keys(result) -> list[str]:
    return [u.key for u in result.draw.units]


def test_the_same_file_and_seed_give_the_same_sample(tmp_path):
    path = write_population(tmp_path)
    assert drawn_keys(draw_sample(request(path))) == drawn_keys(draw_sample(request(path)))


def test_a_stratified_draw_from_a_file_takes_each_areas_share(tmp_path):
    result = draw_sample(request(write_population(tmp_path), size=20, strata_column="area"))
    assert {h: (s.population, s.sampled) for h, s in result.draw.strata.items()} == {
        "East": (40, 4), "North": (80, 8), "South": (60, 6), "West": (20, 2)}
    assert (result.population_rows, result.key_column, result.strata_column) == (200, "incident_ref", "area")


def test_the_draw_records_the_files_name_and_hash(tmp_path):
    path = write_population(tmp_path)
    result = draw_sample(request(path))
    assert (result.file_name, result.sha256) == ("population.csv", hashlib.sha256(path.read_bytes()).hexdigest())


def test_the_drawn_rows_carry_their_cells(tmp_path):
    result = draw_sample(request(write_population(tmp_path), size=1))
    unit = result.draw.units[0]
    assert unit.payload[0] == unit.key and unit.payload[0] == f"INC-{unit.row - 1:06d}"


def test_a_windows_1252_file_is_read_again_in_its_encoding(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_bytes("incident_ref,area\n".encode() + "".join(f"K{i},Caf\u00e9 {i % 2}\n" for i in range(50)).encode("cp1252"))
    result = draw_sample(request(path, size=4, strata_column="area"))
    assert set(result.draw.strata) == {"Caf\u00e9 0", "Caf\u00e9 1"}


# -- refusals in words ----------------------------------------------------------------------------
def refused(path, **options) -> list[str]:
    with pytest.raises(InputRejected) as error:
        draw_sample(request(path, **options))
    return [str(p) for p in error.value.problems]


def test_an_unknown_strata_column_is_refused_listing_the_columns(tmp_path):
    assert refused(write_population(tmp_path), strata_column="division") == [
        "row 1: there is no column 'division' (--strata) (columns are: incident_ref, area, received, narrative)"]


def test_a_population_without_a_key_column_asks_for_one(tmp_path):
    problems = refused(write_population(tmp_path), key_column=None)
    assert "no column says which record each row is" in problems[0] and "--key-column" in problems[0]


def test_a_key_used_twice_is_named_with_both_rows(tmp_path):
    rows = population_rows(10)
    rows[7][0] = rows[3][0]
    assert refused(write_csv(tmp_path / "pop.csv", rows)) == [
        "row 8, column 'incident_ref': the key 'INC-000003' is used again (first on row 4) "
        "(every row of the population needs its own key)"]


def test_a_blank_key_is_named_with_its_row(tmp_path):
    rows = population_rows(10)
    rows[5][0] = "  "
    assert refused(write_csv(tmp_path / "pop.csv", rows)) == [
        "row 6, column 'incident_ref': the record key is blank (every row of the population needs its own key)"]


def test_a_sample_larger_than_the_population_is_refused(tmp_path):
    with pytest.raises(SamplingError, match=r"the sample size 500 is larger than the population \(200 records\)"):
        draw_sample(request(write_population(tmp_path), size=500))


def test_a_column_that_does_not_group_the_records_is_refused_as_strata(tmp_path):
    path = write_population(tmp_path, n=1001)  # every narrative differs
    with pytest.raises(SamplingError, match="the column 'narrative' has more than 1,000 different values"):
        draw_sample(request(path, strata_column="narrative"))


@pytest.mark.parametrize(("options", "words"), [
    ({"seed": -1}, "the seed must be a whole number"),
    ({"size": 0}, "the sample size must be a whole number from 1"),
    ({"allocation": "systematic"}, "unknown allocation"),
])
def test_impossible_requests_are_refused_before_the_file_is_read(tmp_path, options, words):
    with pytest.raises(SamplingError, match=words):
        draw_sample(request(tmp_path / "never-read.csv", **options))


def test_a_draw_can_be_cancelled_while_the_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr("workbench.ops.sampling.REPORT_EVERY_ROWS", 10)
    progress = Progress()
    progress._on_report = lambda stage, done, total: progress.cancel() if done >= 50 else None
    with pytest.raises(Cancelled):
        draw_sample(request(write_population(tmp_path)), progress)


# -- the sample workbook --------------------------------------------------------------------------
def test_the_sample_workbook_holds_the_drawn_rows_in_draw_order_and_the_draw(tmp_path):
    path = write_population(tmp_path)
    saved = save_sample(request(path, size=10, strata_column="area"), tmp_path / "sample.xlsx", "A. Auditor")
    book = openpyxl.load_workbook(saved.path)
    rows = list(book["Sample"].iter_rows(values_only=True))
    assert rows[0] == ("Draw order", "Stratum", "Rank in stratum", "incident_ref", "area", "received", "narrative")
    assert [r[3] for r in rows[1:]] == drawn_keys(saved.draw)
    assert [r[0] for r in rows[1:]] == list(range(1, 11))
    assert all(r[1] == r[4] for r in rows[1:])  # the stratum is the row's area
    details = {r[0]: r[1] for r in book["Draw"].iter_rows(values_only=True) if r[0]}
    assert details["SHA-256 of the file"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (details["Rows in the population"], details["Seed"], details["Strata column"]) == (200, "2024", "area")
    assert details["North"] == 80 and details["Drawn by"] == "A. Auditor"


def test_a_workbook_that_fails_half_written_leaves_the_earlier_file_as_it_was(tmp_path, monkeypatch):
    def fail_half_way(result, rows, path, marking):
        path.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr("workbench.io.sample_workbook.write_sample_workbook", fail_half_way)
    out = tmp_path / "sample.xlsx"
    out.write_bytes(b"earlier")
    with pytest.raises(OSError):
        save_sample(request(write_population(tmp_path)), out)
    assert out.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["population.csv", "sample.xlsx"]


def test_formula_like_text_in_the_population_is_written_as_text(tmp_path):
    rows = population_rows(3)
    rows[1][3] = "=HYPERLINK(\"http://x\")"
    saved = save_sample(request(write_csv(tmp_path / "pop.csv", rows), size=3), tmp_path / "s.xlsx")
    cells = [c for row in openpyxl.load_workbook(saved.path)["Sample"].iter_rows() for c in row]
    assert any(c.value == "=HYPERLINK(\"http://x\")" and c.data_type == "s" for c in cells)
    assert saved.notes and "quote prefix" in saved.notes[0]


def test_threads_are_not_left_running_after_a_draw(tmp_path):
    draw_sample(request(write_population(tmp_path)))
    assert not [t for t in threading.enumerate() if t.name == "population-sha256" and t.is_alive()]
