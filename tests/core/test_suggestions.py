"""Suggested answers: worked out from the mapped source columns, the rule kept as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core import suggestions as sg
from workbench.core.suggestions import duration_words, suggestions

ROLES = {"reported": "Reported at", "recorded": "Recorded at"}
TIMELY = {"timely": {"yes": "Yes", "no": "No", "unable": "Unable to determine"}}


def suggest(reported: str, recorded: str, limit: int = 24, questions=TIMELY, roles=ROLES):
    return suggestions({"Reported at": reported, "Recorded at": recorded}, roles, limit, questions).get("timely")


def test_recorded_over_the_limit_suggests_no_and_says_why():
    s = suggest("2024-03-14 14:02", "2024-03-15 21:02")
    assert s.value == "no"
    assert s.words == "Recorded 31 hours after the report: over the 24-hour limit: suggests No."


def test_recorded_within_the_limit_suggests_yes():
    assert suggest("2024-03-14 14:02", "2024-03-14 18:32").value == "yes"


def test_exactly_the_limit_is_within_it():
    assert suggest("2024-03-14 14:02", "2024-03-15 14:02").value == "yes"


def test_the_audits_own_limit_is_used():
    assert suggest("2024-03-14 14:02", "2024-03-15 21:02", limit=72).value == "yes"


def test_dates_without_times_suggest_only_when_every_time_of_day_agrees():
    assert suggest("2024-03-14", "2024-03-20").value == "no"      # at least five days
    undecided = suggest("2024-03-14", "2024-03-15")                # between 0 and 48 hours
    assert undecided.value is None and "time of day is missing" in undecided.words


def test_a_recording_before_the_report_suggests_nothing():
    s = suggest("2024-03-15 10:00", "2024-03-14 10:00")
    assert s.value is None and "before the report" in s.words


def test_a_missing_or_unreadable_time_suggests_nothing():
    assert suggest("2024-03-14 10:00", "").value is None
    assert suggest("not a date", "2024-03-14 10:00").value is None


def test_no_suggestion_without_both_roles_mapped():
    assert suggest("2024-03-14 10:00", "2024-03-20 10:00", roles={"reported": "Reported at"}) is None


def test_a_checklist_without_the_question_or_its_choices_gets_nothing():
    assert suggest("2024-03-14 10:00", "2024-03-20 10:00", questions={"recorded": {"yes": "Yes", "no": "No"}}) is None
    assert suggest("2024-03-14 10:00", "2024-03-20 10:00", questions={"timely": {"y": "Y", "n": "N"}}) is None


def test_the_rules_name_questions_and_choices_never_a_checklist():
    source = Path(sg.__file__).read_text(encoding="utf-8")
    for form_id in ("incident", "referral", "n100"):
        assert f'"{form_id}"' not in source
    assert {rule.question for rule in sg.RULES} == {"timely"}


@pytest.mark.parametrize("minutes, words", [
    (45, "45 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes"), (31 * 60, "31 hours"),
    (123 * 60, "5 days 3 hours (123 hours)"),
])
def test_durations_in_words(minutes, words):
    import datetime as dt

    assert duration_words(dt.timedelta(minutes=minutes)) == words
