"""Read-only queries the findings need: a consistent snapshot, a read-only connection,
and the final answers of every record read in one pass.

Reads only: nothing here writes to the audit (the write path is ``audit_store``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from workbench.store.audit_store import AuditStore


@contextmanager
def read_snapshot(store: AuditStore) -> Iterator[None]:
    """Everything read inside sees the file as it was at the first read.

    A deferred ``BEGIN`` takes SQLite's snapshot at the first read, and the WAL
    lets the window keep writing meanwhile: a save committed by another
    connection while this reads is not half seen (it is picked up next time).
    Inside a transaction already open, that transaction is the snapshot.
    """
    conn = store.db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # nothing was written; ends the snapshot


def make_read_only(store: AuditStore) -> AuditStore:
    """Refuse every write on this connection (``PRAGMA query_only``): for a reader of its own."""
    store.db.execute("PRAGMA query_only = ON")
    return store
