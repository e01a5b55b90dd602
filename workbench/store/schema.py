"""The audit file's schema: a ladder of numbered migrations, never edited once released.

Each step is a sqlite-utils ``Migrations`` entry recorded in ``_sqlite_migrations``;
``PRAGMA user_version`` mirrors the number of steps so that an older workbench can
refuse a file written by a newer one before touching it. The schema is documented
for readers with the sqlite3 CLI or Datasette in ``docs/audit-file.md``.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from workbench.store.record_areas import area_columns, fill_areas

MIGRATIONS = Migrations("cdi-workbench")

APPEND_ONLY_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS events_refuse_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS events_refuse_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted'); END""",
)


#: The WHERE of the partial index of determinations' events (migration 0015): a query
#: must say exactly this for SQLite to use the index.
DETERMINATION_EVENTS = "action IN ('record.determine', 'record.unflag')"


def create_append_only_triggers(db: Database) -> None:
    """(Re-)create the triggers that refuse UPDATE and DELETE on ``events``.

    ``table.transform()`` drops triggers: any migration that transforms ``events``
    must call this afterwards.
    """
    for statement in APPEND_ONLY_TRIGGERS:
        db.execute(statement)


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            settings TEXT NOT NULL,          -- JSON: title, force, period, time limit, marking, retention
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            app_version TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE users (
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('auditor', 'peer', 'fcr')),
            force TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            PRIMARY KEY (name, role)
        )"""
    )
    db.execute(
        """CREATE TABLE forms (
            form_id TEXT NOT NULL,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            digest TEXT NOT NULL,            -- SHA-256 of the canonical definition
            definition TEXT NOT NULL,        -- JSON: the frozen XLSForm (settings, survey, choices)
            added_at TEXT NOT NULL,
            PRIMARY KEY (form_id, version)
        )"""
    )
    db.execute(
        """CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            sheet TEXT NOT NULL DEFAULT '',
            mapping TEXT NOT NULL,           -- JSON: key column, form (column or fixed id), fields
            row_count INTEGER NOT NULL,
            added_count INTEGER NOT NULL,
            imported_by TEXT NOT NULL,
            imported_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            form_id TEXT NOT NULL,
            form_version TEXT NOT NULL,
            fields TEXT NOT NULL,            -- JSON object: the source columns, in source order
            import_id INTEGER NOT NULL REFERENCES imports(id),
            position INTEGER NOT NULL,       -- order in the sample
            source_row INTEGER,              -- row in the imported sheet
            FOREIGN KEY (form_id, form_version) REFERENCES forms(form_id, version)
        )"""
    )
    db.execute("CREATE INDEX records_by_form ON records(form_id, position)")
    db.execute("CREATE INDEX records_by_position ON records(position)")
    db.execute(
        """CREATE TABLE answers (
            record_id INTEGER NOT NULL REFERENCES records(id),
            question TEXT NOT NULL,
            instance INTEGER NOT NULL DEFAULT 0,   -- 0 outside repeat groups, 1-based inside
            role TEXT NOT NULL CHECK (role IN ('auditor', 'peer', 'fcr')),
            review_round INTEGER NOT NULL DEFAULT 1,
            value TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            answered_by TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL,            -- the event that wrote this value
            PRIMARY KEY (record_id, question, instance, role, review_round)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            operation TEXT NOT NULL CHECK (operation IN
                ('collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure')),
            action TEXT NOT NULL,
            detail TEXT NOT NULL,            -- JSON: what changed (old -> new; digests for free text)
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        )"""
    )
    create_append_only_triggers(db)


@MIGRATIONS(name="0002_record_state")
def _record_state(db: Database) -> None:
    # Progress and compliance are derived from the answers, but a 100,000-record
    # queue must filter by them in SQL: they are cached here, written in the same
    # transaction as the answers they derive from. Flags for the FCR are data.
    db.execute(
        """CREATE TABLE record_state (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            progress TEXT NOT NULL DEFAULT 'not_started'
                CHECK (progress IN ('not_started', 'in_progress', 'complete')),
            compliant INTEGER,               -- 1 compliant, 0 not, NULL until complete
            hidden_answers INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE flags (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            note TEXT NOT NULL,              -- the query for the FCR
            flagged_by TEXT NOT NULL,
            flagged_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )


@MIGRATIONS(name="0003_records_search")
def _records_search(db: Database) -> None:
    # The queue's text filter: a LIKE over every record's source fields scans
    # ~200 MB at 100,000 records (0.2 s); a full-text index answers in
    # milliseconds. Contentless: the text lives in `records` only. Records are
    # never updated, so rows are added on import and never changed.
    db.execute(
        "CREATE VIRTUAL TABLE records_search USING fts5("
        "text, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    rows = db.execute("SELECT id, key, fields FROM records")
    db.conn.executemany(
        "INSERT INTO records_search (rowid, text) VALUES (?, ?)",
        ((rid, search_text(key, json.loads(fields))) for rid, key, fields in rows),
    )


@MIGRATIONS(name="0004_determinations")
def _determinations(db: Database) -> None:
    # The FCR's final decision on a record: the FCR's answers (role 'fcr' in
    # `answers`) are then the record's final answers, as a complete record.
    db.execute(
        """CREATE TABLE determinations (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            based_on TEXT NOT NULL CHECK (based_on IN ('auditor', 'peer', 'fcr')),
            reason TEXT NOT NULL DEFAULT '',   -- why, when the FCR overrules the audit team
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )


def search_text(key: str, fields: dict) -> str:
    """What the queue's text filter searches: the key and every source value."""
    try:
        return " ".join([key, *fields.values()])
    except TypeError:   # a value that is not text (source values are text; a hand-made record may not be)
        return " ".join([key, *(str(v) for v in fields.values())])


@MIGRATIONS(name="0005_peer_review_packages")
def _peer_review_packages(db: Database) -> None:
    # Peer review and team work (issue 10): the packages an audit sent, the mark of
    # a working copy, the packages merged back, and the answers a merge held back
    # as conflicts for the lead to settle. Each row is written with its event.
    db.execute(
        """CREATE TABLE packages (
            package_id TEXT PRIMARY KEY,     -- random, 128 bits, hex
            kind TEXT NOT NULL CHECK (kind IN ('review', 'team', 'return')),
            recipient TEXT NOT NULL,
            selection TEXT NOT NULL,         -- JSON: the options and the seed ({} for a return)
            record_keys TEXT NOT NULL,       -- JSON list: the records sent, in sample order
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,            -- of the file as written
            encrypted INTEGER NOT NULL,
            made_by TEXT NOT NULL,
            made_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE copy_of (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            home_audit TEXT NOT NULL,        -- the identity of the audit the package came from
            package_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('review', 'team')),
            role TEXT NOT NULL CHECK (role IN ('auditor', 'peer', 'fcr')),
            review_round INTEGER NOT NULL,
            sender TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            encrypted INTEGER NOT NULL,
            unpacked_by TEXT NOT NULL,
            unpacked_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE merges (
            package_id TEXT PRIMARY KEY,     -- the return package merged
            origin TEXT NOT NULL,            -- the package the copy was made from
            kind TEXT NOT NULL CHECK (kind IN ('review', 'team')),
            sender TEXT NOT NULL,
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            answers_added INTEGER NOT NULL,
            conflicts INTEGER NOT NULL,
            merged_by TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE conflicts (
            package_id TEXT NOT NULL,
            record_id INTEGER NOT NULL REFERENCES records(id),
            role TEXT NOT NULL CHECK (role IN ('auditor', 'peer', 'fcr')),
            review_round INTEGER NOT NULL,
            answers TEXT NOT NULL,           -- JSON list: the package's answers to the record, held back
            sender TEXT NOT NULL,
            event_seq INTEGER NOT NULL,
            PRIMARY KEY (package_id, record_id)
        )"""
    )


@MIGRATIONS(name="0006_signoffs")
def _signoffs(db: Database) -> None:
    # The FCR's sign-off: a manifest of what was approved, signed with the FCR's
    # Ed25519 key. The latest sign-off that is not void locks the audit.
    db.execute(
        """CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY,
            manifest TEXT NOT NULL,          -- canonical JSON: what was signed (core.signoff.Manifest)
            manifest_sha256 TEXT NOT NULL,
            signature TEXT NOT NULL,         -- base64 Ed25519 signature of the manifest's canonical JSON
            public_key TEXT NOT NULL,        -- base64 of the raw 32-byte public key
            key_fingerprint TEXT NOT NULL,
            signer TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL,
            voided_at TEXT,                  -- set when the FCR reopens the audit
            voided_by TEXT,
            void_reason TEXT,
            void_event_seq INTEGER
        )"""
    )


@MIGRATIONS(name="0007_sample_draws")
def _sample_draws(db: Database) -> None:
    # A sample drawn from a population extract (`workbench sample --into`): what was
    # drawn from, how, and each stratum's population, so the findings can weight the
    # strata by population and the method section can say how the sample was drawn.
    # An extension of the draw adds records (a new `step`) and updates the sizes.
    db.execute(
        """CREATE TABLE sample_draws (
            id INTEGER PRIMARY KEY,
            form_id TEXT NOT NULL,           -- the checklist the sampled records were imported as
            file_name TEXT NOT NULL,         -- the population extract
            sha256 TEXT NOT NULL,
            sheet TEXT NOT NULL DEFAULT '',
            population_rows INTEGER NOT NULL,
            key_column TEXT NOT NULL,
            strata_column TEXT NOT NULL DEFAULT '',   -- '' for a simple random sample
            allocation TEXT NOT NULL,
            seed INTEGER NOT NULL,
            algorithm TEXT NOT NULL,         -- core.sampling.ALGORITHM when drawn
            parameters TEXT NOT NULL,        -- JSON: allocation, expected rates (Neyman), header row
            size INTEGER NOT NULL,           -- records in the sample now (grows when extended)
            drawn_by TEXT NOT NULL,
            drawn_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL       -- the sample.draw event
        )"""
    )
    db.execute(
        """CREATE TABLE sample_strata (
            draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
            stratum TEXT NOT NULL,           -- the strata column's value ('' when blank or unstratified)
            population INTEGER NOT NULL,     -- rows of the population in this stratum
            sampled INTEGER NOT NULL,        -- of which in the sample now
            PRIMARY KEY (draw_id, stratum)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE sample_records (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
            stratum TEXT NOT NULL,
            draw_rank INTEGER NOT NULL,      -- 1 = the smallest permanent random number in its stratum
            step INTEGER NOT NULL            -- 0 the first draw, 1, 2, ... each extension
        )"""
    )
    db.execute("CREATE INDEX sample_records_by_draw ON sample_records(draw_id, step)")


@MIGRATIONS(name="0008_import_digest_version")
def _import_digest_version(db: Database) -> None:
    # How each import's records_digest was made (store.records.DIGEST_VERSION): 2
    # hashes the stored text of each record as it is, 1 (older imports) the
    # canonical JSON of each, parsed and encoded again.
    db.execute("ALTER TABLE imports ADD COLUMN digest_version INTEGER NOT NULL DEFAULT 1")


@MIGRATIONS(name="0009_undetermined_compliance")
def _undetermined_compliance(db: Database) -> None:
    # A complete record with an "unable to determine" answer is now neither compliant
    # nor non-compliant (core.checklist.RecordState.compliant). The cached progress of
    # such records is dropped; opening the file rebuilds it (ops.audits.open_audit),
    # so that verify finds the cache as the answers make it.
    db.execute(
        "DELETE FROM record_state WHERE compliant = 1"
        " AND record_id IN (SELECT record_id FROM answers WHERE value = 'unable')"
    )


@MIGRATIONS(name="0010_queue_covering_index")
def _queue_covering_index(db: Database) -> None:
    # The queue reads every record's key and checklist in sample order when an audit
    # opens. With the key and checklist in the position index, SQLite reads the index
    # alone: 100,000 records of 30 columns in ~0.2 s instead of ~0.5 s spent visiting
    # every (large) row.
    db.execute("DROP INDEX IF EXISTS records_by_position")
    db.execute("CREATE INDEX records_by_position ON records(position, key, form_id)")


@MIGRATIONS(name="0011_mapping_profiles_and_source_changes")
def _mapping_profiles_and_source_changes(db: Database) -> None:
    # Mapping profiles: a column mapping saved under a name with the headings it was
    # made on, chosen again when a file with the same headings arrives. Re-imports:
    # a changed row for a record already answered is kept beside the record
    # (source_changes), never over it; a record not yet answered takes the new
    # values, and the text it was imported with is kept (source_originals) so its
    # import's records digest can still be checked.
    db.execute(
        """CREATE TABLE mapping_profiles (
            name TEXT PRIMARY KEY,
            layout TEXT NOT NULL,            -- SHA-256 of the headings, folded and sorted (core.mapping.layout_of)
            headings TEXT NOT NULL,          -- JSON list: the headings of the file it was saved from, in order
            mapping TEXT NOT NULL,           -- JSON: key, form_column or form, roles (core.mapping.ColumnMapping)
            saved_by TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX mapping_profiles_by_layout ON mapping_profiles(layout, saved_at)")
    db.execute(
        """CREATE TABLE source_changes (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            import_id INTEGER NOT NULL REFERENCES imports(id),   -- the import that brought the changed row
            source_row INTEGER,              -- its row in that file
            fields TEXT NOT NULL,            -- JSON object: the source fields as that file has them
            noted_by TEXT NOT NULL,
            noted_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE source_originals (
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            fields TEXT NOT NULL             -- the records.fields text the record was imported with, exactly
        )"""
    )


@MIGRATIONS(name="0012_search_index_after_import")
def _search_index_after_import(db: Database) -> None:
    # The full-text index is a cache built after an import commits, not inside it
    # (store.search): tokenising 100,000 long records cost more than reading the
    # extract. Records are numbered upwards and never removed, so how far the index
    # reaches is one number; every record of an older file is indexed already.
    db.execute(
        """CREATE TABLE search_index (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            indexed_through INTEGER NOT NULL  -- every record with id up to this is in records_search
        )"""
    )
    db.execute("INSERT INTO search_index (id, indexed_through) SELECT 1, coalesce(max(id), 0) FROM records")


@MIGRATIONS(name="0013_events_without_hash_index")
def _events_without_hash_index(db: Database) -> None:
    # `hash` was UNIQUE: SQLite kept an index of 760,000 random hashes at 100,000
    # answered records, and every event appended (750,000 in one load of answers)
    # was a random insert into it (about 4 s of the load, and the pages it touched).
    # Nothing looks an event up by its hash, and the chain already makes the hashes
    # distinct: each covers the one before it, and `verify` recomputes every one.
    # The table is rebuilt as it was, without the index; dropping the old table
    # drops its append-only triggers, which are made again at once (in the same
    # transaction, so there is no moment without them).
    db.execute(
        """CREATE TABLE events_rebuilt (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            operation TEXT NOT NULL CHECK (operation IN
                ('collection', 'alteration', 'consultation', 'disclosure', 'combination', 'erasure')),
            action TEXT NOT NULL,
            detail TEXT NOT NULL,            -- JSON: what changed (old -> new; digests for free text)
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL               -- distinct by the chain, not by an index
        )"""
    )
    db.execute("INSERT INTO events_rebuilt (seq, at, actor, role, operation, action, detail, prev_hash, hash)"
               " SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events ORDER BY seq")
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE events_rebuilt RENAME TO events")
    create_append_only_triggers(db)


@MIGRATIONS(name="0014_records_area")
def _records_area(db: Database) -> None:
    # Each record's area, kept beside the source fields it is read from
    # (store.record_areas): the findings read 100,000 records' areas from the column
    # instead of each record's JSON (0.5 s of 3). The position index holds the
    # checklist version and the area too, so the findings read the sample from the
    # index alone, never the large rows; records_by_import finds the first record of
    # each import (where an area column named like "area" is looked for) and an
    # import's records for verify without reading every row.
    db.execute("ALTER TABLE records ADD COLUMN area TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX records_by_import ON records(import_id, position)")
    fill_areas(db, area_columns(db))
    db.execute("DROP INDEX IF EXISTS records_by_position")
    db.execute("CREATE INDEX records_by_position ON records(position, key, form_id, form_version, area)")


@MIGRATIONS(name="0015_determination_events_index")
def _determination_events_index(db: Database) -> None:
    # The FCR determinations table counts the flags a determination closed, from
    # the log (ops.review_findings.flags_closed): its record.determine and
    # record.unflag events, a few hundred among 760,000 at 100,000 answered records,
    # read by a scan of the whole log (0.2 s of the findings). A partial index holds
    # those two kinds only: no other event is entered in it, so appending answers
    # costs nothing more. SQLite uses it for a query whose WHERE is this WHERE, word
    # for word (store.findings_queries.determination_events). A migration that
    # rebuilds `events` must make it again.
    db.execute(f"CREATE INDEX events_of_determinations ON events(seq) WHERE {DETERMINATION_EVENTS}")



def _one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK that ``column`` is one of ``values``, as ``=`` comparisons joined by OR (see migration 0016)."""
    return "CHECK (" + " OR ".join(f"{column} = '{v}'" for v in values) + ")"


@MIGRATIONS(name="0016_checks_without_in_lists")
def _checks_without_in_lists(db: Database) -> None:
    # A CHECK written `x IN ('a', 'b', 'c')` (three values or more) makes SQLite build a
    # small lookup table each time its INSERT statement runs, and an insert of many rows
    # runs its statement once per row: of a load of 750,000 answers, about 2 s went on
    # the events' check of `operation` and 2 s on the answers' check of `role`
    # (benchmarks/bench_answers.py). The same checks written `x = 'a' OR x = 'b' ...`
    # allow exactly the same values, and cost next to nothing. The three tables a load
    # of answers writes are rebuilt with them (the same columns, the rows as they are,
    # in order), as migration 0013 rebuilt events; dropping the old events table drops
    # its append-only triggers and the index of migration 0015, made again at once in the
    # same transaction.
    roles, progress = ("auditor", "peer", "fcr"), ("not_started", "in_progress", "complete")
    operations = ("collection", "alteration", "consultation", "disclosure", "combination", "erasure")
    rebuilt = {
        "events": f"""(
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            operation TEXT NOT NULL {_one_of("operation", operations)},
            action TEXT NOT NULL,
            detail TEXT NOT NULL,            -- JSON: what changed (old -> new; digests for free text)
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL               -- distinct by the chain, not by an index
        )""",
        "answers": f"""(
            record_id INTEGER NOT NULL REFERENCES records(id),
            question TEXT NOT NULL,
            instance INTEGER NOT NULL DEFAULT 0,   -- 0 outside repeat groups, 1-based inside
            role TEXT NOT NULL {_one_of("role", roles)},
            review_round INTEGER NOT NULL DEFAULT 1,
            value TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            answered_by TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            event_seq INTEGER NOT NULL,            -- the event that wrote this value
            PRIMARY KEY (record_id, question, instance, role, review_round)
        ) WITHOUT ROWID""",
        "record_state": f"""(
            record_id INTEGER PRIMARY KEY REFERENCES records(id),
            progress TEXT NOT NULL DEFAULT 'not_started' {_one_of("progress", progress)},
            compliant INTEGER,               -- 1 compliant, 0 not, NULL until complete
            hidden_answers INTEGER NOT NULL DEFAULT 0
        )""",
    }
    for table, definition in rebuilt.items():
        columns = ", ".join(column for _cid, column, *_rest in db.execute(f"PRAGMA table_info({table})"))
        db.execute(f"CREATE TABLE {table}_rebuilt {definition}")
        db.execute(f"INSERT INTO {table}_rebuilt ({columns}) SELECT {columns} FROM {table}")
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    create_append_only_triggers(db)
    db.execute(f"CREATE INDEX events_of_determinations ON events(seq) WHERE {DETERMINATION_EVENTS}")   # as 0015 made it


#: The schema version this workbench writes: the number of migration steps above.
SCHEMA_VERSION = 16
