"""A checklist in the audit's words, and the time from a record's report to its crime record."""

from __future__ import annotations

from workbench.core.wording import elapsed, settings_words, with_audit_words
from workbench.ops.catalog import builtin_forms


def test_the_time_limit_in_a_label_is_the_audits():
    form = with_audit_words(builtin_forms()["incident"], settings_words(72))
    assert form.question("timely").spec.label == "Was it recorded within the audit's time limit of 72 hours?"
    assert builtin_forms()["incident"].question("timely").spec.label.endswith("{time_limit_hours} hours?")  # frozen as written


def test_a_form_without_braces_is_returned_as_it_is():
    form = builtin_forms()["caution"]
    assert with_audit_words(form, settings_words(24)) is form


def test_the_time_from_report_to_record_is_read_from_the_imported_fields():
    between = elapsed({"Reported": "2024-01-11 00:45", "Recorded": "2024-01-12 09:10:00", "area": "North"})
    assert between.hours == 32 + 25 / 60
    assert between.text(24) == ("Reported 2024-01-11 00:45, recorded 2024-01-12 09:10: 32 h 25 min later, outside the "
                                "audit's limit of 24 hours.")
    assert elapsed({"reported": "2024-01-11 00:45", "recorded": "2024-01-11 09:00"}).text(24).endswith(
        "within the audit's limit of 24 hours.")


def test_no_time_without_both_times():
    assert elapsed({"reported": "2024-01-11 00:45"}) is None
    assert elapsed({"reported": "2024-01-11", "recorded": "2024-01-12"}) is None  # dates alone cannot say
    assert elapsed({"reported": "soon", "recorded": "2024-01-12 10:00"}) is None


def test_a_record_made_before_its_report_is_pointed_out():
    between = elapsed({"reported": "2024-01-12 10:00", "recorded": "2024-01-11 10:00"})
    assert "BEFORE the report" in between.text(24)
