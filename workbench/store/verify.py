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
second core). A large audit's chain walk, other tables and integrity check run in a
second process instead (``verify``). ``benchmarks/bench_verify.py``
measures it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from dataclasses import astuple, dataclass, field

from sqlite_utils import Database

from workbench.core.collector import cycle_collector_paused
from workbench.core.evaluations import Evaluations
from workbench.core.audit_state import AuditState, LoggedAnswers, Written
from workbench.core.events import ChainCheck, Event, event_text_hash, expected_hash
from workbench.core.records import RecordProgress, answer_digest, answer_sha256
from workbench.core.replay import AnswerComparison, Replay, compare
from workbench.store.audit_store import AuditStore
from workbench.store.database import AuditFileError, file_problems
from workbench.store.eventlog import parse_detail
from workbench.store.stored_state import stored_state


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
    chain, reads the other tables and runs SQLite's integrity check (about the same work
    on a 100,000-record audit), each in a snapshot of its own. Every change to an audit
    appends an event, so two snapshots with the same head (last event's number and
    hash) hold the same audit; if a change came between them, or the second process
    cannot be started, its part is done here instead, in this snapshot.
    """
    side = _start_side(store)
    if side is None:
        return _verify_here(store)
    pool, writers, future = side
    with pool:
        report = VerifyReport()
        try:
            with _one_snapshot(store.db), cycle_collector_paused():
                report.head = store.head()
                folding = _fold_and_compare(store, report, chain=None, writers=lambda: _found_at(writers, report.head))
                other = _side_result(future, report.head)
                if other is None:   # the second process saw another audit, or failed: its part here
                    chain = ChainCheck()
                    fold_log(store.db, chain, None)
                    other = _side_part(store, chain)
                    other.integrity = file_problems(store.path)
                _merge(report, folding, other)
        except sqlite3.DatabaseError as exc:   # a damaged file: its integrity problems say where
            report.problems.append(f"the audit could not be read to the end ({exc})")
            report.problems[:0] = [f"SQLite integrity: {p}" for p in _problems_or_words(lambda: file_problems(store.path))]
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
    queue's cached progress) with it; ``writers``: ``_writers_elsewhere`` as the second process found it,
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
    and (if it is ``head``) ``_writers_elsewhere``: the answers whose writer is not their event's."""
    store = AuditStore.open(Path(path), check=False, read_only=True)
    try:
        with _one_snapshot(store.db):
            seen = store.head()
            return seen, dict(_writers_elsewhere(store.db)) if seen == head else None
    finally:
        store.close()


def _side_checks(path: str, head: tuple[int, str]) -> tuple[tuple[int, str], _SidePart | None]:
    """In the second process: the log's head in its snapshot, and (if it is ``head``) what the chain, the
    other tables and SQLite's integrity check say."""
    store = AuditStore.open(Path(path), check=False, read_only=True)
    try:
        with _one_snapshot(store.db), cycle_collector_paused():
            seen = store.head()
            if seen != head:
                return seen, None
            chain = ChainCheck()
            fold_log(store.db, chain, None)
            part = _side_part(store, chain)
    finally:
        store.close()
    part.integrity = file_problems(Path(path))
    return seen, part


def _problems_or_words(check) -> list[str]:
    try:
        return check()
    except (sqlite3.Error, AuditFileError) as exc:
        return [str(exc)]


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
    """The chain alone: each event's hash recomputed and linked, its detail decoded only if it is not text."""
    step, holding = chain.step, True
    for seq, at, actor, role, operation, action, text, prev, stored in db.execute(_EVENTS):
        if not holding:
            step(seq, prev, stored, "")
            continue
        if isinstance(text, str):
            step(seq, prev, stored, event_text_hash(seq, at, actor, role, operation, action, text, prev))
        else:
            step(seq, prev, stored, expected_hash(Event(seq, at, actor, role, operation, action, parse_detail(text),
                                                        prev, stored)))
        holding = chain.holding


#: Every stored answer in the table's order: each record's answers together, without a sort.
_ANSWERS = ("SELECT record_id, question, instance, role, review_round, value, note, event_seq, answered_by, answered_at"
            " FROM answers ORDER BY record_id")
#: The answers whose row names another writer than the event it points at says (or that point at no event), with
#: who and when that event says: few. Every other row's event says what the row says: found in one join in SQL,
#: not by reading four more columns of every row. A merged answer is left out (there may be hundreds of thousands):
#: its writer is who gave it, as its ``answer.merge`` event says (``LoggedAnswers.authors``), never the merge's;
#: and only an answer the log holds as written by that event is compared with a writer (``AnswerComparison.row``),
#: which the fold of that event put in ``authors``.
_WRITER_ELSEWHERE = (
    "SELECT a.record_id, a.question, a.instance, a.role, a.review_round, e.actor, e.at FROM answers a"
    " LEFT JOIN events e ON e.seq = a.event_seq WHERE (e.seq IS NULL OR a.answered_by IS NOT e.actor"
    " OR a.answered_at IS NOT e.at) AND e.action IS NOT 'answer.merge'"
)


def answer_problems(store: AuditStore, logged: LoggedAnswers, progress_too: bool = True,
                    elsewhere: dict | None = None) -> tuple[list, list[str]]:
    """The answers table against the log's answers, and the queue's cached progress against the
    answers re-evaluated: ``(differences, progress problems)``, in one read of the answers.

    A row that agrees is found so with one ``==`` (its event's number and its content's
    SHA-256, packed as the log's are), once SQL has found the few rows whose writer is not
    their event's (``_WRITER_ELSEWHERE``); any other is compared in full, in words, by
    ``core.replay.AnswerComparison``. The answers are taken out of ``logged`` as they
    are met. The table is read in its own order (record by record), never held; each
    record's working answers are evaluated as its last one goes by (unless ``progress_too`` is
    False: then the progress problems are left to ``cached_progress_problems``). ``elsewhere``:
    ``_writers_elsewhere`` if already found (by the second process).
    """
    comparison = AnswerComparison(logged)
    progress = _Progress(store) if progress_too else None   # else ``cached_progress_problems`` checks it alone
    records = _records(store)
    held_by, authors = logged.held_by, logged.authors
    elsewhere = _writers_elsewhere(store.db) if elsewhere is None else elsewhere
    (working_role, working_round), record, key, form, given = progress.working if progress else (None, None), None, None, None, {}
    held: dict = {}
    others: dict | None = None
    contents: dict[tuple[str, str], bytes] = {}   # a choice's SHA-256 made once: most answers are one of a few
    for record_id, q, stored_instance, role, rnd, value, note, seq, by, at in store.db.execute(_ANSWERS):
        if record_id != record:
            if given:
                progress.check(key, form, given)
            record, given = record_id, {}
            key, form = records.get(record_id, (None, None))
            held = {} if key is None else held_by(key)   # the log's answers of this record, taken out as met
            others = elsewhere.get(record_id)   # this record's answers whose event says another writer
        if key is None:
            continue   # an answer without its record: the log's answer for it is then found missing
        inst = stored_instance or None
        packed = held.pop((q, inst, role, rnd), None)
        content = contents.get((value, note))
        if content is None:
            content = answer_sha256(value, note)
            if len(contents) < _CONTENTS_KEPT and type(value) is str and type(note) is str:
                contents[(value, note)] = content   # (text only: a value edited in as a blob is hashed each time)
        if (others is not None or (authors and seq in authors) or type(seq) is not int or seq < 0
                or packed != seq.to_bytes(8, "big") + content):
            # who and when its event says wrote it: what the row says, unless found otherwise above
            event_actor, event_at = (others or {}).get((q, stored_instance, role, rnd), (by, at))
            writer = authors.get(seq) or (event_actor, event_at)   # a merged answer's author, not the merge's
            if (type(seq) is not int or seq < 0 or by != writer[0] or at != writer[1]
                    or packed != seq.to_bytes(8, "big") + content):
                comparison.row((key, q, inst, role, rnd), packed, answer_digest(value, note), Written(seq, by, at),
                               None if event_actor is None else writer)
        if role == working_role and rnd == working_round:
            given[(q, inst)] = value
    if given:
        progress.check(key, form, given)
    return comparison.finish(), progress.finish() if progress else []


#: How many answers' contents ``answer_problems`` keeps the SHA-256 of (each a few hundred bytes at most kept).
_CONTENTS_KEPT = 10_000


def _writers_elsewhere(db: Database) -> dict[int, dict[tuple, tuple[object, object]]]:
    """``_WRITER_ELSEWHERE``: record id -> ``(question, instance, role, round)`` as stored -> who and when
    the event the answer points at says wrote it (None, None: no such event)."""
    elsewhere: dict[int, dict[tuple, tuple[object, object]]] = defaultdict(dict)
    for record_id, q, inst, role, rnd, event_actor, event_at in db.execute(_WRITER_ELSEWHERE):
        elsewhere[record_id][(q, inst, role, rnd)] = (event_actor, event_at)
    return elsewhere


def cached_progress_problems(store: AuditStore) -> list[str]:
    """Records whose cached progress (what the queue shows) differs from their answers re-evaluated: the
    cache checked alone (``verify`` checks it in ``answer_problems``'s read of every answer; this reads the
    working answers only, in the table's order as that does: record by record, without a sort)."""
    progress = _Progress(store)
    records = _records(store)
    rows = store.db.execute("SELECT record_id, question, instance, value FROM answers"
                            " WHERE role = ? AND review_round = ? ORDER BY record_id", progress.working)
    for record_id, answers in groupby(rows, key=itemgetter(0)):
        key, form = records.get(record_id, (None, None))
        if key is not None:   # an answer without its record: no progress of its own to check
            progress.check(key, form, {(q, inst or None): value for _, q, inst, value in answers})
    return progress.finish()


def _records(store: AuditStore) -> dict[int, tuple[str, tuple[str, str]]]:
    """Every record's id -> its key and its checklist ``(form id, version)``."""
    return {rid: (key, (form_id, version)) for rid, key, form_id, version in
            store.db.execute("SELECT id, key, form_id, form_version FROM records")}


class _Progress:
    """Each record's cached progress against its working answers re-evaluated."""

    def __init__(self, store: AuditStore) -> None:
        # as ``AuditStore.record_states``, but plain tuples: a RecordProgress (slow to make) only to word a problem
        self.cached = {key: (progress, None if compliant is None else bool(compliant), hidden) for
                       key, progress, compliant, hidden in store.db.execute(
                           "SELECT r.key, s.progress, s.compliant, s.hidden_answers FROM record_state s"
                           " JOIN records r ON r.id = s.record_id")}
        self.forms = store.forms()
        self.working = store.working_answers()   # the team's (auditor, 1), or a working copy's own
        self.evaluations = Evaluations()
        self.problems: list[str] = []
        self.answered: set[str] = set()

    def check(self, key: str, form: tuple[str, str], given: dict) -> None:
        self.answered.add(key)
        outcome = self.evaluations.outcome(self.forms[form], given)
        expected = (outcome.progress, outcome.compliant, outcome.hidden)
        held = self.cached.get(key, _NOT_STARTED)
        if held != expected:
            self.problems.append(f"record {key}: the queue shows it {_words(RecordProgress(*held))}, but its answers"
                                 f" make it {_words(RecordProgress(*expected))}")

    def finish(self) -> list[str]:
        for key, held in self.cached.items():
            if key not in self.answered and held != _NOT_STARTED:
                self.problems.append(f"record {key}: the queue shows it {_words(RecordProgress(*held))},"
                                     " but it has no answers")
        return self.problems


#: ``RecordProgress()`` as a tuple: what a record without a cached progress shows.
_NOT_STARTED = astuple(RecordProgress())


def _words(p: RecordProgress) -> str:
    text = p.progress.replace("_", " ")
    if p.compliant is not None:
        text += ", compliant" if p.compliant else ", not compliant"
    return text
