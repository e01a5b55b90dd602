"""Each record's area, kept in ``records.area`` beside the source fields it is read from.

A record's area is the value of one of its source columns: the column its import
mapped as the area (``imports.mapping``'s ``roles``), or, when no import of the
audit maps one, the column named like "area" (``core.mapping.area_field``) among
the columns of each import's first record. Which column that is depends on every
import, so the choice is made again whenever records are added or replaced, and the
areas of the records already there are read again if it changed.

The findings read the column instead of each record's JSON (``json_extract`` over
100,000 records' fields cost 0.5 s). An area is read from the stored fields with the
one expression here (``AreaColumns.expression``): as a record built from its fields
is inserted, when the choice changes, by the migration that added the column, and by
``verify``, which names the records whose stored area is not the one their fields
give (``astray_areas``). An import's rows held packed take it from their cell, the
very text their JSON holds (``store.records``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

from workbench.core.mapping import area_field


@dataclass(frozen=True)
class AreaColumns:
    """Which source column gives each record its area.

    ``mapped``: column -> the imports that mapped it as the area, in import order
    (when any import mapped one, only their records have an area); otherwise
    ``named``: the column named like "area" read from every record, or None.
    ``imports``: the ids of the imports there were when the choice was made.
    """

    mapped: dict[str, tuple[int, ...]] = field(default_factory=dict)
    named: str | None = None
    imports: tuple[int, ...] = ()

    def column_of(self, import_id: int) -> str | None:
        """The column the records of ``import_id`` take their area from (None: they have none)."""
        if not self.mapped:
            return self.named
        return next((column for column, imports in self.mapped.items() if import_id in imports), None)

    def reads_as(self, other: AreaColumns) -> bool:
        """Whether the records of this choice's imports take their areas from the same columns under ``other``."""
        return all(self.column_of(i) == other.column_of(i) for i in self.imports)

    def expression(self, fields: str = "fields", import_id: str = "import_id") -> str:
        """SQL for a record's area ('' when it has none) from its ``fields`` JSON and its ``import_id``.

        The value ``json_extract`` reads, as text (a source value is text; a JSON
        null, a missing column, or fields that are not JSON, edited behind the log's
        back, give '').
        """
        if not self.mapped:
            return _read(fields, self.named) if self.named else "''"
        cases = " ".join(f"WHEN {import_id} IN ({', '.join(map(str, imports))}) THEN {_read(fields, column)}"
                         for column, imports in self.mapped.items())
        return f"CASE {cases} ELSE '' END"

    def expression_for(self, import_id: int, fields: str) -> str:
        """``expression`` for records of one import (a record being inserted, its fields a parameter)."""
        column = self.column_of(import_id)
        return _read(fields, column) if column else "''"


def _read(fields: str, column: str) -> str:
    # json_valid first: json_extract fails the whole statement on text that is not JSON. SQLite
    # keeps the parse for json_extract, so the check costs a tenth more, not twice.
    if json.dumps(column, ensure_ascii=False) == f'"{column}"':
        path = _literal(f'$."{column}"')
        return f"CASE WHEN json_valid({fields}) THEN coalesce(json_extract({fields}, {path}), '') ELSE '' END"
    # A JSON path matches a name as JSON writes it, escapes and all: a heading holding a quote
    # or a backslash is found by its decoded name among the fields instead (slower, and rare).
    return (f"CASE WHEN json_valid({fields}) THEN coalesce((SELECT value FROM json_each({fields})"
            f" WHERE key = {_literal(column)}), '') ELSE '' END")


def _literal(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def area_columns(db: Database, adding: tuple[int, Iterable[str]] | None = None) -> AreaColumns:
    """Where the records' areas come from, as the imports stand.

    ``adding``: ``(import id, its first record's column names)`` of an import whose
    imports row is written and whose records are about to be: the choice once they are.
    """
    mapped: dict[str, list[int]] = {}
    imports = []
    for import_id, mapping in db.execute("SELECT id, mapping FROM imports ORDER BY id"):
        imports.append(import_id)
        roles = _json_object(mapping).get("roles")
        column = roles.get("area") if isinstance(roles, dict) else None
        if column and isinstance(column, str):
            mapped.setdefault(column, []).append(import_id)
    if mapped:
        return AreaColumns({c: tuple(ids) for c, ids in mapped.items()}, imports=tuple(imports))
    names = field_names(db)
    if adding is not None:
        names.extend(n for n in adding[1] if n not in names)
    return AreaColumns(named=area_field(names), imports=tuple(imports))


def field_names(db: Database) -> list[str]:
    """The source column names of the sample: those of the first record of each import, in order."""
    names: dict[str, None] = {}
    for (fields,) in db.execute(
            "SELECT fields FROM records WHERE id IN (SELECT min(id) FROM records GROUP BY import_id) ORDER BY id"):
        names.update(dict.fromkeys(_json_object(fields)))
    return list(names)


def _json_object(text: str) -> dict:
    """A stored JSON object, or {} when it was edited behind the log's back into something else
    (``verify`` reports that edit; reading the areas must not fail on it)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def settle_areas(db: Database, before: AreaColumns, inserted_with: AreaColumns | None,
                 replaced: Sequence[int] = ()) -> None:
    """After records were added or replaced: every record's area as the imports now choose it.

    ``before``: the choice before; ``inserted_with``: the choice the new records were
    inserted with (None: none were); ``replaced``: ids of records whose fields changed.
    When every record keeps its area column only the replaced records are read again,
    else every record (only those whose area changes are written).
    """
    now = area_columns(db)
    if not before.reads_as(now) or (inserted_with is not None and not inserted_with.reads_as(now)):
        fill_areas(db, now)
    elif replaced:
        fill_areas(db, now, replaced)


def fill_areas(db: Database, columns: AreaColumns, ids: Sequence[int] | None = None) -> None:
    """Write the area of every record (or of ``ids``) whose stored area is not the one ``columns`` give."""
    area = columns.expression()
    sql = f"UPDATE records SET area = {area} WHERE area != {area}"
    if ids is None:
        db.execute(sql)
    else:   # the ids as one JSON list: any number of them in one statement
        db.execute(sql + " AND id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(set(ids))),))


def astray_areas(db: Database) -> list[str]:
    """Keys of the records whose stored area is not the one their source fields give (edited behind the log)."""
    area = area_columns(db).expression()
    return [key for (key,) in db.execute(f"SELECT key FROM records WHERE area != {area} ORDER BY position")]
