"""The record queue's cached state, flags for the FCR, and undo/redo of answers."""

from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError
from workbench.ops.answering import answer, current_answers, load_answers
from workbench.ops.audits import open_audit
from workbench.ops.flags import clear_flag, flag_record
from workbench.ops.undo import UndoHistory
from workbench.store.verify import verify

from tests.factories import AUDITOR, answer_rows, write_answers


def progress(store) -> dict[str, str]:
    return {row.key: row.progress for row in store.queue()}


def test_the_queue_lists_every_record_not_started(sampled):
    assert progress(sampled) == dict.fromkeys(["INC-0001", "INC-0002", "INC-0003"], "not_started")


def test_an_answer_updates_the_records_queue_state_at_once(sampled):
    answer(sampled, AUDITOR, "INC-0002", "auditable", "yes")
    assert progress(sampled)["INC-0002"] == "in_progress"


def test_a_loaded_file_updates_the_queue_state_and_compliance(sampled, tmp_path):
    load_answers(sampled, AUDITOR, write_answers(tmp_path / "a.csv", answer_rows("INC-0001")))
    (row,) = sampled.queue(progress="complete")
    assert (row.key, row.compliant) == ("INC-0001", True)


def test_the_queue_filters_by_text_in_the_key_or_the_source_fields(sampled):
    assert [r.key for r in sampled.queue(text="entry 2")] == ["INC-0002"]
    assert [r.key for r in sampled.queue(text="0003")] == ["INC-0003"]


def test_text_filter_treats_wildcards_literally(sampled):
    assert sampled.queue(text="%") == []


def test_the_queue_filters_by_checklist(sampled):
    assert sampled.queue(form_id="pnd") == []
    assert len(sampled.queue(form_id="incident")) == 3


def test_a_flag_needs_a_query_note(sampled):
    with pytest.raises(WorkbenchError, match="query note"):
        flag_record(sampled, AUDITOR, "INC-0001", "  ")


def test_flagged_records_are_a_queue_filter(sampled):
    flag_record(sampled, AUDITOR, "INC-0003", "Two victims or one? Please decide.")
    assert [r.key for r in sampled.queue(flagged=True)] == ["INC-0003"]
    assert sampled.flags()["INC-0003"].note == "Two victims or one? Please decide."


def test_clearing_a_flag_is_logged_and_verifies(sampled):
    flag_record(sampled, AUDITOR, "INC-0003", "Query")
    clear_flag(sampled, AUDITOR, "INC-0003")
    assert sampled.queue(flagged=True) == []
    assert [e.action for e in sampled.events()][-2:] == ["record.flag", "record.unflag"]
    assert verify(sampled).ok


def test_a_flag_note_changed_behind_the_log_is_caught(sampled):
    flag_record(sampled, AUDITOR, "INC-0001", "Query")
    sampled.db.execute("UPDATE flags SET note = 'Other'")
    assert any("flag on INC-0001" in p for p in verify(sampled).problems)


def test_undo_puts_back_the_previous_answer_and_logs_it(sampled):
    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "no")
    history.undo(sampled, AUDITOR)
    assert current_answers(sampled, "INC-0001") == {("auditable", None): "yes"}
    assert list(sampled.events())[-1].detail["new"] == "yes"


def test_undo_of_a_first_answer_clears_it(sampled):
    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.undo(sampled, AUDITOR)
    assert current_answers(sampled, "INC-0001") == {}
    assert progress(sampled)["INC-0001"] == "not_started"


def test_redo_applies_the_undone_answer_again(sampled):
    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.undo(sampled, AUDITOR)
    history.redo(sampled, AUDITOR)
    assert current_answers(sampled, "INC-0001") == {("auditable", None): "yes"}
    assert not history.can_redo


def test_a_new_answer_after_undo_drops_the_redo(sampled):
    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.undo(sampled, AUDITOR)
    history.answer(sampled, AUDITOR, "INC-0002", "auditable", "no")
    assert not history.can_redo and history.redo(sampled, AUDITOR) is None


def test_an_answer_that_changes_nothing_is_not_an_undo_step(sampled):
    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    history.undo(sampled, AUDITOR)
    assert not history.can_undo


def test_opening_a_file_without_cached_states_rebuilds_them(sampled, tmp_path):
    answer(sampled, AUDITOR, "INC-0001", "auditable", "no")
    sampled.db.execute("DELETE FROM record_state")
    path = sampled.path
    sampled.close()
    with open_audit(path) as store:
        assert progress(store)["INC-0001"] == "complete"


def test_text_filter_finds_words_and_word_prefixes_in_any_source_field(sampled):
    assert [r.key for r in sampled.queue(text="synthetic log entr")] == ["INC-0001", "INC-0002", "INC-0003"]
    assert sampled.queue(text="nowhere-to-be-found") == []


def test_answering_again_without_a_note_keeps_the_note(sampled):
    answer(sampled, AUDITOR, "INC-0001", "auditable", "yes", note="Checked with the OIC.")
    answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    (kept,) = sampled.answers("auditor", 1, "INC-0001")
    assert kept.note == "Checked with the OIC."


def test_undo_after_a_failed_put_back_keeps_the_step(sampled, monkeypatch):
    from workbench.ops import answering

    history = UndoHistory()
    history.answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")

    def locked(*args, **kwargs):
        raise WorkbenchError("The audit file is busy.")

    monkeypatch.setattr(answering, "answer_many", locked)
    with pytest.raises(WorkbenchError):
        history.undo(sampled, AUDITOR)
    monkeypatch.undo()
    assert history.can_undo and not history.can_redo
    history.undo(sampled, AUDITOR)
    assert current_answers(sampled, "INC-0001") == {}


def test_the_cached_progress_is_written_with_the_answer_or_not_at_all(sampled, monkeypatch):
    from workbench.store.answers import Answers

    def fail(self, states):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Answers, "write_states", fail)
    with pytest.raises(RuntimeError):
        answer(sampled, AUDITOR, "INC-0001", "auditable", "no")
    monkeypatch.undo()
    assert current_answers(sampled, "INC-0001") == {} and progress(sampled)["INC-0001"] == "not_started"
    answer(sampled, AUDITOR, "INC-0001", "auditable", "no")
    assert progress(sampled)["INC-0001"] == "complete"
