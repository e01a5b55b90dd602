"""A large answers file: checked whole, written in batches, all in one transaction or not at all."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputRejected
from workbench.ops.answering import load_answers
from workbench.ops.importing import import_sample
from workbench.ops.status import audit_status
from workbench.store.answer_load import LoadBatch
from workbench.store.verify import verify

from tests.factories import AUDITOR, COMPLETE_INCIDENT, answer_rows, write_answers, write_sample

RECORDS = 1_800   # 12,600 answers: three batches of the store's writes, and more of the log's


@pytest.fixture
def large(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, RECORDS))
    return audit


def every_answer() -> list[list[object]]:
    return [row for i in range(1, RECORDS + 1) for row in answer_rows(f"INC-{i:04d}")]


def counts(audit) -> tuple[int, int]:
    events = audit.db.execute("SELECT count(*) FROM events").fetchone()[0]
    return events, audit.db.execute("SELECT count(*) FROM answers").fetchone()[0]


def test_a_large_file_is_saved_whole_with_an_event_each_and_every_record_complete(large, tmp_path):
    events_before, _ = counts(large)
    result = load_answers(large, AUDITOR, write_answers(tmp_path / "a.csv", every_answer()))
    assert (result.rows, result.changed, result.records) == (RECORDS * 7, RECORDS * 7, RECORDS)
    assert counts(large) == (events_before + RECORDS * 7 + 1, RECORDS * 7)   # and the file's own answers.load
    assert audit_status(large).by_form["incident"].counts == {"not_started": 0, "in_progress": 0, "complete": RECORDS}
    assert verify(large).ok


def test_a_bad_row_at_the_end_of_a_large_file_saves_nothing_and_names_its_row(large, tmp_path):
    rows = every_answer()
    rows[-1] = [rows[-1][0], rows[-1][1], rows[-1][2], "perhaps", ""]
    before = counts(large)
    with pytest.raises(InputRejected) as excinfo:
        load_answers(large, AUDITOR, write_answers(tmp_path / "a.csv", rows))
    (problem,) = [str(p) for p in excinfo.value.problems]
    assert f"row {len(rows) + 1}, column 'answer'" in problem and "not a possible answer to 'classified_ok'" in problem
    assert counts(large) == before


def test_a_failure_while_writing_a_later_batch_keeps_none_of_the_earlier_ones(large, tmp_path, monkeypatch):
    written = []
    apply_batch = LoadBatch.apply

    def failing_third(self, *args):
        written.append(1)
        if len(written) == 3:
            raise OSError("the disk is full")
        return apply_batch(self, *args)

    monkeypatch.setattr(LoadBatch, "apply", failing_third)
    before = counts(large)
    with pytest.raises(OSError, match="full"):
        load_answers(large, AUDITOR, write_answers(tmp_path / "a.csv", every_answer()))
    assert len(written) == 3 and counts(large) == before
    assert verify(large).ok


def test_loading_a_large_file_again_changes_and_logs_nothing(large, tmp_path):
    path = write_answers(tmp_path / "a.csv", every_answer())
    load_answers(large, AUDITOR, path)
    before = counts(large)
    assert load_answers(large, AUDITOR, path).changed == 0
    assert counts(large) == before


def test_the_garbage_collector_runs_again_after_a_load_even_a_rejected_one(large, tmp_path):
    import gc

    with pytest.raises(InputRejected):
        load_answers(large, AUDITOR, write_answers(tmp_path / "a.csv", [["INC-9999", "auditable", "", "yes", ""]]))
    assert gc.isenabled()


def test_the_progress_cached_by_a_load_is_the_progress_each_record_evaluates_to_from_scratch(large, tmp_path):
    varied = []   # some records complete, some left in progress, some awaiting the rationale a 'no' needs
    for i in range(1, RECORDS + 1):
        answers = [(q, inst, "no" if q == "classified_ok" and i % 5 == 0 else v) for q, inst, v in COMPLETE_INCIDENT]
        varied += answer_rows(f"INC-{i:04d}", answers[: 4] if i % 3 == 0 else answers)   # every third left in progress
    load_answers(large, AUDITOR, write_answers(tmp_path / "a.csv", varied))
    cached = large.record_states()
    assert {p.progress for p in cached.values()} == {"in_progress", "complete"}
    assert cached == {key: large.answers_repo.evaluated(key) for key in cached}
