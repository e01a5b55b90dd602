"""Checklist files: TOML text and XLSForm workbooks, both ways, with located errors."""

from __future__ import annotations

import datetime as dt
import tomllib

import openpyxl
import pytest

from workbench.core.errors import FormError, Location
from workbench.core.forms import SURVEY_COLUMNS, form_from_dict
from workbench.io.formfiles import form_to_toml, load_form, read_xlsform, save_form

DEMO = {
    "settings": {"form_id": "demo", "form_title": "Demo checklist", "version": "2024.1"},
    "survey": [
        {"type": "select_one yes_no", "name": "auditable", "label": "Can it be audited?", "required": "yes"},
        {"type": "begin_repeat", "name": "crimes", "label": "Crime", "relevant": "${auditable} = 'yes'"},
        {"type": "select_one yes_no", "name": "recorded", "label": "Recorded?", "compliant": ". = 'yes'"},
        {"type": "end_repeat"},
        {"type": "date", "name": "seen", "label": "Seen on", "default": "2024-01-31"},
        {"type": "text", "name": "rationale", "label": "= why", "required": "noncompliant()"},
    ],
    "choices": [
        {"list_name": "yes_no", "name": "yes", "label": "Yes"},
        {"list_name": "yes_no", "name": "no", "label": "No"},
    ],
}


@pytest.fixture
def form():
    return form_from_dict(DEMO)


def workbook(path, survey_rows, headers=("type", "name", "label"), sheets=("survey", "choices", "settings")):
    """A small hand-made XLSForm, as an author would type it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    if "survey" in sheets:
        sheet = book.create_sheet("survey")
        sheet.append(list(headers))
        for row in survey_rows:
            sheet.append(row)
    if "choices" in sheets:
        choices = book.create_sheet("choices")
        choices.append(["list_name", "name", "label"])
    if "settings" in sheets:
        settings = book.create_sheet("settings")
        settings.append(["form_id", "form_title", "version"])
        settings.append(["demo", "Demo", "1"])
    book.save(path)
    return path


def test_toml_starts_with_settings_then_survey_then_choices(form):
    text = form_to_toml(form)
    assert text.startswith("[settings]\n")
    assert text.index("[[survey]]") < text.index("[[choices]]")
    assert text.count("[[survey]]") == len(DEMO["survey"])
    assert text.count("[[choices]]") == len(DEMO["choices"])


def test_toml_rows_hold_only_their_non_empty_columns_in_workbook_order(form):
    data = tomllib.loads(form_to_toml(form))
    recorded = data["survey"][2]
    assert list(recorded) == ["type", "name", "label", "compliant"]
    assert data["survey"][3] == {"type": "end_repeat"}
    for row in data["survey"]:
        assert list(row) == [c for c in SURVEY_COLUMNS if c in row]


def test_toml_text_round_trips_unchanged(form, tmp_path):
    path = tmp_path / "demo.toml"
    save_form(form, path)
    again = load_form(path)
    assert again == form
    assert form_to_toml(again) == path.read_text(encoding="utf-8")


def test_xlsx_round_trips_to_an_equal_form(form, tmp_path):
    path = tmp_path / "demo.xlsx"
    save_form(form, path)
    assert load_form(path) == form


def test_xlsx_export_has_the_three_xlsform_sheets_and_every_profile_column(form, tmp_path):
    path = tmp_path / "demo.xlsx"
    save_form(form, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    assert [c.value for c in book["survey"][1]] == list(SURVEY_COLUMNS)


def test_xlsx_export_keeps_text_starting_with_equals_as_text(form, tmp_path):
    path = tmp_path / "demo.xlsx"
    save_form(form, path)
    assert load_form(path).question("rationale").spec.label == "= why"


def test_xlsx_rows_keep_their_workbook_numbers_across_blank_rows(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [["text", "a", "A"], [None, None, None], ["text", "b", "B"]])
    assert [r.row for r in read_xlsform(path).survey] == [2, 4]


def test_xlsx_date_cells_read_as_iso_dates(tmp_path):
    headers = ("type", "name", "label", "default")
    path = workbook(tmp_path / "f.xlsx", [["date", "seen", "Seen", dt.datetime(2024, 1, 31)]], headers)
    assert read_xlsform(path).survey[0].default == "2024-01-31"


def test_xlsx_accepts_the_older_list_name_header(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook(path, [["text", "a", "A"]])
    book = openpyxl.load_workbook(path)
    book["choices"]["A1"] = "list name"
    book["choices"].append(["yes_no", "yes", "Yes"])
    book.save(path)
    assert read_xlsform(path).choices[0].list_name == "yes_no"


def test_xlsx_unknown_header_is_located_in_the_header_row(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [["text", "a", "A", "x"]], ("type", "name", "label", "label::French"))
    with pytest.raises(FormError) as excinfo:
        read_xlsform(path)
    assert [p.location for p in excinfo.value.problems] == [Location("survey", 1, "label::French")]


def test_xlsx_missing_survey_sheet_is_reported(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [], sheets=("choices", "settings"))
    with pytest.raises(FormError) as excinfo:
        read_xlsform(path)
    assert [p.location for p in excinfo.value.problems] == [Location(sheet="survey")]


def test_xlsx_formula_cell_is_a_bad_cell(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [["text", "a", '=CONCAT("A", "B")']])
    with pytest.raises(FormError) as excinfo:
        read_xlsform(path)
    [problem] = excinfo.value.problems
    assert problem.location == Location("survey", 2, "label")
    assert "formula" in problem.message


def test_xlsx_cell_without_a_header_is_a_bad_cell(tmp_path):
    path = workbook(tmp_path / "f.xlsx", [["text", "a", "A", "stray"]])
    with pytest.raises(FormError) as excinfo:
        read_xlsform(path)
    assert [p.location for p in excinfo.value.problems] == [Location("survey", 2, "D")]


def test_a_file_that_is_not_a_workbook_is_a_form_error(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(FormError) as excinfo:
        load_form(path)
    assert "Excel workbook" in excinfo.value.problems[0].message


def test_a_toml_file_that_is_not_utf8_is_a_form_error(tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes(b"[settings]\nform_title = '\xff'\n")
    with pytest.raises(FormError) as excinfo:
        load_form(path)
    assert "UTF-8" in excinfo.value.problems[0].message


@pytest.mark.parametrize("suffix", [".csv", ".xls", ""])
def test_other_suffixes_are_refused_when_loading(tmp_path, suffix):
    path = tmp_path / f"form{suffix}"
    path.write_text("x")
    with pytest.raises(FormError):
        load_form(path)


def test_other_suffixes_are_refused_when_saving(form, tmp_path):
    with pytest.raises(FormError):
        save_form(form, tmp_path / "form.json")
    assert list(tmp_path.iterdir()) == []
