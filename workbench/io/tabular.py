"""Reading a sheet of an outside spreadsheet (CSV or xlsx) as header + text rows.

Every value becomes text the way an auditor would read it: whole numbers without
``.0``, dates as ``YYYY-MM-DD`` and date-times as ``YYYY-MM-DD HH:MM[:SS]``. Every
problem is an ``InputRejected`` naming the file, sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import InputRejected, Location, Problem

#: The longest text a cell may hold (Excel's own limit).
MAX_CELL_CHARS = 32_767
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Table:
    """One sheet: its header names and its data rows, each with its row number."""

    file_name: str
    sheet: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    sha256: str

    def column(self, name: str) -> int | None:
        """Index of the header ``name`` (case and surrounding spaces ignored)."""
        wanted = name.strip().casefold()
        for i, h in enumerate(self.header):
            if h.strip().casefold() == wanted:
                return i
        return None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    path = Path(path)
    if _kind(path) == "csv":
        return [path.stem]
    return list(_open_workbook(path).sheet_names)


def read_table(
    path: Path, sheet: str | None = None, header_row: int = 1, on_row: Callable[[int], None] | None = None
) -> Table:
    """Read the first (or the named) sheet with its header row and the rows below it.

    Parameters
    ----------
    path
        A ``.csv`` or ``.xlsx`` file.
    sheet
        The sheet of a workbook (default the first); ignored for CSV.
    header_row
        The 1-based row where the header is looked for: rows above it (a title,
        notes) are skipped, and the first non-empty row from there on is the
        header. Row numbers in the table and in problems stay the sheet's own.
    on_row
        Called with the count of rows read so far after each row; it may raise
        (to cancel) and the exception propagates.
    """
    path = Path(path)
    if not isinstance(header_row, int) or header_row < 1:
        raise InputRejected(path.name, [Problem(f"the header row must be 1 or more, not {header_row!r}")])
    kind = _kind(path)
    if kind == "csv":
        name, raw = path.stem, _csv_rows(path)
    else:
        name, raw = _xlsx_rows(path, sheet)
    header, rows = _header_and_rows(path.name, name, raw, header_row, on_row)
    return Table(path.name, name if kind == "xlsx" else "", header, rows, file_sha256(path))


def preview_rows(path: Path, sheet: str | None = None, limit: int = 50) -> list[list[str]]:
    """The first ``limit`` rows of a sheet as text, exactly as they are (for a preview).

    Nothing is checked: the caller shows these so the user can choose the header row.
    """
    path = Path(path)
    if _kind(path) == "csv":
        raw = _csv_rows(path)
    else:
        raw = _xlsx_rows(path, sheet)[1]
    rows = []
    for values in raw:
        rows.append([cell_text(v) for v in values])
        if len(rows) >= limit:
            break
    return rows


def _kind(path: Path) -> str:
    if not path.exists():
        raise InputRejected(str(path), [Problem("the file does not exist", hint="check the name and folder")])
    if path.is_dir():
        raise InputRejected(str(path), [Problem("this is a folder, not a spreadsheet")])
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    hint = "save it from Excel as .xlsx or .csv" if suffix in (".xls", ".ods", ".xlsb") else "use an .xlsx or .csv file"
    raise InputRejected(path.name, [Problem(f"'{suffix or 'no extension'}' files cannot be read", hint=hint)])


def _csv_rows(path: Path) -> Iterator[list[object]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputRejected(path.name, [Problem("this is not a text CSV file (it contains binary data)", hint="export the sheet as CSV or .xlsx")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(16 * MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from reader
    except csv.Error as exc:
        raise InputRejected(path.name, [Problem(f"the CSV cannot be read: {exc}", Location(row=reader.line_num), "check quotes in that row")]) from exc


def _open_workbook(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every damage
        raise InputRejected(
            path.name,
            [Problem(f"the workbook cannot be opened ({_short(exc)})", hint="open it in Excel, save it again as .xlsx and retry; a password-protected workbook must be saved without its password")],
        ) from exc


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[list[object]]]:
    book = _open_workbook(path)
    names = list(book.sheet_names)
    if sheet is None:
        if not names:
            raise InputRejected(path.name, [Problem("the workbook has no sheets")])
        sheet = names[0]
    elif sheet not in names:
        raise InputRejected(path.name, [Problem(f"there is no sheet '{sheet}'", hint="sheets are: " + ", ".join(names))])
    try:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:
        raise InputRejected(path.name, [Problem(f"the sheet cannot be read ({_short(exc)})", Location(sheet))]) from exc
    return sheet, iter(rows)


def _header_and_rows(
    file_name: str, sheet: str, raw: Iterator[list[object]], header_row: int = 1, on_row: Callable[[int], None] | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(raw, start=1):
        if on_row is not None:
            on_row(number)
        if number < header_row:
            continue
        cells = [cell_text(v) for v in values]
        if header is None:
            if not any(cells):
                continue
            header = _clean_header(cells, sheet, number, problems)
            continue
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            problems.append(Problem("this row has values beyond the last column heading", Location(sheet or None, number), "add a heading for that column or delete the values"))
        cells = (cells + [""] * len(header))[: len(header)]
        for col, value in zip(header, cells):
            if len(value) > MAX_CELL_CHARS:
                problems.append(Problem(f"the cell holds {len(value):,} characters; the limit is {MAX_CELL_CHARS:,}", Location(sheet or None, number, col), "shorten it in the source system's extract"))
        rows.append((number, cells))
    if header is None:
        if header_row > 1:
            problems.append(Problem(f"nothing was found from row {header_row} down: no header row", Location(sheet or None), "check the header row number"))
        else:
            problems.append(Problem("the sheet is empty: no header row was found", Location(sheet or None)))
    if problems:
        raise InputRejected(file_name, problems)
    return header, rows


def _clean_header(cells: list[str], sheet: str, row: int, problems: list[Problem]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    seen: dict[str, int] = {}
    for i, name in enumerate(cells):
        letter = column_letter(i)
        if not name:
            problems.append(Problem(f"column {letter} has no heading", Location(sheet or None, row), "give every column a heading or delete the empty column"))
        elif name.casefold() in seen:
            problems.append(Problem(f"the heading '{name}' appears twice (columns {column_letter(seen[name.casefold()])} and {letter})", Location(sheet or None, row), "rename one of them"))
        else:
            seen[name.casefold()] = i
    return cells


def cell_text(value: object) -> str:
    """A cell value as the text an auditor would read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
