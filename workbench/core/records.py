"""Sampled records and the answers given about them, as plain data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from json.encoder import encode_basestring

from workbench.core.events import digest


@dataclass(frozen=True)
class Record:
    """One sampled record: its stable key, its checklist and its source fields."""

    key: str
    form_id: str
    fields: dict[str, str] = field(compare=False)
    form_version: str = ""
    id: int | None = None
    import_id: int | None = None
    position: int | None = None
    source_row: int | None = None

    def content_digest(self) -> str:
        """What the event log remembers of a record: a digest, never its text."""
        return record_digest(self.key, self.form_id, self.form_version, self.fields)


def record_digest(key: str, form_id: str, form_version: str, fields: dict) -> str:
    return digest([key, form_id, form_version, fields])


@dataclass(frozen=True)
class RecordProgress:
    """A record's derived state, cached for the queue: progress and compliance."""

    progress: str = "not_started"
    compliant: bool | None = None
    hidden_answers: int = 0


@dataclass(frozen=True)
class Answer:
    """One answer to one question (one repeat instance) of one record."""

    record_key: str
    question: str
    instance: int | None
    value: str
    note: str = ""
    role: str = "auditor"
    review_round: int = 1
    answered_by: str = ""
    answered_at: str = ""


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A request to set (``value`` given) or clear (``value`` None) one answer.

    ``note`` None keeps the answer's existing note; a string replaces it.
    """

    record_key: str
    question: str
    instance: int | None
    value: str | None
    note: str | None = None  # None keeps the note already there
    free_text: bool = False


def answer_digest(value: str, note: str) -> str:
    """What the event log remembers of an answer's content: ``digest([value, note])``."""
    return answer_sha256(value, note).hex()


def answer_sha256(value: str, note: str) -> bytes:
    """``answer_digest`` as its 32 bytes.

    Written out as ``canonical_json`` writes a list of two strings, since ``verify``
    computes it for every answer of an audit.
    """
    if isinstance(value, str) and isinstance(note, str):
        text = "[" + encode_basestring(value) + "," + encode_basestring(note) + "]"
        return hashlib.sha256(text.encode("utf-8")).digest()
    return bytes.fromhex(digest([value, note]))


class AnswerDigests:
    """``answer_sha256`` of answers' contents, each text ``(value, note)`` hashed once.

    Most of a large audit's answers are one of its checklists' few dozen choices
    without a note, and each digest is a SHA-256: a load and ``verify`` of 750,000
    answers hash each pair once. Up to ``kept`` pairs are remembered (a hostile file's
    million different notes are hashed one by one); only text, as the workbench writes
    it, is remembered (a value edited into the file as a blob is hashed each time).
    """

    def __init__(self, kept: int = 10_000):
        self._kept: dict[tuple[str, str], bytes] = {}
        self._room = kept

    @property
    def kept(self) -> dict[tuple[str, str], bytes]:
        """``(value, note)`` -> its digest, for the pairs remembered so far: a reader of many answers looks
        here first (without a call per answer) and asks ``sha256`` for a pair not found."""
        return self._kept

    def sha256(self, value: str, note: str) -> bytes:
        """``answer_sha256(value, note)``."""
        found = self._kept.get((value, note))
        if found is None:
            found = answer_sha256(value, note)
            if len(self._kept) < self._room and type(value) is str and type(note) is str:
                self._kept[(value, note)] = found
        return found


@dataclass(frozen=True)
class FieldChange:
    """One source field whose value differs between two versions of a record ('' when absent)."""

    name: str
    old: str
    new: str


def field_changes(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """The fields that differ, in the new version's column order, then those it lost."""
    names = list(new) + [name for name in old if name not in new]
    return [FieldChange(n, old.get(n, ""), new.get(n, "")) for n in names if old.get(n, "") != new.get(n, "")]
