"""Opening and creating audit files: checks, versions, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.core.audit import AuditSettings
from workbench.store import database
from workbench.store.audit_store import AuditStore
from workbench.store.database import APPLICATION_ID, AuditFileError
from workbench.store.schema import SCHEMA_VERSION

from tests.factories import AUDITOR, make_audit


def test_a_new_audit_is_in_wal_mode_with_full_sync(audit):
    assert audit.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert audit.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_new_audit_records_its_schema_version_and_migrations(audit):
    assert audit.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    applied = [r[0] for r in audit.db.execute("SELECT name FROM _sqlite_migrations")]
    assert len(applied) == SCHEMA_VERSION


def test_migrations_from_empty_build_every_table(audit):
    tables = set(audit.db.table_names())
    assert {"audit", "users", "forms", "imports", "records", "answers", "events"} <= tables


def test_creating_over_an_existing_file_is_refused(tmp_path):
    make_audit(tmp_path).close()
    with pytest.raises(AuditFileError, match="already exists"):
        make_audit(tmp_path)


def test_settings_survive_reopening(tmp_path):
    make_audit(tmp_path, title="Q3 no-crime audit", force="Test Constabulary", time_limit_hours=72).close()
    with AuditStore.open(tmp_path / "audit.cdiaudit") as store:
        assert store.settings() == AuditSettings(title="Q3 no-crime audit", force="Test Constabulary", time_limit_hours=72)


def test_a_file_from_a_newer_workbench_is_refused_unchanged(tmp_path):
    make_audit(tmp_path).close()
    path = tmp_path / "audit.cdiaudit"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(AuditFileError, match="newer version of the workbench"):
        AuditStore.open(path)
    assert path.read_bytes() == before


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(AuditFileError, match="does not exist"):
        AuditStore.open(tmp_path / "nope.cdiaudit")


def test_a_name_given_without_the_ending_points_to_the_audit_of_that_name(tmp_path):
    make_audit(tmp_path).close()
    with pytest.raises(AuditFileError, match=r"but audit.cdiaudit does: audit files end in .cdiaudit"):
        AuditStore.open(tmp_path / "audit")


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.cdiaudit"
    path.write_text("Dear FCR, ...")
    with pytest.raises(AuditFileError, match="not a workbench audit file"):
        AuditStore.open(path)


def test_another_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(AuditFileError, match="not a workbench audit file"):
        AuditStore.open(path)


def test_a_truncated_file_is_reported_as_damaged(tmp_path):
    make_audit(tmp_path).close()
    path = tmp_path / "audit.cdiaudit"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(AuditFileError, match="damaged|cannot be read|not a workbench"):
        AuditStore.open(path)


def test_an_older_file_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.cdiaudit"
    with sqlite3.connect(path) as conn:  # an audit file from before the first schema step
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("CREATE TABLE keep_me (x)")
    store = AuditStore.open(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "events" in store.db.table_names()
    finally:
        store.close()
    backups = list(tmp_path.glob("old.cdiaudit.v0-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["keep_me"]


def test_a_failed_write_transaction_leaves_nothing(audit):
    with pytest.raises(RuntimeError):
        with database.write_transaction(audit.db):
            audit.db.execute("INSERT INTO users (name, role, force, first_seen) VALUES ('x', 'auditor', '', 'now')")
            raise RuntimeError("boom")
    assert audit.db.execute("SELECT count(*) FROM users WHERE name = 'x'").fetchone()[0] == 0


def test_settings_changes_are_logged_old_to_new(audit):
    changes = audit.update_settings(AUDITOR, audit.settings().changed(time_limit_hours=72))
    assert changes == {"time_limit_hours": [24, 72]}
    last = list(audit.events())[-1]
    assert (last.operation, last.action, last.detail) == ("alteration", "audit.settings", {"changes": {"time_limit_hours": [24, 72]}})


def test_a_version_1_file_is_backed_up_and_migrated_to_the_current_schema(tmp_path):
    from sqlite_utils import Database

    from workbench.store.schema import MIGRATIONS

    path = tmp_path / "v1.cdiaudit"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS.apply(db, stop_before="0002_record_state")
    db.execute("PRAGMA user_version = 1")
    db.close()
    with AuditStore.open(path) as store:
        assert {"record_state", "flags"} <= set(store.db.table_names())
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert len(list(tmp_path.glob("v1.cdiaudit.v1-*.bak"))) == 1


def test_records_imported_before_the_search_index_are_found_after_migrating(tmp_path):
    from sqlite_utils import Database

    from workbench.core.records import Record
    from tests.store.test_verify import FORM

    store = make_audit(tmp_path)
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 1},
                      [Record("R1", "mini", {"narrative": "Bicycle taken from the station racks"}, "1")], [FORM])
    store.close()
    path = tmp_path / "audit.cdiaudit"
    db = Database(path)  # wind the file back to format 2, as an older workbench left it
    db.execute("DROP TABLE records_search")
    db.execute("DROP TABLE search_index")
    db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('0003_records_search', '0012_search_index_after_import')")
    db.execute("PRAGMA user_version = 2")
    db.close()
    with AuditStore.open(path) as store:
        assert [r.key for r in store.queue(text="station rack")] == ["R1"]
        assert store.search_backlog() == 0   # the migration indexed it, and the index says so


def test_source_fields_keep_their_column_order(audit):
    from workbench.core.records import Record
    from tests.store.test_verify import FORM

    fields = {"reported": "2024-01-01", "area": "North", "narrative": "x"}
    audit.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 1}, [Record("R1", "mini", fields, "1")], [FORM])
    assert list(audit.record("R1").fields) == ["reported", "area", "narrative"]


def test_opening_another_programs_database_leaves_it_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(AuditFileError, match="not a workbench audit file"):
        AuditStore.open(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_failed_commit_leaves_the_connection_usable(audit):
    with pytest.raises(sqlite3.IntegrityError):
        with database.write_transaction(audit.db):
            audit.db.execute("PRAGMA defer_foreign_keys = ON")  # checked only at COMMIT
            audit.db.execute("INSERT INTO record_state (record_id, progress) VALUES (999, 'complete')")
    assert not audit.db.conn.in_transaction
    audit.update_settings(AUDITOR, audit.settings().changed(force="Still writable"))
    assert audit.settings().force == "Still writable"


def test_a_locked_file_is_a_sentence_not_a_sqlite_error(audit):
    blocker = sqlite3.connect(audit.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    audit.db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(AuditFileError, match="busy.*Nothing was saved"):
            audit.update_settings(AUDITOR, audit.settings().changed(force="x"))
    finally:
        blocker.rollback()
        blocker.close()


def test_a_failed_creation_leaves_no_half_made_file(tmp_path, monkeypatch):
    from workbench.store import eventlog

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(eventlog, "append", broken)
    with pytest.raises(RuntimeError):
        make_audit(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_integrity_check_can_be_left_to_a_background_check(tmp_path, monkeypatch):
    make_audit(tmp_path).close()
    path = tmp_path / "audit.cdiaudit"
    monkeypatch.setattr(database, "integrity_problems", lambda db: ["Page 7: btreeInitPage() returns error code 11"])
    with pytest.raises(AuditFileError, match="is damaged"):
        AuditStore.open(path)
    AuditStore.open(path, check=False).close()
    with pytest.raises(AuditFileError, match="is damaged.*Restore it from a backup"):
        database.check_file(path)



def test_a_record_cached_as_compliant_with_an_unable_answer_is_re_evaluated_when_opened(tmp_path):
    from sqlite_utils import Database

    from workbench.core.records import AnswerChange, Record
    from workbench.ops.audits import open_audit
    from workbench.store.verify_answers import cached_progress_problems
    from tests.factories import make_form, question

    unable = [{"list_name": "yn", "name": n, "label": n} for n in ("yes", "no", "unable")]
    form = make_form("mini", question("crime", "select_one yn", required="yes"), choices=unable)
    store = make_audit(tmp_path)
    store.add_records(AUDITOR, {"file_name": "s.csv", "sha256": "0" * 64, "row_count": 1},
                      [Record("R1", "mini", {"narrative": "x"}, "1")], [form])
    store.set_answers(AUDITOR, [AnswerChange("R1", "crime", None, "unable")])
    store.close()
    path = tmp_path / "audit.cdiaudit"
    db = Database(path)  # as a workbench before format 9 left it: cached as compliant
    db.execute("UPDATE record_state SET compliant = 1")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0009_undetermined_compliance'")
    db.execute("PRAGMA user_version = 8")
    db.close()
    with open_audit(path) as store:
        assert (store.queue_row("R1").progress, store.queue_row("R1").compliant) == ("complete", None)
        assert cached_progress_problems(store) == []


def _wind_back_to_format_12(path) -> None:
    """The file as a workbench of format 12 left it: ``events.hash`` UNIQUE (an index), step 0013 not applied."""
    from workbench.store.schema import create_append_only_triggers
    from sqlite_utils import Database

    db = Database(path)
    db.execute("CREATE TABLE events_12 (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
               " role TEXT NOT NULL, operation TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,"
               " prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE)")
    db.execute("INSERT INTO events_12 SELECT * FROM events")
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE events_12 RENAME TO events")
    create_append_only_triggers(db)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0013_events_without_hash_index'")
    db.execute("PRAGMA user_version = 12")
    db.close()


def _events_and_indexes(path):
    conn = sqlite3.connect(path)
    try:
        events = conn.execute("SELECT * FROM events ORDER BY seq").fetchall()
        indexes = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").fetchall()
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")}
        return events, indexes, triggers
    finally:
        conn.close()


def test_upgrading_a_format_12_audit_keeps_every_event_and_drops_the_hash_index(tmp_path):
    from workbench.ops.audits import needs_upgrade, upgrade_audit
    from workbench.store.verify import verify

    store = make_audit(tmp_path)
    store.update_settings(AUDITOR, store.settings().changed(force="Upgraded Constabulary"))
    store.close()
    path = tmp_path / "audit.cdiaudit"
    _wind_back_to_format_12(path)
    before, indexes, _ = _events_and_indexes(path)
    assert len(before) >= 3 and indexes   # the old file's events, and its UNIQUE index on hash

    assert needs_upgrade(path)
    upgrade_audit(path)

    after, indexes, triggers = _events_and_indexes(path)
    assert after == before
    assert indexes == []
    assert triggers == {"events_refuse_update", "events_refuse_delete"}
    with AuditStore.open(path) as store:
        assert verify(store).ok
        store.update_settings(AUDITOR, store.settings().changed(force="Appended after the upgrade"))
        assert verify(store).ok


def test_the_event_log_stays_append_only_after_the_upgrade(tmp_path):
    from workbench.ops.audits import upgrade_audit

    make_audit(tmp_path).close()
    path = tmp_path / "audit.cdiaudit"
    _wind_back_to_format_12(path)
    upgrade_audit(path)
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE events SET actor = 'someone else' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM events WHERE seq = 1")
    finally:
        conn.close()
