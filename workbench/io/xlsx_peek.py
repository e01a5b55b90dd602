"""The first rows of an xlsx sheet, read from the zip as far as they go and no further.

The wizard's preview shows 60 rows; python-calamine would parse the whole sheet
and every shared string first (seconds on a 100,000-row extract). This reads the
sheet's XML with expat until the rows are in, then the shared strings only up
to the last one those rows use. Values become text as ``tabular.cell_text``
makes them (dates from the cell's number format, in the workbook's date system).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import xml.parsers.expat
from collections.abc import Iterable

from workbench.io import guard, limits
from workbench.io.guard import SAVE_AGAIN, Source, read_part_chunks, reject
from workbench.io.workbook_parts import check_declared_dimension, column_number

_FEED = 1 << 16
#: Excel's built-in number formats that show a date or a time.
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class _Enough(Exception):
    """The rows wanted are in: stop parsing."""


def peek_rows(source: Source, sheet: str | None, limit: int = limits.PREVIEW_ROWS) -> list[list[str]]:
    """Sheet rows 1..``limit`` of ``sheet`` (default the first) as text; blank rows as ``[]``."""
    from workbench.io.tabular import _chosen_sheet, cell_text

    facts = guard.inspect_workbook(source)
    name = _chosen_sheet(source, list(facts.sheets), sheet)
    with zipfile.ZipFile(source.real) as archive:
        check_declared_dimension(source, name, archive, facts.sheets[name])
        date_styles = _date_styles(archive)
        raw = _sheet_cells(source, archive, facts.sheets[name], limit)
        wanted = {int(v) for row in raw.values() for _, kind, _, v in row if kind == "s" and v.isdigit()}
        strings = _shared_strings(source, archive, max(wanted) if wanted else -1)
    epoch = dt.datetime(1904, 1, 1) if facts.date1904 else dt.datetime(1899, 12, 30)
    rows: list[list[str]] = [[] for _ in range(min(limit, max(raw, default=0)))]
    for number, cells in raw.items():
        width = max(col for col, _, _, _ in cells)
        out = [""] * width
        for col, kind, style, value in cells:
            out[col - 1] = cell_text(_value(kind, style, value, strings, date_styles, epoch, facts.date1904))
        rows[number - 1] = out
    return rows


def _value(kind: str, style: int, value: str, strings: dict[int, str], date_styles: set[int], epoch: dt.datetime, date1904: bool):
    if kind == "s":
        return strings.get(int(value), "") if value.isdigit() else ""
    if kind in ("inlineStr", "str", "e"):
        return value
    if kind == "b":
        return value == "1"
    if not value:
        return ""
    try:
        number = float(value)
    except ValueError:
        return value
    if style in date_styles and 0 <= number < 2_958_466:
        if not date1904 and number < 60:
            number += 1  # Excel's 1900 system counts a 29 February 1900 that never was
        when = epoch + dt.timedelta(days=number)
        when = when.replace(microsecond=0) + dt.timedelta(seconds=round(when.microsecond / 1e6))
        return when.date() if number.is_integer() else when
    return number


def _sheet_cells(source: Source, archive: zipfile.ZipFile, part: str, limit: int) -> dict[int, list[tuple]]:
    """``{row: [(column, type, style, text)]}`` for rows up to ``limit``."""
    rows: dict[int, list[tuple]] = {}
    state = {"row": 0, "col": 0, "cell": None, "text": None, "in_is": False}
    parser = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            state["row"] = int(attrs.get("r") or state["row"] + 1)
            state["col"] = 0
            if state["row"] > limit:
                raise _Enough
        elif local == "c":
            ref = attrs.get("r", "")
            letters = ref.rstrip("0123456789")
            state["col"] = column_number(letters) if letters else state["col"] + 1
            if state["col"] > limits.MAX_COLUMNS:
                raise reject(source, f"the sheet reaches column {state['col']:,}; the limit is {limits.MAX_COLUMNS:,} columns",
                             "keep only the columns the audit needs")
            state["cell"] = [state["col"], attrs.get("t", "n"), int(attrs.get("s", "0") or 0), ""]
        elif local in ("v", "t", "f") and state["cell"] is not None:
            state["text"] = [] if local != "f" else None
        elif local == "is":
            state["in_is"] = True

    def end(tag):
        local = tag.rsplit(":", 1)[-1]
        cell = state["cell"]
        if local in ("v", "t") and cell is not None and state["text"] is not None:
            if local == "v" or state["in_is"]:
                cell[3] += "".join(state["text"])[: 4 * limits.MAX_CELL_CHARS]
            state["text"] = None
        elif local == "c" and cell is not None:
            if cell[3]:
                rows.setdefault(state["row"], []).append(tuple(cell))
            state["cell"] = None
            state["in_is"] = False

    def text(data):
        if state["text"] is not None:
            state["text"].append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _feed(source, parser, _chunks(archive, part))
    return rows


def _feed(source: Source, parser, chunks: Iterable[bytes]) -> None:
    parser.buffer_text = True
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        return
    except xml.parsers.expat.ExpatError as exc:
        raise reject(source, f"the sheet's XML is damaged ({exc})", SAVE_AGAIN) from None


def _chunks(archive: zipfile.ZipFile, part: str):
    try:
        info = archive.getinfo(part)
    except KeyError:
        return
    for chunk in read_part_chunks(archive, info):
        for i in range(0, len(chunk), _FEED):
            yield chunk[i : i + _FEED]


def _shared_strings(source: Source, archive: zipfile.ZipFile, last: int) -> dict[int, str]:
    """Shared strings 0..``last`` (the table is read only that far)."""
    strings: dict[int, str] = {}
    if last < 0:
        return strings
    part = next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if part is None:
        return strings
    state = {"index": -1, "parts": None, "skip": 0}
    parser = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "si":
            state["index"] += 1
            state["parts"] = []
        elif local in ("rPh", "phoneticPr"):
            state["skip"] += 1

    def end(tag):
        local = tag.rsplit(":", 1)[-1]
        if local == "si":
            strings[state["index"]] = "".join(state["parts"] or [])[: 4 * limits.MAX_CELL_CHARS]
            state["parts"] = None
            if state["index"] >= last:
                raise _Enough
        elif local in ("rPh", "phoneticPr"):
            state["skip"] -= 1

    def text(data):
        if state["parts"] is not None and not state["skip"]:
            state["parts"].append(data)

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _feed(source, parser, _chunks(archive, part))
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date or time."""
    try:
        info = archive.getinfo("xl/styles.xml")
    except KeyError:
        return set()
    if info.file_size > 16 * 1024**2:
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"in_xfs": False}
    parser = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "numFmt":
            custom[int(attrs.get("numFmtId", "0") or 0)] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["in_xfs"] = True
        elif local == "xf" and state["in_xfs"]:
            formats.append(int(attrs.get("numFmtId", "0") or 0))

    def end(tag):
        if tag.rsplit(":", 1)[-1] == "cellXfs":
            state["in_xfs"] = False

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(archive.read(info), True)
    except xml.parsers.expat.ExpatError:
        return set()
    return {i for i, fmt in enumerate(formats) if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_code(custom[fmt]))}


def _is_date_code(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return any(ch in bare for ch in "dmyhs") and "general" not in bare
