"""``database.insert_rows``: executemany's rows, many to a statement."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from workbench.store.database import MAX_PARAMETERS, insert_rows

SQL = "INSERT INTO t (n, word, note) VALUES (?, ?, ?)"
PER_STATEMENT = MAX_PARAMETERS // 3


@pytest.fixture
def db():
    db = Database(memory=True)
    db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT NOT NULL CHECK (word = 'a' OR word = 'b'), note TEXT)")
    return db


@pytest.mark.parametrize("count", [0, 1, PER_STATEMENT - 1, PER_STATEMENT, PER_STATEMENT + 1, 3 * PER_STATEMENT + 7])
def test_every_row_is_written_in_order_whatever_their_number(db, count):
    rows = [(n, "ab"[n % 2], None if n % 3 else f"note {n}") for n in range(count)]
    insert_rows(db, SQL, rows)
    assert db.execute("SELECT n, word, note FROM t ORDER BY rowid").fetchall() == rows


def test_a_row_its_table_refuses_raises_as_executemany_would(db):
    rows = [(n, "a", "") for n in range(PER_STATEMENT)] + [(PER_STATEMENT, "c", "")]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        insert_rows(db, SQL, rows)


def test_a_later_row_replaces_an_earlier_one_with_its_key_as_executemany_would(db):
    rows = [(n, "a", "first") for n in range(PER_STATEMENT - 1)] + [(0, "b", "again")]   # one statement's worth
    insert_rows(db, SQL.replace("INSERT", "INSERT OR REPLACE"), rows)
    assert db.execute("SELECT word, note FROM t WHERE n = 0").fetchone() == ("b", "again")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == PER_STATEMENT - 1
