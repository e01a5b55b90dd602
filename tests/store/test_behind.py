"""``store.behind``: a large write's rows written on a helper thread, in order, in the caller's transaction."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlite_utils import Database

from workbench.store import behind
from workbench.store.behind import writing_behind

SQL = "INSERT INTO t (n) VALUES (?)"


@pytest.fixture
def db(tmp_path):
    # a connection other threads may use, as an audit's is (``database._connect``)
    db = Database(sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None, check_same_thread=False))
    db.conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    db.conn.execute("BEGIN")   # as in a write transaction: nothing is committed statement by statement
    return db


def test_every_batch_handed_over_is_written_in_order_when_the_block_ends(db):
    with writing_behind(db) as writer:
        for start in range(0, 5000, 500):
            writer.insert_rows(SQL, [(n,) for n in range(start, start + 500)])
    assert [n for (n,) in db.execute("SELECT n FROM t ORDER BY rowid")] == list(range(5000))


def test_a_statement_that_fails_on_the_helper_thread_raises_in_the_caller(db):
    with pytest.raises(Exception, match="UNIQUE"):
        with writing_behind(db) as writer:
            writer.insert_rows(SQL, [(1,), (1,)])


def test_no_helper_thread_is_left_writing_once_an_error_in_the_block_reaches_the_caller(db, monkeypatch):
    started = threading.Event()
    monkeypatch.setattr(behind, "insert_rows", lambda *_args: started.wait())
    with pytest.raises(RuntimeError, match="boom"):
        with writing_behind(db) as writer:
            writer.insert_rows(SQL, [(1,)])
            writer.insert_rows(SQL, [(2,)])
            started.set()
            raise RuntimeError("boom")
    assert not [t for t in threading.enumerate() if t.name.startswith("workbench-writer")]
