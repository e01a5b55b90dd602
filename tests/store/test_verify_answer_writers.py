"""``verify`` reads who wrote each answer only for a row that differs from its event, and finds the same.

Unless the log holds merged answers, the answers are read without their writer and
when columns (``answered_by``, ``answered_at``); a row that may differ is looked up
again for them. Every edit is found exactly as when they are read with every row.
"""

from __future__ import annotations

import shutil

import pytest

from workbench.core.replay import Replay
from workbench.store import verify_answers
from workbench.store.audit_store import AuditStore
from workbench.store.verify import fold_log

from tests.store.test_verify import path, sqlite  # noqa: F401 - the audit fixture and its tool

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")

R2_OK = "question = 'ok' AND record_id = (SELECT id FROM records WHERE key = 'R2')"
EDITS = [
    (f"UPDATE answers SET answered_by = 'Ghost Auditor' WHERE {R2_OK};", "answer R2/ok (auditor, round 1): says it was "
                                                                          "written by Ghost Auditor"),
    (f"UPDATE answers SET answered_at = '2020-01-01T00:00:00.000+00:00' WHERE {R2_OK};", "at 2020-01-01T00:00:00.000"),
    (f"UPDATE answers SET value = 'yes', answered_by = 'Ghost Auditor' WHERE {R2_OK};", "written by Ghost Auditor"),
    (f"UPDATE answers SET event_seq = 1 WHERE {R2_OK};", "points at event 1"),
    (f"UPDATE answers SET event_seq = 999 WHERE {R2_OK};", "points at event 999"),
    ("UPDATE answers SET answered_by = 'Ghost Auditor';", "answer R1/ok (auditor, round 1): says it was written by Ghost"),
    ("UPDATE answers SET note = 'added' WHERE question = 'why';", "answer R2/why (auditor, round 1): was changed"),
    ("INSERT INTO answers (record_id, question, instance, role, review_round, value, answered_by, answered_at, event_seq)"
     " SELECT id, 'why', 0, 'auditor', 1, 'x', 'Ghost Auditor', 'x', 1 FROM records WHERE key = 'R1';",
     "answer R1/why (auditor, round 1): is in the file but no event wrote it"),
    ("DELETE FROM answers WHERE question = 'why';", "answer R2/why (auditor, round 1): is in the event log but missing"),
]


def compared(path) -> tuple[list[str], list[str]]:
    with AuditStore.open(path) as store:
        folding = Replay()
        fold_log(store.db, None, folding)
        differences, progress = verify_answers.answer_problems(store, folding.out.state.answers)
        return [str(d) for d in differences], progress


@pytest.mark.parametrize(("sql", "named"), EDITS)
def test_an_answer_edited_behind_the_log_is_found_as_when_every_writer_is_read(path, sql, named, monkeypatch):
    sqlite(path, sql)
    found = compared(path)
    assert any(difference.startswith(named) or named in difference for difference in found[0]), found
    monkeypatch.setattr(verify_answers, "_ANSWERS", verify_answers._ANSWERS_AND_WRITERS)
    assert compared(path) == found


def test_an_untouched_audit_looks_up_no_writer(path, monkeypatch):
    looked_up = []
    monkeypatch.setattr(verify_answers, "_written", lambda *args: looked_up.append(args))
    assert compared(path) == ([], [])
    assert looked_up == []
