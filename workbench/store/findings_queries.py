"""Read-only queries the findings need: a consistent snapshot, a read-only connection,
and the final answers of every record read in one pass.

Reads only: nothing here writes to the audit (the write path is ``audit_store``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
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


def records_in_order(store: AuditStore) -> list[tuple[int, str, str, str]]:
    """``(id, key, form id, form version)`` of every record, in sample order (no source fields decoded)."""
    return store.db.execute("SELECT id, key, form_id, form_version FROM records ORDER BY position").fetchall()


def answer_values(store: AuditStore, layers: Iterable[tuple[str, int]],
                  record_ids: Iterable[int] | None = None) -> dict[int, dict[tuple[str, int | None], str]]:
    """Record id -> {(question, instance): value}, each layer's answers over the layer's before.

    ``layers`` are (role, review round) pairs, lowest first: the findings read the
    auditor's answers with the FCR's over them. Values only (no notes, no who or
    when). ``record_ids``: only these records (default every one).
    """
    out: dict[int, dict[tuple[str, int | None], str]] = defaultdict(dict)
    ids = None if record_ids is None else sorted(set(record_ids))
    for role, review_round in layers:
        if ids is None:
            rows = store.db.execute(
                "SELECT record_id, question, instance, value FROM answers WHERE role = ? AND review_round = ?",
                (role, review_round),
            )
        else:
            rows = (row for i in range(0, len(ids), 500) for row in store.db.execute(
                "SELECT record_id, question, instance, value FROM answers WHERE role = ? AND review_round = ?"
                f" AND record_id IN ({', '.join('?' * len(ids[i:i + 500]))})", (role, review_round, *ids[i:i + 500])))
        for record_id, question, instance, value in rows:
            out[record_id][(question, instance or None)] = value
    return out


def answer_patterns(store: AuditStore, layers: list[tuple[str, int]],
                    left_out: Iterable[str] = ()) -> Iterator[tuple[int, str, str, str | None, str, int]]:
    """Per record in sample order: ``(id, form id, form version, cached progress or None, answers, above)``.

    ``answers`` is the first layer's (role, review round) answers as JSON
    ``[[question, instance, value], ...]`` (instance 0 outside repeats), without the
    questions named in ``left_out``: SQLite builds it, so 100,000 records cost
    100,000 strings rather than 750,000 rows in Python. Records with the same
    answers give the same string (answers in key order). ``above`` is 1 when the
    record has answers in any later layer (the FCR's), else 0.
    """
    (role, review_round), later = layers[0], layers[1:]
    left_out = sorted(set(left_out))
    without = f" AND a.question NOT IN ({', '.join('?' * len(left_out))})" if left_out else ""
    above = " OR ".join("EXISTS (SELECT 1 FROM answers f WHERE f.record_id = r.id AND f.role = ? AND f.review_round = ?)"
                        for _layer in later) or "0"
    sql = (
        "SELECT r.id, r.form_id, r.form_version, s.progress,"
        " (SELECT json_group_array(json_array(a.question, a.instance, a.value)) FROM"
        "   (SELECT question, instance, value FROM answers a WHERE a.record_id = r.id AND a.role = ?"
        f"    AND a.review_round = ?{without} ORDER BY a.question, a.instance) a),"
        f" {above}"
        " FROM records r LEFT JOIN record_state s ON s.record_id = r.id ORDER BY r.position"
    )
    yield from store.db.execute(sql, (role, review_round, *left_out, *(v for layer in later for v in layer)))


#: A final answer as the exports show it: its value, its note and who gave it.
FinalAnswer = tuple[str, str, str]


def final_answer_rows(store: AuditStore, layers: Iterable[tuple[str, int]]) -> dict[int, dict[tuple[str, int | None], FinalAnswer]]:
    """Record id -> {(question, instance): (value, note, answered by)}, each layer over the one before."""
    out: dict[int, dict[tuple[str, int | None], FinalAnswer]] = defaultdict(dict)
    for role, review_round in layers:
        rows = store.db.execute(
            "SELECT record_id, question, instance, value, note, answered_by FROM answers"
            " WHERE role = ? AND review_round = ?", (role, review_round))
        for record_id, question, instance, value, note, by in rows:
            out[record_id][(question, instance or None)] = (value, note, by)
    return out
