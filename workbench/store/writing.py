"""The store's one write context: every change to an audit passes through here.

``with writer.write(actor) as w:`` begins an immediate transaction; inside it the
repositories change their tables and log each change with ``w.log(kind, detail)``.
``log`` is where a person new to the audit is added (with a ``user.add`` event),
where every event is checked against its kind, and where a locked audit refuses a
change. Leaving the block commits (or, on any error, rolls back: all or nothing),
then lets the database settle the commit into the main file (``database.settle``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from workbench.core.audit import Actor
from workbench.core.errors import WorkbenchError
from workbench.core.event_kinds import kind_of
from workbench.core.events import Event, Operation
from workbench.store import database, eventlog


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

#: Asked at each change: a sentence if the audit refuses changes (it is locked), else None.
LockCheck = Callable[[Database], str | None]


@dataclass
class Write:
    """One open write transaction: who writes, when, and the events logged so far."""

    db: Database
    actor: Actor
    at: str
    lock: LockCheck | None = None
    events: list[Event] = field(default_factory=list)
    _known_user: bool = False
    _unlocked: bool = False   # the lock was asked once in this transaction and said no
    _head: tuple[int, str] | None = None   # the log's head, read once, then kept as events are appended
    _pending: list[tuple] = field(default_factory=list)   # events appended, written together (``flush``)

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
        if not kind.while_locked and self.lock is not None and not self._unlocked:
            refusal = self.lock(self.db)
            if refusal:
                raise AuditLocked(refusal)
            self._unlocked = True
        missing = kind.missing_fields(detail)
        if missing:
            raise ValueError(f"a {action} event needs {', '.join(missing)}")
        operation = operation or kind.operation
        if operation is None:
            raise ValueError(f"a {action} event needs its operation")
        if not self._known_user:
            self._add_user_if_new()
        if self._head is None:
            self._head = eventlog.head(self.db)
        event = eventlog.append(self.db, self.actor.name, self.actor.role, operation, action, detail, self.at, self._head,
                                self._pending)
        self._head = (event.seq, event.hash)
        self.events.append(event)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()
        return event

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
