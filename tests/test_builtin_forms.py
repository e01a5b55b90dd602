"""The built-in checklists in forms/: sound, round-trippable, and exactly DOMAIN.md's names."""

from __future__ import annotations

import pytest
from pyxform.xls2xform import convert

from workbench.core.checklist import evaluate
from workbench.core.formcheck import check_form
from workbench.io.formfiles import form_to_toml, load_form, save_form
from workbench.paths import forms_dir

FORM_FILES = sorted(p for p in forms_dir().iterdir() if p.is_file())

YES_NO = ["yes", "no"]
YES_NO_UNABLE = ["yes", "no", "unable"]
CRIME_QUESTIONS = [
    "discloses_crime", "offence_group", "recorded", "crime_ref", "timely",
    "classified_ok", "recorded_as", "not_recorded_reason", "flags",
]
CRIME_CHOICES = {
    "yes_no": YES_NO,
    "yes_no_unable": YES_NO_UNABLE,
    "offence_group": [
        "violence_with_injury", "violence_without_injury", "stalking_harassment", "homicide",
        "rape", "other_sexual", "robbery", "burglary", "vehicle", "theft",
        "criminal_damage_arson", "drugs", "public_order", "weapons", "misc_society", "other",
    ],
    "not_recorded_reason": ["not_recorded", "incident_only", "wrong_victim_count", "other", "recorded_after_audit"],
    "flags": ["domestic_abuse", "child_victim", "vulnerable_adult", "hate_crime", "modern_slavery"],
}
#: Every out-of-court disposal gained these in its next version (issue 12).
OOCD_ADDED = ["authorised_rank", "offence_suitable"]
OOCD_CHOICES = {"yes_no": YES_NO, "yes_no_unable": YES_NO_UNABLE}
#: form id -> (question names between auditable and rationale, choice names by list)
EXPECTED = {
    "incident": (CRIME_QUESTIONS, CRIME_CHOICES),
    "referral": (
        ["referring_agency", *CRIME_QUESTIONS],
        {
            **CRIME_CHOICES,
            "referring_agency": ["childrens_social_care", "health", "education", "other_force", "other"],
        },
    ),
    "cancelled_crime": (
        [
            "category", "cancellation_code", "avi_present", "decision_correct", "should_have_been",
            "rationale_recorded", "authorised_correctly", "victim_to_inform", "victim_informed",
        ],
        {
            "yes_no": YES_NO,
            "yes_no_unable": YES_NO_UNABLE,
            "category": ["rape", "other_sexual", "violence", "robbery", "other"],
            "cancellation_code": ["C1", "C2", "C3", "C4", "other"],
            "should_have_been": ["remain_recorded", "transfer", "other", "reclassify"],
        },
    ),
    "n100": (["n100_correct", "rape_recorded", "timely", "other_sexual_offence", "other_sexual_recorded"],
             {"yes_no": YES_NO, "yes_no_unable": YES_NO_UNABLE}),
    "caution": (
        ["history_suitable", "offender_informed", "victim_present", "victim_views", "admitted", *OOCD_ADDED],
        OOCD_CHOICES,
    ),
    "pnd": (
        ["history_suitable", "offender_informed", "victim_present", "victim_views", "retail_theft", "value_under_limit",
         *OOCD_ADDED],
        OOCD_CHOICES,
    ),
    "cannabis_warning": (["history_suitable", "offender_informed", "adult", *OOCD_ADDED, "admitted"], OOCD_CHOICES),
    "khat_warning": (["history_suitable", "offender_informed", "adult", *OOCD_ADDED, "admitted"], OOCD_CHOICES),
    "community_resolution": (
        ["history_suitable", "victim_present", "victim_views", "outcome_appropriate", "admitted", *OOCD_ADDED,
         "offender_informed"],
        OOCD_CHOICES,
    ),
}
#: Questions whose "no" is non-compliant, and the rule each carries.
COMPLIANT_RULES = {
    "recorded": ". = 'yes'",
    "timely": ". != 'no'",
    "classified_ok": ". = 'yes'",
    "decision_correct": ". = 'yes'",
    "authorised_correctly": ". != 'no'",
    "victim_informed": ". = 'yes'",
    "n100_correct": ". = 'yes'",
    "rape_recorded": ". = 'yes'",
    "history_suitable": ". = 'yes'",
    "offender_informed": ". = 'yes'",
    "victim_views": ". = 'yes'",
    "admitted": ". = 'yes'",
    "adult": ". = 'yes'",
    "value_under_limit": ". = 'yes'",
    "outcome_appropriate": ". = 'yes'",
    "rationale_recorded": ". = 'yes'",
    "other_sexual_recorded": ". = 'yes'",
    "offence_suitable": ". = 'yes'",
    "authorised_rank": ". != 'no'",
}
NOT_REQUIRED = {"crime_ref", "recorded_as", "flags"}
#: Questions added to a checklist's later version: optional, so that answers given under the earlier
#: version still make complete records (per form: "admitted" and "offender_informed" are added only
#: where the form had not asked them).
ADDED_OPTIONAL = {"cancelled_crime": {"avi_present", "rationale_recorded"}, "n100": {"other_sexual_offence"},
                  "caution": set(OOCD_ADDED), "pnd": set(OOCD_ADDED), "cannabis_warning": {*OOCD_ADDED, "admitted"},
                  "khat_warning": {*OOCD_ADDED, "admitted"},
                  "community_resolution": {*OOCD_ADDED, "offender_informed"}}
#: Each checklist's version: a changed wording is a new version (the out-of-court
#: disposals gained their findings words in 2024.2; every checklist gained the Counting
#: Rules questions of issue 12 in its next version).
VERSIONS = {"incident": "2024.2", "referral": "2024.2", "cancelled_crime": "2024.2", "n100": "2024.2",
            "caution": "2024.3", "pnd": "2024.3", "cannabis_warning": "2024.3", "community_resolution": "2024.3",
            "khat_warning": "2024.2"}
#: The forms with a yes / no / unable list, and those with the flags question (every assertion about them runs).
FORMS_WITH_UNABLE = sorted(f for f, (_questions, choices) in EXPECTED.items() if "yes_no_unable" in choices)
FORMS_WITH_FLAGS = sorted(f for f, (questions, _choices) in EXPECTED.items() if "flags" in questions)
FORM_FILE_OF = {p.stem: p for p in FORM_FILES}


@pytest.fixture(params=FORM_FILES, ids=lambda p: p.name)
def form_file(request):
    return request.param


@pytest.fixture
def form(form_file):
    return load_form(form_file)


def test_forms_folder_holds_exactly_the_domain_checklists():
    assert sorted(p.stem for p in FORM_FILES) == sorted(EXPECTED)
    assert all(p.suffix == ".toml" for p in FORM_FILES)


def test_builtin_form_loads_and_validates_without_problems(form, form_file):
    assert check_form(form) == []
    assert form.form_id == form_file.stem
    assert form.version == VERSIONS[form.form_id]


def test_builtin_form_toml_round_trips_to_identical_text(form, form_file):
    assert form_to_toml(form) == form_file.read_text(encoding="utf-8")


def test_builtin_form_round_trips_through_xlsx(form, tmp_path):
    path = tmp_path / "form.xlsx"
    save_form(form, path)
    assert load_form(path) == form


def test_pyxform_accepts_the_xlsx_export(form, tmp_path):
    path = tmp_path / f"{form.form_id}.xlsx"
    save_form(form, path)
    result = convert(xlsform=str(path))
    assert f'id="{form.form_id}"' in result.xform


def test_builtin_form_has_exactly_the_domain_question_names(form):
    questions, _ = EXPECTED[form.form_id]
    assert [q.name for q in form.questions()] == ["auditable", *questions, "rationale"]


def test_builtin_form_has_exactly_the_domain_choice_names(form):
    _, choices = EXPECTED[form.form_id]
    lists = {c.list_name: [] for c in form.choices}
    for c in form.choices:
        lists[c.list_name].append(c.name)
    assert lists == choices


def test_auditable_is_a_required_yes_no_question(form):
    auditable = form.question("auditable").spec
    assert (auditable.type, auditable.list_name, auditable.required) == ("select_one", "yes_no", "yes")


def test_the_forms_with_unable_and_flags_are_the_ones_expected():
    loaded = {f: load_form(path) for f, path in FORM_FILE_OF.items()}
    assert FORMS_WITH_UNABLE == ["cancelled_crime", "cannabis_warning", "caution", "community_resolution", "incident",
                                 "khat_warning", "n100", "pnd", "referral"]
    assert FORMS_WITH_FLAGS == ["incident", "referral"]
    assert sorted(f for f, form in loaded.items() if form.choice_list("yes_no_unable")) == FORMS_WITH_UNABLE
    assert sorted(f for f, form in loaded.items() if "flags" in [q.name for q in form.questions()]) == FORMS_WITH_FLAGS


@pytest.mark.parametrize("form_id", FORMS_WITH_UNABLE)
def test_unable_reads_unable_to_determine(form_id):
    form = load_form(FORM_FILE_OF[form_id])
    assert form.choice_label("yes_no_unable", "unable") == "Unable to determine"


def test_everything_after_auditable_depends_on_an_earlier_answer(form):
    # Either directly on auditable = yes or on a question that does (see the engine
    # test below for the effect); rationale is asked whenever the record is auditable.
    for q in form.questions()[1:]:
        assert q.spec.relevant or q.relevant_chain, q.name
    assert form.question("rationale").spec.relevant == "${auditable} = 'yes'"


def test_crime_questions_sit_in_the_crimes_repeat(form):
    repeats = form.repeats()
    if "discloses_crime" not in [q.name for q in form.questions()]:
        assert repeats == {}
        return
    assert repeats["crimes"].label == "Crime that should have been recorded"
    inside = [q.name for q in form.questions() if q.repeat == "crimes"]
    assert inside == CRIME_QUESTIONS[1:]


@pytest.mark.parametrize("form_id", FORMS_WITH_FLAGS)
def test_flags_is_an_optional_multiple_choice(form_id):
    flags = load_form(FORM_FILE_OF[form_id]).question("flags").spec
    assert (flags.type, flags.required) == ("select_multiple", "")


def test_questions_are_required_except_free_text_flags_and_those_added_to_a_later_version(form):
    for q in form.questions():
        if q.name == "rationale":
            assert q.spec.required == "noncompliant()"
        elif q.name in NOT_REQUIRED or q.name in ADDED_OPTIONAL.get(form.form_id, ()):
            assert q.spec.required == "", q.name
        else:
            assert q.spec.required == "yes", q.name


def test_compliant_rules_sit_exactly_on_the_questions_whose_no_is_non_compliant(form):
    rules = {q.name: q.spec.compliant for q in form.questions() if q.spec.compliant}
    names = {q.name for q in form.questions()}
    assert rules == {n: r for n, r in COMPLIANT_RULES.items() if n in names}


def test_an_unauditable_record_needs_no_other_answer(form):
    answers = {("auditable", None): "no"}
    for q in form.questions()[1:]:
        answers[(q.name, 1 if q.repeat else None)] = "no"
    state = evaluate(form, answers)
    assert state.complete and state.compliant is True
    assert [i.question.name for i in state.items if i.relevant] == ["auditable"]


def test_an_auditable_record_asks_for_the_rationale_only_when_non_compliant(form):
    answers = {("auditable", None): "yes"}
    for q in form.questions()[1:-1]:
        first = form.choice_list(q.spec.list_name)[0].name if q.spec.list_name else "x"
        answers[(q.name, 1 if q.repeat else None)] = first
    assert evaluate(form, answers).compliant is True
    rule_question = next(q for q in form.questions() if q.spec.compliant)
    answers[(rule_question.name, 1 if rule_question.repeat else None)] = "no"
    assert ("rationale", None) in evaluate(form, answers).missing


def test_shared_questions_are_labelled_alike_across_forms():
    labels: dict[str, set[str]] = {}
    for path in FORM_FILES:
        for q in load_form(path).questions():
            labels.setdefault(q.name, set()).add(q.spec.label)
    assert {name: texts for name, texts in labels.items() if len(texts) > 1} == {}
