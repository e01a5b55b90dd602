"""Appending to and reading the hash-chained event log.

Appends happen only inside a write transaction (see ``database.write_transaction``),
so reading the last hash and writing the next event cannot interleave with another
writer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from sqlite_utils import Database

from workbench.core.events import GENESIS_HASH, Event, Operation, canonical_json, event_hash


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds: every stored timestamp."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def append(
    db: Database, actor: str, role: str, operation: Operation, action: str, detail: dict, at: str | None = None
) -> Event:
    """Append one event chained to the last; call inside a write transaction."""
    if not db.conn.in_transaction:
        raise RuntimeError("events are appended only inside a write transaction")
    last = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = at or now()
    digest = event_hash(seq, at, actor, role, operation, action, detail, prev)
    db.execute(
        "INSERT INTO events (seq, at, actor, role, operation, action, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, role, str(operation), action, canonical_json(detail), prev, digest),
    )
    return Event(seq, at, actor, role, operation, action, detail, prev, digest)


def read_events(db: Database, since: int = 0) -> Iterator[Event]:
    """Yield the stored events in stored (rowid) order, as written."""
    cursor = db.execute(
        "SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events"
        " WHERE seq > ? ORDER BY rowid",
        (since,),
    )
    for seq, at, actor, role, operation, action, detail, prev, digest in cursor:
        try:
            parsed = json.loads(detail)
        except (TypeError, ValueError):
            parsed = {"unreadable": str(detail)[:40]}
        yield Event(seq, at, actor, role, operation, action, parsed, prev, digest)
