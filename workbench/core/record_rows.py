"""An import's records held as the rows they came from: one string a row until a record is asked for.

A 100,000-row extract of 30 columns as ``Record`` objects costs about 5 KB a
row (a dictionary and a string object for every cell); the same rows as their
cells joined by a separator cost about half that. ``RecordRows`` is a sequence
of ``Record``: each record is built when it is read (``rows[i]``, iteration, a
slice) and let go by the reader, so an import holds its rows once. The key,
checklist and row number of each record are kept apart, so counting, comparing
keys and filtering never build the records (``keys_of``, ``form_ids_of``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import overload

from workbench.core.records import Record

#: Joins a row's cells: a control character, which reading removes from every cell.
SEPARATOR = "\x1f"


class RecordRows(Sequence[Record]):
    """Records of one table: the ``header``, and of each row its key, checklist and cells.

    ``fields`` of a record are the cells of the columns ``kept`` (by index in the
    header) that are not blank, named by their headings, as an import makes them.
    """

    def __init__(self, header: Sequence[str], kept: Sequence[int]):
        self._names = [(i, header[i]) for i in kept]
        self._rows: list[tuple[str, str, str, int | None, str]] = []

    def add(self, key: str, form_id: str, form_version: str, source_row: int | None, packed: str) -> None:
        """One row: its cells joined by ``SEPARATOR``, as many as the header has columns."""
        self._rows.append((key, form_id, form_version, source_row, packed))

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Record: ...
    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._record(row) for row in self._rows[index]]
        return self._record(self._rows[index])

    def __iter__(self) -> Iterator[Record]:
        for row in self._rows:
            yield self._record(row)

    def _record(self, row: tuple[str, str, str, int | None, str]) -> Record:
        key, form_id, version, source_row, packed = row
        cells = packed.split(SEPARATOR)
        return Record(key, form_id, {name: cells[i] for i, name in self._names if cells[i]}, version, source_row=source_row)

    def keys(self) -> list[str]:
        return [row[0] for row in self._rows]

    @property
    def field_columns(self) -> list[tuple[int, str]]:
        """``(index in the row, heading)`` of each column kept as a field, in order."""
        return self._names

    def held(self, start: int, stop: int) -> list[tuple[str, str, str, int | None, str]]:
        """Rows ``start:stop`` as held: ``(key, checklist, version, source row, cells joined by SEPARATOR)``.

        For a writer that makes each record's stored text straight from its row, without building it.
        """
        return self._rows[start:stop]

    def form_ids(self) -> list[str]:
        return [row[1] for row in self._rows]

    def without_rows(self, source_rows: Collection[int]) -> RecordRows:
        """These records but those of the sheet rows ``source_rows``."""
        out = RecordRows.__new__(RecordRows)
        out._names = self._names
        out._rows = [row for row in self._rows if row[3] not in source_rows]
        return out

    def column_values(self, names: Iterable[str]) -> dict[str, list[tuple[int | None, str]]]:
        """``{heading: [(source row, value), ...]}`` of the non-blank values of the columns ``names`` kept as fields."""
        index = {name: i for i, name in self._names}
        wanted = [(name, index[name]) for name in names if name in index]
        values: dict[str, list[tuple[int | None, str]]] = {name: [] for name, _ in wanted}
        last = max((i for _, i in wanted), default=0)
        for _, _, _, source_row, packed in self._rows:
            cells = packed.split(SEPARATOR, last + 1)   # (split only as far as the last column wanted)
            for name, i in wanted:
                if cells[i].strip():
                    values[name].append((source_row, cells[i]))
        return values


def keys_of(records: Sequence[Record]) -> list[str]:
    """The keys of ``records`` in order (without building them when they are ``RecordRows``)."""
    return records.keys() if isinstance(records, RecordRows) else [r.key for r in records]


def form_ids_of(records: Sequence[Record]) -> list[str]:
    """The checklist of each of ``records`` in order (without building them when they are ``RecordRows``)."""
    return records.form_ids() if isinstance(records, RecordRows) else [r.form_id for r in records]


def without_rows(records: Sequence[Record], source_rows: Collection[int]) -> Sequence[Record]:
    """``records`` but those of the sheet rows ``source_rows``."""
    if isinstance(records, RecordRows):
        return records.without_rows(source_rows)
    return [r for r in records if r.source_row not in source_rows]
