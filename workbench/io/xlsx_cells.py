"""Safe cells for an exported workbook: the rules every sheet of ``xlsx_export`` obeys.

A workbook leaves the force, so whatever an auditor or a source system typed must
arrive as inert text:

- text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  written as a string with Excel's *quote prefix* (the apostrophe a user types to
  force text): Excel, LibreOffice and a later "save as CSV" never evaluate it, and
  the value itself is unchanged, so the Answers sheet still imports exactly.
  Numbers (negative ones too) are written as numbers;
- characters XML 1.0 forbids (C0 controls other than tab, LF and CR, U+FFFE/FFFF,
  lone surrogates) are removed;
- text over Excel's 32,767-character cell limit (counted in UTF-16 units, as Excel
  counts) keeps its start in the cell with a visible marker, and the whole text is
  split across the cells of one row of a "Long text" sheet.

Every such change is reported in the notes ``write_xlsx`` returns, with the sheet
and cell. ``Book`` and ``Sheet`` wrap an xlsxwriter workbook and worksheet; the
library itself is imported only by ``xlsx_export.write_xlsx``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

#: Excel's limit on the characters (UTF-16 code units) of one cell.
MAX_CELL_CHARS = 32_767
#: Text starting with one of these could be read as a formula or a DDE command.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LONG_TEXT_SHEET = "Long text"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Cells listed by name in a note before the rest are only counted.
_CELLS_LISTED = 12
#: Column widths (in characters) never go beyond this; longer text wraps or is cut off.
MAX_WIDTH = 60
#: Column widths follow the text of this many rows per column (enough, and cheap).
_MEASURED_ROWS = 500


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> ``"C5"``."""
    letters, index = "", col + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def utf16_len(text: str) -> int:
    """The length Excel counts: characters outside the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


def split_utf16(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-16 units, never splitting a character."""
    if len(text) == utf16_len(text):
        return [text[i : i + limit] for i in range(0, len(text), limit)] or [""]
    parts, start, units = [], 0, 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > limit:
            parts.append(text[start:i])
            start, units = i, 0
        units += width
    parts.append(text[start:])
    return parts


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without XML-illegal characters, and how many were removed."""
    cleaned, removed = _ILLEGAL_XML.subn("", text)
    return cleaned, removed


def needs_quote_prefix(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_PREFIXES)


@dataclass
class Notes:
    """What was changed to make the workbook safe, by sheet and cell."""

    neutralised: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = list(self.changes)
        for sheet, cells in self.neutralised.items():
            shown = ", ".join(cells[:_CELLS_LISTED])
            more = f" and {len(cells) - _CELLS_LISTED:,} more" if len(cells) > _CELLS_LISTED else ""
            out.append(
                f"'{sheet}': {len(cells):,} cell(s) start with =, +, -, @, a tab or a carriage return and were "
                f"written as text with a quote prefix, so no spreadsheet will run them as formulas: {shown}{more}"
            )
        return out


class Book:
    """An xlsxwriter workbook with a cache of formats, the notes and the long-text sheet."""

    def __init__(self, workbook: Any, marking: str, title: str):
        self.wb = workbook
        self.marking = marking
        self.title = title
        self.notes = Notes()
        self._formats: dict[tuple, Any] = {}
        self._props: dict[int, dict] = {}
        self._long_texts: list[tuple[str, str, str]] = []

    def fmt(self, **props: Any) -> Any:
        """The (shared) format with these properties; Arial 10 unless told otherwise."""
        key = tuple(sorted(props.items()))
        found = self._formats.get(key)
        if found is None:
            found = self.wb.add_format({"font_name": "Arial", "font_size": 10, "valign": "top", **props})
            self._formats[key] = found
            self._props[id(found)] = props
        return found

    def quoted(self, fmt: Any) -> Any:
        """``fmt`` (made by ``fmt()``) with the quote prefix added."""
        props = dict(self._props.get(id(fmt), {})) if fmt is not None else {}
        props["quote_prefix"] = True
        return self.fmt(**props)

    def sheet(self, name: str, header_rows: int = 1, landscape: bool = True) -> Sheet:
        return Sheet(self, self.wb.add_worksheet(name), name, header_rows, landscape)

    def long_text(self, sheet: str, cell: str, text: str) -> str:
        """Keep ``text`` for the long-text sheet (written last); returns the marker for the cell."""
        self._long_texts.append((sheet, cell, text))
        row = len(self._long_texts)
        parts = split_utf16(text, MAX_CELL_CHARS)
        self.notes.changes.append(
            f"'{sheet}'!{cell}: the text has {utf16_len(text):,} characters, over Excel's {MAX_CELL_CHARS:,} limit; "
            f"the cell keeps the start and the whole text is on '{LONG_TEXT_SHEET}'!"
            f"{cell_name(row, 3)}:{cell_name(row, 3 + len(parts) - 1)} ({len(parts)} cells)"
        )
        return f" [... continued on sheet '{LONG_TEXT_SHEET}', row {row + 1}]"

    def finish(self) -> None:
        """Write the long-text sheet, if any text needed it (after every other sheet)."""
        if not self._long_texts:
            return
        sheet = self.sheet(LONG_TEXT_SHEET)
        sheet.header(["Sheet", "Cell", "Characters", "Text (continued across the cells to the right)"])
        wrap, count = self.fmt(text_wrap=True), self.fmt(num_format="#,##0")
        widest = 1
        for row, (name, cell, text) in enumerate(self._long_texts, start=1):
            parts = split_utf16(text, MAX_CELL_CHARS)
            widest = max(widest, len(parts))
            sheet.ws.write_string(row, 0, name)
            sheet.ws.write_string(row, 1, cell)
            sheet.ws.write_number(row, 2, utf16_len(text), count)
            for i, part in enumerate(parts):
                sheet.ws.write_string(row, 3 + i, part, wrap)
        sheet.set_widths({0: 22, 1: 10, 2: 12, **{3 + i: 60 for i in range(widest)}})
        sheet.autofilter(len(self._long_texts), 2 + widest)
        sheet.finish()


class Sheet:
    """One worksheet: safe writes, remembered column widths, the house print setup."""

    def __init__(self, book: Book, ws: Any, name: str, header_rows: int, landscape: bool):
        self.book, self.ws, self.name = book, ws, name
        self.header_rows = header_rows
        self.widths: dict[int, float] = {}
        self._seen: dict[int, int] = defaultdict(int)
        self._landscape = landscape

    # -- writing ----------------------------------------------------------------------
    def write(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """Write a number as a number and anything else as safe text (``fmt`` from ``Book.fmt``).

        An empty value writes nothing (unless ``fmt`` must show, e.g. a border:
        use ``blank``).
        """
        if value is None or value == "":
            return
        if isinstance(value, str):
            self.text(row, col, value, fmt)
        elif isinstance(value, bool):
            self.text(row, col, "Yes" if value else "No", fmt)
        elif isinstance(value, (int, float)):
            self.ws.write_number(row, col, value, fmt)
            self._track(col, len(f"{value:,}") + 2)
        else:
            self.text(row, col, str(value), fmt)

    def blank(self, row: int, col: int, fmt: Any) -> None:
        self.ws.write_blank(row, col, None, fmt)

    def text(self, row: int, col: int, text: str, fmt: Any = None) -> None:
        """Write ``text`` as an inert string (see the module docstring)."""
        if not text.isprintable() and _ILLEGAL_XML.search(text):  # isprintable: the fast, common case
            text, removed = clean_text(text)
            self.book.notes.changes.append(
                f"'{self.name}'!{cell_name(row, col)}: {removed} control character(s) that a workbook cannot hold were removed"
            )
        if len(text) > MAX_CELL_CHARS // 2 and utf16_len(text) > MAX_CELL_CHARS:
            marker = self.book.long_text(self.name, cell_name(row, col), text)
            text = split_utf16(text, MAX_CELL_CHARS - utf16_len(marker))[0] + marker
        if text.startswith(FORMULA_PREFIXES):
            self.book.notes.neutralised[self.name].append(cell_name(row, col))
            fmt = self.book.quoted(fmt)
        self.ws.write_string(row, col, text, fmt)
        if self._seen[col] < _MEASURED_ROWS:
            self._track(col, min(len(text.split("\n", 1)[0]), MAX_WIDTH) + 1)

    def row(self, row: int, values: list, fmts: list | None = None) -> None:
        """``write`` each value along the row (text, the common case, straight to ``text``)."""
        text, write, n = self.text, self.write, len(fmts) if fmts else 0
        for col, value in enumerate(values):
            fmt = fmts[col] if col < n else None  # type: ignore[index]
            if value.__class__ is str:
                if value:
                    text(row, col, value, fmt)
            else:
                write(row, col, value, fmt)

    def header(self, names: list[str], row: int = 0, fmt: Any = None) -> None:
        """A header row: bold, shaded, wrapped; widths start from the words' length."""
        fmt = fmt or self.book.fmt(**HEADER)
        for col, name in enumerate(names):
            self.text(row, col, name, fmt)
            longest = max((len(w) for w in name.split()), default=8)
            self.widths[col] = max(self.widths.get(col, 0), min(max(longest + 2, 10), MAX_WIDTH))

    def _track(self, col: int, width: float) -> None:
        # Widths follow the data, but only the first rows are measured: enough to
        # size a column, and cheap on a 100,000-row sheet.
        seen = self._seen[col]
        if seen < _MEASURED_ROWS:
            self._seen[col] = seen + 1
            if width > self.widths.get(col, 0):
                self.widths[col] = width

    # -- layout -----------------------------------------------------------------------
    def set_widths(self, widths: dict[int, float], fmt: Any = None) -> None:
        """Fix the widths of these columns (data will not widen them)."""
        for col, width in widths.items():
            self.widths[col] = width
            self._seen[col] = 10**9
            if fmt is not None:
                self.ws.set_column(col, col, width, fmt)

    def autofilter(self, last_row: int, last_col: int, first_row: int | None = None) -> None:
        first = self.header_rows - 1 if first_row is None else first_row
        self.ws.autofilter(first, 0, max(last_row, first), last_col)

    def finish(self, freeze_cols: int = 0, freeze_rows: int | None = None, fit_width: bool = True,
               pages_wide: int = 1) -> None:
        """Widths, frozen header, and the print setup every sheet shares."""
        for col, width in self.widths.items():
            self.ws.set_column(col, col, max(width, 6))
        rows = self.header_rows if freeze_rows is None else freeze_rows
        self.ws.freeze_panes(rows, freeze_cols)
        self.print_setup(rows, fit_width, pages_wide)

    def print_setup(self, repeat_rows: int, fit_width: bool = True, pages_wide: int = 1) -> None:
        ws, book = self.ws, self.book
        ws.set_paper(9)  # A4
        if self._landscape:
            ws.set_landscape()
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        marking = _escape_header(book.marking)
        title = _escape_header(book.title[:80])
        ws.set_header(f'&L&8{title}&C&"Arial,Bold"&11{marking}&R&8&A', {"margin": 0.3})
        ws.set_footer(f'&L&8Crime data integrity audit&C&"Arial,Bold"&11{marking}&R&8Page &P of &N', {"margin": 0.3})
        if repeat_rows:
            ws.repeat_rows(0, repeat_rows - 1)
        if fit_width:
            ws.fit_to_pages(pages_wide, 0)


HEADER = {"bold": True, "bg_color": "#DDE4EE", "text_wrap": True, "bottom": 1, "valign": "bottom"}


def _escape_header(text: str) -> str:
    """Text safe inside an Excel header/footer: '&' starts a control code there."""
    return clean_text(text)[0].replace("&", "&&").replace("\n", " ")
