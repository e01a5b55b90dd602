"""Events logged many at a time (``Write.log_many``) are the events ``Write.log`` would write, one by one."""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor
from workbench.core.events import canonical_json, check_chain, expected_hash
from workbench.store.verify import verify

from tests.factories import AUDITOR

EXPORT_KEYS = ("file_name", "format", "sha256")


def exports(n: int) -> list[tuple]:
    return [(f"findings-{i}.xlsx", "xlsx", f"{i:064d}") for i in range(n)]


def log_batch(audit, actor, values, keys=EXPORT_KEYS):
    with audit.write(actor) as w:
        shape = w.shape("export", keys)
        return w.log_many((shape, v, None) for v in values)


def test_a_batch_of_events_is_stored_as_the_same_events_logged_one_by_one(audit):
    one_by_one = [dict(zip(EXPORT_KEYS, v)) for v in exports(3)]
    audit.log_events(AUDITOR, "export", one_by_one)
    first = log_batch(audit, AUDITOR, exports(3))
    events = list(audit.events())
    batch = events[-3:]
    assert first == batch[0].seq == events[-4].seq + 1
    assert [e.detail for e in batch] == [e.detail for e in events[-6:-3]] == one_by_one
    assert [e.detail_text for e in batch] == [canonical_json(d) for d in one_by_one]
    assert all(expected_hash(e) == e.hash for e in batch) and check_chain(events) == []
    assert {(e.operation, e.actor, e.role) for e in batch} == {("disclosure", AUDITOR.name, "auditor")}


def test_a_batch_larger_than_one_write_keeps_the_chain_and_passes_verify(audit):
    log_batch(audit, AUDITOR, exports(12_000))
    events = list(audit.events())
    assert len(events) == 12_002 and [e.seq for e in events] == list(range(1, 12_003))
    assert check_chain(events) == [] and verify(audit).ok


def test_a_person_new_to_the_audit_is_logged_before_their_first_event_of_a_batch(audit):
    log_batch(audit, Actor("Second Auditor"), exports(2))
    assert [(e.action, e.actor) for e in audit.events()][2:] == [
        ("user.add", "Second Auditor"), ("export", "Second Auditor"), ("export", "Second Auditor")]


def test_a_shape_lacking_a_field_of_its_kind_is_refused_and_nothing_is_logged(audit):
    with pytest.raises(ValueError, match="sha256"):
        log_batch(audit, AUDITOR, [("a.xlsx", "xlsx")], keys=("file_name", "format"))
    assert len(list(audit.events())) == 2


def test_a_failure_after_thousands_of_events_were_written_keeps_none_of_them(audit):
    with pytest.raises(RuntimeError, match="disk"):
        with audit.write(AUDITOR) as w:
            shape = w.shape("export", EXPORT_KEYS)
            w.log_many((shape, v, None) for v in exports(12_000))
            raise RuntimeError("the disk failed")
    assert len(list(audit.events())) == 2 and verify(audit).ok


def test_an_empty_batch_logs_nothing(audit):
    assert log_batch(audit, Actor("Second Auditor"), []) is None
    assert len(list(audit.events())) == 2


AWKWARD = ['plain', 'a "quoted" word', "back\\slash", "tab\there", "line\nbreak", "\x00\x1f\x7f", "caf\u00e9 \u2028 \U0001f600", ""]


def answered_audit(audit, changes, **kwargs):
    from workbench.core.records import Record
    from tests.store.test_verify import FORM

    keys = sorted({c.record_key for c in changes})
    source = {"file_name": "s.csv", "sha256": "0" * 64, "row_count": len(keys)}
    audit.add_records(AUDITOR, source, [Record(k, "mini", {"n": k}, "1") for k in keys], [FORM])
    audit.set_answers(AUDITOR, changes, **kwargs)
    return [e for e in audit.events() if e.action.startswith("answer")]


def test_answer_events_are_written_as_the_canonical_json_of_their_detail_whatever_the_text(audit):
    from workbench.core.records import AnswerChange

    changes = [AnswerChange(f"R{i} {text}", "why", i or None, text, text, free_text=True) for i, text in enumerate(AWKWARD)]
    changes += [AnswerChange(f"R{i} {text}", "ok", None, text) for i, text in enumerate(AWKWARD)]
    changes += [AnswerChange(f"R{i} {text}", "ok", None, None) for i, text in enumerate(AWKWARD[:3])]   # cleared
    events = answered_audit(audit, changes)
    assert len(events) == len(changes)
    assert [e.detail_text for e in events] == [canonical_json(e.detail) for e in events]
    assert events[-1].detail == {"record": "R2 back\\slash", "question": "ok", "instance": None, "role": "auditor",
                                 "round": 1, "old": "back\\slash", "new": None, "digest": None}
    assert verify(audit).ok


def test_an_answer_of_a_type_no_file_gives_is_still_written_as_canonical_json(audit):
    from workbench.core.records import AnswerChange

    events = answered_audit(audit, [AnswerChange("R1", "ok", None, 3), AnswerChange("R2", "ok", True, "yes")])
    assert [e.detail_text for e in events] == [canonical_json(e.detail) for e in events]
    assert events[0].detail["new"] == 3 and events[1].detail["instance"] is True


def test_a_loaded_file_is_named_once_after_its_answers_not_in_each(audit):
    from workbench.core.records import AnswerChange

    answered_audit(audit, [AnswerChange("R1", "ok", None, "yes"), AnswerChange("R2", "ok", None, "no")], source="f" * 64)
    last = list(audit.events())[-3:]
    assert [e.action for e in last] == ["answer.set", "answer.set", "answers.load"]
    assert last[-1].detail == {"sha256": "f" * 64, "answers": 2}
    assert not any("source" in e.detail for e in last)


def test_each_answer_event_carries_the_digest_of_its_own_choice_and_note_when_choices_repeat(audit):
    from workbench.core.records import AnswerChange, answer_digest

    given = [("R1", "yes", ""), ("R2", "yes", ""), ("R3", "yes", "a note"), ("R4", "no", ""), ("R5", "yes", "a note")]
    events = answered_audit(audit, [AnswerChange(key, "ok", None, value, note) for key, value, note in given])
    assert [e.detail["digest"] for e in events] == [answer_digest(value, note) for _key, value, note in given]
