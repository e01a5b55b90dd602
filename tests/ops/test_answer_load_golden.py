"""A loaded answers file writes exactly what the per-answer path writes for the same changes.

``load_answers`` sets a file's answers through the store's batch path (``Answers.load``:
no object per answer); ``set_answers`` takes ``AnswerChange`` objects one by one
(``Answers.apply``, the path of the window). Two audits made the same way at the same
(frozen) time, one loading the file and one given the same changes, must hold the same
events byte for byte (details, hashes, chain), the same answers and the same cached
progress.
"""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor
from workbench.core.records import AnswerChange
from workbench.io.tabular import file_sha256
from workbench.ops.answering import load_answers
from workbench.ops.importing import import_sample
from workbench.store import eventlog
from workbench.store.verify import verify

from tests.factories import AUDITOR, COMPLETE_INCIDENT, answer_rows, make_audit, write_answers, write_sample

RECORDS = 30
FREE_TEXT = {"crime_ref", "recorded_as", "rationale"}
AWKWARD = ['a "quoted" note', "back\\slash", "line\nbreak", "caf\u00e9 \u2028 \U0001f600", "50% of it", "{\"a\": 1}"]


@pytest.fixture
def frozen_time(monkeypatch):
    monkeypatch.setattr(eventlog, "now", lambda: "2026-11-27T23:00:00.000+00:00")


def twin_audits(tmp_path):
    made = []
    for name in ("loaded", "given"):
        folder = tmp_path / name
        folder.mkdir()
        store = make_audit(folder)
        import_sample(store, AUDITOR, write_sample(folder, RECORDS))
        made.append(store)
    return made


def varied_rows() -> list[list[object]]:
    """Choices and free text, notes with awkward text, repeat instances, records left incomplete."""
    rows = []
    for i in range(1, RECORDS + 1):
        answers = [(q, inst, "no" if q == "classified_ok" and i % 4 == 0 else v) for q, inst, v in COMPLETE_INCIDENT]
        answers += [("offence_group", 2, "robbery"), ("recorded", 2, "no")] if i % 3 == 0 else []
        answers += [("rationale", None, AWKWARD[i % len(AWKWARD)])] if i % 2 else []
        for row in answer_rows(f"INC-{i:04d}", answers[:5] if i % 7 == 0 else answers):
            row[4] = AWKWARD[i % len(AWKWARD)] if i % 5 == 0 else ""
            rows.append(row)
    return rows


def as_changes(rows) -> list[AnswerChange]:
    """The rows as the per-answer path takes them: each record's answers together, in the order the file first names it."""
    order: dict[str, int] = {}
    for row in rows:
        order.setdefault(row[0], len(order))
    ordered = sorted(rows, key=lambda row: order[row[0]])
    return [AnswerChange(key, q, inst or None, value, note, q in FREE_TEXT) for key, q, inst, value, note in ordered]


def tables(store) -> dict[str, list[tuple]]:
    return {
        "events": store.db.execute("SELECT * FROM events ORDER BY seq").fetchall(),
        "answers": store.db.execute("SELECT * FROM answers ORDER BY record_id, question, instance, role, review_round").fetchall(),
        "record_state": store.db.execute("SELECT * FROM record_state ORDER BY record_id").fetchall(),
    }


def load_both(loaded, given, path, actor=AUDITOR, rows=None):
    load_answers(loaded, actor, path)
    given.set_answers(actor, as_changes(rows), source=file_sha256(path))


def test_a_loaded_file_writes_the_events_answers_and_progress_that_the_same_changes_one_by_one_write(tmp_path, frozen_time):
    loaded, given = twin_audits(tmp_path)
    rows = varied_rows()
    load_both(loaded, given, write_answers(tmp_path / "a.csv", rows), rows=rows)
    assert tables(loaded) == tables(given)
    assert len(tables(loaded)["answers"]) == len(rows) and verify(loaded).ok


def test_a_file_naming_a_record_again_further_down_writes_what_the_record_by_record_changes_write(tmp_path, frozen_time):
    loaded, given = twin_audits(tmp_path)
    rows = varied_rows()
    rows = rows[1::2] + rows[0::2]   # every record named in two places
    load_both(loaded, given, write_answers(tmp_path / "a.csv", rows), rows=rows)
    assert tables(loaded) == tables(given) and verify(loaded).ok


def test_a_second_file_changing_some_answers_and_repeating_others_writes_the_same_alterations(tmp_path, frozen_time):
    loaded, given = twin_audits(tmp_path)
    first = varied_rows()
    load_both(loaded, given, write_answers(tmp_path / "a.csv", first), rows=first)
    second = [[key, q, inst, "no" if value == "yes" and n % 3 == 0 else value,
               "changed note" if n % 4 == 0 else "" if n % 7 == 0 else note]   # notes changed, notes taken away
              for n, (key, q, inst, value, note) in enumerate(first)]
    load_both(loaded, given, write_answers(tmp_path / "b.csv", second), actor=Actor("Second Auditor"), rows=second)
    assert tables(loaded) == tables(given)
    assert any(e.operation == "alteration" and e.actor == "Second Auditor" for e in loaded.events()) and verify(loaded).ok


def test_a_file_larger_than_a_batch_writes_the_same_as_one_written_whole(tmp_path, frozen_time, monkeypatch):
    monkeypatch.setattr("workbench.store.answers.LOAD_BATCH", 17)
    monkeypatch.setattr("workbench.store.writing._FLUSH_EVERY", 23)
    loaded, given = twin_audits(tmp_path)
    rows = varied_rows()
    load_both(loaded, given, write_answers(tmp_path / "a.csv", rows), rows=rows)
    assert tables(loaded) == tables(given) and verify(loaded).ok
