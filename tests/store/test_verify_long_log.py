"""``verify`` reads a long log in one pass and holds its answers small: it still finds every edit, wherever it is."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workbench.core.records import AnswerChange, Record
from workbench.core.replay import Replay, replay
from workbench.store import database
from workbench.store.audit_store import AuditStore
from workbench.store.verify import fold_log, verify

from tests.factories import AUDITOR, make_audit, make_form, question

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")

FORM = make_form("mini", question("ok"), question("why", "text"))
RECORDS = 500
DROP = "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete;"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """500 records answered, some answers changed again and some cleared: about 800 events."""
    folder = tmp_path_factory.mktemp("long")
    store = make_audit(folder)
    records = [Record(f"R-{i:04d}", "mini", {"n": str(i)}, "1") for i in range(RECORDS)]
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": RECORDS}, records, [FORM])
    store.set_answers(AUDITOR, [AnswerChange(r.key, "ok", None, "yes") for r in records])
    store.set_answers(AUDITOR, [AnswerChange(r.key, "why", None, f"Reason {i}.", free_text=True)
                                for i, r in enumerate(records) if i % 3 == 0])
    store.set_answers(AUDITOR, [AnswerChange(r.key, "ok", None, "no") for r in records[::7]])
    store.set_answers(AUDITOR, [AnswerChange(r.key, "why", None, None) for r in records[::9]])
    store.close()
    return folder / "audit.cdiaudit"


@pytest.fixture
def path(built, tmp_path):
    return shutil.copy(built, tmp_path / "audit.cdiaudit")


def sqlite(path, sql):
    subprocess.run(["sqlite3", str(path), sql], check=True, capture_output=True, text=True)


def problems(path):
    with AuditStore.open(path, check=False) as store:   # verify makes the integrity check itself
        return verify(store).problems


def test_an_untouched_long_log_verifies_every_event(path):
    with AuditStore.open(path) as store:
        report = verify(store)
        assert report.problems == [] and report.events == store.head()[0] > RECORDS


def test_an_edit_of_one_event_deep_in_a_long_log_is_found_at_that_event(path):
    with AuditStore.open(path) as store:
        deep = store.head()[0] - 50
    sqlite(path, DROP + f"UPDATE events SET at = '2020-01-01T00:00:00.000+00:00' WHERE seq = {deep};")
    found = problems(path)
    assert any(p.startswith(f"event {deep}:") and "edited" in p for p in found), found


def test_an_answer_changed_deep_in_a_long_table_is_found(path):
    sqlite(path, "UPDATE answers SET value = 'no' WHERE question = 'ok'"
                 " AND record_id = (SELECT id FROM records WHERE key = 'R-0250');")
    assert "answer R-0250/ok (auditor, round 1): was changed without an event" in problems(path)


def test_an_answer_the_log_cleared_but_the_table_still_holds_is_found(path):
    sqlite(path, "INSERT INTO answers (record_id, question, instance, role, review_round, value, answered_by, answered_at,"
                 " event_seq) SELECT id, 'why', 0, 'auditor', 1, 'Reason 9.', 'Test Auditor', 'x', 1 FROM records"
                 " WHERE key = 'R-0009';")
    assert "answer R-0009/why (auditor, round 1): is in the file but no event wrote it" in problems(path)


def test_an_answer_deleted_from_the_table_is_found_missing(path):
    sqlite(path, "DELETE FROM answers WHERE question = 'ok' AND record_id = (SELECT id FROM records WHERE key = 'R-0140');")
    assert "answer R-0140/ok (auditor, round 1): is in the event log but missing from the file" in problems(path)


def test_an_answer_pointing_at_an_earlier_event_of_its_own_is_found(path):
    with AuditStore.open(path) as store:
        first = next(e.seq for e in store.events() if e.detail.get("record") == "R-0007" and e.detail.get("new") == "yes")
    sqlite(path, f"UPDATE answers SET event_seq = {first} WHERE question = 'ok'"
                 " AND record_id = (SELECT id FROM records WHERE key = 'R-0007');")
    assert any(p.startswith("answer R-0007/ok") and f"points at event {first}" in p for p in problems(path))


def test_folding_events_from_their_columns_leaves_the_same_state_as_through_their_kinds(path):
    with AuditStore.open(path) as store:
        through_kinds = replay(store.events()).state
        folding = Replay()
        for e in store.events():
            folding.fold_columns(e.seq, e.at, e.actor, e.role, e.operation, e.action, e.detail, e.prev_hash, e.hash)
        from_columns = folding.out.state
        assert from_columns.answers.as_dict() == through_kinds.answers.as_dict()
        assert len(from_columns.answers) == store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
        assert from_columns.users == through_kinds.users


def test_folding_the_stored_log_leaves_the_same_state_as_through_their_kinds(path):
    with AuditStore.open(path) as store:
        through_kinds = replay(store.events())
        folding = Replay()
        fold_log(store.db, None, folding)
        assert folding.out.state.answers.as_dict() == through_kinds.state.answers.as_dict()
        assert folding.out.state.users == through_kinds.state.users and folding.out.unusable == through_kinds.unusable == []


def test_an_answer_pointing_at_an_event_numbered_below_zero_is_found(path):
    sqlite(path, "UPDATE answers SET event_seq = -4 WHERE question = 'ok' AND record_id = (SELECT id FROM records WHERE key = 'R-0012');")
    assert any(p.startswith("answer R-0012/ok") and "points at event -4" in p for p in problems(path))


def test_the_cached_progress_of_a_record_edited_deep_in_a_long_table_is_found(path):
    sqlite(path, "UPDATE record_state SET progress = 'in_progress' WHERE record_id = (SELECT id FROM records WHERE key = 'R-0321');")
    assert any(p.startswith("record R-0321: the queue shows it in progress") for p in problems(path))


def test_a_damaged_file_is_named_by_verify(path, monkeypatch):
    monkeypatch.setattr(database, "integrity_problems", lambda db: ["Page 7: btreeInitPage() returns error code 11"])
    assert "SQLite integrity: Page 7: btreeInitPage() returns error code 11" in problems(path)
