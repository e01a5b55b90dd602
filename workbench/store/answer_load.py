"""Loading a file of answers: hundreds of thousands of answers set in one transaction, an event each.

``Answers.apply`` takes one ``AnswerChange`` at a time (the window, a determination) and
makes an event object for each. A file's answers are only ever set (never cleared), each
with its note as text, so here each is a plain tuple (``LoadedAnswer``) and its event's
detail, hash and rows are made in one pass over a batch. The events and rows written are
byte for byte those ``Answers.apply`` writes for the same changes: an unchanged answer is
skipped, a new one logged as a collection, a changed one as an alteration with its old
value (``tests/ops/test_answer_load_golden.py`` compares the two paths' tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring as _quoted   # a str as JSON, in C

from workbench.core.events import Operation, canonical_json
from workbench.core.records import answer_digest, answer_sha256
from workbench.store.bulk_insert import insert_sharing
from workbench.store.writing import Write

#: One answer a file sets: ``(record key, question, instance or None, value, note, whether free text)``.
LoadedAnswer = tuple[str, str, int | None, str, str, bool]

#: Answers whose events are logged and rows written together (a batch's rows are all that is held).
BATCH = 5000
#: Distinct texts (choices, question names) whose JSON is remembered: a checklist has a few hundred.
_KEPT = 10_000

#: Each answer's own columns (its role, round, who and when are the batch's: ``bulk_insert.insert_sharing``).
_COLUMNS = ("record_id", "question", "instance", "value", "note", "event_seq")
_COLLECTION, _ALTERATION = str(Operation.COLLECTION), str(Operation.ALTERATION)


class LoadBatch:
    """Applies loaded answers a batch at a time (``Answers.load``): their events logged, their rows written.

    ``held`` is each record's answers held before, ``{record id: {(question, instance or None):
    value}}``, and ``notes`` their notes that are not blank, ``{(record id, question, instance or
    None): note}``; both are kept up to date as answers are set. Each event's detail is written
    straight into its canonical JSON (the keys in order, the role and round encoded once; each
    distinct text encoded once; free text, which may hold personal data, only by its digest), as
    ``_AnswerEvents`` writes it for ``Answers.apply``.
    """

    def __init__(self, w: Write, ids: dict[str, int], held: dict[int, dict], notes: dict[tuple, str], review_round: int):
        self.w, self.ids, self.held, self.notes, self.rnd = w, ids, held, notes, review_round
        self.role = str(w.actor.role)
        self.tail = f',"role":{canonical_json(self.role)},"round":{canonical_json(review_round)}}}'
        self.texts: dict[str, str] = {}   # choices, questions and record keys as JSON
        self.digests: dict[tuple[str, str], str] = {}   # a choice and note's digest
        self.shape = w.shape("answer.set", ("record", "question", "instance", "role", "round", "old", "new", "digest"))
        self.changed: set[int] = set()

    def apply(self, loaded: Sequence[LoadedAnswer]) -> int:
        """Apply one batch (in order); how many answers changed."""
        ids, held, notes, texts, digests, changed = self.ids, self.held, self.notes, self.texts, self.digests, self.changed
        tail = self.tail
        details, rows, last = [], [], None
        for key, question, instance, value, note, free_text in loaded:
            if key != last:   # a record's answers come together
                last, record_id, record_json = key, ids[key], texts.get(key) or self._json(key)
                given = held.get(record_id) or held.setdefault(record_id, {})
            spot = (question, instance)
            old = given.get(spot)
            if old is not None and value == old and note == notes.get((record_id, *spot), ""):
                continue
            given[spot] = value
            changed.add(record_id)
            if note or notes:
                self._note(record_id, question, instance, note)
            where = str(instance) if type(instance) is int else canonical_json(instance)
            asked = texts.get(question) or self._json(question)
            if free_text:   # (f-strings: a third of the time of % formatting)
                text = (f'{{"digest":"{answer_digest(value, note)}","instance":{where},"question":{asked},'
                        f'"record":{record_json}{tail}')
            else:
                digest = digests.get((value, note)) or self._digest(value, note)
                new, was = texts.get(value) or self._json(value), "null" if old is None else self._json(old)
                text = (f'{{"digest":"{digest}","instance":{where},"new":{new},"old":{was},"question":{asked},'
                        f'"record":{record_json}{tail}')
            details.append((text, _COLLECTION if old is None else _ALTERATION))
            rows.append((record_id, question, instance or 0, value, note))
        self._write(details, rows)
        return len(rows)

    def _note(self, record_id: int, question: str, instance: int | None, note: str) -> None:
        if note:
            self.notes[(record_id, question, instance)] = note
        elif self.notes:
            self.notes.pop((record_id, question, instance), None)

    def _write(self, details: list[tuple[str, str]], rows: list[tuple]) -> None:
        """Log the events, then write the answers' rows, each naming its event (in order: an answer given
        twice keeps the later)."""
        first = self.w.log_texts(self.shape, details)
        shared = {"role": self.role, "review_round": self.rnd, "answered_by": self.w.actor.name, "answered_at": self.w.at}
        insert_sharing(self.w.db, "INSERT OR REPLACE INTO answers", _COLUMNS, shared,
                       [(*row, seq) for seq, row in enumerate(rows, start=first or 0)])

    def _json(self, text: str) -> str:
        if type(text) is not str:   # an old value edited into the file as a number: as the generic encoder writes it
            return canonical_json(text)
        found = _quoted(text)
        if len(self.texts) < _KEPT:   # a hostile file's million different values are encoded one by one
            self.texts[text] = found
        return found

    def _digest(self, value: str, note: str) -> str:
        found = answer_sha256(value, note).hex()
        if len(self.digests) < _KEPT:
            self.digests[(value, note)] = found
        return found

    def answers_of_changed(self) -> dict[int, dict]:
        """Each changed record's answers, ``{(question, instance or None): value}``."""
        return {rid: self.held[rid] for rid in self.changed}
