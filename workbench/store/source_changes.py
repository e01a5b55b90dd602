"""Re-imported rows that differ from the record already in the audit.

A record already answered keeps the values it was reviewed on: the changed row is
kept beside it (``source_changes``) and the window shows the difference. A
record not yet answered takes the new values; the text it was first imported
with is kept once (``source_originals``) so that its import's records digest can
still be checked. Each is logged with the old and new content digests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.audit_state import Written
from workbench.core.records import Record, field_changes, record_digest
from workbench.store.search import SearchIndex
from workbench.store.database import rows_in
from workbench.store.writing import Write


@dataclass(frozen=True)
class PendingChange:
    """The source a later file gave for a record already answered, and where it came from."""

    record_key: str
    fields: dict[str, str]
    import_id: int
    file_name: str
    source_row: int | None
    noted_by: str
    noted_at: str


class SourceChanges:
    """The ``source_changes`` and ``source_originals`` tables."""

    def __init__(self, db: Database):
        self.db = db
        self.search = SearchIndex(db)

    # -- reading ----------------------------------------------------------------------------
    def answered(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` whose record has an answer in any role or round (it has been judged)."""
        return {k for (k,) in rows_in(self.db, "SELECT r.key FROM records r WHERE r.key IN ({marks})"
                                         " AND EXISTS (SELECT 1 FROM answers a WHERE a.record_id = r.id)", keys)}

    def pending_digests(self, keys: Iterable[str]) -> dict[str, str]:
        """The content digest of the changed source kept beside each of ``keys`` that has one."""
        return {key: record_digest(key, form_id, version, json.loads(fields))
                for key, form_id, version, fields in rows_in(
                    self.db, "SELECT r.key, r.form_id, r.form_version, c.fields FROM source_changes c JOIN records r"
                    " ON r.id = c.record_id WHERE r.key IN ({marks})", keys)}

    def pending(self, key: str) -> PendingChange | None:
        """The changed source kept beside record ``key``, if any."""
        row = self.db.execute(
            "SELECT c.fields, c.import_id, i.file_name, c.source_row, c.noted_by, c.noted_at FROM source_changes c"
            " JOIN records r ON r.id = c.record_id LEFT JOIN imports i ON i.id = c.import_id WHERE r.key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        fields, import_id, file_name, source_row, by, at = row
        return PendingChange(key, json.loads(fields), import_id, file_name or "", source_row, by, at)

    def pending_keys(self) -> set[str]:
        """Every record with a changed source kept beside it."""
        return {k for (k,) in self.db.execute("SELECT r.key FROM source_changes c JOIN records r ON r.id = c.record_id")}

    def classify(self, changed: Sequence[Record], existing: Mapping[str, Record]
                 ) -> tuple[list[tuple[Record, Record]], list[tuple[Record, Record]], int]:
        """Split rows whose key is in the audit: ``(to note, to replace, unchanged)``.

        A row with the record's own values, or with the values already kept beside
        it, changes nothing; otherwise a record with any answer is noted (kept as it
        is) and one without is replaced. Asked inside the write transaction, so an
        answer given since the check counts.
        """
        keys = [r.key for r in changed if r.key in existing]
        pending, answered = self.pending_digests(keys), self.answered(keys)
        to_note, to_replace, same = [], [], 0
        for row in changed:
            old = existing.get(row.key)
            if old is None or old.fields == row.fields or pending.get(row.key) == record_digest(
                    old.key, old.form_id, old.form_version, row.fields):
                same += 1
            elif row.key in answered:
                to_note.append((old, row))
            else:
                to_replace.append((old, row))
        return to_note, to_replace, same

    # -- writing ----------------------------------------------------------------------------
    def note(self, w: Write, record: Record, new: Record, import_id: int) -> None:
        """Keep ``new``'s fields beside ``record`` (already answered, left as it is), logged."""
        event = w.log("record.source_change", _detail(record, new, import_id))
        self.db.execute(
            "INSERT OR REPLACE INTO source_changes (record_id, import_id, source_row, fields, noted_by, noted_at, event_seq)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.id, import_id, new.source_row, _json(new.fields), w.actor.name, w.at, event.seq))

    def replace(self, w: Write, record: Record, new: Record, import_id: int) -> None:
        """Give ``record`` (not yet answered) ``new``'s fields, keeping its first text once, logged."""
        w.log("record.source_replace", _detail(record, new, import_id))
        self.db.execute("INSERT OR IGNORE INTO source_originals (record_id, fields)"
                        " SELECT id, fields FROM records WHERE id = ?", (record.id,))
        self.db.execute("UPDATE records SET fields = ? WHERE id = ?", (_json(new.fields), record.id))
        self.db.execute("DELETE FROM source_changes WHERE record_id = ?", (record.id,))
        self.search.replace(record.id, record.key, record.fields, new.fields)

    # -- verify -----------------------------------------------------------------------------
    def stored(self) -> tuple[dict[str, tuple[int, str]], dict[str, Written], dict[str, str]]:
        """For ``verify``: the kept changes and who noted them, and the replaced records' content now."""
        changes, writers, replaced = {}, {}, {}
        for key, form_id, version, fields, import_id, seq, by, at in self.db.execute(
            "SELECT r.key, r.form_id, r.form_version, c.fields, c.import_id, c.event_seq, c.noted_by, c.noted_at"
            " FROM source_changes c LEFT JOIN records r ON r.id = c.record_id"
        ):
            changes[key] = (import_id, record_digest(key, form_id, version, _loads(fields)))
            writers[key] = Written(seq, by, at)
        for key, form_id, version, fields in self.db.execute(
            "SELECT r.key, r.form_id, r.form_version, r.fields FROM source_originals o JOIN records r ON r.id = o.record_id"
        ):
            replaced[key] = record_digest(key, form_id, version, _loads(fields))
        return changes, writers, replaced


def _detail(record: Record, new: Record, import_id: int) -> dict:
    return {"record": record.key, "import_id": import_id, "old_digest": record.content_digest(),
            "new_digest": record_digest(record.key, record.form_id, record.form_version, new.fields), "fields": [c.name for c in field_changes(record.fields, new.fields)]}


def _json(fields: dict) -> str:
    """Source fields as records hold them: JSON in source column order."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str) -> object:
    try:
        return json.loads(text)
    except (TypeError, ValueError):   # edited into something unreadable: its digest then differs
        return text
