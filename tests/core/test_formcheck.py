"""Checklist validation: each rule, with the broken cell located by sheet, row and column.

The base form below is sound; each test breaks one thing. Survey rows are numbered
as a workbook shows them: the first survey entry is row 2.
"""

from __future__ import annotations

import copy

import pytest

from workbench.core.errors import FormError
from workbench.core.formcheck import check_form, validate_form
from workbench.core.forms import form_from_dict

BASE = {
    "settings": {"form_id": "demo", "form_title": "Demo", "version": "1"},
    "survey": [
        {"type": "select_one yes_no", "name": "auditable", "label": "Auditable?", "required": "yes"},  # row 2
        {"type": "begin_repeat", "name": "items", "label": "Item", "relevant": "${auditable} = 'yes'"},  # 3
        {"type": "integer", "name": "count", "label": "Count", "constraint": ". >= 0", "default": "0"},  # 4
        {"type": "text", "name": "why", "label": "Why?", "relevant": "${count} > ${limit}"},  # 5
        {"type": "end_repeat"},  # 6
        {"type": "begin_group", "name": "extra", "label": "Extra", "relevant": "${auditable} = 'yes'"},  # 7
        {"type": "decimal", "name": "limit", "label": "Limit", "required": "${auditable} = 'yes'"},  # 8
        {"type": "note", "name": "info", "label": "Read this"},  # 9
        {"type": "end_group"},  # 10
        {"type": "text", "name": "rationale", "label": "Rationale", "required": "noncompliant()"},  # 11
    ],
    "choices": [
        {"list_name": "yes_no", "name": "yes", "label": "Yes"},  # row 2
        {"list_name": "yes_no", "name": "no", "label": "No"},  # 3
    ],
}


def broken(**cells_by_row):
    """The base form with survey cells replaced, e.g. ``broken(r4={"default": "x"})``."""
    data = copy.deepcopy(BASE)
    for key, cells in cells_by_row.items():
        data["survey"][int(key[1:]) - 2].update(cells)
    return data


def where(data) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.location.sheet, p.location.row, p.location.column) for p in check_form(form_from_dict(data))]


def messages(data) -> str:
    return " | ".join(p.message for p in check_form(form_from_dict(data)))


def test_the_base_form_is_sound():
    assert check_form(form_from_dict(BASE)) == []


def test_validate_form_returns_a_sound_form():
    form = form_from_dict(BASE)
    assert validate_form(form) is form


def test_validate_form_raises_one_error_listing_every_problem():
    data = broken(r11={"name": ""}, r9={"type": "photo"})
    with pytest.raises(FormError) as excinfo:
        validate_form(form_from_dict(data))
    assert [(p.location.row, p.location.column) for p in excinfo.value.problems] == [(9, "type"), (11, "name")]


def test_every_problem_says_what_to_do():
    data = broken(r2={"type": "photo"}, r4={"name": "a b"}, r5={"relevant": "${nope} ="})
    problems = check_form(form_from_dict(data))
    assert problems and all(p.hint for p in problems)


# -- settings -------------------------------------------------------------------------


def test_a_missing_form_id_is_reported_in_settings():
    data = copy.deepcopy(BASE)
    data["settings"]["form_id"] = ""
    assert where(data) == [("settings", 2, "form_id")]


def test_a_form_id_must_be_an_identifier():
    data = copy.deepcopy(BASE)
    data["settings"]["form_id"] = "my form"
    assert where(data) == [("settings", 2, "form_id")]


def test_the_version_must_not_be_empty():
    data = copy.deepcopy(BASE)
    data["settings"]["version"] = ""
    assert where(data) == [("settings", 2, "version")]


def test_missing_settings_are_all_reported():
    data = copy.deepcopy(BASE)
    del data["settings"]
    assert where(data) == [("settings", 2, "form_id"), ("settings", 2, "form_title"), ("settings", 2, "version")]


# -- types and names ---------------------------------------------------------------


def test_an_unknown_type_is_reported():
    assert where(broken(r9={"type": "geopoint"})) == [("survey", 9, "type")]


def test_a_select_needs_a_list_name():
    assert where(broken(r2={"type": "select_one"})) == [("survey", 2, "type")]


def test_a_select_must_name_an_existing_choice_list():
    data = broken(r2={"type": "select_one yes_no_maybe"})
    assert where(data) == [("survey", 2, "type")]
    assert "yes_no_maybe" in messages(data)


def test_select_options_after_the_list_name_are_not_supported():
    assert where(broken(r2={"type": "select_one yes_no or_other"})) == [("survey", 2, "type")]


def test_a_question_needs_a_name():
    assert where(broken(r11={"name": ""})) == [("survey", 11, "name")]


def test_a_name_must_be_an_identifier():
    assert where(broken(r11={"name": "the rationale"})) == [("survey", 11, "name")]


def test_a_repeated_name_is_reported_on_its_second_use():
    data = broken(r11={"name": "count"})
    assert where(data) == [("survey", 11, "name")]
    assert "row 4" in messages(data)


def test_a_question_needs_a_label():
    assert where(broken(r4={"label": ""})) == [("survey", 4, "label")]


def test_answer_columns_do_not_belong_on_a_note():
    assert where(broken(r9={"required": "yes"})) == [("survey", 9, "required")]


# -- structure ---------------------------------------------------------------------


def test_an_end_without_a_begin_is_reported():
    data = copy.deepcopy(BASE)
    data["survey"].append({"type": "end_group"})
    assert where(data) == [("survey", 12, "type")]


def test_an_unclosed_group_is_reported_at_its_begin_row():
    data = copy.deepcopy(BASE)
    del data["survey"][8]  # the end_group of row 10
    assert where(data) == [("survey", 7, "type")]


def test_an_end_of_the_wrong_kind_is_reported():
    assert ("survey", 10, "type") in where(broken(r10={"type": "end_repeat"}))


def test_a_repeat_inside_a_repeat_is_not_supported():
    data = copy.deepcopy(BASE)
    data["survey"][3:3] = [
        {"type": "begin_repeat", "name": "inner", "label": "Inner"},  # row 5
        {"type": "text", "name": "deep", "label": "Deep"},
        {"type": "end_repeat"},
    ]
    assert where(data) == [("survey", 5, "type")]
    assert "not supported" in messages(data)


# -- choices -----------------------------------------------------------------------


def test_a_choice_name_must_be_unique_within_its_list():
    data = copy.deepcopy(BASE)
    data["choices"].append({"list_name": "yes_no", "name": "yes", "label": "Yes again"})
    assert where(data) == [("choices", 4, "name")]


def test_the_same_choice_name_may_appear_in_different_lists():
    data = copy.deepcopy(BASE)
    data["choices"].append({"list_name": "other", "name": "yes", "label": "Yes"})
    assert check_form(form_from_dict(data)) == []


def test_a_choice_needs_a_name():
    data = copy.deepcopy(BASE)
    data["choices"][1]["name"] = ""
    assert where(data) == [("choices", 3, "name")]


def test_a_choice_name_may_not_contain_spaces():
    data = copy.deepcopy(BASE)
    data["choices"][1]["name"] = "not sure"
    assert where(data) == [("choices", 3, "name")]


# -- expressions -------------------------------------------------------------------


def test_an_expression_that_does_not_parse_is_reported_with_its_position():
    data = broken(r5={"relevant": "${count} > > 1"})
    assert where(data) == [("survey", 5, "relevant")]
    assert "character 12" in messages(data)


def test_a_reference_to_no_question_is_reported():
    data = broken(r5={"relevant": "${counted} > 1"})
    assert where(data) == [("survey", 5, "relevant")]
    assert "${counted}" in messages(data)


def test_a_reference_to_a_note_is_not_a_reference_to_a_question():
    assert where(broken(r5={"relevant": "${info} = 'x'"})) == [("survey", 5, "relevant")]


def test_a_relevant_condition_may_not_refer_to_its_own_question():
    data = broken(r5={"relevant": "${why} = ''"})
    assert where(data) == [("survey", 5, "relevant")]
    assert "itself" in messages(data)


def test_a_group_condition_may_not_refer_to_a_question_inside_it():
    assert where(broken(r7={"relevant": "${limit} > 1"})) == [("survey", 7, "relevant")]


def test_relevant_conditions_that_depend_on_each_other_are_reported():
    data = broken(r11={"relevant": "${limit} > 0"}, r8={"relevant": "${rationale} = 'x'"})
    assert ("survey", 8, "relevant") in where(data)
    assert "circle" in messages(data)


@pytest.mark.parametrize("column", ["relevant", "required"])
def test_the_current_answer_dot_is_only_for_constraint_and_compliant(column):
    assert where(broken(r8={column: ". > 1"})) == [("survey", 8, column)]


@pytest.mark.parametrize("column", ["constraint", "compliant"])
def test_the_current_answer_dot_is_allowed_in(column):
    assert check_form(form_from_dict(broken(r8={column: ". > 1"}))) == []


@pytest.mark.parametrize("cell", ["yes", "no", "true", "false()", "TRUE", "${auditable} = 'yes'"])
def test_required_may_be_a_literal_or_an_expression(cell):
    assert check_form(form_from_dict(broken(r11={"required": cell}))) == []


def test_required_that_is_neither_literal_nor_expression_is_reported():
    assert where(broken(r11={"required": "sometimes"})) == [("survey", 11, "required")]


def test_an_unknown_function_is_reported():
    data = broken(r11={"required": "anything_wrong()"})
    assert where(data) == [("survey", 11, "required")]
    assert "anything_wrong()" in messages(data)


def test_a_question_outside_a_repeat_may_not_refer_to_one_inside():
    data = broken(r11={"required": "${count} > 1"})
    assert where(data) == [("survey", 11, "required")]
    assert "repeat 'items'" in messages(data)


def test_a_question_inside_a_repeat_may_refer_to_siblings_and_outside_questions():
    data = broken(r5={"relevant": "${count} > ${limit} and ${auditable} = 'yes'"})
    assert check_form(form_from_dict(data)) == []


# -- defaults ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "default"),
    [("r4", "many"), ("r8", "1,5"), ("r2", "perhaps")],
)
def test_a_default_must_be_valid_for_the_type(row, default):
    assert where(broken(**{row: {"default": default}})) == [("survey", int(row[1:]), "default")]


def test_a_valid_default_for_a_select_is_accepted():
    assert check_form(form_from_dict(broken(r2={"default": "no"}))) == []
