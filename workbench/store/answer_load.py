"""Loading a file of answers: hundreds of thousands of answers set in one transaction, an event each.

``Answers.apply`` takes one ``AnswerChange`` at a time (the window, a determination) and
makes an event object for each. A file's answers are only ever set (never cleared), each
with its note as text, so here each is a plain tuple (``LoadedAnswer``) and its event's
detail, hash and rows are made in one pass over a batch. The events and rows written are
byte for byte those ``Answers.apply`` writes for the same changes: an unchanged answer is
skipped, a new one logged as a collection, a changed one as an alteration with its old
value (``tests/store/test_answer_load.py`` compares the two paths' tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring as _quoted   # a str as JSON, in C

from workbench.core.events import Operation, canonical_json
from workbench.core.records import answer_digest, answer_sha256
from workbench.store.database import insert_rows
from workbench.store.writing import Write

#: One answer a file sets: ``(record key, question, instance or None, value, note, whether free text)``.
LoadedAnswer = tuple[str, str, int | None, str, str, bool]

#: Answers whose events are logged and rows written together (a batch's rows are all that is held).
BATCH = 5000
#: Distinct texts (choices, question names) whose JSON is remembered: a checklist has a few hundred.
_KEPT = 10_000

_INSERT = ("INSERT OR REPLACE INTO answers (record_id, question, instance, role, review_round, value, note,"
           " answered_by, answered_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_COLLECTION, _ALTERATION = str(Operation.COLLECTION), str(Operation.ALTERATION)


class _Details:
    """The ``answer.set`` detail of each loaded answer, as its canonical JSON text.

    The keys in order, the role and round encoded once, and each record key, question,
    choice and choice's digest encoded once (a file names a few hundred): the same text
    ``canonical_json`` gives the detail as a dict. Free text (which may hold personal
    data) is logged by its digest only, computed for each answer.
    """

    def __init__(self, role: str, rnd: int):
        tail = f',"role":{canonical_json(role)},"round":{canonical_json(rnd)}}}'.replace("%", "%%")
        self._choice = '{"digest":"%s","instance":%s,"new":%s,"old":%s,"question":%s,"record":%s' + tail
        self._free = '{"digest":"%s","instance":%s,"question":%s,"record":%s' + tail
        self._texts: dict[str, str] = {}   # choices and questions as JSON
        self._digests: dict[tuple[str, str], str] = {}   # a choice and note's digest
        self._last_key, self._last_quoted = None, ""

    def text(self, key: str, question: str, instance: int | None, value: str, note: str, free_text: bool,
             old: str | None) -> str:
        """The detail of setting ``key``'s ``question`` (at ``instance``) to ``value`` with ``note``, from ``old``."""
        if key is not self._last_key:   # a record's answers come together
            self._last_key, self._last_quoted = key, _quoted(key)
        where = "null" if instance is None else str(int(instance))
        if free_text:
            return self._free % (answer_digest(value, note), where, self._json(question), self._last_quoted)
        digest = self._digests.get((value, note)) or self._digest(value, note)
        return self._choice % (digest, where, self._json(value), "null" if old is None else self._json(old),
                               self._json(question), self._last_quoted)

    def _json(self, text: str) -> str:
        found = self._texts.get(text)
        if found is None:
            if type(text) is not str:   # an old value edited into the file as a number: as the generic encoder writes it
                return canonical_json(text)
            found = _quoted(text)
            if len(self._texts) < _KEPT:   # a hostile file's million different values are encoded one by one
                self._texts[text] = found
        return found

    def _digest(self, value: str, note: str) -> str:
        found = answer_sha256(value, note).hex()
        if len(self._digests) < _KEPT:
            self._digests[(value, note)] = found
        return found


class LoadBatch:
    """Applies loaded answers a batch at a time (``Answers.load``): their events logged, their rows written.

    ``held`` is ``{(record id, question, instance or 0): (value, note)}`` of the answers held
    before, kept up to date as answers are set.
    """

    def __init__(self, w: Write, ids: dict[str, int], held: dict, review_round: int):
        self.w, self.ids, self.held, self.rnd = w, ids, held, review_round
        self.role = str(w.actor.role)
        self.details = _Details(self.role, review_round)
        self.shape = w.shape("answer.set", ("record", "question", "instance", "role", "round", "old", "new", "digest"))
        self.changed: set[int] = set()

    def apply(self, loaded: Sequence[LoadedAnswer]) -> int:
        """Apply one batch (in order); how many answers changed."""
        ids, held, text, changed = self.ids, self.held, self.details.text, self.changed
        details, targets = [], []
        for key, question, instance, value, note, free_text in loaded:
            record_id = ids[key]
            spot = (record_id, question, instance or 0)
            old = held.get(spot)
            if old is not None and value == old[0] and note == old[1]:
                continue
            details.append((text(key, question, instance, value, note, free_text, old and old[0]),
                            _COLLECTION if old is None else _ALTERATION))
            targets.append((spot, value, note))
            held[spot] = (value, note)
            changed.add(record_id)
        first = self.w.log_texts(self.shape, details)
        self._write_rows(targets, first)
        return len(targets)

    def _write_rows(self, targets: list[tuple], first: int | None) -> None:
        """The answers' rows, each naming its event; the last of an answer given twice in the batch is kept."""
        upserts: dict[tuple, tuple] = {}
        role, rnd, by, at = self.role, self.rnd, self.w.actor.name, self.w.at
        for seq, (spot, value, note) in enumerate(targets, start=first or 0):
            upserts[spot] = (*spot, role, rnd, value, note, by, at, seq)
        insert_rows(self.w.db, _INSERT, list(upserts.values()))
