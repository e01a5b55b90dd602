"""The store's one write context: every change to an audit passes through here.

``with writer.write(actor) as w:`` begins an immediate transaction; inside it the
repositories change their tables and log each change with ``w.log(kind, detail)``.
``log`` is where a person new to the audit is added (with a ``user.add`` event),
where every event is checked against its kind, and where a locked audit refuses a
change. Leaving the block commits (or, on any error, rolls back: all or nothing),
then lets the database settle the commit into the main file (``database.settle``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from workbench.core.audit import Actor
from workbench.core.errors import WorkbenchError
from workbench.core.event_kinds import EventKind, kind_of
from workbench.core.events import ChainHasher, Event, Operation, detail_text_for
from workbench.store import database, eventlog
from workbench.store.bulk_insert import insert_sharing


class AuditLocked(WorkbenchError):
    """The audit is signed off: it refuses every change until it is reopened."""


class AuditReadOnly(WorkbenchError):
    """The audit is open read-only (its file or folder cannot be written): nothing can be saved."""


READ_ONLY_WORDS = (
    "This audit is open read-only: its file or folder cannot be written here, so nothing can be saved. "
    "Use File > Save a copy (or 'workbench backup') to copy it somewhere you can write to, and open the copy."
)


#: Events are written in statements of at most this many (a large import or load logs hundreds of thousands).
_FLUSH_EVERY = 5000

@dataclass(frozen=True)
class EventShape:
    """A kind of event and its detail's keys, checked once (``Write.shape``) for many events (``Write.log_many``)."""

    action: str
    operation: Operation | None   # the kind's, when an event gives none
    text: Callable[[Sequence[object]], str]   # the detail's canonical JSON from its values

#: Asked at each change: a sentence if the audit refuses changes (it is locked), else None.
LockCheck = Callable[[Database], str | None]


@dataclass
class Write:
    """One open write transaction: who writes, when, and the log's head as events are appended."""

    db: Database
    actor: Actor
    at: str
    lock: LockCheck | None = None
    _known_user: bool = False
    _unlocked: bool = False   # the lock was asked once in this transaction and said no
    _head: tuple[int, str] | None = None   # the log's head, read once, then kept as events are appended
    _pending: list[tuple] = field(default_factory=list)   # events appended, written together (``flush``)
    _hasher: ChainHasher | None = None

    def log(self, action: str, detail: dict, operation: Operation | None = None) -> Event:
        """Append one event of kind ``action`` to the log, in this transaction.

        Raises
        ------
        AuditLocked
            The audit is signed off and this kind of event changes it.
        ValueError
            The detail lacks a field its kind requires, or no operation is known
            (a programming error: the store's methods always give both).
        """
        kind = kind_of(action)
        self._check_lock(kind)
        missing = kind.missing_fields(detail)
        if missing:
            raise ValueError(f"a {action} event needs {', '.join(missing)}")
        operation = operation or kind.operation
        if operation is None:
            raise ValueError(f"a {action} event needs its operation")
        self._ready()
        event = eventlog.append(self.db, self.actor.name, self.actor.role, operation, action, detail, self.at, self._head,
                                self._pending)
        self._head = (event.seq, event.hash)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()
        return event

    def shape(self, action: str, keys: tuple[str, ...]) -> EventShape:
        """One shape of event for ``log_many``: its kind and its detail's keys, checked once.

        Raises as ``log`` does: ``AuditLocked`` on a locked audit for a kind that
        changes it, ``ValueError`` for keys that lack a field the kind requires.
        """
        kind = kind_of(action)
        self._check_lock(kind)
        missing = sorted(kind.fields - set(keys))
        if missing:
            raise ValueError(f"a {action} event needs {', '.join(missing)}")
        return EventShape(action, kind.operation, detail_text_for(keys))

    def log_many(self, events: Iterable[tuple[EventShape, Sequence[object], Operation | None]]) -> int | None:
        """Append events in order, as ``log`` does one by one; the ``seq`` of the first (the rest follow
        it, one apart), or None if there were none.

        Each event is ``(shape, values, operation)``: its detail has the shape's keys
        with these values, in order (``shape`` made by ``Write.shape``), or ``values``
        is already that detail's canonical JSON (a str: a caller that writes many events
        of one shape may encode them faster itself); ``operation`` None is the kind's. For a change that logs hundreds of thousands of events (an
        answers file): no dict is built, each detail is encoded by its shape, and the
        events are hashed and written in batches. The stored events are exactly those
        ``log`` would write.
        """
        first = None
        pending, hasher, at, name, role = self._pending, self._hasher, self.at, self.actor.name, self.actor.role
        for shape, values, operation in events:
            if first is None:
                self._ready()
                pending, hasher = self._pending, self._hasher
                seq, prev = self._head
                first = seq + 1
            seq += 1
            operation = operation or shape.operation
            if operation is None:
                raise ValueError(f"a {shape.action} event needs its operation")
            text = values if type(values) is str else shape.text(values)
            digest = hasher.hash(seq, operation, shape.action, text, prev)
            pending.append((seq, at, name, role, str(operation), shape.action, text, prev, digest))
            prev = digest
            if len(pending) >= _FLUSH_EVERY:
                self._head = (seq, prev)
                self.flush()
        if first is not None:
            self._head = (seq, prev)
        return first

    def log_texts(self, shape: EventShape, details: Sequence[tuple[str, str]]) -> int | None:
        """Append events of one shape whose details are already their canonical JSON, in order, as ``log_many``
        does; the ``seq`` of the first (the rest follow it), or None if there were none.

        Each detail is ``(text, operation)``, the operation given as its text (``"collection"``).
        For a load of hundreds of thousands of answers: the events are hashed in one pass
        (``ChainHasher.hash_texts``) and written at once, the actor, time and action bound once
        per statement (``bulk_insert.insert_sharing``); the stored events are exactly those
        ``log`` would write.
        """
        if not details:
            return None
        self._ready()
        self.flush()   # the events before these
        seq, prev = self._head
        hashes = self._hasher.hash_texts(seq, prev, shape.action, details)
        rows = list(zip(range(seq + 1, seq + len(details) + 1), (operation for _text, operation in details),
                        (text for text, _operation in details), [prev, *hashes[:-1]], hashes))
        insert_sharing(self.db, "INSERT INTO events", ("seq", "operation", "detail", "prev_hash", "hash"),
                       {"at": self.at, "actor": self.actor.name, "role": self.actor.role, "action": shape.action}, rows)
        self._head = (rows[-1][0], hashes[-1])
        return seq + 1

    def _check_lock(self, kind: EventKind) -> None:
        if not kind.while_locked and self.lock is not None and not self._unlocked:
            refusal = self.lock(self.db)
            if refusal:
                raise AuditLocked(refusal)
            self._unlocked = True

    def _ready(self) -> None:
        """Before the first event: the person is in ``users`` (logged if new) and the log's head is known."""
        if not self._known_user:
            self._add_user_if_new()
        if self._head is None:
            self._head = eventlog.head(self.db)
        if self._hasher is None:
            self._hasher = ChainHasher(self.at, self.actor.name, self.actor.role)

    def flush(self) -> None:
        """Write the events appended so far (the write context does this before it commits)."""
        eventlog.write_pending(self.db, self._pending)

    def _add_user_if_new(self) -> None:
        self._known_user = True
        added = self.db.execute(
            "INSERT OR IGNORE INTO users (name, role, force, first_seen) VALUES (?, ?, ?, ?)",
            (self.actor.name, str(self.actor.role), self.actor.force, self.at),
        ).rowcount
        if added:
            self.log("user.add", {"name": self.actor.name, "role": str(self.actor.role), "force": self.actor.force})


class Writer:
    """Opens write transactions on one connection (held by ``AuditStore``)."""

    def __init__(self, db: Database, lock: LockCheck | None = None, read_only: bool = False):
        self.db = db
        self.lock = lock
        self.read_only = read_only

    @contextmanager
    def write(self, actor: Actor, while_locked: bool = False) -> Iterator[Write]:
        """One transaction: every change in the block and its events, or none of them.

        ``while_locked`` is for what a signed-off audit still allows (a disclosure, a
        consultation, reopening it); every other transaction is refused on a locked
        audit as soon as it begins, even one that would end up changing nothing.

        Raises
        ------
        AuditReadOnly
            The audit was opened read-only: nothing is begun.
        AuditLocked
            The audit is signed off (and ``while_locked`` is False).
        """
        if self.read_only:
            raise AuditReadOnly(READ_ONLY_WORDS)
        with database.write_transaction(self.db):
            refusal = None if while_locked or self.lock is None else self.lock(self.db)
            if refusal:
                raise AuditLocked(refusal)
            w = Write(self.db, actor, eventlog.now(), self.lock)
            yield w
            w.flush()
        database.settle(self.db)
