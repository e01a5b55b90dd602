"""Sampled records and the imports that brought them (a record's source changes only as ``source_changes`` says)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.events import canonical_json, digest
from workbench.core.forms import Form
from workbench.core.record_rows import SEPARATOR, RecordRows, keys_of
from workbench.core.records import Record
from workbench.store.forms import Forms
from workbench.store.record_areas import AreaColumns, area_columns, settle_areas
from workbench.store.source_changes import SourceChanges
from workbench.store.database import page_cache, rows_in
from workbench.store.writing import Write

_RECORD_COLUMNS = "id, key, form_id, form_version, fields, import_id, position, source_row"
#: Records inserted per ``executemany`` while importing (bounds the JSON held at once).
_INSERT_BATCH = 5_000


@dataclass(frozen=True)
class StoredImport:
    """A finished import as stored: ``added`` new records, ``unchanged`` already there.

    ``noted``: changed rows kept beside records already answered (source changed
    since review); ``replaced``: records not yet answered that took the new values.
    """

    import_id: int | None
    added: int
    unchanged: int
    noted: int = 0
    replaced: int = 0


class Records:
    """The ``records`` and ``imports`` tables (the full-text index of records is ``store.search``)."""

    def __init__(self, db: Database, forms: Forms, revisions: SourceChanges):
        self.db = db
        self.forms = forms
        self.revisions = revisions

    # -- writing ----------------------------------------------------------------------------
    def add(self, w: Write, source: dict, records: Sequence[Record], forms: Iterable[Form],
            changed: Sequence[Record] = ()) -> StoredImport:
        """Import a batch inside ``w``: freeze its checklists, insert new records, log one event.

        Records whose key is already present are skipped (the caller has checked
        that their content is the same). ``changed`` are rows whose key is present
        with other source values (the same checklist): each record already
        answered keeps its values and gets the row beside it; one not yet answered
        takes the row's values (``SourceChanges``); both are logged after the import.
        """
        for form in forms:
            self.forms.freeze(w, form)
        existing = self.existing_digests(keys_of(records))
        new = [r for r in records if r.key not in existing] if existing else records  # (``RecordRows`` stay as they are)
        to_note, to_replace, same = self.revisions.classify(changed, self.get_many([r.key for r in changed]))
        if not new and not to_note and not to_replace:
            return StoredImport(None, 0, len(records) - len(new) + same)
        areas_before = area_columns(self.db)
        mapping = canonical_json(source.get("mapping", {}))
        cur = self.db.execute(
            "INSERT INTO imports (file_name, sha256, sheet, mapping, row_count, added_count, imported_by, imported_at,"
            " digest_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source["file_name"], source["sha256"], source.get("sheet", ""), mapping,
             source["row_count"], len(new), w.actor.name, w.at, DIGEST_VERSION),
        )
        import_id = cur.lastrowid
        records_digest, places, areas = self._insert(new, import_id)
        w.log("records.import", {
            "import_id": import_id, "file_name": source["file_name"], "sha256": source["sha256"],
            "sheet": source.get("sheet", ""), "rows": source["row_count"], "added": len(new),
            "records_digest": records_digest, "digest_version": DIGEST_VERSION,
            "layout_digest": layout_digest(places),
            "mapping_digest": digest(mapping),
            **({"changed": len(to_note), "replaced": len(to_replace)} if to_note or to_replace else {}),
        })
        for old, row in to_note:
            self.revisions.note(w, old, row, import_id)
        for old, row in to_replace:
            self.revisions.replace(w, old, row, import_id)
        settle_areas(self.db, areas_before, areas, [old.id for old, _row in to_replace])
        return StoredImport(import_id, len(new), len(records) - len(new) + same, len(to_note), len(to_replace))

    def _insert(self, new: Sequence[Record], import_id: int) -> tuple[str, list[tuple], AreaColumns | None]:
        """Insert ``new`` records after the last; their digest, their places, and how their areas were read.

        In batches, so the JSON text of a 100,000-row import is never held all at
        once (nor its records, when they are ``RecordRows``: each is built for its
        batch and let go). The write transaction is the caller's. The full-text
        index is not written here: it is a cache that catches up after the commit
        (``store.search``). Each record gets its area as it is inserted
        (``_area_insert``).
        """
        start = self.db.execute("SELECT coalesce(max(id), 0), coalesce(max(position), 0) FROM records").fetchone()
        batch_hash = hashlib.sha256()
        places: list[tuple] = []
        if not len(new):
            return batch_hash.hexdigest(), places, None
        packed_json = _PackedFieldsJson(new.field_columns) if isinstance(new, RecordRows) else None
        areas, insert, area_cell = self._area_insert(new, import_id, packed_json)
        with page_cache(self.db, _IMPORT_CACHE_KIB):
            for first in range(0, len(new), _INSERT_BATCH):
                if packed_json is not None:   # each record's text straight from its row, no record built
                    rows = [(start[0] + i, key, form_id, version, packed_json(packed), import_id, start[1] + i, source_row,
                             area_cell(packed))
                            for i, (key, form_id, version, source_row, packed)
                            in enumerate(new.held(first, first + _INSERT_BATCH), start=first + 1)]
                else:
                    rows = [(start[0] + i, r.key, r.form_id, r.form_version, source_json(r.fields), import_id, start[1] + i,
                             r.source_row) for i, r in enumerate(new[first : first + _INSERT_BATCH], start=first + 1)]
                self.db.conn.executemany(insert, rows)
                for row in rows:
                    batch_hash.update(stored_record_digest(row[1], row[2], row[3], row[4]).encode("ascii"))
                places.extend((row[1], row[6], row[7]) for row in rows)
        return batch_hash.hexdigest(), places, areas

    def _area_insert(self, new: Sequence[Record], import_id: int,
                     packed_json: _PackedFieldsJson | None) -> tuple[AreaColumns, str, Callable[[str], str]]:
        """How an import's records get their areas: the choice of area column, the INSERT, a row's area cell.

        The choice is made as it will stand once the records are in: with the column
        names of the import's first record (``store.record_areas``). A record built
        from its fields has its area read by SQLite from its JSON as it is inserted.
        A row held packed (an import's ``RecordRows``) has its area taken from its
        cell: its stored JSON is made of those very cells (a blank one left out: ''
        either way), so ``json_extract`` would read that same text back; 100,000 rows'
        JSON is not parsed again.
        """
        first = packed_json(new.held(0, 1)[0][4]) if packed_json is not None else source_json(new[0].fields)
        areas = area_columns(self.db, adding=(import_id, json.loads(first)))
        columns = f"INSERT INTO records ({_RECORD_COLUMNS}, area) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        if packed_json is None:
            return areas, columns + areas.expression_for(import_id, "?5") + ")", _no_area
        column = areas.column_of(import_id)
        at = next((i for i, name in new.field_columns if name == column), None)
        return areas, columns + "?9)", _no_area if at is None else lambda packed: packed.split(SEPARATOR, at + 1)[at]

    # -- reading ----------------------------------------------------------------------------
    def existing_digests(self, keys: list[str]) -> dict[str, str]:
        """The content digest of each of ``keys`` already in the audit."""
        return {key: Record(key, form_id, json.loads(fields), version).content_digest()
                for key, form_id, version, fields in rows_in(
                    self.db, "SELECT key, form_id, form_version, fields FROM records WHERE key IN ({marks})", keys)}

    def get_many(self, keys: Sequence[str]) -> dict[str, Record]:
        """The records of ``keys`` that are in the audit, by key."""
        return {row[1]: _record(row)
                for row in rows_in(self.db, f"SELECT {_RECORD_COLUMNS} FROM records WHERE key IN ({{marks}})", keys)}

    def batch_digest(self, import_id: int, version: int | None = None) -> str:
        """A digest over the content of every record of one import, in sample order.

        Version 2 (imports since this workbench) hashes each record's stored text as
        it is (``stored_record_digest``): nothing is parsed or encoded again. Version
        1 (older imports) digests each record's canonical JSON.
        """
        if version is None:
            row = self.db.execute("SELECT digest_version FROM imports WHERE id = ?", (import_id,)).fetchone()
            version = row[0] if row else DIGEST_VERSION
        # A record whose source was replaced later is digested with the text it was imported with.
        rows = self.db.execute(
            "SELECT r.key, r.form_id, r.form_version, coalesce(o.fields, r.fields) FROM records r"
            " LEFT JOIN source_originals o ON o.record_id = r.id WHERE r.import_id = ? ORDER BY r.position", (import_id,)
        )
        if version == 1:
            return digest([Record(key, form_id, json.loads(fields), v).content_digest() for key, form_id, v, fields in rows])
        batch_hash = hashlib.sha256()
        for key, form_id, v, fields in rows:
            batch_hash.update(stored_record_digest(key, form_id, v, fields).encode("ascii"))
        return batch_hash.hexdigest()

    def batch_layout(self, import_id: int) -> str:
        """A digest over where each record of one import sits: key, position, source row."""
        return layout_digest(self.db.execute(
            "SELECT key, position, source_row FROM records WHERE import_id = ? ORDER BY position", (import_id,)
        ))

    def imports(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM imports ORDER BY id"))

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def all(self, form_id: str | None = None) -> Iterator[Record]:
        """Every record in sample order (optionally of one checklist)."""
        sql = f"SELECT {_RECORD_COLUMNS} FROM records"
        args: tuple = ()
        if form_id:
            sql += " WHERE form_id = ?"
            args = (form_id,)
        for row in self.db.execute(sql + " ORDER BY position", args):
            yield _record(row)

    def get(self, key: str) -> Record:
        """The record ``key``; ``KeyError`` if there is none."""
        row = self.db.execute(f"SELECT {_RECORD_COLUMNS} FROM records WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return _record(row)

    def form_ids(self, record_ids: set[int]) -> dict[int, tuple[str, str]]:
        """``{record id: (form id, form version)}`` for these records."""
        if len(record_ids) >= _SCAN_FROM:
            return {rid: (form_id, version) for rid, form_id, version in
                    self.db.execute("SELECT id, form_id, form_version FROM records") if rid in record_ids}
        return {rid: (form_id, version) for rid, form_id, version in rows_in(
            self.db, "SELECT id, form_id, form_version FROM records WHERE id IN ({marks})", sorted(record_ids))}

    def record_forms(self) -> dict[str, tuple[str, str]]:
        """``{record key: (form id, form version)}`` for every record."""
        return {k: (f, v) for k, f, v in self.db.execute("SELECT key, form_id, form_version FROM records")}

    def forms_in_order(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """``{record key: (form id, form version)}`` for those of ``keys`` in the audit, in sample order."""
        found = sorted(rows_in(self.db, "SELECT position, key, form_id, form_version FROM records WHERE key IN ({marks})",
                               sorted(set(keys))))
        return {key: (form_id, version) for _position, key, form_id, version in found}

    def ids(self, keys: set[str]) -> dict[str, int]:
        """``{key: row id}`` for ``keys``; ``KeyError`` naming the first key not in the audit."""
        if len(keys) >= _SCAN_FROM:
            ids = {key: rid for key, rid in self.db.execute("SELECT key, id FROM records") if key in keys}
        else:
            ids = dict(rows_in(self.db, "SELECT key, id FROM records WHERE key IN ({marks})", sorted(keys)))
        missing = keys - ids.keys()
        if missing:
            raise KeyError(sorted(missing)[0])
        return ids


#: From this many records, a look-up reads the whole table once (in the order it is stored) rather than
#: asking for them 500 at a time: the answers of 100,000 records, 0.25 s -> 0.1 s (benchmarks/bench_answers.py).
_SCAN_FROM = 20_000


def _no_area(_packed: str) -> str:
    return ""


#: How an import's ``records_digest`` is made: 1 canonical JSON per record, 2 the stored text.
DIGEST_VERSION = 2


def stored_record_digest(key: str, form_id: str, form_version: str, fields_json: str) -> str:
    """SHA-256 of a record as stored: its key, checklist, version and source fields' JSON text, exactly."""
    return hashlib.sha256("\x1f".join((key, form_id, form_version, fields_json)).encode("utf-8")).hexdigest()


def layout_digest(places: Iterable[tuple]) -> str:
    """A digest of ``(key, position, source row)`` triples, in order."""
    return digest([list(p) for p in places])


def source_json(fields: dict) -> str:
    """Source fields as JSON in their source column order (digests sort keys; this keeps order).

    Exactly ``json.dumps(fields, ensure_ascii=False, separators=(",", ":"))``, which
    the stored digests of older imports were made from. Text with nothing JSON must
    escape (a quote, a backslash, a control character) is written between quotes
    as it is: if the result holds only the quotes put around each name and value,
    no backslash and only printable characters, it is the encoder's text, made in
    about two thirds of the encoder's time on long narratives.
    """
    if not fields:
        return "{}"
    try:
        text = '{"' + '","'.join([name + '":"' + value for name, value in fields.items()]) + '"}'
    except TypeError:   # a value that is not text: the encoder writes it
        text = ""
    if text.count('"') == 4 * len(fields) and "\\" not in text and not _needs_escape(text):
        return text
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


class _PackedFieldsJson:
    """``source_json`` of a record held as its row (``RecordRows.held``), made from the row's text.

    Each heading's ``"name":"`` is encoded once. A row whose text holds nothing JSON
    escapes (no quote, backslash or control but the cells' separator: one test of the
    whole row) is written by joining its non-blank cells after their headings; any
    other row by the encoder. Either way the text is ``source_json`` of the record's fields.
    """

    def __init__(self, columns: Sequence[tuple[int, str]]):
        self.columns = list(columns)
        self.prefixes = [(i, json.dumps(name, ensure_ascii=False) + ':"') for i, name in columns]

    def __call__(self, packed: str) -> str:
        cells = packed.split(SEPARATOR)
        if _plain_row(packed):
            parts = [prefix + cells[i] for i, prefix in self.prefixes if cells[i]]
            return "{" + '",'.join(parts) + '"}' if parts else "{}"
        return json.dumps({name: cells[i] for i, name in self.columns if cells[i]}, ensure_ascii=False, separators=(",", ":"))


#: What JSON escapes (C0 controls, a quote, a backslash), less the separator of a held row's cells.
_ESCAPED_IN_ROW = bytes(c for c in range(0x20) if chr(c) != SEPARATOR) + b'"\\'
_ESCAPED_IN_ROW_TEXT = re.compile("[" + re.escape("".join(map(chr, _ESCAPED_IN_ROW))) + "]")


def _plain_row(packed: str) -> bool:
    """Whether a held row's text holds no character JSON escapes (its separators aside)."""
    if packed.isascii():
        return len(packed.encode("ascii").translate(None, _ESCAPED_IN_ROW)) == len(packed)
    return _ESCAPED_IN_ROW_TEXT.search(packed) is None


#: What JSON escapes besides a quote and a backslash: C0 controls.
_C0_CONTROLS = bytes(range(0x20))


def _needs_escape(text: str) -> bool:
    """Whether ``text`` (without a quote or backslash to check) may hold a character JSON escapes."""
    if text.isascii():   # tested as bytes: the quickest test in Python
        return len(text.encode("ascii").translate(None, _C0_CONTROLS)) != len(text)
    return not text.isprintable()   # printable text holds no control (and a few printable-less letters take the encoder)


#: SQLite's page cache while an import is written, in KiB (the default is 2 MB): the
#: records' index pages stay in memory instead of spilling.
_IMPORT_CACHE_KIB = 16 * 1024


def _record(row: tuple) -> Record:
    rid, key, form_id, version, fields, import_id, position, source_row = row
    return Record(key, form_id, json.loads(fields), version, rid, import_id, position, source_row)
