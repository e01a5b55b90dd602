"""Several answers saved together, removing a repeat instance, and the queue reads the GUI uses."""

from __future__ import annotations

import pytest

from workbench.ops.answering import AnswerRejected, answer, answer_many, current_answers
from workbench.ops.repeats import remove_instance, removal_changes
from workbench.ops.undo import UndoHistory
from workbench.store.verify import verify

from tests.factories import AUDITOR


def three_crimes(store, key="INC-0001"):
    answer(store, AUDITOR, key, "auditable", "yes")
    answer(store, AUDITOR, key, "discloses_crime", "yes")
    for instance, offence in enumerate(["theft", "burglary", "robbery"], start=1):
        answer(store, AUDITOR, key, "offence_group", offence, instance)
        answer(store, AUDITOR, key, "recorded", "yes", instance)
        answer(store, AUDITOR, key, "crime_ref", f"REF-{instance}", instance, note=f"note {instance}")


def test_answer_many_saves_every_change_with_its_own_event(sampled):
    before = len(list(sampled.events()))
    changed = answer_many(sampled, AUDITOR, "INC-0001", [("auditable", None, "yes", ""), ("discloses_crime", None, "no", "")])
    assert changed == 2
    assert len(list(sampled.events())) == before + 2
    assert sampled.queue_row("INC-0001").progress == "complete"


def test_answer_many_rejects_the_batch_whole(sampled):
    with pytest.raises(AnswerRejected):
        answer_many(sampled, AUDITOR, "INC-0001", [("auditable", None, "yes", ""), ("auditable", None, "maybe", "")])
    assert current_answers(sampled, "INC-0001") == {}


def test_removing_a_middle_instance_moves_the_later_ones_down(sampled):
    three_crimes(sampled)
    remove_instance(sampled, AUDITOR, "INC-0001", "crimes", 2)
    answers = current_answers(sampled, "INC-0001")
    assert answers[("offence_group", 1)] == "theft"
    assert answers[("offence_group", 2)] == "robbery"
    assert answers[("crime_ref", 2)] == "REF-3"
    assert not any(i == 3 for (_, i) in answers)
    notes = {(a.question, a.instance): a.note for a in sampled.answers(record_key="INC-0001")}
    assert notes[("crime_ref", 2)] == "note 3"
    assert verify(sampled).ok


def test_removing_the_last_instance_only_clears_it(sampled):
    three_crimes(sampled)
    changes = removal_changes(sampled, "INC-0001", "crimes", 3)
    assert {c[1] for c in changes} == {3} and all(c[2] is None for c in changes)


def test_an_unknown_repeat_is_refused(sampled):
    with pytest.raises(AnswerRejected, match="no repeat group"):
        removal_changes(sampled, "INC-0001", "victims", 1)


def test_removing_an_instance_is_one_undo_step(sampled):
    three_crimes(sampled)
    before = current_answers(sampled, "INC-0001")
    history = UndoHistory()
    remove_instance(sampled, AUDITOR, "INC-0001", "crimes", 1, history=history)
    assert current_answers(sampled, "INC-0001")[("offence_group", 1)] == "burglary"
    edit = history.undo(sampled, AUDITOR)
    assert edit.record_key == "INC-0001" and edit.instance == 1
    assert current_answers(sampled, "INC-0001") == before
    assert not history.can_undo
    history.redo(sampled, AUDITOR)
    assert current_answers(sampled, "INC-0001")[("offence_group", 1)] == "burglary"
    assert verify(sampled).ok


def test_the_queue_row_of_one_record_and_the_counts(sampled):
    answer(sampled, AUDITOR, "INC-0002", "auditable", "no")
    row = sampled.queue_row("INC-0002")
    assert (row.key, row.progress, row.compliant, row.flagged) == ("INC-0002", "complete", True, False)
    assert sampled.queue_row("NOPE") is None


def test_matching_ids_match_the_queue_for_every_filter(sampled):
    answer(sampled, AUDITOR, "INC-0002", "auditable", "no")
    for kwargs in ({}, {"progress": "complete"}, {"text": "entry 3"}, {"form_id": "pnd"}, {"flagged": False}):
        assert sampled.matching_ids(**kwargs) == {r.id for r in sampled.queue(**kwargs)}
