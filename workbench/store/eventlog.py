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

from workbench.core.events import GENESIS_HASH, Event, Operation, canonical_json, event_text_hash
from workbench.store.database import insert_rows


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds: every stored timestamp."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


_INSERT = ("INSERT INTO events (seq, at, actor, role, operation, action, detail, prev_hash, hash)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


def append(
    db: Database, actor: str, role: str, operation: Operation, action: str, detail: dict, at: str | None = None,
    after: tuple[int, str] | None = None, pending: list[tuple] | None = None,
) -> Event:
    """Append one event chained to the last; call inside a write transaction.

    ``after`` is the log's head when the caller knows it (the write context keeps it
    through its transaction, which no other writer can enter): the last event is
    then not read again for every event of a large change. With ``pending`` the
    row is added to that list for the caller to write with ``write_pending`` before
    the transaction commits (one statement for thousands of events).
    """
    if not db.conn.in_transaction:
        raise RuntimeError("events are appended only inside a write transaction")
    last_seq, prev = after if after is not None else head(db)
    seq = last_seq + 1
    at = at or now()
    text = canonical_json(detail)
    digest = event_text_hash(seq, at, actor, role, operation, action, text, prev)
    row = (seq, at, actor, role, str(operation), action, text, prev, digest)
    if pending is None:
        db.execute(_INSERT, row)
    else:
        pending.append(row)
    return Event(seq, at, actor, role, operation, action, detail, prev, digest, text)


def write_pending(db: Database, pending: list[tuple]) -> None:
    """Write the events ``append`` held back, in order, and empty the list."""
    if pending:
        insert_rows(db, _INSERT, pending)
        pending.clear()


def head(db: Database) -> tuple[int, str]:
    """The last event's ``(seq, hash)``, or ``(0, GENESIS_HASH)`` for an empty log."""
    last = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    return (last[0], last[1]) if last else (0, GENESIS_HASH)


class DuplicateKey(ValueError):
    """A JSON object names the same key twice: SQLite and Python would read different values."""


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(f"the key {key!r} appears twice")
        seen[key] = value
    return seen


#: Decodes an object as its list of ``(key, value)`` pairs, in C (``parse_detail``'s quick path).
_PAIRS = json.JSONDecoder(object_pairs_hook=list)


def parse_detail(text: object) -> dict:
    """An event's stored detail as a dict, or ``{"unreadable": why}`` (never raises).

    A key given twice is unreadable: ``json_extract`` takes one value and Python
    another, so the same event would say different things to different readers.
    A flat object (no object inside it: nearly every event) is decoded to its
    pairs in C and the keys counted, rather than through a Python hook per object:
    the same result, a third of the time; anything else takes the hook.
    """
    if type(text) is str and text[:1] == "{" and text.find("{", 1) < 0:
        try:
            pairs, end = _PAIRS.raw_decode(text)
        except ValueError:
            pairs, end = None, 0
        if end == len(text):
            detail = dict(pairs)
            if len(detail) == len(pairs):
                return detail
    return _parse_strictly(text)


def _parse_strictly(text: object) -> dict:
    try:
        parsed = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except DuplicateKey as exc:
        return {"unreadable": str(exc)}
    except (TypeError, ValueError):
        return {"unreadable": "it is not valid JSON"}
    if not isinstance(parsed, dict):
        return {"unreadable": "it is not a JSON object"}
    return parsed


def read_events(db: Database, since: int = 0) -> Iterator[Event]:
    """Yield the stored events in stored (rowid) order, as written."""
    cursor = db.execute(
        "SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events"
        " WHERE seq > ? ORDER BY rowid",
        (since,),
    )
    for seq, at, actor, role, operation, action, detail, prev, digest in cursor:
        yield Event(seq, at, actor, role, operation, action, parse_detail(detail), prev, digest, detail if isinstance(detail, str) else "")


def find_events(db: Database, actor: str | None = None, action: str | tuple[str, ...] | None = None, text: str = "",
                before: int | None = None, limit: int = 500) -> list[Event]:
    """The newest events first, up to ``limit``, with ``seq`` below ``before``, filtered.

    ``actor`` and ``action`` match exactly (``action`` may name several kinds); ``text`` anywhere in the event's detail
    (a record key, a file name, a question), case aside. For the window's log view,
    which reads a page at a time: the log of a large audit holds millions of events.
    """
    where, args = _event_filter(actor, action, text)
    if before is not None:
        where.append("seq < ?")
        args.append(before)
    sql = "SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq DESC LIMIT ?"
    rows = db.execute(sql, [*args, limit]).fetchall()
    return [Event(seq, at, who, role, op, act, parse_detail(detail), prev, digest_)
            for seq, at, who, role, op, act, detail, prev, digest_ in rows]


def count_events(db: Database, actor: str | None = None, action: str | None = None, text: str = "") -> int:
    """How many events ``find_events`` would give without a limit."""
    where, args = _event_filter(actor, action, text)
    if not where:
        return db.execute("SELECT count(*) FROM events").fetchone()[0]
    return db.execute("SELECT count(*) FROM events WHERE " + " AND ".join(where), args).fetchone()[0]


def event_people_and_actions(db: Database) -> tuple[list[tuple[str, str]], list[str]]:
    """Who wrote to the log (name, role) and the kinds of event it holds, sorted."""
    people = [(name, role) for name, role in db.execute("SELECT DISTINCT actor, role FROM events ORDER BY actor, role")]
    actions = [action for (action,) in db.execute("SELECT DISTINCT action FROM events ORDER BY action")]
    return people, actions


def _event_filter(actor: str | None, action: str | tuple[str, ...] | None, text: str) -> tuple[list[str], list]:
    where, args = [], []
    if actor:
        where.append("actor = ?")
        args.append(actor)
    actions = (action,) if isinstance(action, str) else tuple(action or ())
    if actions:
        where.append(f"action IN ({', '.join('?' * len(actions))})")
        args.extend(actions)
    if text.strip():
        escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("detail LIKE ? ESCAPE '\\'")
        args.append(f"%{escaped}%")
    return where, args
