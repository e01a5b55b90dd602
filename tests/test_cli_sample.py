"""``workbench sample`` and ``workbench sample-size`` end to end, and their refusals in words."""

from __future__ import annotations

import re

import openpyxl
import pytest

from workbench.cli import main

from tests.factories import write_population

DRAW = ["--size", "20", "--seed", "2024", "--strata", "area", "--key-column", "incident_ref", "--as", "Tester"]


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "q3.cdiaudit"
    assert main(["new", str(path), "--title", "Q3 audit", "--as", "Tester"]) == 0
    return path


def test_sample_to_a_workbook_prints_the_strata_and_writes_both_sheets(tmp_path, capsys):
    out = tmp_path / "sample.xlsx"
    assert main(["sample", str(write_population(tmp_path)), *DRAW, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Drew 20 of 200 records from population.csv, stratified by area (proportional allocation), seed 2024." in printed
    assert re.search(r"^\s+North\s+80\s+8$", printed, re.M) and re.search(r"^\s+West\s+20\s+2$", printed, re.M)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sample", "Draw"] and book["Sample"].max_row == 21


def test_the_same_seed_writes_the_same_sample(tmp_path):
    population = write_population(tmp_path)
    for name in ("a.xlsx", "b.xlsx"):
        assert main(["sample", str(population), *DRAW, "-o", str(tmp_path / name)]) == 0
    keys = [[r[3] for r in openpyxl.load_workbook(tmp_path / n)["Sample"].iter_rows(min_row=2, values_only=True)]
            for n in ("a.xlsx", "b.xlsx")]
    assert keys[0] == keys[1] and len(keys[0]) == 20


def test_sample_into_an_audit_then_extend_it_then_verify(audit_path, tmp_path, capsys):
    population = write_population(tmp_path)
    assert main(["sample", str(population), *DRAW, "--into", str(audit_path), "--form", "incident"]) == 0
    assert "Added 20 record(s) of checklist incident to q3.cdiaudit (draw 1)." in capsys.readouterr().out
    assert main(["sample", str(population), "--into", str(audit_path), "--extend-to", "30", "--as", "Tester"]) == 0
    assert "Extended draw 1 to 30 records: 10 added to q3.cdiaudit; every record drawn before is kept." in capsys.readouterr().out
    assert main(["verify", str(audit_path)]) == 0
    assert main(["log", str(audit_path)]) == 0
    log = capsys.readouterr().out
    assert "drew 20 of 200 row(s) of population.csv as incident records, in 4 strata by area (proportional), seed 2024" in log
    assert "extended draw 1 by 10 record(s) to 30" in log


@pytest.mark.parametrize(("options", "words"), [
    (["--strata", "division"], "there is no column 'division' (--strata) (columns are: incident_ref, area, received, narrative)"),
    (["--size", "500"], "error: the sample size 500 is larger than the population (200 records)"),
    (["--key-column", "ref"], "there is no column 'ref' (--key-column)"),
    (["--rate", "North=85"], "error: --rate gives expected rates for the Neyman allocation: add --allocation neyman"),
    (["--strata", "area", "--allocation", "neyman", "--rate", "North=100"], "the expected rate of stratum 'North' must be between 0% and 100%"),
])
def test_refusals_are_sentences_with_exit_status_2(tmp_path, capsys, options, words):
    args = ["sample", str(write_population(tmp_path)), "--size", "20", "--seed", "1", "--key-column", "incident_ref",
            "-o", str(tmp_path / "s.xlsx"), *options]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "s.xlsx").exists()


def test_a_draw_without_a_seed_is_refused_proposing_one(tmp_path, capsys):
    assert main(["sample", str(write_population(tmp_path)), "--size", "5", "-o", str(tmp_path / "s.xlsx")]) == 2
    assert re.search(r"give a seed \(--seed S\) .* for example this fresh one: --seed \d+", capsys.readouterr().err)


def test_into_needs_a_checklist(audit_path, tmp_path, capsys):
    assert main(["sample", str(write_population(tmp_path)), *DRAW, "--into", str(audit_path)]) == 2
    assert "--into needs the checklist" in capsys.readouterr().err


def test_an_extension_takes_its_settings_from_the_first_draw(audit_path, tmp_path, capsys):
    population = write_population(tmp_path)
    main(["sample", str(population), *DRAW, "--into", str(audit_path), "--form", "incident"])
    assert main(["sample", str(population), "--into", str(audit_path), "--extend-to", "30", "--seed", "7"]) == 2
    assert "an extension uses the first draw's seed, columns and allocation; leave out --seed" in capsys.readouterr().err


def test_sample_size_prints_the_working_in_words(capsys):
    assert main(["sample-size", "--expected", "90", "--margin", "2", "--population", "5000"]) == 0
    out = capsys.readouterr().out
    assert "= 864.3, so 865 records before the finite population correction." in out
    assert "With a population of 5,000 records: n = n0 / (1 + (n0 - 1) / N) = 864.3 / (1 + 863.3 / 5,000) = 737.1, so 738 records." in out


def test_sample_size_without_a_population_says_how_to_correct(capsys):
    assert main(["sample-size", "--expected", "90%", "--margin", "2", "--confidence", "99"]) == 0
    out = capsys.readouterr().out
    assert "with 99% confidence (z = 2.576)" in out and "Give --population N" in out


def test_sample_size_refuses_an_unoffered_confidence(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["sample-size", "--expected", "90", "--margin", "2", "--confidence", "0.8"])
    assert exit_info.value.code == 2
    assert "the confidence must be 0.90, 0.95 or 0.99" in capsys.readouterr().err
