"""Answers: one row per record, question, repeat instance, role and review round.

Each change is logged with its own event (old and new values for choices; a digest
only for free text, which may hold personal data). The queue's cached progress of a
record (``record_state``) is written in the same transaction as the answers it
derives from, so no other writer can come between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring as _quoted   # a str as JSON, in C; TypeError for anything else

from sqlite_utils import Database

from workbench.core import checklist
from workbench.core.evaluations import Evaluations
from workbench.core.errors import WorkbenchError
from workbench.core.events import Operation, canonical_json
from workbench.core.records import Answer, AnswerChange, AnswerDigests, RecordProgress, answer_digest
from workbench.store.answer_load import BATCH as LOAD_BATCH, LoadBatch, LoadedAnswer
from workbench.store.forms import Forms
from workbench.store.records import Records
from workbench.store.database import insert_rows, rows_in
from workbench.store.writing import Write

_KEY = "record_id = ? AND question = ? AND instance = ? AND role = ? AND review_round = ?"
#: Changes applied (events logged, rows written) together.
_BATCH = 5000


class _AnswerEvents:
    """The event of each answer change, as ``Write.log_many`` takes it: its detail's text made here.

    A choice's event carries its old and new values; a free text's only the digest
    (it may hold personal data). The detail is written straight into its shape's
    canonical JSON (the keys in order, the role and round of the whole change encoded
    once): a load of 750,000 answers spends a third of the time the generic encoder
    (``EventShape.text``) would. A value of a type the shape does not expect (never from
    a file, whose cells are text) takes the generic encoder, which writes the same JSON.
    """

    def __init__(self, w: Write, role: str, rnd: int):
        base = ("record", "question", "instance", "role", "round")
        self.set_choice = w.shape("answer.set", (*base, "old", "new", "digest"))
        self.set_free = w.shape("answer.set", (*base, "digest"))
        self.clear_choice = w.shape("answer.clear", (*base, "old", "new", "digest"))
        self.clear_free = w.shape("answer.clear", (*base, "digest"))
        self.role, self.rnd = role, rnd
        tail = f',"role":{canonical_json(role)},"round":{canonical_json(rnd)}}}'
        self._choice = '{"digest":%s,"instance":%s,"new":%s,"old":%s,"question":%s,"record":%s' + tail.replace("%", "%%")
        self._free = '{"digest":%s,"instance":%s,"question":%s,"record":%s' + tail.replace("%", "%%")
        self._choice_digests = AnswerDigests()   # (free text, different each time, is digested each time)
        self._questions: dict[str, str] = {}   # each question's name as JSON
        self._last_key, self._last_quoted = None, ""

    def event(self, c: AnswerChange, old: tuple[str, str] | None, note: str) -> tuple:
        """``(shape, detail text or values, operation)`` of the change ``c`` to an answer that held ``old``."""
        if c.value is None:
            shape, operation, digest = (self.clear_free if c.free_text else self.clear_choice), None, None
        else:
            shape = self.set_free if c.free_text else self.set_choice
            operation = Operation.COLLECTION if old is None else Operation.ALTERATION
            digest = self._digest(c, note)
        old_value = old[0] if old else None
        try:
            return shape, self._text(c, old_value, digest), operation
        except TypeError:   # a value that is not text: the generic encoder writes it
            values = (c.record_key, c.question, c.instance, self.role, self.rnd)
            values += (digest,) if c.free_text else (old_value, c.value, digest)
            return shape, values, operation

    def _digest(self, c: AnswerChange, note: str) -> str:
        if c.free_text:
            return answer_digest(c.value, note)
        return self._choice_digests.sha256(c.value, note).hex()

    def _quoted_key(self, key: str) -> str:
        """A record key as JSON: the last one is kept, as a record's answers come together."""
        if key is not self._last_key:
            self._last_key, self._last_quoted = key, _quoted(key)
        return self._last_quoted

    def _text(self, c: AnswerChange, old: str | None, digest: str | None) -> str:
        instance = c.instance
        if instance is None:
            instance = "null"
        elif type(instance) is int:
            instance = str(instance)
        else:
            raise TypeError("not a whole number")
        digest = "null" if digest is None else _quoted(digest)
        question = self._questions.get(c.question) or self._quoted_question(c.question)
        if c.free_text:
            return self._free % (digest, instance, question, self._quoted_key(c.record_key))
        return self._choice % (digest, instance, "null" if c.value is None else _quoted(c.value),
                               "null" if old is None else _quoted(old), question, self._quoted_key(c.record_key))

    def _quoted_question(self, question: str) -> str:
        quoted = _quoted(question)
        if len(self._questions) < 10_000:   # a checklist asks dozens; the bound is for anything else
            self._questions[question] = quoted
        return quoted


class Answers:
    """The ``answers`` and ``record_state`` tables."""

    def __init__(self, db: Database, records: Records, forms: Forms,
                 working: Callable[[], tuple[str, int]] = lambda: ("auditor", 1), is_copy: Callable[[], bool] = lambda: False):
        self.db = db
        self.records = records
        self.forms = forms
        #: ``(role, round)`` of the answers this audit's own users give (a peer copy's: peer, 2)
        self.working = working
        self.is_copy = is_copy

    def current(self, role: str = "auditor", review_round: int = 1, record_key: str | None = None) -> Iterator[Answer]:
        """Current answers of one role and round (optionally of one record), in sample order."""
        sql = (
            "SELECT r.key, a.question, a.instance, a.value, a.note, a.role, a.review_round, a.answered_by, a.answered_at"
            " FROM answers a JOIN records r ON r.id = a.record_id WHERE a.role = ? AND a.review_round = ?"
        )
        args: list = [role, review_round]
        if record_key is not None:
            sql += " AND r.key = ?"
            args.append(record_key)
        for key, q, inst, value, note, r, rnd, by, at in self.db.execute(sql + " ORDER BY r.position", args):
            yield Answer(key, q, inst or None, value, note, r, rnd, by, at)

    def apply(self, w: Write, changes: Sequence[AnswerChange], review_round: int = 1, source: str = "",
              evaluations: Evaluations | None = None) -> int:
        """Apply answer changes inside ``w``, one event per real change; the number that changed.

        Setting the same value twice changes nothing and logs nothing. When the
        audit's own answers change (``working``: role auditor, round 1, or a
        working copy's role and round), each changed record's progress is
        re-evaluated once, after all its changes, and cached in the same
        transaction (``evaluations``: outcomes already known, reused). A working
        copy takes answers only in its own role and round. Changes are applied
        in batches (their events logged together, their rows written many to a
        statement), so a file of 750,000 answers holds no more than a
        batch's events and rows in memory at once. ``source``, the SHA-256 of a file
        loaded, is logged once (an ``answers.load`` event after its answers), not in
        each answer's event.
        """
        working = self.working()
        if self.is_copy() and (str(w.actor.role), review_round) != working:
            raise WorkbenchError(f"This audit is a working copy: its answers are given as {working[0]}, round {working[1]} "
                                 f"(not as {w.actor.role}, round {review_round}).")
        ids = self.records.ids({c.record_key for c in changes})
        role = str(w.actor.role)
        held = self._held(set(ids.values()), role, review_round)   # read once, kept up to date below
        shapes = _AnswerEvents(w, role, review_round)
        changed: set[int] = set()
        count = 0
        for start in range(0, len(changes), _BATCH):
            count += self._apply_batch(w, ids, changes[start : start + _BATCH], review_round, shapes, held, changed)
        if source and count:
            w.log("answers.load", {"sha256": source, "answers": count})
        if changed and (role, review_round) == working:
            self.write_states(self._progress(changed, held, evaluations))
        return count

    def load(self, w: Write, loaded: Sequence[LoadedAnswer], review_round: int = 1, source: str = "",
             evaluations: Evaluations | None = None) -> int:
        """Set the answers of a file inside ``w`` as ``apply`` sets the same changes, writing the same
        events and rows (``store.answer_load``: no object per answer); the number that changed.

        ``source``, the file's SHA-256, is logged once after its answers (``answers.load``).
        """
        working = self.working()
        if self.is_copy() and (str(w.actor.role), review_round) != working:
            raise WorkbenchError(f"This audit is a working copy: its answers are given as {working[0]}, round {working[1]} "
                                 f"(not as {w.actor.role}, round {review_round}).")
        ids = self.records.ids({row[0] for row in loaded})
        held: dict[int, dict] = {}   # read once, kept up to date (see ``LoadBatch``)
        notes: dict[tuple, str] = {}
        for (rid, q, inst), (value, note) in self._held(set(ids.values()), str(w.actor.role), review_round).items():
            held.setdefault(rid, {})[(q, inst or None)] = value
            if note:
                notes[(rid, q, inst or None)] = note
        batch = LoadBatch(w, ids, held, notes, review_round)
        count = sum(batch.apply(loaded[start:start + LOAD_BATCH]) for start in range(0, len(loaded), LOAD_BATCH))
        if source and count:
            w.log("answers.load", {"sha256": source, "answers": count})
        if batch.changed and (str(w.actor.role), review_round) == working:
            self.write_states(self.progress_of(batch.answers_of_changed(), evaluations))
        return count

    def _apply_batch(self, w: Write, ids: Mapping[str, int], changes: Sequence[AnswerChange], rnd: int,
                     shapes: _AnswerEvents, held: dict, changed: set[int]) -> int:
        """Apply one batch of changes (in order) with their events; how many changed."""
        role = str(w.actor.role)
        events, targets = [], []
        for c in changes:
            record_id = ids[c.record_key]
            spot = (record_id, c.question, c.instance or 0)
            old = held.get(spot)
            note = c.note if c.note is not None else (old[1] if old else "")
            if (c.value is None and old is None) or (old is not None and c.value == old[0] and note == old[1]):
                continue
            events.append(shapes.event(c, old, note))
            targets.append((spot, c.value, note))
            changed.add(record_id)
            if c.value is None:
                held.pop(spot, None)
            else:
                held[spot] = (c.value, note)
        first = w.log_many(events)
        upserts: dict[tuple, tuple] = {}   # the last value of each answer in the batch, by its spot (one role and round)
        cleared = []
        by, at = w.actor.name, w.at
        for seq, (spot, value, note) in enumerate(targets, start=first or 0):
            if value is None:
                upserts.pop(spot, None)
                cleared.append((*spot, role, rnd))
            else:
                upserts[spot] = (*spot, role, rnd, value, note, by, at, seq)
        if cleared:   # before the upserts: an answer cleared, then given again in the batch, is kept
            self.db.conn.executemany(f"DELETE FROM answers WHERE {_KEY}", cleared)
        insert_rows(self.db, "INSERT OR REPLACE INTO answers (record_id, question, instance, role, review_round, value, note,"
                    " answered_by, answered_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(upserts.values()))
        return len(targets)

    def _held(self, record_ids: set[int], role: str, rnd: int) -> dict[tuple[int, str, int], tuple[str, str]]:
        """``{(record id, question, instance): (value, note)}`` of one role and round, for these records."""
        return {(rid, q, inst): (value, note) for rid, q, inst, value, note in rows_in(
            self.db, "SELECT record_id, question, instance, value, note FROM answers WHERE role = ? AND review_round = ?"
            " AND record_id IN ({marks})", sorted(record_ids), role, rnd)}

    def _progress(self, record_ids: set[int], held: Mapping[tuple[int, str, int], tuple[str, str]],
                  evaluations: Evaluations | None = None) -> dict[int, RecordProgress]:
        """Each record's progress from its answers in ``held``, each pattern of answers evaluated once."""
        answers: dict[int, dict] = {rid: {} for rid in record_ids}
        for (rid, q, inst), (value, _note) in held.items():
            if rid in answers:
                answers[rid][(q, inst or None)] = value
        return self.progress_of(answers, evaluations)

    def progress_of(self, answers: Mapping[int, Mapping[checklist.AnswerKey, str]],
                    evaluations: Evaluations | None = None) -> dict[int, RecordProgress]:
        """Each record's progress from its answers ``{(question, instance or None): value}``, by record id,
        each pattern of answers evaluated once."""
        forms = self.records.form_ids(set(answers))
        evaluations = evaluations or Evaluations()
        out = {}
        for rid, given in answers.items():
            if not given:
                out[rid] = RecordProgress()
                continue
            outcome = evaluations.outcome(self.forms.get(*forms[rid]), given)
            out[rid] = RecordProgress(outcome.progress, outcome.compliant, outcome.hidden)
        return out

    # -- the cached progress of records -------------------------------------------------------
    def evaluated(self, record_key: str) -> RecordProgress:
        """A record's progress re-evaluated from the audit's own current answers (``working``)."""
        record = self.records.get(record_key)
        given = {(a.question, a.instance): a.value for a in self.current(*self.working(), record_key)}
        if not given:
            return RecordProgress()
        return checklist.progress_of(checklist.evaluate(self.forms.get(record.form_id, record.form_version), given))

    def write_states(self, states: Mapping[int, RecordProgress]) -> None:
        """Cache records' derived progress by record id (inside a transaction; no event: it is derived)."""
        insert_rows(
            self.db, "INSERT OR REPLACE INTO record_state (record_id, progress, compliant, hidden_answers) VALUES (?, ?, ?, ?)",
            [(rid, s.progress, None if s.compliant is None else int(s.compliant), s.hidden_answers) for rid, s in states.items()],
        )

    def cached_states(self) -> dict[str, RecordProgress]:
        """The cached progress of every record that has one, by record key."""
        return {
            key: RecordProgress(progress, None if compliant is None else bool(compliant), hidden)
            for key, progress, compliant, hidden in self.db.execute(
                "SELECT r.key, s.progress, s.compliant, s.hidden_answers FROM record_state s JOIN records r ON r.id = s.record_id"
            )
        }

    def records_without_state(self) -> int:
        """Answered records whose cached progress is missing (an older file)."""
        return self.db.execute(   # record by record (100,000 lookups), not a scan of every answer: every open asks
            "SELECT count(*) FROM records r WHERE NOT EXISTS (SELECT 1 FROM record_state s WHERE s.record_id = r.id)"
            " AND EXISTS (SELECT 1 FROM answers a WHERE a.record_id = r.id)"
        ).fetchone()[0]
