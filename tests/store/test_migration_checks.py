"""Migration 0016: the checks of events, answers and record_state without IN lists (same rows, same refusals)."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.core.records import AnswerChange, Record
from workbench.ops.audits import needs_upgrade, upgrade_audit
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, make_form, question

#: The three tables as format 15 defined them: each check an IN list.
FORMAT_15 = {
    "events": "(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,"
              " operation TEXT NOT NULL CHECK (operation IN ('collection', 'alteration', 'consultation', 'disclosure',"
              " 'combination', 'erasure')), action TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL,"
              " hash TEXT NOT NULL)",
    "answers": "(record_id INTEGER NOT NULL REFERENCES records(id), question TEXT NOT NULL,"
               " instance INTEGER NOT NULL DEFAULT 0, role TEXT NOT NULL CHECK (role IN ('auditor', 'peer', 'fcr')),"
               " review_round INTEGER NOT NULL DEFAULT 1, value TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
               " answered_by TEXT NOT NULL, answered_at TEXT NOT NULL, event_seq INTEGER NOT NULL,"
               " PRIMARY KEY (record_id, question, instance, role, review_round)) WITHOUT ROWID",
    "record_state": "(record_id INTEGER PRIMARY KEY REFERENCES records(id), progress TEXT NOT NULL DEFAULT"
                    " 'not_started' CHECK (progress IN ('not_started', 'in_progress', 'complete')), compliant INTEGER,"
                    " hidden_answers INTEGER NOT NULL DEFAULT 0)",
}


def _answered_audit(tmp_path):
    form = make_form("mini", question("crime"), question("victim"))
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 2},
                      [Record("R1", "mini", {"narrative": "x"}, "1"), Record("R2", "mini", {"narrative": "y"}, "1")],
                      [form])
    store.set_answers(AUDITOR, [AnswerChange("R1", "crime", None, "yes"), AnswerChange("R1", "victim", None, "no"),
                                AnswerChange("R2", "crime", None, "no", "a note")])
    store.close()
    return tmp_path / "audit.cdiaudit"


def _wind_back_to_format_15(path) -> None:
    """The file as a workbench of format 15 left it: the three tables' checks are IN lists, step 0016 not applied."""
    from sqlite_utils import Database

    from workbench.store.schema import DETERMINATION_EVENTS, create_append_only_triggers

    db = Database(path)
    for table, definition in FORMAT_15.items():
        db.execute(f"CREATE TABLE {table}_15 {definition}")
        db.execute(f"INSERT INTO {table}_15 SELECT * FROM {table}")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_15 RENAME TO {table}")
    create_append_only_triggers(db)
    db.execute(f"CREATE INDEX events_of_determinations ON events(seq) WHERE {DETERMINATION_EVENTS}")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0016_checks_without_in_lists'")
    db.execute("PRAGMA user_version = 15")
    db.close()


def _rows(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall() for table in FORMAT_15}
    finally:
        conn.close()


def _schema(path, name: str, kind: str = "table") -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT sql FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)).fetchone()[0]
    finally:
        conn.close()


def test_upgrading_a_format_15_audit_keeps_every_event_answer_and_cached_progress(tmp_path):
    path = _answered_audit(tmp_path)
    _wind_back_to_format_15(path)
    before = _rows(path)
    assert needs_upgrade(path) and " IN (" in _schema(path, "answers")

    upgrade_audit(path)

    assert _rows(path) == before
    assert all(" IN " not in _schema(path, table) for table in FORMAT_15)
    assert _schema(path, "events_of_determinations", "index")   # migration 0015's index, made again
    with AuditStore.open(path) as store:
        assert verify(store).ok
        store.set_answers(AUDITOR, [AnswerChange("R2", "victim", None, "yes")])
        assert verify(store).ok


@pytest.mark.parametrize("statement", [
    "INSERT INTO events (seq, at, actor, role, operation, action, detail, prev_hash, hash)"
    " VALUES (999, 'now', 'x', 'auditor', 'deletion', 'x', '{}', 'p', 'h')",
    "INSERT INTO answers (record_id, question, role, value, answered_by, answered_at, event_seq)"
    " VALUES (1, 'crime', 'boss', 'yes', 'x', 'now', 1)",
    "UPDATE record_state SET progress = 'finished'",
], ids=["an operation", "a role", "a progress"])
def test_the_rebuilt_tables_still_refuse_a_value_outside_their_list(tmp_path, statement):
    path = _answered_audit(tmp_path)
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute(statement)
    finally:
        conn.close()


def test_the_event_log_stays_append_only_after_the_upgrade_to_format_16(tmp_path):
    path = _answered_audit(tmp_path)
    _wind_back_to_format_15(path)
    upgrade_audit(path)
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM events WHERE seq = 1")
    finally:
        conn.close()
