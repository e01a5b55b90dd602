"""``verify``'s comparison of the answers table with the log, and of the queue's cached progress.

The answers are nearly every row and event of a large audit: they are compared in
one read of the table, in its own order (record by record), never held; a row that
agrees is found so with one ``==`` of its event's number and content's SHA-256,
packed as ``core.audit_state.LoggedAnswers`` holds the log's. In the same read each
record's working answers are evaluated again, and the progress the queue shows
(``record_state``) checked against them. ``store.verify`` runs this in its main
process.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import astuple
from itertools import groupby
from operator import itemgetter

from sqlite_utils import Database

from workbench.core.audit_state import LoggedAnswers, Written
from workbench.core.evaluations import Evaluations
from workbench.core.records import AnswerDigests, RecordProgress, answer_digest
from workbench.core.replay import AnswerComparison
from workbench.store.audit_store import AuditStore


#: Every stored answer in the table's order: each record's answers together, without a sort. Who wrote each and
#: when (``answered_by``, ``answered_at``) only when the log holds merged answers (``_ANSWERS_AND_WRITERS``): a
#: row's writer is otherwise compared only when its row differs from its event (``_written``), as every other
#: row's writer is its event's (``_WRITER_ELSEWHERE`` found those that are not): two text columns fewer to read
#: of every row (0.3 s at 100,000 records).
_ANSWERS = ("SELECT record_id, question, instance, role, review_round, value, note, event_seq, NULL, NULL"
            " FROM answers ORDER BY record_id")
_ANSWERS_AND_WRITERS = ("SELECT record_id, question, instance, role, review_round, value, note, event_seq, answered_by,"
                        " answered_at FROM answers ORDER BY record_id")
#: Who and when one answer says wrote it, by its key as stored.
_WRITTEN = ("SELECT answered_by, answered_at FROM answers WHERE record_id = ? AND question = ? AND instance = ?"
            " AND role = ? AND review_round = ?")
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
    ``writers_elsewhere`` if already found (by the second process).
    """
    comparison = AnswerComparison(logged)
    progress = _Progress(store) if progress_too else None   # else ``cached_progress_problems`` checks it alone
    records = _records(store)
    held_by, authors = logged.held_by, logged.authors
    elsewhere = writers_elsewhere(store.db) if elsewhere is None else elsewhere
    (working_role, working_round), record, key, form, given = progress.working if progress else (None, None), None, None, None, {}
    held: dict = {}
    others: dict | None = None
    digests = AnswerDigests()
    kept, content_of = digests.kept, digests.sha256
    for record_id, q, stored_instance, role, rnd, value, note, seq, by, at in store.db.execute(
            _ANSWERS_AND_WRITERS if authors else _ANSWERS):
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
        content = kept.get((value, note)) or content_of(value, note)
        if (others is not None or (authors and seq in authors) or type(seq) is not int or seq < 0
                or packed != seq.to_bytes(8, "big") + content):
            _compare_in_full(store.db, comparison, (record_id, q, stored_instance, role, rnd, value, note, seq, by, at),
                             key, packed, content, others, authors)
        if role == working_role and rnd == working_round:
            given[(q, inst)] = value
    if given:
        progress.check(key, form, given)
    return comparison.finish(), progress.finish() if progress else []


def _compare_in_full(db: Database, comparison: AnswerComparison, row: tuple, key: str, packed: object, content: bytes,
                     others: dict | None, authors: dict) -> None:
    """One answer row that may differ from the log (``row``: as ``_ANSWERS`` reads it, of the record ``key``,
    its content's SHA-256 ``content``) compared with the log's ``packed``, and its writer with who and when
    its event (or, for a merged answer, its author) says."""
    record_id, q, stored_instance, role, rnd, value, note, seq, by, at = row
    if not authors:   # read without its writer (``_ANSWERS``): read now, in the same snapshot
        by, at = _written(db, row[:5])
    # who and when its event says wrote it: what the row says, unless found otherwise (``_WRITER_ELSEWHERE``)
    event_actor, event_at = (others or {}).get((q, stored_instance, role, rnd), (by, at))
    writer = authors.get(seq) or (event_actor, event_at)   # a merged answer's author, not the merge's
    if (type(seq) is not int or seq < 0 or by != writer[0] or at != writer[1]
            or packed != seq.to_bytes(8, "big") + content):
        comparison.row((key, q, stored_instance or None, role, rnd), packed, answer_digest(value, note),
                       Written(seq, by, at), None if event_actor is None else writer)


def _written(db: Database, answer_key: tuple) -> tuple[object, object]:
    """Who and when the answer stored under ``answer_key`` (its five key columns) says wrote it."""
    found = db.execute(_WRITTEN, answer_key).fetchone()
    return (found[0], found[1]) if found else (None, None)


def writers_elsewhere(db: Database) -> dict[int, dict[tuple, tuple[object, object]]]:
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
