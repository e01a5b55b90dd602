"""Read-only queries the findings need: a consistent snapshot, a read-only connection,
and the final answers of every record read in one pass.

Reads only: nothing here writes to the audit (the write path is ``audit_store``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager

from workbench.store.audit_store import AuditStore
from workbench.store.database import rows_in
from workbench.store.eventlog import parse_detail
from workbench.store.record_areas import AreaColumns, area_columns
from workbench.store.schema import DETERMINATION_EVENTS


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


#: Whose answers are a record's final answers: the FCR's when the FCR determined it, else the audit team's.
TEAM, FCR = ("auditor", 1), ("fcr", 1)


def _final_rows(store: AuditStore, columns: str, determined: Collection[int],
                only: Collection[int] | None = None) -> Iterator[tuple]:
    """Every record's final answer rows: the team's, except for ``determined`` records the FCR's (never a mixture).

    ``only``: just these records (looked up by id, not a scan of every answer).
    """
    def rows(layer: tuple[str, int]) -> Iterator[tuple]:
        sql = f"SELECT record_id, {columns} FROM answers WHERE role = ? AND review_round = ?"
        if only is None:
            yield from store.db.execute(sql, layer)
            return
        yield from rows_in(store.db, sql + " AND record_id IN ({marks})", sorted(set(only)), *layer)

    for record_id, *rest in rows(TEAM):
        if record_id not in determined:
            yield (record_id, *rest)
    if determined:
        for record_id, *rest in rows(FCR):
            if record_id in determined:
                yield (record_id, *rest)


def answer_values(store: AuditStore, determined: Collection[int] = (),
                  only: Collection[int] | None = None) -> dict[int, dict[tuple[str, int | None], str]]:
    """Record id -> {(question, instance): value}: each record's final answers (values only).

    ``determined``: the ids of the records the FCR determined (their answers are the
    FCR's); ``only``: just these records (default every one).
    """
    out: dict[int, dict[tuple[str, int | None], str]] = defaultdict(dict)
    for record_id, question, instance, value in _final_rows(store, "question, instance, value", set(determined), only):
        out[record_id][(question, instance or None)] = value
    return out


def answer_patterns(store: AuditStore, left_out: Iterable[str] = ()) -> list[tuple[int, str, str, str, str, str | None, str]]:
    """Per record in sample order: ``(id, key, form id, form version, area, cached progress or None, team's answers)``.

    The audit team's answers as JSON ``[[question, instance, value], ...]``
    (instance 0 outside repeats), without the questions named in ``left_out``:
    SQLite builds it, so 100,000 records cost 100,000 strings rather than 750,000
    rows in Python. The cached progress is that of the team's answers.

    Two reads in one snapshot: the answers in one pass along the table, grouped by
    record (a lookup of each record's answers cost twice as much), and the records
    from the position index alone (never their large rows). Records with the same
    answers give the same string: SQLite reads the table along its primary key,
    each record's answers in (question, instance) order. (Asking for that order
    made SQLite sort every answer; were the order ever to differ, records with the
    same answers would be counted as two patterns, with the same findings.)
    """
    left_out = sorted(set(left_out))
    without = f" AND question NOT IN ({', '.join('?' * len(left_out))})" if left_out else ""
    with read_snapshot(store):
        given = dict(store.db.execute(
            "SELECT record_id, json_group_array(json_array(question, instance, value)) FROM answers"
            f" WHERE role = ? AND review_round = ?{without} GROUP BY record_id", (*TEAM, *left_out)))
        records = store.db.execute(
            "SELECT r.id, r.key, r.form_id, r.form_version, r.area, s.progress"
            " FROM records r LEFT JOIN record_state s ON s.record_id = r.id ORDER BY r.position")
        return [(*record, given.get(record[0], "[]")) for record in records]


def pattern_answers(given: str) -> dict[tuple[str, int | None], str]:
    """{(question, instance): value} from one of `answer_patterns`' strings of answers."""
    return {(question, instance or None): value for question, instance, value in json.loads(given)}


#: A final answer as the exports show it: its value, its note and who gave it.
FinalAnswer = tuple[str, str, str]


def final_answer_rows(store: AuditStore, determined: Collection[int] = ()) -> dict[int, dict[tuple[str, int | None], FinalAnswer]]:
    """Record id -> {(question, instance): (value, note, answered by)}: each record's final answers."""
    out: dict[int, dict[tuple[str, int | None], FinalAnswer]] = defaultdict(dict)
    for record_id, question, instance, value, note, by in _final_rows(
            store, "question, instance, value, note, answered_by", set(determined)):
        out[record_id][(question, instance or None)] = (value, note, by)
    return out


def area_choice(store: AuditStore) -> AreaColumns:
    """Which source column gives each record its area (``store.record_areas``)."""
    return area_columns(store.db)


def stored_areas(store: AuditStore) -> dict[int, str]:
    """Record id -> the record's area (``records.area``), records without one left out."""
    return dict(store.db.execute("SELECT id, area FROM records WHERE area != ''"))


def determination_events(store: AuditStore) -> list[tuple[str, dict, str, str]]:
    """``(action, detail, at, actor)`` of every ``record.determine`` and ``record.unflag`` event, in log order.

    Read through the partial index of those two kinds (migration 0015), not by a scan
    of the whole log: the WHERE is the index's own, word for word.
    """
    return [(action, parse_detail(detail), at, actor) for action, detail, at, actor in store.db.execute(
        f"SELECT action, detail, at, actor FROM events WHERE {DETERMINATION_EVENTS} ORDER BY seq")]
