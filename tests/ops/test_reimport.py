"""Re-importing a file: identical rows add nothing; a changed row never overwrites a record already answered."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputRejected
from workbench.core.records import record_digest
from workbench.ops.answering import answer
from workbench.ops.importing import import_notes, import_sample, plan_import
from workbench.ops.record_insights import record_insights
from workbench.store.verify import verify

from tests.factories import AUDITOR, sample_rows, write_csv, write_sample


def changed_file(tmp_path, name="changed.csv", **narratives: str):
    """The three-row sample with the narrative of some keys changed (``INC_0001="..."``)."""
    rows = sample_rows(3)
    for row in rows[1:]:
        row[3] = narratives.get(row[0].replace("-", "_"), row[3])
    return write_csv(tmp_path / name, rows)


@pytest.fixture
def imported(audit, tmp_path):
    """Three records, INC-0001 answered, the others not."""
    import_sample(audit, AUDITOR, write_sample(tmp_path, 3))
    answer(audit, AUDITOR, "INC-0001", "auditable", "yes")
    return audit


def test_without_accepting_changes_a_changed_row_is_refused_with_what_to_do(imported, tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="A new log."))
    [problem] = excinfo.value.problems
    assert "'INC-0001' is already in the audit with different content" in str(problem) and "--skip-bad-rows" in problem.hint


def test_an_answered_record_keeps_its_values_and_the_new_row_is_kept_beside_it(imported, tmp_path):
    before = imported.record("INC-0001")
    result = import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="A new log."), skip_bad_rows=True)
    assert (result.added, result.noted, result.replaced) == (0, 1, 0)
    assert imported.record("INC-0001").fields == before.fields
    kept = imported.pending_source_change("INC-0001")
    assert kept.fields["narrative"] == "A new log." and kept.file_name == "changed.csv" and kept.source_row == 2


def test_the_change_is_logged_with_the_old_and_new_digests_only(imported, tmp_path):
    old = imported.record("INC-0001")
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="A new log."), skip_bad_rows=True)
    event = list(imported.events())[-1]
    assert event.action == "record.source_change"
    assert event.detail["old_digest"] == old.content_digest()
    assert event.detail["new_digest"] == record_digest(old.key, old.form_id, old.form_version,
                                                       {**old.fields, "narrative": "A new log."})
    assert event.detail["fields"] == ["narrative"] and "A new log." not in str(event.detail)
    assert verify(imported).ok


def test_the_notes_count_the_records_kept_and_those_that_took_the_new_values(imported, tmp_path):
    plan = plan_import(imported, changed_file(tmp_path, INC_0001="New.", INC_0002="New too."), skip_bad_rows=True)
    notes = " ".join(import_notes(plan))
    assert "1 record(s) already answered have different values" in notes and "source changed since review" in notes
    assert "1 record(s) not yet answered have different values" in notes


def test_a_record_not_yet_answered_takes_the_new_values(imported, tmp_path):
    old = imported.record("INC-0002")
    result = import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0002="A corrected log."), skip_bad_rows=True)
    assert (result.noted, result.replaced) == (0, 1)
    assert imported.record("INC-0002").fields["narrative"] == "A corrected log."
    event = list(imported.events())[-1]
    assert event.action == "record.source_replace" and event.detail["old_digest"] == old.content_digest()
    assert imported.pending_source_change("INC-0002") is None
    assert verify(imported).ok


def test_the_queue_filter_finds_the_new_values_of_a_replaced_record(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0002="Stolen tricycle."), skip_bad_rows=True)
    assert [row.key for row in imported.queue(text="tricycle")] == ["INC-0002"]
    assert imported.queue(text="Synthetic log entry 2") == []


@pytest.mark.parametrize("indexed_first", [True, False])
def test_a_replaced_record_is_found_by_its_new_values_whether_or_not_the_index_held_it(imported, tmp_path, indexed_first):
    from workbench.ops.search_index import build_search_index

    if indexed_first:
        build_search_index(imported)
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0002="Stolen tricycle."), skip_bad_rows=True)
    build_search_index(imported)
    assert [row.key for row in imported.queue(text="tricycle")] == ["INC-0002"]
    assert imported.queue(text="Synthetic log entry 2") == []
    # The index holds each record once, with its current text (a contentless index is corrupted by a wrong delete;
    # FTS5's own check raises then).
    imported.db.execute("INSERT INTO records_search (records_search) VALUES ('integrity-check')")
    assert imported.db.execute("SELECT count(*) FROM records_search WHERE records_search MATCH 'synthetic'").fetchone()[0] == 2


def test_importing_the_changed_file_again_adds_nothing(imported, tmp_path):
    path = changed_file(tmp_path, INC_0001="New.", INC_0002="New too.")
    import_sample(imported, AUDITOR, path, skip_bad_rows=True)
    events = len(list(imported.events()))
    again = import_sample(imported, AUDITOR, path, skip_bad_rows=True)
    assert (again.added, again.noted, again.replaced, again.unchanged) == (0, 0, 0, 3)
    assert len(list(imported.events())) == events


def test_the_original_file_again_leaves_the_kept_change_alone(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="New."), skip_bad_rows=True)
    again = import_sample(imported, AUDITOR, write_sample(tmp_path, 3, name="original.csv"), skip_bad_rows=True)
    assert (again.added, again.noted) == (0, 0)
    assert imported.pending_source_change("INC-0001").fields["narrative"] == "New."


def test_a_later_change_replaces_the_one_kept(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="First change."), skip_bad_rows=True)
    import_sample(imported, AUDITOR, changed_file(tmp_path, "later.csv", INC_0001="Second change."), skip_bad_rows=True)
    kept = imported.pending_source_change("INC-0001")
    assert (kept.fields["narrative"], kept.file_name) == ("Second change.", "later.csv")
    assert verify(imported).ok


def test_a_row_that_names_another_checklist_for_a_key_is_always_a_problem(imported, tmp_path):
    rows = sample_rows(1)
    rows[1][1] = "referral"
    with pytest.raises(InputRejected) as excinfo:
        import_sample(imported, AUDITOR, write_csv(tmp_path / "other.csv", rows), skip_bad_rows=False)
    assert "in the audit with the checklist 'incident', not 'referral'" in str(excinfo.value.problems[0])


def test_the_record_view_sees_old_and_new_value_per_changed_field(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="A new log."), skip_bad_rows=True)
    record = imported.record("INC-0001")
    change = record_insights(imported, record, imported.form(record.form_id, record.form_version)).source_change
    assert [(c.name, c.old, c.new) for c in change.changes] == [("narrative", "Synthetic log entry 1.", "A new log.")]


def test_an_answer_given_after_the_check_turns_a_replacement_into_a_kept_change(imported, tmp_path):
    from workbench.ops.importing import write_import

    plan = plan_import(imported, changed_file(tmp_path, INC_0002="New."), skip_bad_rows=True)
    answer(imported, AUDITOR, "INC-0002", "auditable", "yes")   # while the user looked at the check
    result = write_import(imported, AUDITOR, plan)
    assert (result.noted, result.replaced) == (1, 0)
    assert imported.record("INC-0002").fields["narrative"] == "Synthetic log entry 2."


def test_verify_catches_a_kept_change_edited_behind_the_logs_back(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0001="New."), skip_bad_rows=True)
    imported.db.execute("UPDATE source_changes SET fields = replace(fields, 'New.', 'Other.')")
    imported.db.conn.commit()
    assert any("changed source of INC-0001" in p for p in verify(imported).problems)


def test_verify_catches_a_replaced_record_edited_behind_the_logs_back(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0002="New."), skip_bad_rows=True)
    imported.db.execute("UPDATE records SET fields = replace(fields, 'New.', 'Other.') WHERE key = 'INC-0002'")
    imported.db.conn.commit()
    assert any("replaced source of INC-0002" in p for p in verify(imported).problems)


def test_verify_catches_the_kept_original_text_edited(imported, tmp_path):
    import_sample(imported, AUDITOR, changed_file(tmp_path, INC_0002="New."), skip_bad_rows=True)
    imported.db.execute("UPDATE source_originals SET fields = replace(fields, 'entry 2', 'entry 9')")
    imported.db.conn.commit()
    assert any(p.startswith("import 1") for p in verify(imported).problems)
