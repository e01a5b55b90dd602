"""Reading checklists from TOML text: shape, row numbers and located errors."""

from __future__ import annotations

import pytest

from workbench.core.errors import FormError, Location
from workbench.core.formtext import form_from_tables, form_from_toml

GOOD = """\
[settings]
form_id = "demo"
form_title = "Demo checklist"
version = "2024.1"

[[survey]]
type = "select_one yes_no"
name = "auditable"
label = "Can this record be audited?"
required = "yes"

[[survey]]
type = "select_one yes_no"
name = "recorded"
label = "Was it recorded?"
relevant = "${auditable} = 'yes'"
compliant = ". = 'yes'"

[[choices]]
list_name = "yes_no"
name = "yes"
label = "Yes"

[[choices]]
list_name = "yes_no"
name = "no"
label = "No"
"""


def locations(excinfo: pytest.ExceptionInfo[FormError]) -> list[Location]:
    return [p.location for p in excinfo.value.problems]


def test_settings_become_the_form_identity():
    form = form_from_toml(GOOD)
    assert (form.form_id, form.title, form.version) == ("demo", "Demo checklist", "2024.1")


def test_each_survey_table_becomes_a_row_with_its_type_split():
    form = form_from_toml(GOOD)
    first = form.survey[0]
    assert (first.type, first.list_name, first.name) == ("select_one", "yes_no", "auditable")


def test_the_nth_survey_table_is_row_n_plus_one_as_in_a_workbook():
    form = form_from_toml(GOOD)
    assert [r.row for r in form.survey] == [2, 3]
    assert [c.row for c in form.choices] == [2, 3]


def test_the_compliant_column_is_read():
    form = form_from_toml(GOOD)
    assert form.question("recorded").spec.compliant == ". = 'yes'"


def test_numbers_and_booleans_read_as_text():
    text = GOOD.replace('version = "2024.1"', "version = 2024.1").replace('required = "yes"', "required = true")
    form = form_from_toml(text)
    assert form.version == "2024.1"
    assert form.survey[0].required == "yes"


def test_a_missing_choices_table_reads_as_no_choices():
    text = GOOD[: GOOD.index("[[choices]]")]
    assert form_from_toml(text).choices == ()


def test_invalid_toml_is_a_form_error_pointing_at_the_line():
    text = GOOD.replace('name = "recorded"', "name = recorded")
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text, what="demo.toml")
    assert excinfo.value.what == "demo.toml"
    [problem] = excinfo.value.problems
    assert problem.location.row == GOOD.splitlines().index('name = "recorded"') + 1
    assert "not valid TOML" in problem.message and problem.hint


def test_an_unknown_survey_column_is_located_by_sheet_row_and_column():
    text = GOOD.replace('compliant = ". = \'yes\'"', 'compliance = "x"')
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert locations(excinfo) == [Location("survey", 3, "compliance")]


def test_an_unknown_settings_key_is_located_in_the_settings_sheet():
    text = GOOD.replace('version = "2024.1"', 'version = "2024.1"\nstyle = "pages"')
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert locations(excinfo) == [Location("settings", 2, "style")]


def test_an_unknown_top_level_table_is_reported():
    with pytest.raises(FormError) as excinfo:
        form_from_toml(GOOD + "\n[extras]\nx = 'y'\n")
    assert locations(excinfo) == [Location(sheet="extras")]


def test_a_missing_survey_is_reported_as_a_missing_sheet():
    text = GOOD.replace("[[survey]]", "[[questions]]")
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert Location(sheet="survey") in locations(excinfo)


def test_a_cell_that_is_not_plain_text_is_a_bad_cell():
    text = GOOD.replace('label = "Was it recorded?"', 'label = ["Was", "it"]')
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert locations(excinfo) == [Location("survey", 3, "label")]


def test_an_unquoted_date_is_a_bad_cell():
    text = GOOD.replace('label = "Was it recorded?"', 'label = "Was it recorded?"\ndefault = 2024-01-31')
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert locations(excinfo) == [Location("survey", 3, "default")]


def test_survey_written_as_a_single_table_is_reported():
    text = "[settings]\nform_id = 'x'\n\n[survey]\ntype = 'text'\n"
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    [problem] = excinfo.value.problems
    assert problem.location == Location(sheet="survey") and "[[survey]]" in problem.hint


def test_every_problem_is_reported_at_once():
    text = GOOD.replace('compliant = ". = \'yes\'"', 'colour = "red"').replace(
        'label = "Yes"', 'label = "Yes"\nextra = "z"'
    )
    with pytest.raises(FormError) as excinfo:
        form_from_toml(text)
    assert locations(excinfo) == [Location("survey", 3, "colour"), Location("choices", 2, "extra")]


def test_tables_keep_the_row_numbers_they_are_given():
    form, problems = form_from_tables(
        {"form_id": "x", "form_title": "X", "version": "1"},
        [(2, {"type": "text", "name": "a"}), (5, {"type": "text", "name": "b"})],
        [],
    )
    assert problems == []
    assert [r.row for r in form.survey] == [2, 5]
