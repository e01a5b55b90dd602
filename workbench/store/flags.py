"""Records flagged for the FCR with a query: data, logged like every other change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.events import Operation, digest
from workbench.store.records import Records
from workbench.store.writing import Write


@dataclass(frozen=True)
class Flag:
    """A record flagged for the FCR, with the query."""

    record_key: str
    note: str
    flagged_by: str
    flagged_at: str


class Flags:
    """The ``flags`` table."""

    def __init__(self, db: Database, records: Records):
        self.db = db
        self.records = records

    def set(self, w: Write, record_key: str, note: str | None) -> bool:
        """Flag a record inside ``w`` with a query note (None removes the flag); False if nothing changed."""
        record_id = self.records.ids({record_key})[record_key]
        old = self.db.execute("SELECT note FROM flags WHERE record_id = ?", (record_id,)).fetchone()
        if (old is None and note is None) or (old is not None and old[0] == note):
            return False
        detail = {"record": record_key, "digest": None if note is None else digest(note)}
        if note is None:
            w.log("record.unflag", detail)
            self.db.execute("DELETE FROM flags WHERE record_id = ?", (record_id,))
            return True
        event = w.log("record.flag", detail, Operation.COLLECTION if old is None else Operation.ALTERATION)
        self.db.execute(
            "INSERT OR REPLACE INTO flags (record_id, note, flagged_by, flagged_at, event_seq) VALUES (?, ?, ?, ?, ?)",
            (record_id, note, w.actor.name, w.at, event.seq),
        )
        return True

    def all(self) -> dict[str, Flag]:
        """Every flagged record, by key, in sample order."""
        return {
            key: Flag(key, note, by, at)
            for key, note, by, at in self.db.execute(
                "SELECT r.key, f.note, f.flagged_by, f.flagged_at FROM flags f JOIN records r ON r.id = f.record_id ORDER BY r.position"
            )
        }
