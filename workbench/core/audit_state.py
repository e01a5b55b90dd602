"""The audit reduced to what the event log can vouch for: digests, authors and times.

Two ``AuditState`` values are compared by ``verify``: one folded from the event log
(``core.replay.replay``), one read off the tables (``store.stored_state.stored_state``).
Every column a user sees or an export prints is either here or recomputed by
``verify`` from what is here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class Written(NamedTuple):
    """The event that wrote a row: its number, who, and when."""

    seq: int
    actor: str
    at: str


@dataclass
class UserSeen:
    """A person in a role as the log knows them: when first seen, and their force if logged."""

    first_seen: str
    force: str | None = None   # None: an older file whose log never recorded it


#: An answer's key: ``(record, question, instance or None, role, round)``.
AnswerKey = tuple


class LoggedAnswers:
    """Every answer the log leaves standing: its key -> the event that wrote it and its digest.

    An audit's log holds an event for every answer ever given (750,000 for 100,000
    records), so this is kept small: by record, then by the rest of the key (those
    few tuples shared, not one per event), with an event's number and a hex digest
    packed into 40 bytes (``pack``). Who wrote an answer is the event's actor and
    time, read off the event by its number when it is compared; only a merged
    answer, given by someone other than the merge's actor, keeps its author here
    (``authors``).
    """

    __slots__ = ("_by_record", "_parts", "authors")

    def __init__(self) -> None:
        self._by_record: dict[object, dict[tuple, bytes | tuple[int, object]]] = {}
        self._parts: dict[tuple, tuple] = {}
        #: event number -> (given by, given at) of each merged answer
        self.authors: dict[int, tuple[object, object]] = {}

    def put(self, record: object, question: object, instance: object, role: object, review_round: object,
            digest: object, seq: int, author: tuple[object, object] | None = None) -> None:
        """The answer ``(record, question, instance or None, role, round)`` as event ``seq`` leaves it.
        ``author``: who gave it and when, if not the event's actor."""
        rest = (question, instance or None, role, review_round)
        answers = self._by_record.get(record)
        if answers is None:
            answers = self._by_record[record] = {}
        answers[self._parts.setdefault(rest, rest)] = pack(seq, digest)
        if author is not None:
            self.authors[seq] = author

    def held_by(self, record: object) -> dict[tuple, bytes | tuple[int, object]]:
        """The answers of ``record`` (made empty if none), by ``(question, instance or None, role, round)``:
        each ``pack``'s ``(seq, digest)``. For a reader that puts or takes many in a row (``put``, ``pop``)."""
        answers = self._by_record.get(record)
        if answers is None:
            answers = self._by_record[record] = {}
        return answers

    def clear(self, record: object, question: object, instance: object, role: object, review_round: object) -> None:
        """The answer is no longer held (an event erased it)."""
        answers = self._by_record.get(record)
        if answers is not None:
            answers.pop((question, instance or None, role, review_round), None)

    def pop(self, key: AnswerKey) -> bytes | tuple[int, object] | None:
        """The packed ``(seq, digest)`` the log holds for ``key`` (``unpack`` it), taken out; None if none."""
        answers = self._by_record.get(key[0])
        return None if answers is None else answers.pop(key[1:], None)

    def items(self) -> Iterator[tuple[AnswerKey, tuple[int, object]]]:
        """The answers still held, as ``(key, (seq, digest))``."""
        for record, answers in self._by_record.items():
            for rest, packed in answers.items():
                yield (record, *rest), unpack(packed)

    def as_dict(self) -> dict[AnswerKey, tuple[int, object]]:
        return dict(self.items())

    def __len__(self) -> int:
        return sum(len(answers) for answers in self._by_record.values())


def pack(seq: int, digest: object) -> bytes | tuple[int, object]:
    """``(seq, digest)`` as 40 bytes when the digest is a lower-case SHA-256 hex (else as it is).

    Equal pairs pack equal, so an answer is compared with one ``==``; only a digest
    that the bytes give back exactly is packed (64 characters making 32 bytes leave
    no room for spaces; lower case), so no two different digests pack alike.
    """
    if type(digest) is str and len(digest) == 64 and digest.islower() and type(seq) is int and 0 <= seq < _SEQ_LIMIT:
        try:
            raw = bytes.fromhex(digest)
        except ValueError:
            return seq, digest
        if len(raw) == 32:
            return seq.to_bytes(8, "big") + raw
    return seq, digest


_SEQ_LIMIT = 1 << 63


def unpack(packed: bytes | tuple[int, object]) -> tuple[int, object]:
    """``pack``'s ``(seq, digest)`` back."""
    if type(packed) is bytes:
        return int.from_bytes(packed[:8], "big"), packed[8:].hex()
    return packed


@dataclass
class AuditState:
    """The audit as digests and provenance: comparable between the log and the tables."""

    settings: dict | None = None
    created: Written | None = None
    users: dict[tuple[str, str], UserSeen] = field(default_factory=dict)
    forms: dict[tuple[str, str], str] = field(default_factory=dict)
    #: import id -> the digest of its records' content
    imports: dict[int, str] = field(default_factory=dict)
    #: import id -> what the imports table says of it (file, hash, sheet, counts, who, when, ...)
    import_details: dict[int, dict] = field(default_factory=dict)
    #: import id -> digest of its records' places (key, position, source row), when logged
    import_layouts: dict[int, str] = field(default_factory=dict)
    #: the answers as the log leaves them (compared with the table row by row: ``store.verify``)
    answers: LoggedAnswers = field(default_factory=LoggedAnswers)
    flags: dict[str, str] = field(default_factory=dict)
    flag_writers: dict[str, Written] = field(default_factory=dict)
    #: sign-off id -> (digest of the manifest, key fingerprint, signature)
    signoffs: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    #: sign-off id -> (digest of the reason it was voided,)
    voided: dict[int, tuple[str]] = field(default_factory=dict)
    #: record -> (based on, digest of the reason, digest of the FCR's whole answer set)
    determinations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    determination_writers: dict[str, Written] = field(default_factory=dict)
    #: package id -> digest of the row of each package this audit sent (``core.peer_review``)
    packages: dict[str, str] = field(default_factory=dict)
    #: the digest of the ``copy_of`` row when this audit is a peer or team copy
    copy_of: str | None = None
    #: package id -> digest of the row of each package merged into this audit
    merges: dict[str, str] = field(default_factory=dict)
    #: (package id, record key) -> digest of the answers a merge held back as a conflict
    conflicts: dict[tuple[str, str], str] = field(default_factory=dict)
    #: draw id -> what the sample_draws table says of it (file, hash, columns, seed, size, who, when, ...)
    sample_draws: dict[int, dict] = field(default_factory=dict)
    #: draw id -> digest of its strata: (stratum, population, sampled)
    sample_strata: dict[int, str] = field(default_factory=dict)
    #: (draw id, step) -> digest of the records that step drew: (key, stratum, rank)
    sample_units: dict[tuple[int, int], str] = field(default_factory=dict)
    #: profile name -> (layout digest, digest of its headings, digest of its mapping)
    profiles: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    profile_writers: dict[str, Written] = field(default_factory=dict)
    #: record key -> (import id, content digest) of the changed source kept beside a record already answered
    source_changes: dict[str, tuple[int, str]] = field(default_factory=dict)
    source_change_writers: dict[str, Written] = field(default_factory=dict)
    #: record key -> content digest of a record whose source was replaced before it was answered
    source_replaced: dict[str, str] = field(default_factory=dict)
    #: keys of the records whose stored area is not the one their source fields give (off the
    #: tables only: the log holds no areas, the fields it vouches for give them)
    astray_areas: list[str] = field(default_factory=list)
