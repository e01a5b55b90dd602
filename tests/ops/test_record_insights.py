"""Beside a record: the time from report to recording, and suggestions from the mapped columns."""

from __future__ import annotations

from workbench.ops.importing import import_sample
from workbench.ops.record_insights import record_insights

from tests.factories import AUDITOR, make_audit, make_form, question, write_csv


def insights(store, key):
    record = store.record(key)
    return record_insights(store, record, store.form(record.form_id, record.form_version))


def imported(tmp_path, rows, **options):
    store = make_audit(tmp_path)
    path = write_csv(tmp_path / "s.csv", [["key", "form", "Reported at", "Recorded at"], *rows])
    import_sample(store, AUDITOR, path, **options)
    return store


def test_the_timeliness_suggestion_comes_from_the_imports_mapped_columns(tmp_path):
    with imported(tmp_path, [["INC-1", "incident", "14/03/2024 14:02", "15/03/2024 21:02"]]) as store:
        found = insights(store, "INC-1")
        assert found.suggestions["timely"].value == "no"
        assert found.timing == "Reported 14 Mar 2024 14:02 · recorded 15 Mar 2024 21:02: 31 hours after the report (limit 24 hours)"


def test_the_audits_time_limit_is_the_one_used(tmp_path):
    with imported(tmp_path, [["INC-1", "incident", "14/03/2024 14:02", "15/03/2024 21:02"]]) as store:
        store.update_settings(AUDITOR, store.settings().changed(time_limit_hours=72))
        assert insights(store, "INC-1").suggestions["timely"].value == "yes"


def test_a_record_without_a_recorded_time_says_so_and_suggests_nothing(tmp_path):
    with imported(tmp_path, [["INC-1", "incident", "14/03/2024 14:02", ""]]) as store:
        found = insights(store, "INC-1")
        assert found.timing == "Reported 14 Mar 2024 14:02; no recorded time"
        assert found.suggestions["timely"].value is None


def test_columns_not_mapped_give_no_timing_and_no_suggestion(tmp_path):
    rows = [["INC-1", "incident", "14/03/2024 14:02", "15/03/2024 21:02"]]
    with imported(tmp_path, rows, roles={"reported": None, "recorded": None}) as store:
        assert (insights(store, "INC-1").timing, insights(store, "INC-1").suggestions) == (None, {})


def test_any_checklist_with_a_timely_yes_no_question_gets_the_suggestion(tmp_path):
    store = make_audit(tmp_path)
    form = make_form("late_check", question("timely"))   # not a built-in checklist
    store.add_form(AUDITOR, form)
    path = write_csv(tmp_path / "s.csv", [["key", "reported", "recorded"], ["X-1", "2024-03-14 10:00", "2024-03-14 11:00"]])
    import_sample(store, AUDITOR, path, form_id="late_check")
    assert insights(store, "X-1").suggestions["timely"].value == "yes"
    store.close()


def test_a_suggestion_is_never_saved_as_an_answer(tmp_path):
    with imported(tmp_path, [["INC-1", "incident", "14/03/2024 14:02", "15/03/2024 21:02"]]) as store:
        insights(store, "INC-1")
        assert list(store.answers(record_key="INC-1")) == []
