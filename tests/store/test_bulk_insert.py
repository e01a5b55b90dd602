"""``bulk_insert.insert_sharing``: rows written as ``insert_rows`` writes them, their shared values bound once."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from workbench.store.bulk_insert import insert_sharing
from workbench.store.database import MAX_PARAMETERS

SHARED = {"who": "A. Auditor", "at": "2026-11-27"}
PER_STATEMENT = (MAX_PARAMETERS - len(SHARED)) // 3


@pytest.fixture
def db():
    db = Database(memory=True)
    db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT NOT NULL CHECK (word = 'a' OR word = 'b'), note TEXT,"
               " who TEXT NOT NULL, at TEXT NOT NULL)")
    return db


@pytest.mark.parametrize("count", [0, 1, PER_STATEMENT - 1, PER_STATEMENT, PER_STATEMENT + 1, 3 * PER_STATEMENT + 7])
def test_every_row_is_written_in_order_with_the_shared_values(db, count):
    rows = [(n, "ab"[n % 2], None if n % 3 else f"note {n}") for n in range(count)]
    insert_sharing(db, "INSERT INTO t", ("n", "word", "note"), SHARED, rows)
    assert db.execute("SELECT n, word, note, who, at FROM t ORDER BY rowid").fetchall() == [(*r, *SHARED.values()) for r in rows]


def test_a_later_row_replaces_an_earlier_one_with_its_key(db):
    rows = [(0, "a", "first"), (1, "a", ""), (0, "b", "again")]
    insert_sharing(db, "INSERT OR REPLACE INTO t", ("n", "word", "note"), SHARED, rows)
    assert db.execute("SELECT n, word, note FROM t ORDER BY n").fetchall() == [(0, "b", "again"), (1, "a", "")]


def test_a_row_its_table_refuses_raises(db):
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        insert_sharing(db, "INSERT INTO t", ("n", "word", "note"), SHARED, [(0, "a", ""), (1, "c", "")])
