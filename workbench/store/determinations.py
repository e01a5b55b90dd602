"""The FCR's determinations: which records the FCR decided, on whose answers, and why.

A determined record's final answers are the FCR's (role ``fcr`` in ``answers``), a
complete record checked before it is saved; every other record's final answers
are the audit team's. The determination's event carries a digest of the whole
answer set decided, so ``verify`` notices an FCR answer changed without a new
determination.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.events import Operation, digest
from workbench.store.records import Records
from workbench.store.writing import Write


@dataclass(frozen=True)
class Determination:
    """The FCR's decision on one record."""

    record_key: str
    based_on: str          # whose answers it started from: auditor, peer, or fcr (the FCR's own)
    reason: str
    decided_by: str
    decided_at: str


def answer_set_digest(answers: Mapping[tuple[str, int | None], tuple[str, str]]) -> str:
    """A digest of a record's whole answer set: ``{(question, instance): (value, note)}``."""
    return digest(sorted([q, i or 0, v, n] for (q, i), (v, n) in answers.items()))


class Determinations:
    """The ``determinations`` table."""

    def __init__(self, db: Database, records: Records):
        self.db = db
        self.records = records

    def set(self, w: Write, record_key: str, based_on: str, reason: str, answers_digest: str) -> None:
        """Record inside ``w`` that the FCR decided ``record_key`` (the answers are already written)."""
        record_id = self.records.ids({record_key})[record_key]
        old = self.db.execute("SELECT 1 FROM determinations WHERE record_id = ?", (record_id,)).fetchone()
        event = w.log("record.determine", {"record": record_key, "based_on": based_on, "reason_digest": digest(reason),
                                           "answers_digest": answers_digest},
                      Operation.ALTERATION if old else Operation.COLLECTION)
        self.db.execute(
            "INSERT OR REPLACE INTO determinations (record_id, based_on, reason, decided_by, decided_at, event_seq)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (record_id, based_on, reason, w.actor.name, w.at, event.seq),
        )

    def all(self) -> dict[str, Determination]:
        """Every determination, by record key, in sample order."""
        return {
            key: Determination(key, based_on, reason, by, at)
            for key, based_on, reason, by, at in self.db.execute(
                "SELECT r.key, d.based_on, d.reason, d.decided_by, d.decided_at FROM determinations d"
                " JOIN records r ON r.id = d.record_id ORDER BY r.position"
            )
        }

    def stored(self) -> dict[str, tuple[str, str, int, str, str]]:
        """``{record: (based_on, reason digest, event seq, decided_by, decided_at)}`` for ``verify``."""
        return {
            key: (based_on, digest(reason), seq, by, at)
            for key, based_on, reason, seq, by, at in self.db.execute(
                "SELECT r.key, d.based_on, d.reason, d.event_seq, d.decided_by, d.decided_at FROM determinations d"
                " JOIN records r ON r.id = d.record_id"
            )
        }
