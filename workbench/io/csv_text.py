"""A CSV file's encoding, delimiter and quoting, decided from the whole file.

The encoding comes from a first pass over every byte (the file is read in
chunks, never held whole): a byte-order mark decides it; otherwise strict UTF-8;
a file that is not valid UTF-8 is Windows-1252 only when it holds no valid UTF-8
multi-byte sequence at all (Excel's "CSV" on Windows). A file with both is UTF-8
with a damaged byte: refused, naming the line, never decoded into mojibake.
The same pass computes the file's SHA-256 and counts control characters.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from workbench.core.errors import InputRejected, Location, Problem
from workbench.io import limits
from workbench.io.guard import Source, open_regular

_CHUNK = 1 << 22
#: Control bytes of UTF-8 and Windows-1252 text: C0 except tab, newline and
#: carriage return (line ends are normalised, not removed), and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
#: C1 controls as UTF-8 encodes them.
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "cp1252": "Windows-1252"}


@dataclass
class CsvFacts:
    """What the first pass found: encoding, SHA-256, control bytes, the start of the text.

    ``controls`` counts C0 (but tab and line ends), DEL and UTF-8's C1 bytes; in a
    Windows-1252 file the bytes 0x80-0x9F are letters (such as ’ and €), not controls.
    """

    encoding: str
    sha256: str
    controls: int
    head: str
    #: Whether a cell may hold a carriage return: the file has one, and a quote (without quotes no cell
    #: spans lines, and the csv module reads every carriage return outside quotes as a line's end).
    carriage_returns: bool = False
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    #: Bytes in the longest line (0: not measured). No line longer than the bound on
    #: delimiters can hold too many, so reading need not count them line by line.
    longest_line: int = 0

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)


def examine(source: Source) -> CsvFacts:
    """Decide the encoding of ``source`` from all of it; refuse binary or damaged text."""
    sha = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    first = b""
    utf8_error: tuple[int, int] | None = None  # (offset, line) of the first invalid byte
    multibyte = False
    controls = 0
    offset = lines = 0
    returns = quoted = False
    longest = run = 0   # the longest line so far, and the length of the line the last chunk ended in
    with open_regular(source) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            sha.update(chunk)
            if not first:
                first = chunk[:65536]
                _refuse_binary(source, first)
            if utf8_error is None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad = offset + exc.start
                    utf8_error = (bad, lines + chunk.count(b"\n", 0, exc.start) + 1)
            ascii_only = chunk.isascii()
            multibyte = multibyte or (not ascii_only and _MULTIBYTE.search(chunk) is not None)
            controls += len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))
            controls += len(_C1_UTF8.findall(chunk)) if not ascii_only and b"\xc2" in chunk else 0
            offset += len(chunk)
            lines += chunk.count(b"\n")
            parts = chunk.split(b"\n")
            if len(parts) == 1:
                run += len(chunk)
            else:
                longest = max(longest, run + len(parts[0]), max(map(len, parts[1:-1]), default=0))
                run = len(parts[-1])
            returns = returns or b"\r" in chunk
            quoted = quoted or b'"' in chunk
    encoding = _encoding(source, first, utf8_error, multibyte, utf8)
    if encoding == "utf-16":
        controls = 0  # counted again as text while reading
    head = first.decode(encoding, errors="ignore")
    # (In UTF-16 a byte 0x0A may be half of another character: its lines are not measured.)
    return CsvFacts(encoding, sha.hexdigest(), controls, head, dialect=sniff_dialect(head), carriage_returns=returns and quoted,
                    longest_line=0 if encoding == "utf-16" else max(longest, run))


def examine_head(source: Source, size: int = 1 << 20) -> CsvFacts:
    """Like ``examine`` from the first ``size`` bytes only: for a preview, which costs what its rows cost.

    The import decides again from the whole file; a preview of a file that turns
    out to be damaged further down shows its first rows and the check refuses it.
    """
    with open_regular(source) as fh:
        first = fh.read(size)
    if len(first) < size:  # the whole file: decide as the import will
        return examine(source)
    _refuse_binary(source, first)
    encoding = next((name for bom, name in _BOMS if first.startswith(bom)), None)
    if encoding is None:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(first, final=len(first) < size)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "utf-8" if _MULTIBYTE.search(first) else "cp1252"
    head = first.decode(encoding, errors="replace")
    return CsvFacts(encoding, "", 0, head, dialect=sniff_dialect(head), carriage_returns=b"\r" in first)


def _refuse_binary(source: Source, first: bytes) -> None:
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if first.startswith(b"PK\x03\x04"):
        raise InputRejected(source.name, [Problem("this is a zip file (a workbook?), not a CSV text file",
                                                  hint="give it its real extension (.xlsx, .ods) or export the sheet as CSV")])
    if first.count(b"\x00") > max(8, len(first) // 100):
        raise InputRejected(source.name, [Problem("this is not a text CSV file (it contains binary data)",
                                                  hint="export the sheet as CSV or .xlsx")])


def _encoding(source: Source, first: bytes, utf8_error, multibyte: bool, utf8) -> str:
    for bom, name in _BOMS:
        if first.startswith(bom):
            return name
    if utf8_error is None:
        try:
            utf8.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            utf8_error = (None, None)
    if not multibyte:
        return "cp1252"
    offset, line = utf8_error
    where = f"line {line:,}" if line else "the end of the file"
    raise InputRejected(source.name, [Problem(
        f"the file is UTF-8 but has a byte that is not UTF-8 on {where}" + (f" (byte {offset + 1:,})" if offset is not None else ""),
        Location(row=line),
        "the file was damaged or joined from files of two encodings: export it again as CSV UTF-8, or fix that line",
    )])


#: The delimiters a CSV may use, in the order a tie is settled.
DELIMITERS = ",;\t|"


def sniff_dialect(head: str) -> type[csv.Dialect]:
    """The delimiter of a CSV from its first lines (comma, semicolon, tab or pipe), with Excel's quoting.

    Each delimiter is tried by reading the lines with it, quoted as Excel and RFC 4180
    write them (a quote inside a quoted cell written twice); the one that divides the
    most lines into the same number of cells (more than one) wins, and of those the one
    giving more cells. ``csv.Sniffer`` is not used: its regular expressions look for a
    delimiter beside a quote and took the ``;`` of a first cell holding ``";`` for the
    delimiter, and its guess at quoting reads a cell holding ``"`` as ``""``.
    """
    sample = head[:65536]
    if "\n" in sample:
        sample = sample[: sample.rfind("\n")]   # the last line may be cut short
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        score = _consistency(sample, delimiter)
        if score > best_score:
            best, best_score = delimiter, score

    class Found(csv.excel):
        pass

    Found.delimiter = best
    return Found


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """How many lines of ``sample`` have the commonest number of cells when read with ``delimiter``, and that number.

    (0, 0) when no line has more than one cell. Lines after one the csv module cannot
    read (a NUL, a cell past its size limit) are not counted: the read proper names the problem.
    """
    counts: dict[int, int] = {}
    try:
        for cells in csv.reader(io.StringIO(sample, newline=""), csv.excel, delimiter=delimiter):
            if len(cells) > 1:
                counts[len(cells)] = counts.get(len(cells), 0) + 1
    except csv.Error:
        pass
    if not counts:
        return 0, 0
    width = max(counts, key=lambda n: (counts[n], n))
    return counts[width], width


def text_stream(source: Source, facts: CsvFacts, errors: str = "strict") -> io.TextIOWrapper:
    """The file as text in its decided encoding (undefined Windows-1252 bytes are refused while reading)."""
    return io.TextIOWrapper(open_regular(source), encoding=facts.encoding, newline="", errors=errors)


#: Delimiters a line may hold before it is refused (those inside quoted text count too).
_MOST_DELIMITERS = limits.MAX_COLUMNS + 100_000


def _bounded_lines(source: Source, text: io.TextIOWrapper, delimiter: str) -> Iterator[str]:
    """The lines of ``text``, refusing one with so many delimiters that its cells would not fit in memory."""
    most = _MOST_DELIMITERS
    for number, line in enumerate(text, start=1):
        if len(line) > most and line.count(delimiter) > most:
            raise InputRejected(source.name, [Problem(
                f"this line has over {most:,} '{delimiter}' separators; the limit is {limits.MAX_COLUMNS:,} columns",
                Location(row=number), "keep only the columns the audit needs")])
        yield line


def csv_rows(source: Source, facts: CsvFacts, errors: str = "strict") -> Iterator[list[str]]:
    """Every record of the CSV as a list of raw cell texts, numbered as rows 1, 2, ...

    ``errors="replace"`` is for a preview decided from the file's start only.
    """
    csv.field_size_limit(4 * limits.MAX_CELL_CHARS)
    with text_stream(source, facts, errors) as text:
        # A file whose every line is shorter than the bound cannot break it: read without counting.
        short = 0 < facts.longest_line <= _MOST_DELIMITERS
        reader = csv.reader(text if short else _bounded_lines(source, text, facts.dialect.delimiter), facts.dialect)
        try:
            for cells in reader:
                if len(cells) > limits.MAX_COLUMNS:
                    raise InputRejected(source.name, [Problem(
                        f"this row has {len(cells):,} columns; the limit is {limits.MAX_COLUMNS:,}",
                        Location(row=reader.line_num), "keep only the columns the audit needs")])
                yield cells
                if reader.line_num > 4 * limits.MAX_ROWS:
                    raise InputRejected(source.name, [Problem(f"the file has over {limits.MAX_ROWS:,} rows", hint="split the extract")])
        except csv.Error as exc:
            hint = "check the quotes in that row" if "field larger" not in str(exc) else (
                f"a cell is over {4 * limits.MAX_CELL_CHARS:,} characters: an unclosed quote swallows the rows after it")
            raise InputRejected(source.name, [Problem(f"the CSV cannot be read: {exc}", Location(row=reader.line_num), hint)]) from None
        except UnicodeDecodeError as exc:
            raise InputRejected(source.name, [Problem(
                f"the byte 0x{exc.object[exc.start]:02X} is not a character in {ENCODING_NAMES.get(facts.encoding, facts.encoding)}",
                Location(row=reader.line_num + 1), "export the file again as CSV UTF-8")]) from None
