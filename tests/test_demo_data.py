"""The bundled synthetic demo audit (resources/demo/) is reproducible, coherent and clean.

resources/ is not a package, so the generator is loaded from its path.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

DEMO_DIR = Path(__file__).resolve().parents[1] / "resources" / "demo"
SCRIPT = DEMO_DIR / "make_demo.py"
SAMPLE = "demo-sample.xlsx"
ANSWERS = "demo-answers.csv"

HEADER = [
    "key", "form", "reference", "reported", "recorded", "area", "category",
    "summary", "narrative", "officer", "disposal_date", "offender_age",
]
FORMS = {
    "incident", "referral", "cancelled_crime", "n100",
    "caution", "pnd", "cannabis_warning", "community_resolution",
}
OOCD_FORMS = {"caution", "pnd", "cannabis_warning", "community_resolution"}
KEY_PATTERN = {
    "incident": r"INC-2024-\d{6}", "referral": r"REF-2024-\d{6}",
    "cancelled_crime": r"CAN-2024-\d{6}", "n100": r"N100-2024-\d{6}",
}
REPEAT_QUESTIONS = {
    "offence_group", "recorded", "crime_ref", "timely", "classified_ok",
    "recorded_as", "not_recorded_reason", "flags",
}

# Choice names from DOMAIN.md, "The built-in checklists".
YES_NO = {"yes", "no"}
YES_NO_UNABLE = {"yes", "no", "unable"}
CHOICES = {
    "auditable": YES_NO, "discloses_crime": YES_NO_UNABLE,
    "offence_group": {
        "violence_with_injury", "violence_without_injury", "stalking_harassment", "homicide",
        "rape", "other_sexual", "robbery", "burglary", "vehicle", "theft",
        "criminal_damage_arson", "drugs", "public_order", "weapons", "misc_society", "other",
    },
    "recorded": YES_NO, "timely": YES_NO_UNABLE, "classified_ok": YES_NO,
    "not_recorded_reason": {"not_recorded", "incident_only", "wrong_victim_count", "other"},
    "referring_agency": {"childrens_social_care", "health", "education", "other_force", "other"},
    "category": {"rape", "other_sexual", "violence", "robbery", "other"},
    "cancellation_code": {"C1", "C2", "C3", "C4", "other"},
    "decision_correct": YES_NO, "should_have_been": {"remain_recorded", "transfer", "other"},
    "authorised_correctly": YES_NO_UNABLE, "victim_to_inform": YES_NO, "victim_informed": YES_NO,
    "n100_correct": YES_NO, "rape_recorded": YES_NO,
    "history_suitable": YES_NO, "offender_informed": YES_NO, "victim_present": YES_NO,
    "victim_views": YES_NO, "admitted": YES_NO, "retail_theft": YES_NO,
    "value_under_limit": YES_NO, "adult": YES_NO, "outcome_appropriate": YES_NO,
}
MULTI_CHOICES = {"flags": {"domestic_abuse", "child_victim", "vulnerable_adult", "hate_crime", "modern_slavery"}}
TEXT_QUESTIONS = {"crime_ref", "recorded_as", "rationale"}
FORM_QUESTIONS = {
    "incident": {"auditable", "discloses_crime", "rationale"} | REPEAT_QUESTIONS,
    "referral": {"auditable", "referring_agency", "discloses_crime", "rationale"} | REPEAT_QUESTIONS,
    "cancelled_crime": {"auditable", "category", "cancellation_code", "decision_correct",
                        "should_have_been", "authorised_correctly", "victim_to_inform",
                        "victim_informed", "rationale"},
    "n100": {"auditable", "n100_correct", "rape_recorded", "timely", "rationale"},
    "caution": {"auditable", "history_suitable", "offender_informed", "victim_present",
                "victim_views", "admitted", "rationale"},
    "pnd": {"auditable", "history_suitable", "offender_informed", "victim_present",
            "victim_views", "retail_theft", "value_under_limit", "rationale"},
    "cannabis_warning": {"auditable", "history_suitable", "offender_informed", "adult", "rationale"},
    "community_resolution": {"auditable", "history_suitable", "victim_present", "victim_views",
                             "outcome_appropriate", "admitted", "rationale"},
}
# question -> (the question it depends on, the answer that makes it apply)
RELEVANCE = {
    "crime_ref": ("recorded", "yes"), "classified_ok": ("recorded", "yes"),
    "recorded_as": ("classified_ok", "no"), "not_recorded_reason": ("recorded", "no"),
    "victim_views": ("victim_present", "yes"), "value_under_limit": ("retail_theft", "yes"),
    "victim_informed": ("victim_to_inform", "yes"), "should_have_been": ("decision_correct", "no"),
    "rape_recorded": ("n100_correct", "no"),
}
NON_COMPLIANT = {
    "recorded", "timely", "classified_ok", "decision_correct", "authorised_correctly",
    "victim_informed", "n100_correct", "history_suitable", "offender_informed",
    "victim_views", "admitted", "adult", "value_under_limit", "outcome_appropriate",
}

UK_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b0\d{9,10}\b")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(scope="module")
def make_demo():
    # Registered in sys.modules while it runs: dataclasses look their module up there.
    spec = importlib.util.spec_from_file_location("cdi_demo_make_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def fresh(make_demo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    make_demo.generate(folder)
    return folder


def read_sheet(path: Path) -> list[tuple]:
    workbook = load_workbook(path)
    try:
        assert workbook.sheetnames == ["Sample"]
        return [tuple(row) for row in workbook["Sample"].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_answers(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    rows = read_sheet(DEMO_DIR / SAMPLE)
    return [dict(zip(rows[0], row)) for row in rows[1:]]


@pytest.fixture(scope="module")
def answers() -> list[dict]:
    return read_answers(DEMO_DIR / ANSWERS)


def test_generation_is_deterministic(make_demo, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        make_demo.generate(folder)
    assert read_sheet(first / SAMPLE) == read_sheet(second / SAMPLE)
    assert read_answers(first / ANSWERS) == read_answers(second / ANSWERS)
    assert (first / SAMPLE).read_bytes() == (second / SAMPLE).read_bytes()


def test_generator_functions_are_importable_and_pure(make_demo):
    import random

    one = make_demo.build_records(random.Random(7))
    two = make_demo.build_records(random.Random(7))
    assert [r["narrative"] for r in one] == [r["narrative"] for r in two]
    assert make_demo.build_answers(one, random.Random(3)) == make_demo.build_answers(two, random.Random(3))


def test_committed_files_equal_a_fresh_generation(fresh):
    assert read_sheet(DEMO_DIR / SAMPLE) == read_sheet(fresh / SAMPLE)
    assert read_answers(DEMO_DIR / ANSWERS) == read_answers(fresh / ANSWERS)


def test_sample_has_the_agreed_columns_and_forms(records):
    assert list(records[0]) == HEADER
    assert 50 <= len(records) <= 70
    assert {r["form"] for r in records} == FORMS
    keys = [r["key"] for r in records]
    assert len(keys) == len(set(keys))
    for record in records:
        pattern = KEY_PATTERN.get(record["form"], r"OOCD-2024-\d{6}")
        assert re.fullmatch(pattern, record["key"]), record["key"]


def test_sample_cell_types(records):
    for record in records:
        assert isinstance(record["reported"], dt.datetime)
        assert record["reported"].year == 2024
        assert record["recorded"] is None or isinstance(record["recorded"], dt.datetime)
        assert re.fullmatch(r"(PC|PS|DC|DS|PCSO) \d{3,4}", record["officer"])
        assert record["area"] and record["category"] and record["summary"]
        if record["form"] in OOCD_FORMS:
            assert isinstance(record["disposal_date"], dt.datetime)
            assert isinstance(record["offender_age"], int)
        else:
            assert record["disposal_date"] is None and record["offender_age"] is None


def test_some_narratives_are_long_timestamped_logs(records):
    long_logs = [r["narrative"] for r in records if len(r["narrative"]) > 3000]
    assert len(long_logs) >= 3
    for narrative in long_logs:
        assert re.match(r"\d{2}:\d{2} ", narrative)


def test_answer_rows_name_sample_records_and_use_instances_only_in_crimes(records, answers):
    forms = {r["key"]: r["form"] for r in records}
    assert list(answers[0]) == ["record", "question", "instance", "answer", "note"]
    for row in answers:
        assert row["record"] in forms
        assert row["question"] in FORM_QUESTIONS[forms[row["record"]]], row
        if row["question"] in REPEAT_QUESTIONS and forms[row["record"]] != "n100":
            assert row["instance"].isdigit() and int(row["instance"]) >= 1, row
        else:
            assert row["instance"] == "", row


def test_answers_use_the_domain_choice_names(answers):
    for row in answers:
        question, answer = row["question"], row["answer"]
        if question in CHOICES:
            assert answer in CHOICES[question], row
        elif question in MULTI_CHOICES:
            names = answer.split(" ")
            assert names and set(names) <= MULTI_CHOICES[question], row
        else:
            assert question in TEXT_QUESTIONS and answer.strip(), row


def _by_scope(answers: list[dict]) -> dict[tuple[str, str], dict[str, str]]:
    """Answers grouped by (record, instance); record-level answers under instance ''."""
    scopes: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in answers:
        scopes[(row["record"], row["instance"])][row["question"]] = row["answer"]
    return scopes


def test_answers_follow_the_relevance_rules(answers):
    scopes = _by_scope(answers)
    first = {}
    for row in answers:
        first.setdefault(row["record"], row["question"])
    assert set(first.values()) == {"auditable"}
    for (record, instance), given in scopes.items():
        top = scopes[(record, "")]
        if instance:
            assert top.get("discloses_crime") == "yes"
        if top["auditable"] == "no":
            assert given == {"auditable": "no"}
        for question, (depends_on, wanted) in RELEVANCE.items():
            if question in given:
                assert given.get(depends_on) == wanted, (record, instance, question)
        if "timely" in given:
            assert given.get("recorded", given.get("rape_recorded")) == "yes", (record, instance)


def test_non_compliant_records_carry_a_rationale(answers):
    scopes = _by_scope(answers)
    with_rationale = {record for (record, _), given in scopes.items() if "rationale" in given}
    for (record, _), given in scopes.items():
        if any(given.get(q) == "no" for q in NON_COMPLIANT):
            assert record in with_rationale, record


def test_about_two_thirds_answered_with_some_unauditable(records, answers):
    answered = {row["record"] for row in answers}
    assert 0.55 <= len(answered) / len(records) <= 0.75
    unauditable = {row["record"] for row in answers if row["question"] == "auditable" and row["answer"] == "no"}
    assert 1 <= len(unauditable) <= 3


@pytest.mark.parametrize("pattern", [UK_PHONE, POSTCODE, EMAIL], ids=["phone", "postcode", "email"])
def test_no_contact_details_in_the_text(records, answers, pattern):
    texts = [r[c] for r in records for c in ("narrative", "summary", "category", "area")]
    texts += [row["answer"] for row in answers] + [row["note"] for row in answers]
    found = [match.group(0) for text in texts for match in pattern.finditer(text)]
    assert found == []


def test_the_contact_detail_patterns_do_catch_examples():
    assert UK_PHONE.search("ring 07700 900123 now") and UK_PHONE.search("on 0161 496 0000")
    assert POSTCODE.search("at AB1 2CD today") and EMAIL.search("mail a.b@example.org")
    assert not UK_PHONE.search("crime 24/012345/24, log LG-20240314-0412 at 14:02")
