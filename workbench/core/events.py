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
from dataclasses import dataclass
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


def canonical_json(value: object) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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
    """Recompute what ``event.hash`` should be from its stored content."""
    return event_hash(
        event.seq, event.at, event.actor, event.role, event.operation, event.action, event.detail, event.prev_hash
    )


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding, and why, in words."""

    seq: int
    reason: str


def check_chain(events: list[Event]) -> list[ChainBreak]:
    """Check the sequence numbers, links and hashes of ``events`` (in stored order)."""
    breaks: list[ChainBreak] = []
    prev = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            breaks.append(ChainBreak(event.seq, f"expected event {expected_seq} here: an event is missing or out of order"))
        if event.prev_hash != prev:
            breaks.append(ChainBreak(event.seq, "its link to the previous event does not match: an event before it was changed, removed or moved"))
        if expected_hash(event) != event.hash:
            breaks.append(ChainBreak(event.seq, "its content does not match its hash: the event was edited"))
        prev = event.hash
        if breaks:
            break
    return breaks
