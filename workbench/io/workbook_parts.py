"""Reading the XML parts of a workbook's zip without trusting them (for ``guard``).

Only the start of a large part is parsed (the shared-string counts, the
dimension); a sheet's real extent comes from a scan of every cell reference,
in chunks, that stops at the first one past a limit. Small parts (the workbook,
its relationships) are parsed whole once ``guard`` has refused any DOCTYPE.
"""

from __future__ import annotations

import html
import re
import zipfile
import xml.etree.ElementTree as ET

from workbench.core.errors import Location
from workbench.io import limits
from workbench.io.guard import SAVE_AGAIN, SheetFacts, Source, WorkbookFacts, read_part_chunks, reject

_SMALL_PART = 16 * 1024**2
_SST_HEAD = re.compile(rb"<(?:\w+:)?sst\b([^>]*)>")
_COUNT = re.compile(rb'\b(count|uniqueCount)\s*=\s*"(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*"([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
#: Any cell element; compared with the count of ``_CELL_REF`` to find cells whose
#: position is written some other way (a prefix, another attribute first, none).
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s/>]")
_ODS_ELEMENT = re.compile(rb"<table:(covered-table-cell|table-cell|table-row|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_EMPTY_NAME = re.compile(rb"(.*)").match(b"")


def column_number(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, as a spreadsheet counts columns."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _small_xml(source: Source, archive: zipfile.ZipFile, name: str) -> ET.Element:
    info = archive.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise reject(source, f"the part '{name}' is {info.file_size / 1024**2:.0f} MB; a workbook's is a few KB", SAVE_AGAIN)
    try:
        return ET.fromstring(archive.read(info))
    except ET.ParseError as exc:
        raise reject(source, f"the part '{name}' is not well-formed XML ({exc})", SAVE_AGAIN) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def xlsx_facts(source: Source, archive: zipfile.ZipFile, names: set[str]) -> WorkbookFacts:
    """Sheet names and parts, the date system, and the shared-string counts checked."""
    facts = WorkbookFacts()
    workbook = _small_xml(source, archive, "xl/workbook.xml")
    targets = _relationship_targets(source, archive, names)
    for element in workbook.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            facts.date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet":
            rel = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            facts.sheets[element.get("name", "")] = targets.get(rel, "")
    for name in names:
        if name.lower().endswith("sharedstrings.xml"):
            _check_shared_strings(source, archive, archive.getinfo(name))
    return facts


def _relationship_targets(source: Source, archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    if "xl/_rels/workbook.xml.rels" not in names:
        return {}
    rels = _small_xml(source, archive, "xl/_rels/workbook.xml.rels")
    out = {}
    for element in rels.iter():
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            out[element.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _check_shared_strings(source: Source, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with archive.open(info) as part:
        head = part.read(limits.MAX_XML_PROLOG_BYTES)
    match = _SST_HEAD.search(head)
    if match is None:
        return
    for name, value in _COUNT.findall(match.group(1)):
        if int(value) > limits.MAX_SHARED_STRINGS:
            raise reject(source, f"the workbook declares {int(value):,} shared strings ({name.decode()}); the limit is "
                         f"{limits.MAX_SHARED_STRINGS:,}", SAVE_AGAIN)


def scan_xlsx_sheet(source: Source, sheet: str, part: str) -> SheetFacts:
    """The real extent of a sheet from every cell reference; refuses one past the limits.

    A sheet's declared dimension is checked too, but the cells decide: python-calamine
    allocates the rectangle from A1 to the farthest cell.
    """
    with zipfile.ZipFile(source.real) as archive:
        try:
            info = archive.getinfo(part)
        except KeyError:
            raise reject(source, f"the sheet '{sheet}' has no data part ({part})", SAVE_AGAIN) from None
        rows = columns = formulas = refs = cells = 0
        tail = b""
        for number, chunk in enumerate([*read_part_chunks(archive, info), b""]):
            data = tail + chunk
            cut = data.rfind(b"<") if chunk else len(data)  # never split an element between two chunks
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if number == 0:
                _check_dimension(source, sheet, data)
            found = _CELL_REF.findall(data)
            refs += len(found)
            cells += _count_cells(data)
            formulas += len(_FORMULA.findall(data)) if b"<f" in data else 0
            if found:
                rows = max(rows, max(int(r) for r in {r for _, r in found}))
                columns = max(columns, max(column_number(c.decode()) for c in {c for c, _ in found}))
                _check_extent(source, sheet, rows, columns)
    if cells != refs:
        raise reject(source, f"{cells - refs:,} cell(s) of the sheet do not start with their position (r=\"A1\")",
                     SAVE_AGAIN, Location(sheet))
    return SheetFacts(rows, columns, formulas)


def _count_cells(data: bytes) -> int:
    """Cell elements in ``data``, however written (counted fast when none has a prefix)."""
    plain = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
    return plain + (len(_PREFIXED_CELL.findall(data)) if b":c" in data else 0)


def check_declared_dimension(source: Source, sheet: str, archive: zipfile.ZipFile, part: str) -> None:
    """Refuse a sheet whose declared dimension is past the limits (reads only its start)."""
    try:
        info = archive.getinfo(part)
    except KeyError:
        return
    with archive.open(info) as data:
        _check_dimension(source, sheet, data.read(limits.MAX_XML_PROLOG_BYTES))


def _check_dimension(source: Source, sheet: str, head: bytes) -> None:
    match = _DIMENSION.search(head[: limits.MAX_XML_PROLOG_BYTES])
    if match is None:
        return
    last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    rows, columns = int(last_row), column_number(last_col.decode())
    _check_extent(source, sheet, rows, columns, declared=True)


def _check_extent(source: Source, sheet: str, rows: int, columns: int, declared: bool = False) -> None:
    said = "declares" if declared else "reaches"
    where = Location(sheet)
    if rows > limits.MAX_ROWS:
        raise reject(source, f"the sheet {said} row {rows:,}; the limit is {limits.MAX_ROWS:,} rows", "split the extract", where)
    if columns > limits.MAX_COLUMNS:
        raise reject(source, f"the sheet {said} column {columns:,}; the limit is {limits.MAX_COLUMNS:,} columns",
                     "keep only the columns the audit needs", where)
    if rows * columns > limits.MAX_SHEET_CELLS:
        raise reject(source, f"the sheet {said} {rows:,} rows x {columns:,} columns = {rows * columns:,} cells; the limit is "
                     f"{limits.MAX_SHEET_CELLS:,}", "delete stray cells far from the table (Ctrl+End shows the last one), or split the extract",
                     where)


def ods_facts(source: Source, archive: zipfile.ZipFile) -> WorkbookFacts:
    """Sheet names of an OpenDocument spreadsheet, each sheet's real extent checked (all are in content.xml).

    LibreOffice writes the empty cells and rows up to a sheet's edge as one
    element repeated thousands of times, which costs nothing; python-calamine
    allocates the rectangle up to the farthest cell holding a value, so that
    cell's position is computed from every repeat before it.
    """
    info = archive.getinfo("content.xml")
    facts = WorkbookFacts()
    extent = _OdsExtent(source)
    tail = b""
    for chunk in [*read_part_chunks(archive, info), b""]:
        data = tail + chunk
        cut = data.rfind(b"<table:table") if chunk else len(data)
        data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        if len(tail) > 64 * 1024**2:  # one row bigger than this is no extract
            raise reject(source, "a row of the sheet is over 64 MB", SAVE_AGAIN)
        for match in _ODS_ELEMENT.finditer(data):
            extent.element(match)
    for name in extent.names:
        facts.sheets[html.unescape(name)] = "content.xml"
    return facts


class _OdsExtent:
    """Follows the rows and cells of content.xml, with their repeats, to each sheet's farthest value."""

    def __init__(self, source: Source):
        self.source = source
        self.names: list[str] = []
        self.row = self.rows_with_values = self.columns = 0
        self.row_repeat = 1
        self.column = 0
        self.sheet = ""

    def element(self, match: re.Match) -> None:
        tag, attributes, closing = match.group(1), match.group(2), match.group(3)
        if tag == b"table":
            self._check()
            self.sheet = html.unescape((_ODS_NAME.search(attributes) or _EMPTY_NAME).group(1).decode("utf-8", "replace"))
            self.names.append(self.sheet)
            self.row = self.rows_with_values = self.columns = 0
        elif tag == b"table-row":
            self.row_repeat = _repeat(attributes, b"rows")
            self.row += self.row_repeat
            self.column = 0
        else:  # a cell, or a cell covered by a merge
            repeat = _repeat(attributes, b"columns")
            self.column += repeat
            if b"value-type" in attributes or (closing != b"/" and tag == b"table-cell" and repeat == 1):
                if repeat > limits.MAX_ODS_REPEAT or self.row_repeat > limits.MAX_ODS_REPEAT:
                    raise reject(self.source, f"a cell holding a value repeats {max(repeat, self.row_repeat):,} times; the limit is "
                                 f"{limits.MAX_ODS_REPEAT:,}", SAVE_AGAIN, Location(self.sheet))
                self.columns = max(self.columns, self.column)
                self.rows_with_values = self.row
                _check_extent(self.source, self.sheet, self.rows_with_values, self.columns)

    def _check(self) -> None:
        if self.names:
            _check_extent(self.source, self.sheet, self.rows_with_values, self.columns)


def _repeat(attributes: bytes, what: bytes) -> int:
    found = re.search(rb"number-" + what + rb'-repeated="(\d{1,9})"', attributes)
    return int(found.group(1)) if found else 1
