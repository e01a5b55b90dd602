"""Reading a sheet of an outside spreadsheet (CSV, xlsx, xlsm, ods) as rows of text.

Every file passes ``guard`` first. Rows are streamed: a workbook sheet is read
with python-calamine's ``iter_rows`` and a CSV with the csv module over the
decoded file, so no copy of the whole sheet is built here. Every value becomes
text the way an auditor would read it: whole numbers without ``.0`` (long IDs
in full, never ``1.23E+15``), dates as ``YYYY-MM-DD`` and date-times as
``YYYY-MM-DD HH:MM[:SS]``. Control characters are removed and counted. Every
problem is an ``InputRejected`` naming the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from workbench.core.errors import InputRejected, Location, Problem
from workbench.io import csv_text, guard, layout, limits
from workbench.io.guard import CSV_SUFFIXES, READABLE_SUFFIXES, WORKBOOK_SUFFIXES, Source
from workbench.io.packed_rows import PackedRows
from workbench.io.sheet_checks import clean_header, column_letter, header_index, row_problems, spread_merged_headings

__all__ = ["CSV_SUFFIXES", "READABLE_SUFFIXES", "WORKBOOK_SUFFIXES", "MAX_CELL_CHARS", "PackedRows", "ReadNotes", "SheetRows", "Table",
           "cell_text", "column_letter", "file_sha256", "open_sheet", "preview_rows", "read_table", "sheet_names"]

MAX_CELL_CHARS = limits.MAX_CELL_CHARS
#: Control characters removed from every cell: C0 except tab and newline, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The same as a deletion table: ``str.translate`` finds them several times faster than a search.
_DROP_CONTROLS = str.maketrans("", "", "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])))


@dataclass
class ReadNotes:
    """What reading a sheet changed or noticed, for the user to hear about."""

    controls_removed: int = 0
    formulas: int = 0
    encoding: str = ""
    delimiter: str = ""


@dataclass
class SheetRows:
    """One sheet being read: its rows, numbered as the sheet numbers them, as text.

    Iterate it once; rows come with their 1-based number and every cell as text
    (blank rows included, as empty lists or blank cells).
    """

    source: Source
    sheet: str  # the sheet's name ("" for a CSV)
    sha256: str
    notes: ReadNotes
    _rows: Iterator[list[object]] = field(repr=False)
    first_row: int = 1
    first_column: int = 0
    #: False when the file is known to hold no control character (a CSV's first pass counted them).
    may_hold_controls: bool = True
    #: True when, holding no other control character, the file has carriage returns (a CSV with
    #: Windows line ends: only a cell that still holds one after the csv module's reading is cleaned).
    may_hold_returns: bool = False
    #: Every value is text (a CSV): only spaces around it are taken off.
    all_text: bool = False
    #: Merged ranges ``((row, col), (row, col))``, 0-based as python-calamine gives them (xlsx only).
    merged: list = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.source.name

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        pad = [""] * self.first_column
        notes = self.notes
        check, returns, all_text = self.may_hold_controls, self.may_hold_returns, self.all_text
        by_type = _BY_TYPE   # (the common types' converters, without the call to ``cell_text`` for each cell)
        for number, values in enumerate(self._rows, start=self.first_row):
            if number > limits.MAX_ROWS:
                raise guard.reject(self.source, f"the sheet has over {limits.MAX_ROWS:,} rows", "split the extract",
                                   Location(self.sheet or None))
            cells = list(map(str.strip, values)) if all_text else [
                v.strip() if type(v) is str else by_type.get(type(v), cell_text)(v) for v in values]
            if check:
                joined = "".join(cells)
                if _holds_controls(joined):
                    cells, removed = _without_controls(cells)
                    notes.controls_removed += removed
            elif returns and "\r" in "".join(cells):
                cells, removed = _without_controls(cells)
                notes.controls_removed += removed
            yield number, pad + cells if pad else cells


#: The controls removed, as bytes of ASCII text.
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def _holds_controls(text: str) -> bool:
    """Whether ``text`` holds a character that ``CONTROL`` removes.

    ASCII text (most extracts) is tested as bytes, about twice as quick as the
    deletion table on text.
    """
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_CONTROLS)) != len(text)
    return len(text.translate(_DROP_CONTROLS)) != len(text)


def _without_controls(cells: list[str]) -> tuple[list[str], int]:
    out, removed = [], 0
    for text in cells:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        clean = CONTROL.sub("", text)
        removed += len(text) - len(clean)
        out.append(clean.strip())
    return out, removed


@dataclass
class Table:
    """One sheet read whole: its header names and its data rows, each with its row number."""

    file_name: str
    sheet: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    sha256: str
    notes: ReadNotes = field(default_factory=ReadNotes)
    header_row: int = 1  # where the header was found
    header_guessed: bool = False  # found by the rule, not given
    row_problems: list[Problem] = field(default_factory=list)  # rows left out of ``rows`` (``strict=False``)
    merged_headings: list[str] = field(default_factory=list)  # headings merged across columns, spread out
    blank_rows: int = 0  # blank rows below the header, skipped

    def column(self, name: str) -> int | None:
        """Index of the header ``name`` (case and surrounding spaces ignored)."""
        return header_index(self.header, name)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    source = guard.check_source(Path(path))
    if source.kind == "csv":
        return [source.path.stem]
    return list(guard.inspect_workbook(source).sheets)


def open_sheet(path: Path, sheet: str | None = None) -> SheetRows:
    """Check ``path`` and open one sheet (the first unless named) for reading, row by row."""
    source = guard.check_source(Path(path))
    if source.kind == "csv":
        facts = csv_text.examine(source)
        notes = ReadNotes(controls_removed=0, encoding=facts.encoding_name, delimiter=facts.dialect.delimiter)
        return SheetRows(source, "", facts.sha256, notes, csv_text.csv_rows(source, facts),
                         may_hold_controls=facts.controls > 0 or facts.encoding == "utf-16",
                         may_hold_returns=facts.carriage_returns, all_text=True)
    return _open_workbook_sheet(source, sheet)


def _open_workbook_sheet(source: Source, sheet: str | None) -> SheetRows:
    from python_calamine import CalamineWorkbook

    facts = guard.inspect_workbook(source)
    name = _chosen_sheet(source, list(facts.sheets), sheet)
    where = Location(name)
    if source.kind == "xlsx":
        from workbench.io.workbook_parts import scan_xlsx_sheet

        # The scan reads every cell reference; calamine's open parses the shared
        # strings, which cannot hurt once their counts are checked: both at once,
        # and the file's SHA-256 beside them (each lets go of Python's lock as it can).
        with ThreadPoolExecutor(2) as pool:
            scan = pool.submit(scan_xlsx_sheet, source, name, facts.sheets[name])
            sha = pool.submit(file_sha256, source.real)
            book = guard.guarded(lambda: CalamineWorkbook.from_path(str(source.real)), source, "the workbook cannot be opened")
            try:
                sheet_facts = scan.result()
            except BaseException:
                book.close()
                raise
            sha256 = sha.result()
        formulas = sheet_facts.formulas
    else:
        sha256 = file_sha256(source.real)
        book = guard.guarded(lambda: CalamineWorkbook.from_path(str(source.real)), source, "the workbook cannot be opened")
        formulas = 0
    with book:
        data = guard.guarded(lambda: book.get_sheet_by_name(name), source, "the sheet cannot be read", where)
    start = data.start or (0, 0)
    merged = guard.guarded(lambda: data.merged_cell_ranges, source, "the sheet cannot be read", where) or []
    rows = _guarded_rows(source, data, where)
    return SheetRows(source, name, sha256, ReadNotes(formulas=formulas), rows, first_row=1, first_column=start[1],
                     merged=list(merged))


#: Rows taken from python-calamine per guarded call (one guard a row cost more than the rows' checks).
_GUARDED_BATCH = 256


def _guarded_rows(source: Source, data, where: Location) -> Iterator[list[object]]:
    iterator = guard.guarded(data.iter_rows, source, "the sheet cannot be read", where)
    while True:
        rows = guard.guarded(lambda: list(itertools.islice(iterator, _GUARDED_BATCH)), source, "the sheet cannot be read", where)
        if not rows:
            return
        yield from rows


def _chosen_sheet(source: Source, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        if not names:
            raise guard.reject(source, "the workbook has no sheets")
        return names[0]
    if sheet not in names:
        raise guard.reject(source, f"there is no sheet '{sheet}'", "sheets are: " + ", ".join(names))
    return sheet


def read_table(
    path: Path, sheet: str | None = None, header_row: int | None = 1, on_row: Callable[[int], None] | None = None,
    key_names: Sequence[str] = (), strict: bool = True,
) -> Table:
    """Read the first (or the named) sheet with its header row and the rows below it.

    Parameters
    ----------
    path
        A ``.csv``, ``.xlsx``, ``.xlsm`` or ``.ods`` file.
    sheet
        The sheet of a workbook (default the first); ignored for CSV.
    header_row
        The 1-based row where the header is looked for: rows above it (a title,
        notes) are skipped, and the first non-empty row from there on is the
        header. Row numbers in the table and in problems stay the sheet's own.
        None finds it: the rule of ``layout.guess_header_row`` over the first
        rows (title rows above a header are skipped), with ``key_names``.
    on_row
        Called with the count of rows read so far after each row; it may raise
        (to cancel) and the exception propagates.
    """
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise InputRejected(Path(path).name, [Problem(f"the header row must be 1 or more, not {header_row!r}")])
    opened = open_sheet(Path(path), sheet)
    numbered: Iterator[tuple[int, list[str]]] = iter(opened)
    guessed = header_row is None
    if header_row is None:
        first = list(itertools.islice(numbered, layout.HEADER_SEARCH_ROWS))
        header_row = layout.guess_header_row([cells for _, cells in first], key_names)
        numbered = itertools.chain(first, numbered)
    table = Table(opened.file_name, opened.sheet, [], PackedRows(), opened.sha256, opened.notes, header_row, guessed)
    _read_header_and_rows(table, numbered, header_row, on_row, opened.merged)
    if strict and table.row_problems:
        raise InputRejected(table.file_name, table.row_problems)
    return table


def preview_rows(path: Path, sheet: str | None = None, limit: int = limits.PREVIEW_ROWS) -> list[list[str]]:
    """The first ``limit`` rows of a sheet as text, exactly as they are (for a preview).

    Nothing is checked beyond the guard: the caller shows these so the user can
    choose the header row. An xlsx sheet is read only as far as those rows.
    """
    source = guard.check_source(Path(path))
    if source.kind == "xlsx":
        from workbench.io.xlsx_peek import peek_rows

        return peek_rows(source, sheet, limit)
    if source.kind == "csv":
        facts = csv_text.examine_head(source)
        opened = SheetRows(source, "", "", ReadNotes(), csv_text.csv_rows(source, facts, errors="replace"))
    else:
        opened = open_sheet(path, sheet)
    rows: list[list[str]] = []
    for _, cells in opened:
        rows.append(cells)
        if len(rows) >= limit:
            break
    return rows


def _read_header_and_rows(
    table: Table, numbered: Iterator[tuple[int, list[str]]], header_row: int = 1, on_row: Callable[[int], None] | None = None,
    merged: Sequence = (),
) -> None:
    sheet = table.sheet or None
    problems: list[Problem] = []
    header: list[str] | None = None
    for number, cells in numbered:
        if on_row is not None:
            on_row(number)
        if number < header_row:
            continue
        if header is None:
            if any(cells):
                cells, table.merged_headings = spread_merged_headings(cells, number, merged)
                header, table.header_row = clean_header(cells, sheet, number, problems), number
            continue
        if not any(cells):
            table.blank_rows += 1
            continue
        bad = row_problems(cells, header, sheet, number)
        if bad:
            table.row_problems.extend(bad)
            continue
        table.rows.append((number, cells if len(cells) == len(header) else (cells + [""] * len(header))[: len(header)]))
    if header is None:
        if header_row > 1:
            problems.append(Problem(f"nothing was found from row {header_row} down: no header row", Location(sheet), "check the header row number"))
        else:
            problems.append(Problem("the file is empty: no header row was found" if not sheet else "the sheet is empty: no header row was found", Location(sheet)))
    if problems:
        raise InputRejected(table.file_name, problems + table.row_problems)
    table.header = header


def _datetime_text(value: dt.datetime) -> str:
    if not (value.hour or value.minute or value.second or value.microsecond):
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")


def cell_text(value: object) -> str:
    """A cell value as the text an auditor would read."""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def _number_text(value: float) -> str:
    """A number as written: whole numbers in full (a 16-digit ID, never 1.23E+15), no exponent."""
    if value.is_integer():   # (never true of NaN or infinity)
        return str(int(value))
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


#: The common cell types by exact type: one dictionary look-up instead of a chain of checks.
_BY_TYPE = {
    str: str.strip,
    float: _number_text,
    int: str,
    dt.datetime: _datetime_text,
    dt.date: dt.date.isoformat,
    bool: lambda v: "TRUE" if v else "FALSE",
}
