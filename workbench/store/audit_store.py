"""One open audit file: a facade over the repositories that hold its tables.

Reads return core objects. Every write opens the store's one write context
(``writing.Writer``): one transaction holding the change and its events, the single
place where a person new to the audit is added and a locked audit refuses.
The repositories (``records``, ``answers``, ``flags``, ``queue``, ``forms``) do the
SQL; the methods here are the house's public surface for ``ops``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from sqlite_utils import Database

import workbench
from workbench.core.audit import Actor, AuditSettings
from workbench.core.events import Event, Operation, canonical_json
from workbench.core.forms import SELECT_TYPES, Form
from workbench.core.mapping import ColumnMapping, Profile
from workbench.core.signoff import Manifest
from workbench.core.errors import WorkbenchError
from workbench.core.evaluations import Evaluations
from workbench.core.records import Answer, AnswerChange, Record, RecordProgress
from workbench.store import database, eventlog
from workbench.store.answer_load import LoadedAnswer
from workbench.store.answers import Answers
from workbench.store.determinations import Determination, Determinations
from workbench.store.flags import Flag, Flags
from workbench.store.forms import Forms
from workbench.store.location import is_read_only_location
from workbench.store.packages import Conflict, CopyInfo, MergePlan, Packages
from workbench.store.queue import Queue, QueueRow
from workbench.store.profiles import Profiles
from workbench.store.records import Records, StoredImport
from workbench.store.source_changes import PendingChange, SourceChanges
from workbench.store.samples import PopulationStratum, SampledUnit, Samples, StoredDraw
from workbench.store.signoffs import SignOffRow, SignOffs, lock_words
from workbench.store.writing import AuditLocked, Write, Writer

#: Work done inside an import's transaction once its records are in: ``then(write, stored)``.
AfterImport = Callable[[Write, StoredImport], None]

__all__ = ["AfterImport", "AuditStore", "Conflict", "CopyInfo", "Determination", "Flag", "MergePlan",
           "PendingChange", "PopulationStratum", "QueueRow", "RecordProgress", "StoredDraw", "StoredImport"]


class AuditStore:
    """One open audit file."""

    def __init__(self, db: Database, path: Path, read_only: bool = False):
        self.db = db
        self.path = path
        self.read_only = read_only
        self.writer = Writer(db, lock=lock_words, read_only=read_only)
        self.forms_repo = Forms(db)
        self.source_changes_repo = SourceChanges(db)
        self.records_repo = Records(db, self.forms_repo, self.source_changes_repo)
        self.profiles_repo = Profiles(db)
        self.answers_repo = Answers(db, self.records_repo, self.forms_repo, working=lambda: self.packages_repo.working_answers(),
                                    is_copy=lambda: self.packages_repo.copy_info() is not None)
        self.packages_repo = Packages(db, self.records_repo, self.answers_repo)
        self.flags_repo = Flags(db, self.records_repo)
        self.queue_repo = Queue(db, compared_questions=self._choice_questions)
        self.determinations_repo = Determinations(db, self.records_repo)
        self.signoffs_repo = SignOffs(db)
        self.samples_repo = Samples(db, self.records_repo)

    # -- life cycle -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, settings: AuditSettings, actor: Actor) -> AuditStore:
        """Create a new audit file holding ``settings``; logged as its first change."""
        settings.validate()

        def first_rows(db: Database) -> None:
            w = Write(db, actor, eventlog.now())
            db.execute(
                "INSERT INTO audit (id, settings, created_at, created_by, app_version) VALUES (1, ?, ?, ?, ?)",
                (canonical_json(settings.to_dict()), w.at, actor.name, workbench.__version__),
            )
            w.log("audit.create", {"settings": settings.to_dict(), "app_version": workbench.__version__})
            w.flush()

        return cls(database.create_database(path, first_rows), path)

    @classmethod
    def open(cls, path: Path, check: bool = True, read_only: bool | None = None) -> AuditStore:
        """Open an existing audit file (see ``database.open_database``).

        ``read_only`` None opens it read-only exactly when its location cannot be
        written (``location.is_read_only_location``); every write then raises
        ``AuditReadOnly`` before it begins.
        """
        path = Path(path)
        if read_only is None:
            read_only = path.exists() and is_read_only_location(path)
        return cls(database.open_database(path, check, read_only), path, read_only)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def copy_to(self, target: Path) -> None:
        """Write a consistent copy of the audit to the new file ``target`` (see ``database.copy_to``)."""
        database.copy_to(self.db, Path(target))

    def write(self, actor: Actor, while_locked: bool = False):
        """The write context: ``with store.write(actor) as w:`` (see ``writing.Writer.write``)."""
        return self.writer.write(actor, while_locked)

    # -- the audit --------------------------------------------------------------------------
    def pending_migrations(self) -> list[str]:
        """The names of the schema's migration steps not applied to this file (none once it is open)."""
        from workbench.store.schema import MIGRATIONS

        return [m.name for m in MIGRATIONS.pending(self.db)]

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when *another* connection commits."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def settings(self) -> AuditSettings:
        row = self.db.execute("SELECT settings FROM audit WHERE id = 1").fetchone()
        return AuditSettings.from_dict(json.loads(row[0]))

    def created(self) -> tuple[str, str, str]:
        """``(created_at, created_by, app_version)`` of the audit."""
        return tuple(self.db.execute("SELECT created_at, created_by, app_version FROM audit WHERE id = 1").fetchone())

    def update_settings(self, actor: Actor, new: AuditSettings) -> dict[str, list]:
        """Replace the settings; the event holds each changed field as [old, new]."""
        new.validate()
        with self.write(actor) as w:
            old = self.settings().to_dict()
            changes = {k: [old.get(k), v] for k, v in new.to_dict().items() if old.get(k) != v}
            if changes:
                w.log("audit.settings", {"changes": changes})
                self.db.execute("UPDATE audit SET settings = ? WHERE id = 1", (canonical_json(new.to_dict()),))
        return changes

    def users(self) -> list[dict]:
        """Everyone who has changed the audit, in each role, with their force and when first seen."""
        return list(self.db.query("SELECT name, role, force, first_seen FROM users ORDER BY first_seen, name"))

    # -- checklists -------------------------------------------------------------------------
    def forms(self) -> dict[tuple[str, str], Form]:
        """Every frozen checklist version in the audit, by (form id, version)."""
        return self.forms_repo.all()

    def form(self, form_id: str, version: str) -> Form:
        return self.forms_repo.get(form_id, version)

    def add_form(self, actor: Actor, form: Form) -> bool:
        """Freeze a checklist version into the audit; False if it was already there."""
        with self.write(actor) as w:
            return self.forms_repo.freeze(w, form)

    # -- records ----------------------------------------------------------------------------
    def add_records(self, actor: Actor, source: dict, records: Sequence[Record], forms: Iterable[Form],
                    then: AfterImport | None = None, changed: Sequence[Record] = (),
                    profile: tuple[str, list[str], ColumnMapping] | None = None) -> StoredImport:
        """Import a batch in one transaction: its checklists, the new records, one event.

        ``changed`` are rows of records already in the audit with other source
        values (see ``Records.add``). ``profile`` ``(name, headings, mapping)`` is
        saved in the same transaction. ``then(write, stored)``, if given, runs in
        the same transaction afterwards.
        """
        with self.write(actor) as w:
            stored = self.records_repo.add(w, source, records, forms, changed)
            if profile is not None:
                self.profiles_repo.save(w, *profile)
            if then is not None:
                then(w, stored)
            return stored

    def existing_record_digests(self, keys: list[str]) -> dict[str, str]:
        """The content digest of each of ``keys`` already in the audit."""
        return self.records_repo.existing_digests(keys)

    def existing_records(self, keys: Sequence[str]) -> dict[str, Record]:
        """The records of ``keys`` already in the audit, by key."""
        return self.records_repo.get_many(keys)

    def answered_records(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` with an answer in any role or round."""
        return self.source_changes_repo.answered(keys)

    def pending_source_digests(self, keys: Iterable[str]) -> dict[str, str]:
        """The content digest of the changed source kept beside each of ``keys`` that has one."""
        return self.source_changes_repo.pending_digests(keys)

    def pending_source_change(self, key: str) -> PendingChange | None:
        """The changed source a later import kept beside record ``key`` (source changed since review)."""
        return self.source_changes_repo.pending(key)

    def import_mapping(self, import_id: int) -> dict:
        """The mapping one import used (JSON of ``imports.mapping``); {} if there is no such import."""
        row = self.db.execute("SELECT mapping FROM imports WHERE id = ?", (import_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    # -- mapping profiles -------------------------------------------------------------------
    def profiles(self) -> list[Profile]:
        """Every mapping profile, by name."""
        return self.profiles_repo.all()

    def profile(self, name: str) -> Profile | None:
        return self.profiles_repo.get(name)

    def fitting_profiles(self, headings: list[str]) -> list[Profile]:
        """Profiles saved from a file with these headings (any order), the latest saved first."""
        return self.profiles_repo.fitting(headings)

    def imports(self) -> list[dict]:
        return self.records_repo.imports()

    def record_count(self) -> int:
        return self.records_repo.count()

    def records(self, form_id: str | None = None) -> Iterator[Record]:
        """Every record in sample order (optionally of one checklist)."""
        return self.records_repo.all(form_id)

    def record(self, key: str) -> Record:
        return self.records_repo.get(key)

    def record_forms(self) -> dict[str, tuple[str, str]]:
        """``{record key: (form id, form version)}`` for every record."""
        return self.records_repo.record_forms()

    def record_forms_in_order(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """``{record key: (form id, form version)}`` of ``keys`` in the audit, in sample order."""
        return self.records_repo.forms_in_order(keys)

    # -- samples drawn from a population ---------------------------------------------------
    def record_sample_draw(self, w: Write, draw: Mapping, parameters: dict, strata: Mapping[str, tuple[int, int]],
                           units: Sequence[SampledUnit], import_id: int | None) -> int:
        """Inside an import's transaction ``w``: the draw that chose its records (see ``Samples.add``)."""
        return self.samples_repo.add(w, draw, parameters, strata, units, import_id)

    def record_sample_extension(self, w: Write, draw_id: int, size: int, strata: Mapping[str, tuple[int, int]],
                                units: Sequence[SampledUnit], import_id: int | None) -> int:
        """Inside an import's transaction ``w``: the extension of a draw (see ``Samples.extend``)."""
        return self.samples_repo.extend(w, draw_id, size, strata, units, import_id)

    def sample_draws(self) -> list[StoredDraw]:
        """Every sample drawn into the audit, oldest first."""
        return self.samples_repo.draws()

    def sample_strata(self, draw_id: int) -> dict[str, tuple[int, int]]:
        """``{stratum: (population, sampled)}`` of one draw."""
        return self.samples_repo.strata(draw_id)

    def sample_units(self, draw_id: int) -> list[tuple[str, str, int, int]]:
        """``(key, stratum, rank, step)`` of every record one draw brought, by stratum and rank."""
        return self.samples_repo.units(draw_id)

    def population_strata(self) -> dict[str, PopulationStratum]:
        """Per stratum of every draw: its population size and sampled record keys (``Samples.population_strata``)."""
        return self.samples_repo.population_strata()

    # -- answers ----------------------------------------------------------------------------
    def answers(self, role: str = "auditor", review_round: int = 1, record_key: str | None = None) -> Iterator[Answer]:
        """Current answers of one role and round (optionally of one record)."""
        return self.answers_repo.current(role, review_round, record_key)

    def set_answers(self, actor: Actor, changes: Sequence[AnswerChange], review_round: int = 1, source: str = "",
                    evaluations: Evaluations | None = None) -> int:
        """Apply answer changes in one transaction, one event per real change, with the
        changed records' cached progress (see ``Answers.apply``); the number that changed."""
        with database.room_to_write(self.db, len(changes)), self.write(actor) as w:
            return self.answers_repo.apply(w, changes, review_round, source, evaluations)

    def load_answers(self, actor: Actor, loaded: Sequence[LoadedAnswer], review_round: int = 1, source: str = "",
                     evaluations: Evaluations | None = None) -> int:
        """Set a file's answers in one transaction, one event each, as ``set_answers`` would set the same
        changes (``Answers.load``: without an object per answer); the number that changed."""
        with database.room_to_write(self.db, len(loaded)), self.write(actor) as w:
            return self.answers_repo.load(w, loaded, review_round, source, evaluations)

    def write_record_states(self, states: Mapping[str, RecordProgress]) -> None:
        """Rewrite the cached progress of records (a derived cache: no event; skipped when read-only)."""
        if self.read_only:
            return
        with database.write_transaction(self.db):
            ids = self.records_repo.ids(set(states))
            self.answers_repo.write_states({ids[k]: v for k, v in states.items()})
        database.settle(self.db)

    def record_states(self) -> dict[str, RecordProgress]:
        """The cached progress of every record that has one, by key."""
        return self.answers_repo.cached_states()

    def records_without_state(self) -> int:
        """Answered records whose cached progress is missing (an older file)."""
        return self.answers_repo.records_without_state()

    # -- the queue and flags ----------------------------------------------------------------
    def queue(self, form_id: str | None = None, progress: str | None = None, flagged: bool | None = None,
              text: str = "", disagreements: bool = False, compliant: bool | None = None) -> list[QueueRow]:
        """Records in sample order, filtered in SQL (fast over 100,000 records); ``disagreements``:
        only those where a peer's answer to a choice question differs from the auditor's;
        ``compliant`` False: the complete, non-compliant ones (see ``Queue.rows``)."""
        return self.queue_repo.rows(form_id, progress, flagged, text, disagreements, compliant)

    def matching_ids(self, form_id: str | None = None, progress: str | None = None, flagged: bool | None = None,
                     text: str = "", disagreements: bool = False, compliant: bool | None = None) -> set[int]:
        """The ids of ``queue(...)``'s records, unordered."""
        return self.queue_repo.matching_ids(form_id, progress, flagged, text, disagreements, compliant)

    def search_backlog(self) -> int:
        """How many records the full-text index does not hold yet (the text filter reads their fields meanwhile)."""
        return self.queue_repo.search.backlog()

    def index_for_search(self, limit: int) -> int:
        """Add up to ``limit`` records to the full-text index, in a transaction of their own; how many.

        A derived cache (``store.search``): no event; nothing on a read-only audit.
        """
        if self.read_only:
            return 0
        return self.queue_repo.search.index_next(limit)

    def starts_a_key(self, text: str) -> bool:
        """Whether ``text`` begins some record's key: the queue's filter then matches keys by their start."""
        return self.queue_repo.starts_a_key(text)

    def _choice_questions(self) -> set[str]:
        return {q.name for form in self.forms().values() for q in form.questions() if q.spec.type in SELECT_TYPES}

    def first_incomplete_key(self) -> str | None:
        """Where a reviewer starts: the first record in sample order not complete (else the first)."""
        return self.queue_repo.first_incomplete()

    def queue_row(self, key: str) -> QueueRow | None:
        """One record's line of the queue (to refresh it after a change), or None."""
        return self.queue_repo.row(key)

    def progress_counts(self) -> dict[str, dict[str, int]]:
        """``{form id: {progress: records}}`` from the cached progress of records."""
        return self.queue_repo.progress_counts()

    def hidden_answer_counts(self) -> dict[str, int]:
        """``{record key: answers on branches that no longer apply}`` for records that have any."""
        return self.queue_repo.hidden_answer_counts()

    def set_flag(self, actor: Actor, record_key: str, note: str | None) -> bool:
        """Flag a record for the FCR with a query note (None removes the flag)."""
        with self.write(actor) as w:
            return self.flags_repo.set(w, record_key, note)

    def flags(self) -> dict[str, Flag]:
        """Every flagged record, by key."""
        return self.flags_repo.all()

    # -- sign-off --------------------------------------------------------------------------------
    def sign_off(self, actor: Actor, manifest: Manifest, signature: str, public_key: str, fingerprint: str) -> None:
        """Store the FCR's sign-off; refused if the log moved on since ``manifest`` was made (sign again)."""
        with self.write(actor, while_locked=True) as w:
            if lock_words(self.db):
                raise AuditLocked(lock_words(self.db))
            if self.head() != manifest.log_head:
                raise WorkbenchError("The audit changed while the sign-off was being prepared; nothing was signed. Sign again.")
            self.signoffs_repo.add(w, manifest, signature, public_key, fingerprint)

    def reopen(self, actor: Actor, reason: str) -> SignOffRow:
        """Void the current sign-off with ``reason``: the audit takes changes again."""
        with self.write(actor, while_locked=True) as w:
            current = self.signoffs_repo.latest()
            if current is None or current.void:
                raise WorkbenchError("This audit is not signed off, so there is nothing to reopen.")
            self.signoffs_repo.void(w, current.id, reason)
        return self.signoffs_repo.latest()

    def signoffs(self) -> list[SignOffRow]:
        """Every sign-off, oldest first (the last one locks the audit unless it is void)."""
        return self.signoffs_repo.all()

    def locked_by(self) -> str | None:
        """The sentence a change would be refused with, when the audit is signed off; else None."""
        return lock_words(self.db)

    # -- the FCR's determinations -------------------------------------------------------------
    def determine(self, actor: Actor, decisions: Sequence[tuple[str, Sequence[AnswerChange], str, str, str]]) -> int:
        """Save the FCR's determinations in one transaction; the number of answers changed.

        Each decision is ``(record key, answer changes, based on, reason, digest of the
        whole answer set decided)``: the FCR's answers change, the determination is
        logged, and a flag on the record is closed with it.
        """
        with self.write(actor) as w:
            changed = self.answers_repo.apply(w, [c for d in decisions for c in d[1]])
            for key, _changes, based_on, reason, answers_digest in decisions:
                self.determinations_repo.set(w, key, based_on, reason, answers_digest)
                self.flags_repo.set(w, key, None)
        return changed

    def determinations(self) -> dict[str, Determination]:
        """Every record the FCR has decided, by key."""
        return self.determinations_repo.all()

    # -- peer review and team packages -------------------------------------------------------
    def audit_id(self) -> str:
        """The audit's identity: the hash of its first event (fixed at creation, vouched for by the chain)."""
        return self.packages_repo.audit_id()

    def copy_info(self) -> CopyInfo | None:
        """Where this working copy came from (a peer's or a team member's), or None for an ordinary audit."""
        return self.packages_repo.copy_info()

    def working_answers(self) -> tuple[str, int]:
        """``(role, round)`` of the answers this audit's own users give: (auditor, 1), or a copy's."""
        return self.packages_repo.working_answers()

    def record_sent_package(self, actor: Actor, package_id: str, kind: str, recipient: str, selection: dict,
                            keys: Sequence[str], file_name: str, sha256: str, encrypted: bool,
                            publish: Callable[[], None]) -> None:
        """Log a package as a disclosure and ``publish`` its file, together (as ``log_disclosures``)."""
        with self.write(actor, while_locked=True) as w:
            self.packages_repo.record_sent(w, package_id, kind, recipient, selection, keys, file_name, sha256, encrypted)
            publish()

    def sent_packages(self) -> list[dict]:
        """Every package this audit sent, oldest first."""
        return self.packages_repo.sent()

    def sent_package(self, package_id: str) -> dict | None:
        return self.packages_repo.sent_package(package_id)

    def mark_copy(self, actor: Actor, info: CopyInfo, sha256: str) -> None:
        """Mark this new audit as a working copy of another (once, when it is unpacked)."""
        with self.write(actor) as w:
            self.packages_repo.mark_copy(w, info, sha256)

    def merged_package(self, package_id: str) -> dict | None:
        """The merge of a return package, if it was merged already."""
        return self.packages_repo.merged(package_id)

    def merges(self) -> list[dict]:
        return self.packages_repo.merges()

    def merge_package(self, actor: Actor, meta: Mapping[str, object], by_record: Mapping[str, list[dict]],
                      role: str, review_round: int, authors: Mapping[str, str]) -> MergePlan:
        """Merge a return package's answers in one transaction (planned inside it); the plan carried out.

        ``authors`` maps each answer's author to their force: each new to the audit
        in ``role`` is added to ``users`` with a ``user.add`` event.
        """
        with self.write(actor) as w:
            for name, force in sorted(authors.items()):
                added = self.db.execute("INSERT OR IGNORE INTO users (name, role, force, first_seen) VALUES (?, ?, ?, ?)",
                                        (name, role, force, w.at)).rowcount
                if added:
                    w.log("user.add", {"name": name, "role": role, "force": force})
            plan = self.packages_repo.plan(by_record, role, review_round)
            self.packages_repo.merge(w, meta, plan, role, review_round)
        return plan

    def conflicts(self) -> list[Conflict]:
        """Answers merges held back because the audit's differ, still to settle."""
        return self.packages_repo.conflicts()

    def settle_conflict(self, actor: Actor, conflict: Conflict, kept: str) -> None:
        """Settle one conflict: keep the audit's answers ("audit") or take the package's ("package")."""
        with self.write(actor) as w:
            self.packages_repo.settle(w, conflict, kept)

    # -- the event log ----------------------------------------------------------------------
    def events(self, since: int = 0) -> Iterator[Event]:
        return eventlog.read_events(self.db, since)

    def head(self) -> tuple[int, str]:
        """The log's last event: ``(sequence number, hash)``; ``(0, genesis)`` when empty."""
        return eventlog.head(self.db)

    def find_events(self, actor: str | None = None, action: str | tuple[str, ...] | None = None, text: str = "",
                    before: int | None = None, limit: int = 500) -> list[Event]:
        """A page of the log, newest first, filtered (see ``eventlog.find_events``)."""
        return eventlog.find_events(self.db, actor, action, text, before, limit)

    def count_events(self, actor: str | None = None, action: str | None = None, text: str = "") -> int:
        return eventlog.count_events(self.db, actor, action, text)

    def event_people_and_actions(self) -> tuple[list[tuple[str, str]], list[str]]:
        """Who wrote to the log (name, role) and the kinds of event in it."""
        return eventlog.event_people_and_actions(self.db)

    def log_disclosures(self, actor: Actor, details: Sequence[dict], publish: Callable[[], None]) -> None:
        """Log one ``export`` (disclosure) event per file and ``publish`` the files, together.

        ``publish`` runs inside the transaction after the events are appended; if it
        fails, no event is kept, and if logging fails, nothing is published.
        """
        with self.write(actor, while_locked=True) as w:
            for detail in details:
                w.log("export", detail)
            publish()

    def log_event(self, actor: Actor, action: str, detail: dict, operation: Operation | None = None) -> Event:
        """Log an event that changes no table (a disclosure or a consultation)."""
        with self.write(actor, while_locked=True) as w:
            return w.log(action, detail, operation)

    def log_events(self, actor: Actor, action: str, details: Sequence[dict]) -> list[Event]:
        """Log several events of one kind that change no table, in one transaction."""
        with self.write(actor) as w:
            return [w.log(action, detail) for detail in details]
