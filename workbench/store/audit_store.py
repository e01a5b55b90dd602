"""The audit file's repository: reads return core objects; every write is one
transaction together with its event (the house's one write path)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

import workbench
from workbench.core.audit import Actor, AuditSettings
from workbench.core.events import Event, Operation, canonical_json, digest
from workbench.core.forms import Form, form_from_dict
from workbench.core.records import Answer, AnswerChange, Record, answer_digest
from workbench.store import database, eventlog
from workbench.store.queue import Flag, QueueQueries, QueueRow  # noqa: F401 - re-exported for callers
from workbench.store.schema import search_text


@dataclass(frozen=True)
class RecordProgress:
    """A record's derived state, cached for the queue: progress and compliance."""

    progress: str = "not_started"
    compliant: bool | None = None
    hidden_answers: int = 0


@dataclass(frozen=True)
class ImportSummary:
    """A finished import as stored: ``added`` new records, ``unchanged`` already there."""

    import_id: int | None
    added: int
    unchanged: int


class AuditStore(QueueQueries):
    """One open audit file."""

    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path

    # -- life cycle -------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, settings: AuditSettings, actor: Actor) -> AuditStore:
        """Create a new audit file holding ``settings``; logged as the first event."""
        settings.validate()

        def first_rows(db: Database) -> None:
            at = eventlog.now()
            db.execute(
                "INSERT INTO audit (id, settings, created_at, created_by, app_version) VALUES (1, ?, ?, ?, ?)",
                (canonical_json(settings.to_dict()), at, actor.name, workbench.__version__),
            )
            _ensure_user(db, actor, at)
            eventlog.append(db, actor.name, actor.role, Operation.COLLECTION, "audit.create", {"settings": settings.to_dict()}, at)

        return cls(database.create_database(path, first_rows), path)

    @classmethod
    def open(cls, path: Path, check: bool = True) -> AuditStore:
        """Open an existing audit file (see ``database.open_database``)."""
        return cls(database.open_database(path, check), path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings and people ------------------------------------------------------
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when *another* connection commits."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def settings(self) -> AuditSettings:
        row = self.db.execute("SELECT settings FROM audit WHERE id = 1").fetchone()
        return AuditSettings.from_dict(json.loads(row[0]))

    def update_settings(self, actor: Actor, new: AuditSettings) -> dict[str, list]:
        """Replace the settings; the event holds each changed field as [old, new]."""
        new.validate()
        with database.write_transaction(self.db):
            old = self.settings().to_dict()
            changes = {k: [old.get(k), v] for k, v in new.to_dict().items() if old.get(k) != v}
            if not changes:
                return {}
            at = eventlog.now()
            self.db.execute("UPDATE audit SET settings = ? WHERE id = 1", (canonical_json(new.to_dict()),))
            self._ensure_user(actor, at)
            eventlog.append(self.db, actor.name, actor.role, Operation.ALTERATION, "audit.settings", {"changes": changes}, at)
        return changes

    def _ensure_user(self, actor: Actor, at: str) -> None:
        _ensure_user(self.db, actor, at)

    # -- forms ------------------------------------------------------------------
    def forms(self) -> dict[tuple[str, str], Form]:
        """Every frozen checklist version in the audit, by (form id, version)."""
        return {
            (r["form_id"], r["version"]): form_from_dict(json.loads(r["definition"]))
            for r in self.db.query("SELECT form_id, version, definition FROM forms ORDER BY form_id, version")
        }

    def form(self, form_id: str, version: str) -> Form:
        row = self.db.execute("SELECT definition FROM forms WHERE form_id = ? AND version = ?", (form_id, version)).fetchone()
        if row is None:
            raise KeyError((form_id, version))
        return form_from_dict(json.loads(row[0]))

    def _freeze_form(self, actor: Actor, form: Form, at: str) -> bool:
        """Store ``form`` if this version is new; refuse a changed wording under an old version."""
        row = self.db.execute(
            "SELECT digest FROM forms WHERE form_id = ? AND version = ?", (form.form_id, form.version)
        ).fetchone()
        if row is not None:
            if row[0] != form.digest():
                raise database.AuditFileError(
                    f"Checklist '{form.form_id}' version {form.version} in this audit has different wording; "
                    "give the changed checklist a new version number."
                )
            return False
        self.db.execute(
            "INSERT INTO forms (form_id, version, title, digest, definition, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            (form.form_id, form.version, form.title, form.digest(), canonical_json(form.to_dict()), at),
        )
        eventlog.append(
            self.db, actor.name, actor.role, Operation.COLLECTION, "form.add",
            {"form_id": form.form_id, "version": form.version, "digest": form.digest()}, at,
        )
        return True

    def add_form(self, actor: Actor, form: Form) -> bool:
        """Freeze a checklist version into the audit; False if it was already there."""
        with database.write_transaction(self.db):
            at = eventlog.now()
            self._ensure_user(actor, at)
            return self._freeze_form(actor, form, at)

    # -- records ------------------------------------------------------------------
    def add_records(
        self, actor: Actor, source: dict, records: Sequence[Record], forms: Iterable[Form]
    ) -> ImportSummary:
        """Import a batch: freeze its forms, insert new records, log one event.

        Records whose key is already present with the same content are skipped;
        the caller has already refused keys present with different content.
        """
        with database.write_transaction(self.db):
            at = eventlog.now()
            self._ensure_user(actor, at)
            for form in forms:
                self._freeze_form(actor, form, at)
            existing = self._existing_digests([r.key for r in records])
            new = [r for r in records if r.key not in existing]
            if not new:
                return ImportSummary(None, 0, len(records))
            cur = self.db.execute(
                "INSERT INTO imports (file_name, sha256, sheet, mapping, row_count, added_count, imported_by, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (source["file_name"], source["sha256"], source.get("sheet", ""), canonical_json(source.get("mapping", {})),
                 source["row_count"], len(new), actor.name, at),
            )
            import_id = cur.lastrowid
            start = self.db.execute("SELECT coalesce(max(position), 0) FROM records").fetchone()[0]
            self.db.conn.executemany(
                "INSERT INTO records (key, form_id, form_version, fields, import_id, position, source_row)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.key, r.form_id, r.form_version, _source_json(r.fields), import_id, start + i, r.source_row)
                 for i, r in enumerate(new, start=1)],
            )
            self.db.conn.executemany(
                "INSERT INTO records_search (rowid, text) SELECT id, ? FROM records WHERE key = ?",
                [(search_text(r.key, r.fields), r.key) for r in new],
            )
            eventlog.append(
                self.db, actor.name, actor.role, Operation.COLLECTION, "records.import",
                {"import_id": import_id, "file_name": source["file_name"], "sha256": source["sha256"],
                 "sheet": source.get("sheet", ""), "rows": source["row_count"], "added": len(new),
                 "records_digest": self.batch_digest(import_id)}, at,
            )
        return ImportSummary(import_id, len(new), len(records) - len(new))

    def _existing_digests(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, form_id, version, fields in self.db.execute(
                f"SELECT key, form_id, form_version, fields FROM records WHERE key IN ({marks})", chunk
            ):
                found[key] = Record(key, form_id, json.loads(fields), version).content_digest()
        return found

    def existing_record_digests(self, keys: list[str]) -> dict[str, str]:
        """The content digest of each of ``keys`` already in the audit."""
        return self._existing_digests(keys)

    def batch_digest(self, import_id: int) -> str:
        """A digest over every record of one import, in sample order."""
        parts = [
            Record(key, form_id, json.loads(fields), version).content_digest()
            for key, form_id, version, fields in self.db.execute(
                "SELECT key, form_id, form_version, fields FROM records WHERE import_id = ? ORDER BY position",
                (import_id,),
            )
        ]
        return digest(parts)

    def imports(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM imports ORDER BY id"))

    def record_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def records(self, form_id: str | None = None) -> Iterator[Record]:
        """Every record in sample order (optionally of one checklist)."""
        sql = "SELECT id, key, form_id, form_version, fields, import_id, position, source_row FROM records"
        args: tuple = ()
        if form_id:
            sql += " WHERE form_id = ?"
            args = (form_id,)
        for row in self.db.execute(sql + " ORDER BY position", args):
            yield _record(row)

    def record(self, key: str) -> Record:
        row = self.db.execute(
            "SELECT id, key, form_id, form_version, fields, import_id, position, source_row FROM records WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            raise KeyError(key)
        return _record(row)

    def record_forms(self) -> dict[str, tuple[str, str]]:
        """``{record key: (form id, form version)}`` for every record."""
        return {k: (f, v) for k, f, v in self.db.execute("SELECT key, form_id, form_version FROM records")}

    # -- answers ------------------------------------------------------------------
    def answers(self, role: str = "auditor", review_round: int = 1, record_key: str | None = None) -> Iterator[Answer]:
        """Current answers of one role and round (optionally of one record)."""
        sql = (
            "SELECT r.key, a.question, a.instance, a.value, a.note, a.role, a.review_round, a.answered_by, a.answered_at"
            " FROM answers a JOIN records r ON r.id = a.record_id WHERE a.role = ? AND a.review_round = ?"
        )
        args: list = [role, review_round]
        if record_key is not None:
            sql += " AND r.key = ?"
            args.append(record_key)
        for key, q, inst, value, note, r, rnd, by, at in self.db.execute(sql + " ORDER BY r.position", args):
            yield Answer(key, q, inst or None, value, note, r, rnd, by, at)

    def set_answers(
        self, actor: Actor, changes: Sequence[AnswerChange], review_round: int = 1, source: str = "",
        states: Callable[[], Mapping[str, RecordProgress]] | None = None,
    ) -> int:
        """Apply answer changes in one transaction, one event per real change.

        ``states`` is called inside the transaction, once the changes are applied, to
        give the records' derived state (record key -> progress) to cache with them:
        no other writer can come between the answers and their cached state.
        Returns the number of answers that changed (setting the same value twice
        changes nothing and logs nothing).
        """
        changed = 0
        with database.write_transaction(self.db):
            at = eventlog.now()
            self._ensure_user(actor, at)
            ids = self._record_ids({c.record_key for c in changes})
            for change in changes:
                changed += self._apply_answer(actor, ids[change.record_key], change, review_round, source, at)
            if states is not None:
                progress = states()
                ids.update(self._record_ids(set(progress) - ids.keys()))
                self._write_states({ids[k]: v for k, v in progress.items()})
        return changed

    def write_record_states(self, states: Mapping[str, RecordProgress]) -> None:
        """Rewrite the cached progress of records (a derived cache: no event)."""
        with database.write_transaction(self.db):
            ids = self._record_ids(set(states))
            self._write_states({ids[k]: v for k, v in states.items()})

    def _write_states(self, states: Mapping[int, RecordProgress]) -> None:
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO record_state (record_id, progress, compliant, hidden_answers) VALUES (?, ?, ?, ?)",
            [(rid, s.progress, None if s.compliant is None else int(s.compliant), s.hidden_answers) for rid, s in states.items()],
        )

    def records_without_state(self) -> int:
        """Answered records whose cached progress is missing (an older file)."""
        return self.db.execute(
            "SELECT count(DISTINCT a.record_id) FROM answers a LEFT JOIN record_state s ON s.record_id = a.record_id"
            " WHERE s.record_id IS NULL"
        ).fetchone()[0]

    def _apply_answer(self, actor: Actor, record_id: int, c: AnswerChange, rnd: int, source: str, at: str) -> int:
        key = (record_id, c.question, c.instance or 0, str(actor.role), rnd)
        old = self.db.execute(
            "SELECT value, note FROM answers WHERE record_id = ? AND question = ? AND instance = ? AND role = ? AND review_round = ?",
            key,
        ).fetchone()
        note = c.note if c.note is not None else (old[1] if old else "")
        if (c.value is None and old is None) or (old is not None and (c.value, note) == tuple(old)):
            return 0
        detail = {"record": c.record_key, "question": c.question, "instance": c.instance, "role": str(actor.role), "round": rnd}
        if not c.free_text:
            detail["old"] = old[0] if old else None
            detail["new"] = c.value
        detail["digest"] = None if c.value is None else answer_digest(c.value, note)
        if source:
            detail["source"] = source
        operation = Operation.COLLECTION if old is None else Operation.ALTERATION
        if c.value is None:
            operation = Operation.ERASURE
        event = eventlog.append(self.db, actor.name, actor.role, operation, "answer.clear" if c.value is None else "answer.set", detail, at)
        if c.value is None:
            self.db.execute(
                "DELETE FROM answers WHERE record_id = ? AND question = ? AND instance = ? AND role = ? AND review_round = ?", key
            )
        else:
            self.db.execute(
                "INSERT OR REPLACE INTO answers (record_id, question, instance, role, review_round, value, note,"
                " answered_by, answered_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, c.value, note, actor.name, at, event.seq),
            )
        return 1

    def _record_ids(self, keys: set[str]) -> dict[str, int]:
        ids: dict[str, int] = {}
        keys_list = sorted(keys)
        for i in range(0, len(keys_list), 500):
            chunk = keys_list[i : i + 500]
            marks = ",".join("?" * len(chunk))
            ids.update(self.db.execute(f"SELECT key, id FROM records WHERE key IN ({marks})", chunk).fetchall())
        missing = keys - ids.keys()
        if missing:
            raise KeyError(sorted(missing)[0])
        return ids

    # -- events -------------------------------------------------------------------
    def events(self, since: int = 0) -> Iterator[Event]:
        return eventlog.read_events(self.db, since)

    def log_disclosures(self, actor: Actor, details: Sequence[dict], publish: Callable[[], None]) -> None:
        """Log one ``disclosure`` event per file and ``publish`` the files, together.

        ``publish`` runs inside the transaction after the events are appended; if it
        fails, no event is kept, and if logging fails, nothing is published.
        """
        with database.write_transaction(self.db):
            at = eventlog.now()
            self._ensure_user(actor, at)
            for detail in details:
                eventlog.append(self.db, actor.name, actor.role, Operation.DISCLOSURE, "export", detail, at)
            publish()

    def log_event(self, actor: Actor, operation: Operation, action: str, detail: dict) -> Event:
        """Log an event that changes no table (a disclosure or a consultation)."""
        with database.write_transaction(self.db):
            at = eventlog.now()
            self._ensure_user(actor, at)
            return eventlog.append(self.db, actor.name, actor.role, operation, action, detail, at)


def _source_json(fields: dict) -> str:
    """Source fields as JSON in their source column order (digests sort keys; this keeps order)."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _ensure_user(db: Database, actor: Actor, at: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO users (name, role, force, first_seen) VALUES (?, ?, ?, ?)",
        (actor.name, str(actor.role), actor.force, at),
    )


def _record(row: tuple) -> Record:
    rid, key, form_id, version, fields, import_id, position, source_row = row
    return Record(key, form_id, json.loads(fields), version, rid, import_id, position, source_row)
