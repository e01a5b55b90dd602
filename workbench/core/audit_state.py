"""The audit reduced to what the event log can vouch for: digests, authors and times.

Two ``AuditState`` values are compared by ``verify``: one folded from the event log
(``core.replay.replay``), one read off the tables (``store.verify.stored_state``).
Every column a user sees or an export prints is either here or recomputed by
``verify`` from what is here.
"""

from __future__ import annotations

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
    answers: dict[tuple, str] = field(default_factory=dict)
    answer_writers: dict[tuple, Written] = field(default_factory=dict)
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
