"""A sheet read row by row: its header at once, its data rows as the caller takes them.

``read_table`` holds a sheet's rows whole (a ``Table``); a caller that checks each row
once and keeps only what it makes of it (a load of 750,000 answers) reads the same rows,
checked the same way, without holding them: ``stream_table``. The sheet is refused
as ``read_table`` refuses it (header problems, rows beyond the last heading, cells over
the size limit, with sheet, row and column), when the caller has read it (``finish``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import InputRejected, Location, Problem
from workbench.io.sheet_checks import clean_header, header_index, row_problems, spread_merged_headings
from workbench.io.tabular import MAX_CELL_CHARS, ReadNotes, open_sheet


@dataclass
class TableRows:
    """One sheet's header, and its data rows to be read once (``rows``), each with its row number.

    Blank rows are skipped (and counted); a row with values beyond the last heading or
    a cell over the size limit is left out and its problems kept for ``finish``; a
    shorter row is padded with blank cells to the header's width.
    """

    file_name: str
    sheet: str
    header: list[str]
    sha256: str
    notes: ReadNotes
    header_row: int
    _numbered: Iterator[tuple[int, list[str]]] = field(repr=False)
    header_problems: list[Problem] = field(default_factory=list)
    row_problems: list[Problem] = field(default_factory=list)
    merged_headings: list[str] = field(default_factory=list)
    count: int = 0   # data rows given so far
    blank_rows: int = 0

    def column(self, name: str) -> int | None:
        """Index of the header ``name`` (case and surrounding spaces ignored), as ``Table.column``."""
        return header_index(self.header, name)

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows not read yet, as ``Table.rows`` holds them."""
        width, sheet, header = len(self.header), self.sheet or None, self.header
        for number, cells in self._numbered:
            if not any(cells):
                self.blank_rows += 1
                continue
            if len(cells) > width or sum(map(len, cells)) > MAX_CELL_CHARS:
                bad = row_problems(cells, header, sheet, number)
                if bad:
                    self.row_problems.extend(bad)
                    continue
            self.count += 1
            yield number, cells if len(cells) == width else (cells + [""] * width)[:width]

    def finish(self) -> None:
        """Read the rows left, then refuse the sheet if ``read_table`` would have: its header's problems and
        its rows' (``InputRejected``)."""
        for _row in self.rows:
            pass
        if self.header_problems or self.row_problems:
            raise InputRejected(self.file_name, self.header_problems + self.row_problems)


def stream_table(path: Path, sheet: str | None = None) -> TableRows:
    """The first (or the named) sheet of ``path`` with its header (its first non-empty row) read, its rows not yet.

    A sheet with no header row at all is refused at once, as ``read_table`` refuses it.
    """
    opened = open_sheet(Path(path), sheet)
    numbered = iter(opened)
    where = opened.sheet or None
    problems: list[Problem] = []
    for number, cells in numbered:
        if any(cells):
            cells, merged_headings = spread_merged_headings(cells, number, opened.merged)
            header = clean_header(cells, where, number, problems)
            return TableRows(opened.file_name, opened.sheet, header, opened.sha256, opened.notes, number, numbered,
                             problems, merged_headings=merged_headings)
    empty = "the file is empty: no header row was found" if not where else "the sheet is empty: no header row was found"
    raise InputRejected(opened.file_name, [Problem(empty, Location(where))])
