"""A table's data rows held as one string a row while it is read (``io.tabular``)."""

from __future__ import annotations

from workbench.core.record_rows import SEPARATOR

#: Joins a row's cells while it is held: a control character, so never in a cell.
_SEPARATOR = SEPARATOR


class PackedRows(list):
    """Data rows held as ``(row number, cells joined by a separator)``: one string a row.

    A 100,000-row extract as lists of cell strings costs about 1.5 KB a row in
    string and list headers alone; joined, each row is one string until it is
    used. Reading gives ``(row number, [cells])`` as a plain list of rows would.
    """

    def append(self, row: tuple[int, list[str]]) -> None:  # type: ignore[override]
        super().append((row[0], _SEPARATOR.join(row[1])))

    def __getitem__(self, index):  # type: ignore[override]
        item = super().__getitem__(index)
        if isinstance(index, slice):
            return [(n, packed.split(_SEPARATOR)) for n, packed in item]
        return item[0], item[1].split(_SEPARATOR)

    def __iter__(self):
        for number, packed in super().__iter__():
            yield number, packed.split(_SEPARATOR)

    def pop(self, index: int = -1) -> tuple[int, list[str]]:  # type: ignore[override]
        number, packed = super().pop(index)
        return number, packed.split(_SEPARATOR)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def release(self, index: int) -> tuple[int, list[str]]:
        """Row ``index``, letting go of its text here (for a reader that moves it elsewhere)."""
        number, packed = self.release_packed(index)
        return number, packed.split(_SEPARATOR)

    def release_packed(self, index: int) -> tuple[int, str]:
        """Row ``index`` as it is held (its cells joined by ``core.record_rows.SEPARATOR``), letting go of it here."""
        number, packed = super().__getitem__(index)
        super().__setitem__(index, (number, ""))
        return number, packed
