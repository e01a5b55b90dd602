"""The event log's rules: operations, canonical form and the hash chain.

Every change to an audit is written together with one event. Events name the
operation in the Data Protection Act 2018 s62 terms, who did it, when, and what
changed: old and new values for choices, numbers and dates, only a digest for free
text (which may hold narrative or personal data). Each event's hash covers its
content and the previous event's hash, so an edit, deletion or reordering breaks
the chain at the first altered event.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

GENESIS_HASH = "0" * 64


class Operation(StrEnum):
    """Processing operations that DPA 2018 s62 requires to be logged."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


@dataclass(frozen=True)
class Event:
    """One entry of the append-only log, as stored."""

    seq: int
    at: str
    actor: str
    role: str
    operation: Operation
    action: str
    detail: dict
    prev_hash: str
    hash: str
    #: The detail exactly as stored (canonical JSON when untouched); "" when not read from a file.
    detail_text: str = field(default="", compare=False, repr=False)


#: ``json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``, made once (not per call).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: object) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return _CANONICAL.encode(value)


#: How ``canonical_json`` writes a value of each common type (exact types: a bool is not an int here).
_VALUE_TEXT: dict[type, Callable[[object], str]] = {
    str: encode_basestring, type(None): lambda _: "null", int: int.__repr__,
    bool: lambda v: "true" if v else "false",
}


def detail_text_for(keys: Sequence[str]) -> Callable[[Sequence[object]], str]:
    """``canonical_json`` of details that all have ``keys``: a function of their values, in ``keys``' order.

    For a change that logs hundreds of thousands of events of one shape (loading an
    answers file): the keys are sorted and encoded once, and each value is written
    by its type, which takes a third of the time of encoding each detail as a dict.
    A value of another type (a float, a list) is written by ``canonical_json``.
    """
    order = sorted(range(len(keys)), key=keys.__getitem__)
    if len(set(keys)) != len(keys):
        raise ValueError(f"a detail names a key twice: {sorted(keys)}")
    names = [("," if n else "{") + encode_basestring(keys[i]) + ":" for n, i in enumerate(order)]
    by_type = _VALUE_TEXT

    def text(values: Sequence[object]) -> str:
        return "".join([name + (by_type.get(type(values[i])) or canonical_json)(values[i])
                        for name, i in zip(names, order)]) + "}" if names else "{}"

    return text


def digest(value: object) -> str:
    """SHA-256 hex of the canonical JSON of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def event_hash(
    seq: int, at: str, actor: str, role: str, operation: str, action: str, detail: dict, prev_hash: str
) -> str:
    """The hash of an event: its content chained to the previous event's hash."""
    return digest(
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "role": role,
            "operation": str(operation),
            "action": action,
            "detail": detail,
            "prev": prev_hash,
        }
    )


def expected_hash(event: Event) -> str:
    """Recompute what ``event.hash`` should be from its stored content.

    From the detail's stored text when there is one: the canonical JSON of the
    envelope is assembled around it (exactly what ``event_hash`` encodes, as the
    text was written as canonical JSON), without parsing and encoding it again. A
    detail whose text was rewritten in any way, even to equal JSON, then fails.
    """
    if not event.detail_text:
        return event_hash(
            event.seq, event.at, event.actor, event.role, event.operation, event.action, event.detail, event.prev_hash
        )
    return event_text_hash(event.seq, event.at, event.actor, event.role, event.operation, event.action,
                           event.detail_text, event.prev_hash)


def event_text_hash(
    seq: int, at: str, actor: str, role: str, operation: str, action: str, detail_text: str, prev_hash: str
) -> str:
    """``event_hash`` from the detail's canonical JSON text, the envelope assembled around it.

    The same bytes ``event_hash`` encodes (keys in order, no spaces), without parsing
    or encoding the detail again: appending and verifying do this for every event.
    """
    try:   # the columns as written (strings): quoted in C, without a call per column
        text = "".join((
            '{"action":', encode_basestring(action), ',"actor":', encode_basestring(actor), ',"at":',
            encode_basestring(at), ',"detail":', detail_text, ',"operation":', encode_basestring(str(operation)),
            ',"prev":', encode_basestring(prev_hash), ',"role":', encode_basestring(role), ',"seq":', str(int(seq)), "}",
        ))
    except TypeError:   # a column of another type (an edited file): quoted as json.dumps quotes it
        text = "".join((
            '{"action":', _string(action), ',"actor":', _string(actor), ',"at":', _string(at),
            ',"detail":', detail_text, ',"operation":', _string(str(operation)), ',"prev":',
            _string(prev_hash), ',"role":', _string(role), ',"seq":', str(int(seq)), "}",
        ))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ChainHasher:
    """``event_text_hash`` of many events of one actor, role and time (one transaction's).

    The envelope's fixed parts are encoded once; each event then costs one join and
    one SHA-256: the same bytes, the same hash as ``event_text_hash``.
    """

    def __init__(self, at: str, actor: str, role: str):
        self._after_action = ',"actor":' + _string(actor) + ',"at":' + _string(at) + ',"detail":'
        self._role = ',"role":' + _string(role) + ',"seq":'
        self._actions: dict[str, str] = {}
        self._operations: dict[str, str] = {}
        self._last = ""   # the hash this hasher gave last: hex digits, quoted as they are

    def hash(self, seq: int, operation: str, action: str, detail_text: str, prev_hash: str) -> str:
        """The hash of one event, chained to ``prev_hash``."""
        start = self._actions.get(action)
        if start is None:
            start = self._actions[action] = '{"action":' + _string(action) + self._after_action
        middle = self._operations.get(operation)
        if middle is None:
            middle = self._operations[operation] = ',"operation":' + _string(str(operation)) + ',"prev":'
        prev = '"' + prev_hash + '"' if prev_hash is self._last else _string(prev_hash)
        text = "".join((start, detail_text, middle, prev, self._role, str(int(seq)), "}"))
        self._last = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self._last

    def hash_texts(self, seq: int, prev_hash: str, action: str, details: Sequence[tuple[str, str]]) -> list[str]:
        """The hashes of the events after ``seq``, one a detail ``(canonical JSON text, operation)``, each
        chained to the one before it (the first to ``prev_hash``): what ``hash`` gives them one by one.

        For a change that logs hundreds of thousands of events of one action (a load of
        answers): the envelope's parts are looked up once per operation, not once per event.
        """
        if type(prev_hash) is not str:   # (an edited log: quoted as json.dumps quotes it, one by one)
            return [prev_hash := self.hash(seq + n, operation, action, text, prev_hash)
                    for n, (text, operation) in enumerate(details, start=1)]
        sha256 = hashlib.sha256
        start = self._actions.get(action) or '{"action":' + _string(action) + self._after_action
        middles: dict[str, str] = {}
        prev, role, out = _string(prev_hash)[1:-1], self._role, []   # (the hashes after it are hex digits: quoted as they are)
        for text, operation in details:
            seq += 1
            middle = middles.get(operation)
            if middle is None:
                middle = middles[operation] = ',"operation":' + _string(str(operation)) + ',"prev":"'
            prev = sha256(f'{start}{text}{middle}{prev}"{role}{seq}}}'.encode("utf-8")).hexdigest()
            out.append(prev)
        if out:
            self._last = out[-1]
        return out


def _quotes_all(columns: tuple) -> bool:
    """Whether every column is text (quoted as ``encode_basestring`` quotes it)."""
    return all(type(column) is str for column in columns)


def _string(value: object) -> str:
    """A value as canonical JSON: a string as ``json.dumps(ensure_ascii=False)`` writes it."""
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding, and why, in words."""

    seq: int
    reason: str


class ChainCheck:
    """Checks the sequence numbers, links and hashes of events as they go by (in stored order).

    ``watch(events)`` yields every event on (so one pass over the log can check the
    chain and fold the events too, without holding them); ``step`` checks one event
    given as its columns and its recomputed hash (for a reader that never builds an
    ``Event``). ``breaks`` holds the first place the chain stops holding. ``count``
    is the number of events seen.
    """

    def __init__(self) -> None:
        self.breaks: list[ChainBreak] = []
        self.count = 0
        self._prev = GENESIS_HASH

    def watch(self, events: Iterable[Event]) -> Iterator[Event]:
        for event in events:
            if self.holding:
                self.step(event.seq, event.prev_hash, event.hash, expected_hash(event))
            else:
                self.count += 1
            yield event

    @property
    def holding(self) -> bool:
        """True until the first break (after it, events are only counted)."""
        return not self.breaks

    def step(self, seq: int, prev_hash: str, stored_hash: str, content_hash: str) -> None:
        """Check the next event: its number, its link, and ``content_hash`` (recomputed from its content)."""
        self.count += 1
        if self.breaks:
            return
        if seq == self.count and prev_hash == self._prev and content_hash == stored_hash:
            self._prev = stored_hash
            return
        self._check(seq, prev_hash, stored_hash, content_hash)

    def walk(self, rows: Iterable[tuple], other_hash: Callable[[tuple], str]) -> None:
        """``step`` every event given as its stored columns ``(seq, at, actor, role, operation, action, detail
        text, prev_hash, hash)``, in order, each hashed as ``event_text_hash`` hashes it; ``other_hash(row)``
        hashes an event whose columns are not all text (an edited file: ``expected_hash`` of its ``Event``).

        For a whole log (``verify``): the envelope around a detail is quoted once for a run of events of
        one action, actor, time, operation and role (a transaction's), and its link to the previous event
        is written as it stands once it is that event's hash (checked hex digits: nothing to quote); each
        event then costs one format, one SHA-256 and one comparison. The same bytes as
        ``event_text_hash``, so the same breaks as ``step`` after it (tests/core/test_events.py).
        """
        step, sha256, envelope, count, last = self.step, hashlib.sha256, None, self.count, self._prev
        head = middle = tail = ""
        for row in rows:
            seq, at, actor, role, operation, action, text, prev, stored = row
            count += 1
            if self.breaks:   # after a break the events are only counted
                continue
            columns = (action, actor, at, operation, role)
            same = columns == envelope
            if not same and _quotes_all(columns):   # another transaction's envelope: quoted once
                envelope, same = columns, True
                head = f'{{"action":{encode_basestring(action)},"actor":{encode_basestring(actor)},"at":{encode_basestring(at)},"detail":'
                middle = f',"operation":{encode_basestring(operation)},"prev":"'
                tail = f'","role":{encode_basestring(role)},"seq":'
            if same and prev == last and type(text) is str and type(seq) is int:
                content = sha256(f"{head}{text}{middle}{prev}{tail}{seq}}}".encode("utf-8")).hexdigest()
                if seq == count and content == stored:
                    last = stored
                    continue
            else:
                content = other_hash(row)
            self.count, self._prev = count - 1, last
            step(seq, prev, stored, content)
            last = self._prev
        self.count, self._prev = count, last

    def _check(self, seq: int, prev_hash: str, stored_hash: str, content_hash: str) -> None:
        expected_seq = self.count
        if seq != expected_seq:
            self.breaks.append(ChainBreak(seq, f"expected event {expected_seq} here: an event is missing or out of order"))
        if prev_hash != self._prev:
            self.breaks.append(ChainBreak(seq, "its link to the previous event does not match: an event before it was changed, removed or moved"))
        if content_hash != stored_hash:
            self.breaks.append(ChainBreak(seq, "its content does not match its hash: the event was edited"))
        self._prev = stored_hash


def check_chain(events: Iterable[Event]) -> list[ChainBreak]:
    """Check the sequence numbers, links and hashes of ``events`` (in stored order)."""
    check = ChainCheck()
    for _event in check.watch(events):
        pass
    return check.breaks
