"""``verify``: the file is sound, the chain holds, and the tables match the log.

Every column a user sees or an export prints is either vouched for by the event log
(values by digest, who wrote them and when by the event that wrote them) or derived,
and then recomputed and compared: the queue's cached progress of each record is
re-evaluated from its answers.

One pass over the log, in order, never held: each event's hash is recomputed, its
detail read and folded into the state the log describes (an answer straight from its
stored text, without a dict or an ``Event``: ``core.replay.Replay.fold_stored``; its key
and digest held small: ``core.audit_state.LoggedAnswers``).
The answers (nearly every event and row of a large audit) are then compared with
the table row by row as it is read, in the same read as the queue's cached
progress. Everything is read in one snapshot, while SQLite's full integrity check
runs on a connection and a thread of its own (in C, without Python's lock: on the
second core). A large audit's chain walk (``ChainCheck.walk``) and other tables are
read in a second process instead (``verify``). ``benchmarks/bench_verify.py``
measures it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass, field

from sqlite_utils import Database

from workbench.core.collector import cycle_collector_paused
from workbench.core.audit_state import AuditState
from workbench.core.events import ChainCheck, Event, event_text_hash, expected_hash
from workbench.core.replay import Replay, compare
from workbench.store.audit_store import AuditStore
from workbench.store.database import AuditFileError, file_problems
from workbench.store.eventlog import parse_detail
from workbench.store.stored_state import stored_state
from workbench.store.verify_answers import answer_problems, writers_elsewhere


@dataclass
class VerifyReport:
    """Every problem found, in words; ``ok`` when there are none."""

    events: int = 0
    head: tuple[int, str] = (0, "")
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


#: From this many events (a large audit: 760,000 at 100,000 answered records), the checks that
#: need no fold of the log run in a second process, on the second core (``_side_checks``).
SECOND_PROCESS_EVENTS = 100_000


def verify(store: AuditStore) -> VerifyReport:
    """Check SQLite integrity, the triggers, the hash chain, every event, and table-vs-log state.

    On a large audit the work is shared between two processes (``SECOND_PROCESS_EVENTS``):
    this one folds the log and compares the answers with it, re-evaluating the queue's
    cached progress in the same read; the other first finds the few answers whose writer
    is not their event's (``_side_writers``, ready before the fold is), then walks the hash
    chain and reads the other tables, each in a snapshot of its own. SQLite's integrity
    check runs in C on a thread of this one from the start, beside both. Every change to an audit
    appends an event, so two snapshots with the same head (last event's number and
    hash) hold the same audit; if a change came between them, or the second process
    cannot be started, its part is done here instead, in this snapshot.
    """
    side = _start_side(store)
    if side is None:
        return _verify_here(store)
    pool, writers, future = side
    with pool, ThreadPoolExecutor(max_workers=1, thread_name_prefix="integrity") as checking:
        integrity = checking.submit(file_problems, store.path)   # in C, beside the fold: the three share two cores
        report = VerifyReport()
        try:
            with _one_snapshot(store.db), cycle_collector_paused():
                report.head = store.head()
                folding = _fold_and_compare(store, report, chain=None, writers=lambda: _found_at(writers, report.head))
                other = _side_result(future, report.head)
                if other is None:   # the second process saw another audit, or failed: its part here
                    other = _side_checked(store)
                other.integrity = _integrity_problems(integrity)
                _merge(report, folding, other)
        except sqlite3.DatabaseError as exc:   # a damaged file: its integrity problems say where
            report.problems.append(f"the audit could not be read to the end ({exc})")
            report.problems[:0] = [f"SQLite integrity: {p}" for p in _integrity_problems(integrity)]
    return report


def _verify_here(store: AuditStore) -> VerifyReport:
    """``verify`` in this process alone (the integrity check on a thread: it runs in C, without Python's lock)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="integrity") as pool:
        integrity = pool.submit(file_problems, store.path)
        report = VerifyReport()
        try:
            with _one_snapshot(store.db), cycle_collector_paused():
                report.head = store.head()
                chain = ChainCheck()
                folding = _fold_and_compare(store, report, chain=chain)
                _merge(report, folding, _side_part(store, chain))
        except sqlite3.DatabaseError as exc:   # a damaged file: its integrity problems say where
            report.problems.append(f"the audit could not be read to the end ({exc})")
        report.problems[:0] = [f"SQLite integrity: {p}" for p in _integrity_problems(integrity)]
    return report


def _integrity_problems(check: Future) -> list[str]:
    try:
        return check.result()
    except (sqlite3.Error, AuditFileError) as exc:
        return [str(exc)]


@contextmanager
def _one_snapshot(db: Database) -> Iterator[None]:
    """Every read inside sees the same committed audit, whatever another program commits meanwhile."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("ROLLBACK")   # it only read; unlike COMMIT, this ends it even with a read left unfinished


@dataclass
class _SidePart:
    """What the checks that need no fold found: the chain, the other tables, the file."""

    events: int
    breaks: list[str]
    stored: AuditState
    integrity: list[str] = field(default_factory=list)


@dataclass
class _Folded:
    """What the fold found: the state the log describes, its unusable events, and the answers' differences."""

    replayed: object
    answer_differences: list
    progress: list[str]
    triggers: list[str]


def _fold_and_compare(store: AuditStore, report: VerifyReport, chain: ChainCheck | None,
                      writers: Callable[[], dict | None] = lambda: None) -> _Folded:
    """Fold the log (checking its chain too when given ``chain``) and compare the answers table (and the
    queue's cached progress) with it; ``writers``: ``writers_elsewhere`` as the second process found it,
    asked for once the fold is done (None: found here)."""
    triggers = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = [f"the trigger {name} that keeps the event log append-only is missing"
               for name in ("events_refuse_update", "events_refuse_delete") if name not in triggers]
    folding = Replay()
    fold_log(store.db, chain, folding)
    differences, progress_problems = answer_problems(store, folding.out.state.answers, elsewhere=writers())
    return _Folded(folding.out, differences, progress_problems, missing)


def _side_part(store: AuditStore, chain: ChainCheck) -> _SidePart:
    """The part of ``verify`` that needs no fold, once ``chain`` has walked the log."""
    return _SidePart(chain.count, [f"event {b.seq}: {b.reason}" for b in chain.breaks], stored_state(store))


def _merge(report: VerifyReport, folded: _Folded, other: _SidePart) -> None:
    """The problems in the order ``verify`` has always given them."""
    report.problems[:0] = [f"SQLite integrity: {p}" for p in other.integrity]
    report.problems += folded.triggers
    report.events = other.events
    report.problems += other.breaks
    report.problems += [str(d) for d in folded.replayed.unusable]
    report.problems += [str(d) for d in compare(folded.replayed.state, other.stored)]
    report.problems += [str(d) for d in folded.answer_differences]
    report.problems += folded.progress


def _start_side(store: AuditStore) -> tuple[ProcessPoolExecutor, Future, Future] | None:
    """The second process started on ``_side_writers`` then ``_side_checks`` for a large audit; None for a
    small one or if it cannot start."""
    head = store.head()
    if head[0] < SECOND_PROCESS_EVENTS:
        return None
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return pool, pool.submit(_side_writers, str(store.path), head), pool.submit(_side_checks, str(store.path), head)
    except (OSError, RuntimeError, ValueError):   # no process to be had here: all of it in this one
        return None


def _side_result(future: Future, head: tuple[int, str]) -> _SidePart | None:
    """The second process's findings, or None if it failed or saw another head than ``head``."""
    return _found_at(future, head)


def _found_at(future: Future, head: tuple[int, str]) -> object | None:
    """What a task of the second process found, or None if it failed or saw another head than ``head``."""
    try:
        seen, found = future.result()
    except Exception:   # noqa: BLE001 - whatever stopped it, the same checks are made here
        return None
    return found if seen == head else None


def _side_writers(path: str, head: tuple[int, str]) -> tuple[tuple[int, str], dict | None]:
    """In the second process, first (ready before this one's fold is done): the log's head in its snapshot,
    and (if it is ``head``) ``writers_elsewhere``: the answers whose writer is not their event's."""
    store = AuditStore.open(Path(path), check=False, read_only=True)
    try:
        with _one_snapshot(store.db):
            seen = store.head()
            return seen, dict(writers_elsewhere(store.db)) if seen == head else None
    finally:
        store.close()


def _side_checks(path: str, head: tuple[int, str]) -> tuple[tuple[int, str], _SidePart | None]:
    """In the second process: the log's head in its snapshot, and (if it is ``head``) what the chain and the
    other tables say (SQLite's integrity check runs on a thread of the first)."""
    store = AuditStore.open(Path(path), check=False, read_only=True)
    try:
        with _one_snapshot(store.db), cycle_collector_paused():
            seen = store.head()
            if seen != head:
                return seen, None
            return seen, _side_checked(store)
    finally:
        store.close()


def _side_checked(store: AuditStore) -> _SidePart:
    """The second process's part (in its snapshot, or here in this one's): the chain walked and the other
    tables read."""
    chain = ChainCheck()
    fold_log(store.db, chain, None)
    return _side_part(store, chain)


_EVENTS = "SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events ORDER BY seq"
#: What the fold reads of each event (not its hashes: the chain walk checks those).
_FOLDED = "SELECT seq, at, actor, role, operation, action, detail FROM events ORDER BY seq"


def fold_log(db: Database, chain: ChainCheck | None, folding: Replay | None) -> None:
    """Check every event's place in the chain and fold it, in one pass over the log (never held).

    Either may be None: the chain walked without a fold (``_side_checks``), or the log
    folded without its hashes recomputed (the second process walks the chain).
    """
    if folding is None:
        _walk_chain(db, chain)
    elif chain is None:
        folding.fold_stored(db.execute(_FOLDED), parse_detail)
    else:
        folding.fold_stored(_chain_walked(db, chain), parse_detail)


def _chain_walked(db: Database, chain: ChainCheck) -> Iterator[tuple]:
    """Every event's columns but its hashes, in order, each checked in the chain as it goes by."""
    step, holding = chain.step, True
    for seq, at, actor, role, operation, action, text, prev, stored in db.execute(_EVENTS):
        if not holding:
            step(seq, prev, stored, "")
        elif isinstance(text, str):
            step(seq, prev, stored, event_text_hash(seq, at, actor, role, operation, action, text, prev))
            holding = chain.holding
        else:   # not text: hashed as it was read (``expected_hash``), and so found edited
            step(seq, prev, stored, expected_hash(Event(seq, at, actor, role, operation, action, parse_detail(text),
                                                        prev, stored)))
            holding = chain.holding
        yield seq, at, actor, role, operation, action, text


def _walk_chain(db: Database, chain: ChainCheck) -> None:
    """The chain alone: each event's hash recomputed and linked (``ChainCheck.walk``), its detail decoded only
    if it is not text."""
    chain.walk(db.execute(_EVENTS), _row_hash)


def _row_hash(row: tuple) -> str:
    """``expected_hash`` of an event given as its stored columns (``_EVENTS``)."""
    seq, at, actor, role, operation, action, text, prev, stored = row
    if isinstance(text, str):
        return event_text_hash(seq, at, actor, role, operation, action, text, prev)
    return expected_hash(Event(seq, at, actor, role, operation, action, parse_detail(text), prev, stored))
