"""Reading a population extract row by row (CSV or xlsx), never the whole sheet at once.

A population to sample from can hold a million rows of long narrative text: held
whole it would take gigabytes. ``open_population`` gives its header and an iterator
over its rows, so the draw keeps only what it needs. (``io.tabular.read_table``,
the import's reader, holds the whole table; this module is the streaming reader the
shared one can later be folded onto.)

- CSV: parsed with the csv module (quoting as Excel writes it, the delimiter the one
  that divides the header line most often) as UTF-8, with or without BOM; a byte
  that is not UTF-8, anywhere, raises ``NotUtf8`` and the caller reads the file
  again as Windows-1252 (what Excel on Windows writes). The SHA-256 of the file is
  computed on a thread of its own meanwhile.
- xlsx, xlsm and ods: the import's guarded reader (``tabular.open_sheet``: the
  zip inspected before python-calamine sees it, rows streamed with ``iter_rows``).

Every file is first checked by ``guard.check_source``: only ordinary files are read
(a FIFO or a device is refused at once, a link is named).

Rows come as ``(row number, cells)``, numbered as a spreadsheet numbers them; cells
are text, padded to the header's width. Row problems (values beyond the last
heading) are collected in ``problems`` as the rows go by.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import InputRejected, Location, Problem
from workbench.io import guard
from workbench.io.guard import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from workbench.io.tabular import MAX_CELL_CHARS, column_letter, file_sha256, open_sheet, sheet_names

_SNIFF_CHARS = 8192
#: Delimiters looked for in the header line, the first winning a tie.
_DELIMITERS = (",", "\t", ";", "|")
#: Row problems listed before the rest are only counted (a broken file can have a million).
MAX_PROBLEMS = 200


class NotUtf8(Exception):
    """The CSV turned out not to be UTF-8 while it was read: read it again as Windows-1252."""


class _FileHash:
    """The SHA-256 of a file, computed on a thread of its own while the rows are parsed.

    hashlib and file reads release the GIL, so on a machine with two cores the hash
    costs the draw almost nothing (a separate pass over 2 GB took about 4 s).
    """

    def __init__(self, path: Path):
        self._path = path
        self._sha: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="population-sha256", daemon=True)

    def start(self) -> None:
        """Begin hashing (once): when the rows start to be read, not before the header is checked."""
        if self._thread.ident is None:
            self._thread.start()

    def _run(self) -> None:
        try:
            self._sha = file_sha256(self._path)
        except BaseException as exc:  # handed to the reader on join
            self._error = exc

    def hexdigest(self) -> str:
        self.start()
        self._thread.join()
        if self._error is not None:
            raise InputRejected(self._path.name, [Problem(f"the file could not be read to the end ({self._error})")])
        assert self._sha is not None
        return self._sha


@dataclass
class PopulationFile:
    """An open population extract: its name, header and (once) its rows.

    ``sha256`` is the whole file's hash; asking for it waits until it is computed.
    """

    file_name: str
    sheet: str
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    encoding: str = ""
    #: A workbook's sheets (empty for a CSV file).
    sheets: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    _hash: _FileHash | None = None
    _raw: Iterator[list[str]] | None = None

    @property
    def sha256(self) -> str:
        assert self._hash is not None
        return self._hash.hexdigest()

    def close(self) -> None:
        """Stop reading (the file is closed; rows not read are never read)."""
        for rows in (self.rows, self._raw):
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    def column(self, name: str) -> int | None:
        """Index of the heading ``name`` (case and surrounding spaces ignored)."""
        wanted = name.strip().casefold()
        return next((i for i, h in enumerate(self.header) if h.strip().casefold() == wanted), None)

    def problem(self, problem: Problem) -> None:
        """Note a problem (the first ``MAX_PROBLEMS`` are kept, the rest counted)."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def open_population(path: Path, sheet: str | None = None, header_row: int = 1, encoding: str | None = None) -> PopulationFile:
    """Open ``path`` (CSV or xlsx) and read up to its header row.

    Parameters
    ----------
    path
        A ``.csv``/``.tsv``/``.txt`` or ``.xlsx``/``.xlsm`` file.
    sheet
        The workbook's sheet (default the first); ignored for CSV.
    header_row
        The 1-based row from which the header is looked for: the first non-empty
        row from there on holds the column headings.
    encoding
        A CSV's encoding; by default UTF-8 (with or without BOM), and ``NotUtf8``
        is raised by the rows at the first byte that is not: open it again with
        ``"cp1252"`` (what Excel on Windows writes) and read it from the start.

    Raises
    ------
    InputRejected
        The file cannot be read, or its header is unusable (blank or repeated headings).
    """
    path = Path(path)
    if not isinstance(header_row, int) or header_row < 1:
        raise InputRejected(path.name, [Problem(f"the header row must be 1 or more, not {header_row!r}")])
    kind = _kind(path)
    sheets: list[str] = []
    if kind == "csv":
        _refuse_binary(path)
        encoding = encoding or "utf-8-sig"
        name, raw = "", _csv_rows(path, encoding)
    else:
        sheets, name, raw = _xlsx_rows(path, sheet)
    header, number = _header(path.name, name, raw, header_row)
    population = PopulationFile(path.name, name, header, number, iter(()), encoding or "", sheets,
                                _hash=_FileHash(path), _raw=raw)
    population.rows = _data_rows(population, raw, number)
    return population


def _kind(path: Path) -> str:
    source = guard.check_source(path)   # ordinary files only; refuses unknown kinds in words
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    raise guard.reject(source, f"'{suffix or 'no extension'}' files cannot be read", "save the extract as .xlsx or .csv")


def _refuse_binary(path: Path) -> None:
    with path.open("rb") as fh:
        if b"\x00" in fh.read(4096):
            raise InputRejected(path.name, [Problem("this is not a text CSV file (it contains binary data)",
                                                    hint="export the extract as CSV or .xlsx")])


def _csv_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    csv.field_size_limit(16 * MAX_CELL_CHARS)
    errors = "strict" if encoding.startswith("utf-8") else "replace"
    with path.open("r", encoding=encoding, errors=errors, newline="") as fh:
        try:
            delimiter = _delimiter(fh.read(_SNIFF_CHARS))
            fh.seek(0)
            # Quoting as Excel and RFC 4180 write it ("" inside quotes); csv.Sniffer guesses
            # doublequote=False on narratives with quotes and breaks their rows apart.
            reader = csv.reader(fh, csv.excel, delimiter=delimiter)
            yield from reader
        except UnicodeDecodeError:
            raise NotUtf8() from None
        except csv.Error as exc:
            raise InputRejected(path.name, [Problem(f"the CSV cannot be read: {exc}", Location(row=reader.line_num),
                                                    "check the quotes in that row")]) from exc


def _delimiter(start: str) -> str:
    """The delimiter that divides the header line most often (a comma when none does)."""
    line = start.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[list[str], str, Iterator[list[str]]]:
    """A workbook's sheet through the import's guarded reader."""
    opened = open_sheet(path, sheet)
    return sheet_names(path), opened.sheet, (cells for _number, cells in opened)


def _header(file_name: str, sheet: str, raw: Iterator[list[str]], header_row: int) -> tuple[list[str], int]:
    """The header's cells and its row number; ``InputRejected`` if there is none or it is unusable."""
    where = sheet or None
    for number, cells in enumerate(raw, start=1):
        if number < header_row or not any(c.strip() for c in cells):
            continue
        header = [c.strip() for c in cells]
        while header and not header[-1]:
            header.pop()
        problems, seen = [], {}
        for i, name in enumerate(header):
            if not name:
                problems.append(Problem(f"column {column_letter(i)} has no heading", Location(where, number),
                                        "give every column a heading or delete the empty column"))
            elif name.casefold() in seen:
                problems.append(Problem(f"the heading '{name}' appears twice (columns {column_letter(seen[name.casefold()])} "
                                        f"and {column_letter(i)})", Location(where, number), "rename one of them"))
            else:
                seen[name.casefold()] = i
        if problems:
            raise InputRejected(file_name, problems)
        return header, number
    raise InputRejected(file_name, [Problem("no header row was found: the sheet is empty"
                                            + (f" from row {header_row} down" if header_row > 1 else ""), Location(where))])


def _data_rows(population: PopulationFile, raw: Iterator[list[str]], header_number: int) -> Iterator[tuple[int, list[str]]]:
    if population._hash is not None:
        population._hash.start()
    width = len(population.header)
    where = population.sheet or None
    for number, cells in enumerate(raw, start=header_number + 1):
        if not any(cells):
            continue
        size = len(cells)
        if size != width:
            if size < width:
                cells += [""] * (width - size)
            elif any(c.strip() for c in cells[width:]):
                population.problem(Problem("this row has values beyond the last column heading", Location(where, number),
                                           "add a heading for that column or delete the values"))
                continue
            else:
                del cells[width:]
        yield number, cells


