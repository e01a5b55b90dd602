"""The Findings sheet: the findings layout (``core.findings_layout``) written as a workbook sheet.

A title block (audit, force, period, time limit, status, marking), the headline
figures, then every section of the layout in order: each table under its title,
its notes below, the narrative at the end. The sheet knows cell kinds, never
checklists.

Every count is a number; every rate is the exact fraction with a percentage
format (never text), in the cell right of its x and n: a ``ratio`` cell becomes
three cells, "23 | of 25 | 92.0%" ("of" is part of the number format, so the
cells still sum); an ``interval`` two ("+/- 6.16%", or "76.4% | to 99.1%"). Column
A holds row labels, the numbers sit in B to I; a heading spans the cells of its
column. Page breaks fall between tables, never inside one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.findings_layout import (
    BOLD, COUNT, INTERVAL, RATE, RATIO, TEXT, TOTAL, Cell, Column, FindingsLayout, Paragraphs, Table,
)
from workbench.core.report import ReportData
from workbench.io.xlsx_cells import Book, Sheet

FINDINGS_SHEET = "Findings"
#: Column A holds row labels; the numbers sit in B to I.
LABEL_WIDTH, VALUE_WIDTH, VALUE_COLUMNS = 46, 14, 8
NAVY = "#1F3864"
_LINE_HEIGHT = 12.75
#: A table row's height: a line of text with air above and below it.
_ROW = 18.0
_LABEL_CHARS = LABEL_WIDTH + VALUE_COLUMNS * VALUE_WIDTH
#: Sheet cells each kind of layout cell takes (words other than the label span three).
SPAN = {TEXT: 3, COUNT: 1, RATIO: 3, RATE: 1, INTERVAL: 2}
_COUNT, _OF, _PCT, _PLUS_MINUS, _HIGH = "#,##0", '"of "#,##0', "0.0%", '"+/- "0.00%', '"to "0.0%'


@dataclass
class _Cursor:
    """Where the next row goes, and where printed pages break so no table is split.

    Heights are in points; a row not given one is the default 13.5. ``PAGE`` is the
    height of a landscape A4 page below the repeated title rows, at the scale
    fit-to-width gives these column widths.
    """

    sheet: Sheet
    row: int = 0
    page_start: int = 2
    anchor: int | None = None
    heights: dict[int, float] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)

    PAGE = 690.0

    @property
    def book(self) -> Book:
        return self.sheet.book

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def set_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.sheet.ws.set_row(row, height)

    def keep_together(self, needed: float) -> None:
        """Start a new page here (or at the section heading above) unless ``needed`` fits."""
        used = sum(self.heights.get(r, 13.5) for r in range(self.page_start, self.row))
        if used + needed > self.PAGE and self.row > self.page_start:
            at = self.anchor if self.anchor is not None else self.row
            if at > self.page_start:
                self.breaks.append(at)
                self.page_start = at
        self.anchor = None


def write_findings(book: Book, data: ReportData) -> Sheet:
    """Add the Findings sheet (first in the workbook) and lay out every section."""
    sheet = book.sheet(FINDINGS_SHEET, header_rows=2)
    cur = _Cursor(sheet)
    _title_block(cur, data)
    layout: FindingsLayout | None = data.layout
    if layout is None:
        _paragraph(cur, "The findings are not available in this build.", book.fmt(italic=True))
    else:
        _headlines(cur, layout)
        for section in layout.sections:
            _section(cur, section.title)
            if section.intro:
                _paragraph(cur, section.intro, book.fmt(text_wrap=True, font_size=9, font_color="#404040"))
                cur.skip()
            for block in section.blocks:
                if isinstance(block, Table):
                    _table(cur, block, data.settings.force or "This audit")
                elif isinstance(block, Paragraphs):
                    _paragraphs(cur, block.texts)
    sheet.set_widths({0: LABEL_WIDTH, **{c: VALUE_WIDTH for c in range(1, VALUE_COLUMNS + 1)}})
    sheet.ws.hide_gridlines(2)
    sheet.ws.set_default_row(13.5)
    sheet.ws.set_h_pagebreaks(cur.breaks)
    sheet.finish()
    return sheet


# -- title block and headline figures ------------------------------------------------------


def _title_block(cur: _Cursor, data: ReportData) -> None:
    book, ws, s = cur.book, cur.sheet.ws, data.settings
    cur.sheet.write(0, 0, s.title, book.fmt(bold=True, font_size=16, font_color=NAVY, valign="vcenter"))
    cur.set_height(0, 24)
    cur.sheet.write(1, 0, f"Crime data integrity audit: findings   |   {s.marking}   |   {data.status}",
                    book.fmt(font_size=10, font_color="#595959", bottom=2, bottom_color=NAVY))
    for col in range(1, VALUE_COLUMNS + 1):
        ws.write_blank(1, col, None, book.fmt(bottom=2, bottom_color=NAVY))
    status = data.status
    if data.signoff and data.signoff.void:
        status = data.signoff.void
    elif data.signoff:
        status = f"Signed off by {data.signoff.name} ({data.signoff.role}) on {data.signoff.at[:10]}"
    period = " to ".join(p for p in (s.period_start, s.period_end) if p) or "not set"
    pairs = [("Force", s.force or "not set"), ("Audit period", period),
             ("Recording time limit", f"{s.time_limit_hours} hours"), ("Status", status),
             ("Protective marking", s.marking), ("Generated", f"{data.generated_at[:16].replace('T', ' ')} by {data.generated_by}")]
    label, value = book.fmt(bold=True, font_color="#404040"), book.fmt()
    cur.row = 3
    for key, text in pairs:
        cur.sheet.write(cur.row, 0, key, label)
        cur.sheet.write(cur.row, 1, text, value)
        cur.skip()
    cur.skip()


def _headlines(cur: _Cursor, layout: FindingsLayout) -> None:
    if not layout.headlines:
        return
    _section(cur, "Headline figures")
    book = cur.book
    label, figure = book.fmt(bold=True, font_color="#404040"), book.fmt(bold=True, font_size=12, num_format=_PCT)
    detail = book.fmt(font_color="#595959", font_size=9, text_wrap=True)
    for h in layout.headlines:
        cur.sheet.write(cur.row, 0, h.label, label)
        c = h.value
        share = None if c.empty else c.value.x / c.value.n if c.kind == RATIO else c.value
        cur.sheet.write(cur.row, 1, share, figure)  # the exact fraction, shown as a percentage
        cur.sheet.ws.merge_range(cur.row, 2, cur.row, VALUE_COLUMNS, "", detail)
        cur.sheet.write(cur.row, 2, h.detail, detail)
        cur.set_height(cur.row, 16 if len(h.detail) < 100 else 28)
        cur.skip()


def _section(cur: _Cursor, title: str) -> None:
    cur.skip()
    fmt = cur.book.fmt(bold=True, font_size=13, font_color=NAVY, bottom=1, bottom_color=NAVY, valign="bottom")
    cur.sheet.write(cur.row, 0, title, fmt)
    for col in range(1, VALUE_COLUMNS + 1):
        cur.sheet.ws.write_blank(cur.row, col, None, cur.book.fmt(bottom=1, bottom_color=NAVY))
    cur.set_height(cur.row, 20)
    cur.anchor = cur.row  # a page break before the next table goes above its section's heading
    cur.skip(2)


# -- tables ------------------------------------------------------------------------------


def _spans(table: Table) -> list[int]:
    """Sheet columns each layout column takes; the first text column is the label (column A)."""
    spans = [1 if i == 0 and c.kind == TEXT else SPAN[c.kind] for i, c in enumerate(table.columns)]
    for words in (2, 1):  # too wide: words take fewer cells
        if sum(spans) + (table.columns[0].kind != TEXT) <= VALUE_COLUMNS + 1:
            break
        spans = [min(words, s) if c.kind == TEXT else s for c, s in zip(table.columns, spans)]
    return spans


def _table(cur: _Cursor, table: Table, force: str) -> None:
    """A titled table (headings spanning their cells), then its notes."""
    book, sheet = cur.book, cur.sheet
    cur.keep_together(_ROW * len(table.rows) + 13.5 * (2 + 2 * len(table.notes)) + 40)
    if table.title:
        sheet.write(cur.row, 0, table.title, book.fmt(bold=True, font_size=11))
        cur.skip()
    spans = _spans(table)
    first = 0 if table.columns[0].kind == TEXT else 1  # no label column: column A names the force
    _headings(cur, table.columns, spans, first)
    for i, row in enumerate(table.rows):
        bold = row.emphasis in (BOLD, TOTAL)
        last = i == len(table.rows) - 1
        top = row.emphasis == TOTAL
        if first:
            sheet.write(cur.row, 0, force, _fmt(book, TEXT, bold, last, top, label=True))
        col = first
        for cell, span, column in zip(row.cells, spans, table.columns):
            _write_cell(cur, col, cell, span, bold, last, top, label=col == 0)
            col += span
        lines = _row_lines(row.cells, spans, first)
        cur.set_height(cur.row, _ROW + _LINE_HEIGHT * (lines - 1))
        cur.skip()
    for note in table.notes:
        _paragraph(cur, note, book.fmt(italic=True, font_size=8, font_color="#595959", text_wrap=True))
    cur.skip()


def _row_lines(cells, spans: list[int], first: int) -> int:
    """Lines the row's tallest text cell wraps to in its cells' width (the label's column is wider)."""
    lines, col = 1, first
    for cell, span in zip(cells, spans):
        if cell.kind == TEXT:
            width = (LABEL_WIDTH if col == 0 else 0) + VALUE_WIDTH * (span - (col == 0))
            lines = max(lines, -(-len(cell.text()) // max(1, width - 2)))
        col += span
    return lines


def _headings(cur: _Cursor, columns: tuple[Column, ...], spans: list[int], first: int) -> None:
    book, sheet = cur.book, cur.sheet
    lines, col = 1, first
    if first:
        sheet.blank(cur.row, 0, book.fmt(bold=True, bg_color="#DDE4EE", top=1, bottom=1))
    for column, span in zip(columns, spans):
        align = "left" if column.kind == TEXT else "center" if span > 1 else "right"
        fmt = book.fmt(bold=True, bg_color="#DDE4EE", text_wrap=True, valign="bottom", top=1, bottom=1, align=align)
        if span > 1:
            sheet.ws.merge_range(cur.row, col, cur.row, col + span - 1, "", fmt)
        sheet.write(cur.row, col, column.heading, fmt)
        if col:
            lines = max(lines, -(-len(column.heading) // (span * VALUE_WIDTH - 2)))
        col += span
    cur.set_height(cur.row, _LINE_HEIGHT * lines + 3)
    cur.skip()


def _write_cell(cur: _Cursor, col: int, cell: Cell, span: int, bold: bool, last: bool, top: bool, label: bool) -> None:
    """One layout cell as ``span`` sheet cells, numbers as numbers."""
    book, sheet = cur.book, cur.sheet
    values: list[tuple[Any, str]]
    if cell.kind == TEXT or cell.empty:
        values = [(cell.text() if not cell.empty or cell.kind == TEXT else "", TEXT)] + [("", TEXT)] * (span - 1)
        if cell.kind == TEXT and span > 1:
            fmt = _fmt(book, TEXT, bold, last, top)
            sheet.ws.merge_range(cur.row, col, cur.row, col + span - 1, "", fmt)
            if cell.value:
                sheet.write(cur.row, col, cell.value, fmt)
            return
    elif cell.kind == COUNT:
        values = [(cell.value, _COUNT)]
    elif cell.kind == RATIO:
        c = cell.value
        values = [(c.x, _COUNT), (c.n, _OF), (c.x / c.n, _PCT)]
    elif cell.kind == RATE:
        values = [(cell.value, _PCT)]
    else:  # an interval: +/- half-width, or the Wilson bounds
        iv = cell.value
        values = [(iv.half_width, _PLUS_MINUS), ("", _HIGH)] if iv.to_dict()["method"] != "wilson" else \
            [(iv.low, _PCT), (iv.high, _HIGH)]
    for offset, (value, kind) in enumerate(values[:span]):
        fmt = _fmt(book, kind, bold, last, top, label=label and offset == 0)
        if value is None or value == "":
            sheet.blank(cur.row, col + offset, fmt)  # keeps the table's rules
        else:
            sheet.write(cur.row, col + offset, value, fmt)


def _fmt(book: Book, kind: str, bold: bool, last: bool, top: bool, label: bool = False) -> Any:
    props: dict[str, Any] = {"valign": "vcenter"}  # a line of air above and below, clear of the rules
    if bold:
        props["bold"] = True
    if last:
        props["bottom"] = 1
    if top:
        props["top"] = 1
    if kind == TEXT:
        props["text_wrap"] = True
        if not label:
            props.update(align="left", indent=1)
    else:
        props["num_format"] = kind
    return book.fmt(**props)


# -- running text -----------------------------------------------------------------------


def _paragraph(cur: _Cursor, text: str, fmt: Any, padding: float = 5) -> None:
    cur.sheet.ws.merge_range(cur.row, 0, cur.row, VALUE_COLUMNS, "", fmt)
    cur.sheet.write(cur.row, 0, text, fmt)
    chars = _LABEL_CHARS * (1.25 if fmt_size(fmt) < 10 else 1.0)
    lines = sum(max(1, -(-len(part) // int(chars))) for part in text.split("\n"))
    cur.set_height(cur.row, _LINE_HEIGHT * lines + padding)
    cur.skip()


def _paragraphs(cur: _Cursor, texts: tuple[str, ...]) -> None:
    fmt = cur.book.fmt(text_wrap=True, font_size=10)
    for text in texts:
        cur.keep_together(_LINE_HEIGHT * (len(text) / _LABEL_CHARS + 1) + 10)
        _paragraph(cur, text, fmt, padding=9)


def fmt_size(fmt: Any) -> float:
    """The font size of an xlsxwriter format."""
    return float(getattr(fmt, "font_size", 10) or 10)
