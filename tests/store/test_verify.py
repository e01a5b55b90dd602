"""``verify`` catches tampering done behind the workbench's back with the sqlite3 CLI."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workbench.core.records import AnswerChange, Record
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, make_form, question

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")

FORM = make_form("mini", question("ok"), question("why", "text"))


@pytest.fixture
def path(tmp_path):
    store = make_audit(tmp_path)
    source = {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 2}
    store.add_records(AUDITOR, source, [Record("R1", "mini", {"n": "a"}, "1"), Record("R2", "mini", {"n": "b"}, "1")], [FORM])
    store.set_answers(AUDITOR, [AnswerChange("R1", "ok", None, "yes"), AnswerChange("R2", "ok", None, "no")])
    store.set_answers(AUDITOR, [AnswerChange("R2", "why", None, "No AVI on file.", free_text=True)])
    store.close()
    return tmp_path / "audit.cdiaudit"


def sqlite(path, sql):
    subprocess.run(["sqlite3", str(path), sql], check=True, capture_output=True, text=True)


def problems(path):
    with AuditStore.open(path) as store:
        return verify(store).problems


DROP = "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete;"
RESTORE = (
    "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'x'); END;"
    "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'x'); END;"
)


def test_an_untouched_audit_verifies(path):
    assert problems(path) == []


def test_an_edited_event_is_caught(path):
    sqlite(path, DROP + "UPDATE events SET actor = 'Someone Else' WHERE seq = 4;" + RESTORE)
    assert any(p.startswith("event 4:") and "edited" in p for p in problems(path))


def test_a_deleted_event_is_caught(path):
    sqlite(path, DROP + "DELETE FROM events WHERE seq = 5;" + RESTORE)
    assert any(p.startswith("event 6:") for p in problems(path))


def test_reordered_events_are_caught(path):
    sqlite(path, DROP + "UPDATE events SET seq = 100 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = 5;"
           "UPDATE events SET seq = 5 WHERE seq = 100;" + RESTORE)
    assert any(p.startswith("event 4:") for p in problems(path))


def test_an_answer_changed_behind_the_log_is_caught(path):
    sqlite(path, "UPDATE answers SET value = 'yes' WHERE question = 'ok' AND record_id = (SELECT id FROM records WHERE key = 'R2');")
    assert any("answer R2/ok" in p and "changed without an event" in p for p in problems(path))


def test_a_free_text_answer_changed_behind_the_log_is_caught(path):
    sqlite(path, "UPDATE answers SET value = 'AVI present.' WHERE question = 'why';")
    assert any("answer R2/why" in p for p in problems(path))


def test_an_answer_inserted_behind_the_log_is_caught(path):
    sqlite(path, "INSERT INTO answers (record_id, question, instance, role, review_round, value, answered_by, answered_at, event_seq)"
                 " SELECT id, 'why', 0, 'auditor', 1, 'x', 'x', 'x', 1 FROM records WHERE key = 'R1';")
    assert any("answer R1/why" in p and "no event wrote it" in p for p in problems(path))


def test_a_record_changed_behind_the_log_is_caught(path):
    sqlite(path, "UPDATE records SET fields = '{\"n\":\"changed\"}' WHERE key = 'R1';")
    assert any("import 1" in p and "changed without an event" in p for p in problems(path))


def test_dropped_triggers_are_reported(path):
    sqlite(path, DROP)
    assert any("events_refuse_update" in p for p in problems(path))


@pytest.mark.parametrize("sql, named", [
    ("UPDATE answers SET answered_by = 'Ghost Auditor' WHERE question = 'ok';", "written by Ghost Auditor"),
    ("UPDATE answers SET answered_at = '2020-01-01T00:00:00.000+00:00' WHERE question = 'ok';", "at 2020-01-01"),
    ("UPDATE audit SET created_by = 'Ghost Auditor';", "its creator or creation time"),
    ("UPDATE imports SET file_name = 'other.csv';", "its file_name differ"),
    ("UPDATE imports SET imported_by = 'Ghost Auditor';", "its imported_by differ"),
    ("UPDATE imports SET mapping = '{\"key\":\"x\"}';", "its mapping_digest differ"),
    ("UPDATE imports SET digest_version = 1;", "its digest_version differ"),
    ("UPDATE records SET source_row = 99 WHERE key = 'R1';", "order or source rows"),
    ("UPDATE records SET position = 99 WHERE key = 'R1';", "order or source rows"),
    ("UPDATE records SET area = 'Elsewhere' WHERE key = 'R1';", "record R1: its area was changed without an event"),
    ("UPDATE users SET force = 'Ghost Constabulary';", "their force differs"),
    ("UPDATE users SET first_seen = '2020-01-01T00:00:00.000+00:00';", "first seen at 2020-01-01"),
    ("INSERT INTO users VALUES ('Ghost Auditor', 'fcr', '', '2020-01-01');", "user Ghost Auditor (fcr): is in the users table but wrote no event"),
    ("UPDATE record_state SET progress = 'in_progress', compliant = NULL WHERE record_id = (SELECT id FROM records WHERE key = 'R1');",
     "record R1: the queue shows it in progress, but its answers make it complete, compliant"),
])
def test_a_column_a_user_sees_edited_behind_the_log_is_caught(path, sql, named):
    sqlite(path, sql)
    assert any(named in p for p in problems(path)), problems(path)


def test_a_flag_author_edited_behind_the_log_is_caught(path):
    with AuditStore.open(path) as store:
        store.set_flag(AUDITOR, "R1", "Is this a crime?")
    sqlite(path, "UPDATE flags SET flagged_by = 'Ghost Auditor';")
    assert any("flag on R1" in p and "Ghost Auditor" in p for p in problems(path))


def test_an_event_whose_detail_names_a_key_twice_is_named(path):
    sqlite(path, DROP + "UPDATE events SET detail = replace(detail, '\"digest\":', '\"question\":\"why\",\"digest\":')"
                        " WHERE seq = (SELECT max(seq) FROM events);" + RESTORE)
    found = problems(path)
    assert any("appears twice" in p and p.startswith("event ") for p in found), found


def test_an_event_lacking_a_field_of_its_kind_is_named_not_an_internal_error(path):
    with AuditStore.open(path) as store:
        last = store.head()[0]
    sqlite(path, DROP + f"UPDATE events SET detail = json_remove(detail, '$.record') WHERE seq = {last};" + RESTORE)
    assert any(p.startswith(f"event {last} (answer.set): its detail lacks 'record'") for p in problems(path))


def test_an_event_of_an_unknown_kind_is_named(path):
    sqlite(path, DROP + "UPDATE events SET action = 'record.delete' WHERE seq = 3;" + RESTORE)
    assert any(p.startswith("event 3: 'record.delete' is not a kind of event") for p in problems(path))


def test_verify_reports_the_head_of_the_log(path):
    with AuditStore.open(path) as store:
        report = verify(store)
        assert report.head == (report.events, list(store.events())[-1].hash)


def test_an_import_logged_by_an_older_workbench_is_checked_by_its_own_digest(path):
    """Imports made before digest version 2 logged a digest of each record's canonical JSON."""
    from workbench.core.events import digest

    with AuditStore.open(path) as store:
        records = list(store.records())
        assert store.records_repo.batch_digest(1, version=1) == digest([r.content_digest() for r in records])
        assert store.records_repo.batch_digest(1) == store.records_repo.batch_digest(1, version=2)
