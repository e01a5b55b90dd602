"""``verify`` catches tampering done behind the workbench's back with the sqlite3 CLI."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workbench.core.forms import form_from_dict
from workbench.core.records import AnswerChange, Record
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")

FORM = form_from_dict({
    "settings": {"form_id": "mini", "form_title": "Mini", "version": "1"},
    "survey": [{"type": "select_one yes_no", "name": "ok", "label": "OK?"}, {"type": "text", "name": "why", "label": "Why"}],
    "choices": [{"list_name": "yes_no", "name": "yes", "label": "Yes"}, {"list_name": "yes_no", "name": "no", "label": "No"}],
})


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
