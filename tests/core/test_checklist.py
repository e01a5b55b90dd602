"""The checklist engine, on small inline forms (not the built-in checklists)."""

from __future__ import annotations

import pytest

from workbench.core.checklist import check_value, effective_answers, evaluate
from workbench.core.formcheck import check_form
from workbench.core.forms import form_from_dict

YES = "${auditable} = 'yes'"
FORM = form_from_dict(
    {
        "settings": {"form_id": "demo", "form_title": "Demo", "version": "1"},
        "survey": [
            {"type": "select_one yes_no", "name": "auditable", "label": "Auditable?", "required": "yes"},
            {"type": "select_one yes_no", "name": "has_items", "label": "Items?", "required": "yes", "relevant": YES},
            {"type": "begin_repeat", "name": "items", "label": "Item", "relevant": "${has_items} = 'yes'"},
            {"type": "select_one yes_no", "name": "ok", "label": "OK?", "required": "yes", "compliant": ". = 'yes'"},
            {"type": "text", "name": "why", "label": "Why not?", "required": "yes", "relevant": "${ok} = 'no'"},
            {"type": "text", "name": "remark", "label": "Remark", "relevant": "${score} > 3"},
            {"type": "end_repeat"},
            {"type": "begin_group", "name": "scoring", "label": "Scoring", "relevant": YES},
            {
                "type": "integer", "name": "score", "label": "Score", "required": "yes",
                "constraint": ". <= 10", "constraint_message": "At most 10.",
            },
            {"type": "text", "name": "detail", "label": "Detail", "required": "${score} > 5"},
            {"type": "end_group"},
            {"type": "text", "name": "rationale", "label": "Rationale", "required": "noncompliant()", "relevant": YES},
        ],
        "choices": [
            {"list_name": "yes_no", "name": "yes", "label": "Yes"},
            {"list_name": "yes_no", "name": "no", "label": "No"},
        ],
    }
)
TYPES = form_from_dict(
    {
        "settings": {"form_id": "types", "form_title": "Types", "version": "1"},
        "survey": [
            {"type": "select_one colour", "name": "one", "label": "One"},
            {"type": "select_multiple colour", "name": "many", "label": "Many"},
            {"type": "integer", "name": "whole", "label": "Whole"},
            {"type": "decimal", "name": "amount", "label": "Amount"},
            {"type": "date", "name": "day", "label": "Day"},
            {"type": "text", "name": "words", "label": "Words"},
        ],
        "choices": [
            {"list_name": "colour", "name": "red", "label": "Red"},
            {"list_name": "colour", "name": "blue", "label": "Blue"},
        ],
    }
)
#: A complete, compliant record with one item.
GOOD = {
    ("auditable", None): "yes",
    ("has_items", None): "yes",
    ("ok", 1): "yes",
    ("score", None): "2",
}


def item(state, name, instance=None):
    return next(i for i in state.items if (i.question.name, i.instance) == (name, instance))


def with_answers(**changes):
    """GOOD with answers changed; ``ok_2="no"`` means ``("ok", 2): "no"``, None removes."""
    answers = dict(GOOD)
    for key, value in changes.items():
        name, _, instance = key.rpartition("_") if key[-1].isdigit() else (key, "", "")
        answer_key = (name, int(instance) if instance else None)
        if value is None:
            answers.pop(answer_key, None)
        else:
            answers[answer_key] = value
    return answers


def test_the_test_forms_are_sound():
    assert check_form(FORM) == [] and check_form(TYPES) == []


# -- progress ---------------------------------------------------------------------


def test_a_record_without_answers_has_not_started():
    state = evaluate(FORM, {})
    assert state.progress == "not_started"
    assert state.compliant is None


def test_a_record_with_required_answers_missing_is_in_progress():
    state = evaluate(FORM, {("auditable", None): "yes"})
    assert state.progress == "in_progress"
    assert state.missing == (("has_items", None), ("score", None))


def test_a_record_with_every_required_answer_is_complete_and_compliant():
    state = evaluate(FORM, GOOD)
    assert (state.progress, state.complete, state.compliant) == ("complete", True, True)


def test_an_unauditable_record_is_complete_with_only_that_answer():
    state = evaluate(FORM, {("auditable", None): "no"})
    assert state.complete
    assert [i.question.name for i in state.items if i.relevant] == ["auditable"]


def test_empty_text_counts_as_unanswered():
    state = evaluate(FORM, with_answers(score=""))
    assert ("score", None) in state.missing


# -- relevance --------------------------------------------------------------------


def test_a_question_appears_when_its_condition_becomes_true():
    assert not item(evaluate(FORM, with_answers(ok_1="yes")), "why", 1).relevant
    assert item(evaluate(FORM, with_answers(ok_1="no")), "why", 1).relevant


def test_a_group_condition_applies_to_every_question_inside_it():
    state = evaluate(FORM, {("auditable", None): "no", ("score", None): "2"})
    assert not item(state, "score").relevant and not item(state, "detail").relevant


def test_a_question_whose_condition_refers_to_a_hidden_question_is_hidden():
    # has_items is answered "yes" but is hidden, so the items it opens are hidden too.
    state = evaluate(FORM, with_answers(auditable="no"))
    assert not item(state, "has_items").relevant
    assert not item(state, "ok", 1).relevant


def test_hidden_answers_are_kept_and_reported():
    state = evaluate(FORM, with_answers(auditable="no"))
    assert item(state, "score").value == "2"
    assert state.hidden_answers == (("has_items", None), ("ok", 1), ("score", None))


def test_hidden_answers_do_not_make_a_record_non_compliant():
    state = evaluate(FORM, with_answers(auditable="no", ok_1="no"))
    assert state.noncompliant == ()
    assert state.compliant is True


def test_effective_answers_leave_out_hidden_answers():
    answers = with_answers(ok_1="yes", why_1="kept for later")
    assert effective_answers(FORM, answers) == GOOD


# -- repeats ----------------------------------------------------------------------


def test_a_sibling_reference_means_the_same_instance():
    state = evaluate(FORM, with_answers(ok_1="yes", ok_2="no"))
    assert not item(state, "why", 1).relevant
    assert item(state, "why", 2).relevant


def test_a_reference_from_a_repeat_to_an_outside_question_uses_its_one_answer():
    state = evaluate(FORM, with_answers(ok_2="yes", score="5"))
    assert item(state, "remark", 1).relevant and item(state, "remark", 2).relevant


def test_the_number_of_instances_defaults_to_the_highest_instance_answered():
    state = evaluate(FORM, with_answers(ok_1=None, ok_3="yes"))
    assert state.instances["items"] == 3
    assert state.missing == (("ok", 1), ("ok", 2))


def test_items_list_a_repeat_instance_by_instance_in_form_order():
    state = evaluate(FORM, with_answers(ok_2="yes"))
    names = [(i.question.name, i.instance) for i in state.items]
    assert names[2:8] == [("ok", 1), ("why", 1), ("remark", 1), ("ok", 2), ("why", 2), ("remark", 2)]


def test_an_added_empty_instance_has_its_required_questions_missing():
    state = evaluate(FORM, GOOD, instances={"items": 2})
    assert state.missing == (("ok", 2),)


def test_answers_beyond_the_number_of_instances_are_hidden():
    state = evaluate(FORM, with_answers(ok_2="no"), instances={"items": 1})
    assert state.hidden_answers == (("ok", 2),)
    assert state.noncompliant == ()


def test_a_relevant_repeat_without_instances_counts_one_instance_missing():
    state = evaluate(FORM, with_answers(ok_1=None))
    assert state.instances["items"] == 0
    assert state.missing == (("ok", 1),)
    assert not any(i.question.repeat for i in state.items)


def test_a_repeat_that_does_not_apply_needs_no_instance():
    state = evaluate(FORM, with_answers(has_items="no", ok_1=None))
    assert state.complete


# -- required, constraints, values ------------------------------------------------


def test_required_can_be_an_expression():
    assert ("detail", None) in evaluate(FORM, with_answers(score="7")).missing
    assert ("detail", None) not in evaluate(FORM, with_answers(score="3")).missing


def test_the_missing_message_is_the_question_s_or_a_default():
    assert item(evaluate(FORM, with_answers(score=None)), "score").problem


def test_a_failing_constraint_makes_the_answer_invalid_with_its_message():
    state = evaluate(FORM, with_answers(score="11"))
    assert state.invalid == (("score", None),)
    assert item(state, "score").problem == "At most 10."
    assert state.progress == "in_progress"


def test_a_value_that_is_not_a_choice_is_invalid():
    state = evaluate(FORM, with_answers(ok_1="maybe"))
    assert state.invalid == (("ok", 1),)
    assert item(state, "ok", 1).compliant is None


# -- compliance -------------------------------------------------------------------


def test_an_answer_failing_its_compliant_rule_is_non_compliant():
    state = evaluate(FORM, with_answers(ok_1="no", why_1="x", rationale="because"))
    assert state.noncompliant == (("ok", 1),)
    assert item(state, "ok", 1).compliant is False
    assert state.compliant is False


def test_compliance_is_none_without_a_rule_or_an_answer():
    state = evaluate(FORM, with_answers(ok_2=""), instances={"items": 2})
    assert item(state, "score").compliant is None
    assert item(state, "ok", 2).compliant is None
    assert item(state, "ok", 1).compliant is True


def test_the_rationale_is_required_only_when_an_answer_is_non_compliant():
    assert ("rationale", None) not in evaluate(FORM, GOOD).missing
    state = evaluate(FORM, with_answers(ok_1="no", why_1="x"))
    assert state.missing == (("rationale", None),)


def test_a_non_compliant_record_is_complete_once_the_rationale_is_given():
    state = evaluate(FORM, with_answers(ok_1="no", why_1="x", rationale="explained"))
    assert (state.complete, state.compliant) == (True, False)


# -- check_value ------------------------------------------------------------------


def test_an_unknown_choice_lists_the_valid_ones():
    message = check_value(TYPES, "one", "green")
    assert message and "red, blue" in message


def test_a_multiple_choice_takes_names_separated_by_spaces():
    assert check_value(TYPES, "many", "red blue") is None
    assert "red, blue" in check_value(TYPES, "many", "red green")


@pytest.mark.parametrize(
    ("question", "good", "bad"),
    [("whole", "-12", "1.5"), ("amount", "12.50", "12,50"), ("day", "2024-02-29", "2023-02-29")],
)
def test_numbers_and_dates_are_checked(question, good, bad):
    assert check_value(TYPES, question, good) is None
    assert check_value(TYPES, question, bad)


def test_a_date_must_be_written_as_iso():
    assert check_value(TYPES, "day", "20240131")


def test_free_text_takes_anything():
    assert check_value(TYPES, "words", "any words at all, 12,50") is None


def test_a_value_problem_does_not_repeat_the_value():
    assert "Jane Doe" not in check_value(TYPES, "day", "Jane Doe")


def test_checking_a_question_the_form_does_not_have_is_a_key_error():
    with pytest.raises(KeyError):
        check_value(TYPES, "colour", "red")


def test_rationale_questions_are_those_required_by_noncompliance():
    from workbench.core.checklist import rationale_questions

    form = form_from_dict({
        "settings": {"form_id": "f", "form_title": "F", "version": "1"},
        "survey": [
            {"type": "select_one yn", "name": "ok", "label": "OK?", "required": "yes", "compliant": ". = 'yes'"},
            {"type": "text", "name": "why", "label": "Why", "required": "noncompliant()"},
            {"type": "text", "name": "ref", "label": "Ref"},
        ],
        "choices": [{"list_name": "yn", "name": "yes", "label": "Yes"}, {"list_name": "yn", "name": "no", "label": "No"}],
    })
    assert rationale_questions(form) == ("why",)


UNSURE = form_from_dict({
    "settings": {"form_id": "unsure", "form_title": "Unsure", "version": "1"},
    "survey": [
        {"type": "select_one yes_no_unable", "name": "crime", "label": "Crime?", "required": "yes"},
        {"type": "select_one yes_no_unable", "name": "timely", "label": "Timely?", "required": "yes",
         "compliant": ". != 'no'"},
        {"type": "text", "name": "note", "label": "Note"},
        {"type": "text", "name": "rationale", "label": "Rationale", "required": "noncompliant()"},
    ],
    "choices": [{"list_name": "yes_no_unable", "name": n, "label": n.capitalize()} for n in ("yes", "no", "unable")],
})


def test_an_unable_to_determine_answer_leaves_a_complete_record_out_of_the_compliance_count():
    state = evaluate(UNSURE, {("crime", None): "unable", ("timely", None): "yes"})
    assert state.complete
    assert state.undetermined == (("crime", None),)
    assert state.compliant is None


def test_a_non_compliant_answer_outweighs_an_unable_one():
    state = evaluate(UNSURE, {("crime", None): "unable", ("timely", None): "no", ("rationale", None): "late"})
    assert state.compliant is False


def test_the_word_unable_typed_as_text_is_an_answer_like_any_other():
    state = evaluate(UNSURE, {("crime", None): "yes", ("timely", None): "yes", ("note", None): "unable"})
    assert (state.undetermined, state.compliant) == ((), True)
