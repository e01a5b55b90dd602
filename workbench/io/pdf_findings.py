"""The findings sections of the PDF report: the findings layout (``core.findings_layout``) in print.

Each section of the layout becomes a numbered section; a ``figures`` table is the
inspection's Part B block (heading, sentence, big figure), any other table a
ruled table whose header repeats across pages; a ``ratio`` cell prints as "x of
n" and its percentage side by side; a chart is drawn by ``pdf_chart``. The report
knows cell kinds, never checklists. Labels come from checklists, which are
user-editable data, so every text is escaped like any other user text.
"""

from __future__ import annotations

from workbench.core import statistics
from workbench.core.findings_layout import (
    BOLD, COUNT, INTERVAL, RATE, RATIO, TEXT, TOTAL, Cell, Chart, Paragraphs, Section, Table, interval_text,
    percent_text, ratio_text,
)
from workbench.io.pdf_chart import rates_chart
from workbench.io.pdf_page import FRAME_WIDTH
from workbench.io.pdf_styles import FONT_BOLD, markup, para
from workbench.io.pdf_tables import data_table, figures_block, keep

W = FRAME_WIDTH
#: Points each kind of cell takes (a ratio prints as two cells: "x of n" and "%").
WIDTHS = {COUNT: 58, RATIO: 72, RATE: 48, INTERVAL: 84, TEXT: 130}
PERCENT_WIDTH = 50
#: A heading's longest word must fit its column: the heading font's width of a character, and the cell padding.
_HEAD_CHAR, _PADDING = 5.0, 12
#: The size of a cell's text (the "cell" style), to measure short text columns.
_CELL_SIZE = 8.5


def section_flowables(section: Section) -> list:
    """A section's lead paragraph and blocks (the caller numbers and heads it)."""
    out = [para(markup(section.intro))] if section.intro else []
    for block in section.blocks:
        if isinstance(block, Table):
            out += table_flowables(block)
        elif isinstance(block, Chart):
            out += chart_flowables(block)
        elif isinstance(block, Paragraphs):
            out += [para(markup(p)) for p in block.texts]
    return out


def table_flowables(table: Table) -> list:
    """A table with its title kept to it, then its notes."""
    body = _figures(table) if table.figures else _ruled(table)
    head = [para(markup(table.title), "h3")] if table.title else []
    notes = [para(markup(n), "note") for n in table.notes] or [para("", "note")]
    return [keep(*head, body, *notes)]


def chart_flowables(chart: Chart) -> list:
    from reportlab.platypus import CondPageBreak

    drawing = rates_chart(chart)
    if drawing is None:
        return []
    return [CondPageBreak(drawing.height + 40), keep(para(markup(chart.title), "h3"), drawing,
                                                      para(markup(chart.caption), "note"))]


def _figures(table: Table):
    """Part B: per column a heading, the inspection's sentence and one big figure."""
    columns = []
    for column, cell in zip(table.columns, table.rows[0].cells):
        description = markup(column.description)
        if cell.kind == RATIO and not cell.empty:
            description += f" ({ratio_text(cell.value)})"
            figure = percent_text(cell.value.percent)
        else:
            figure = cell.text()
        columns.append((markup(column.heading), description, markup(figure)))
    return figures_block(columns, [W / len(columns)] * len(columns))


def _ruled(table: Table):
    header, widths, numeric = [], [], []
    for i, column in enumerate(table.columns):
        if column.kind == RATIO:
            numeric += [len(header), len(header) + 1]
            header += [markup(column.heading), "%"]
            widths += [WIDTHS[RATIO], PERCENT_WIDTH]
        else:
            if column.kind != TEXT:
                numeric.append(len(header))
            header.append(markup(column.heading))
            least = _text_width(table, i) if column.kind == TEXT else WIDTHS[column.kind]
            widths.append(0 if i == 0 and column.kind == TEXT else _width(column.heading, least))
    if 0 in widths:  # the label column takes what is left, but never less than a sixth
        widths[widths.index(0)] = max(W - sum(widths), W / 6)
    if sum(widths) > W:  # too wide: shrink every column alike
        widths = [w * W / sum(widths) for w in widths]
    rows, totals, bold = [], [], []
    for r, row in enumerate(table.rows):
        cells = []
        for cell in row.cells:
            cells += _cells(cell)
        rows.append(cells)
        (totals if row.emphasis == TOTAL else bold if row.emphasis == BOLD else []).append(r)
    return data_table(header, rows, widths, numeric=numeric, total_rows=totals, bold_rows=bold)


def _text_width(table: Table, index: int) -> float:
    """A text column after the first: as wide as its longest text needs (in bold), up to a text column's width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(row.cells[index].text(), FONT_BOLD, _CELL_SIZE) for row in table.rows), default=0)
    return min(WIDTHS[TEXT], longest + _PADDING)


def _width(heading: str, least: float) -> float:
    """A column's width: its kind's, or wider so that no word of its heading breaks."""
    longest = max((len(w) for w in heading.split()), default=0)
    return max(least, longest * _HEAD_CHAR + _PADDING)


def _cells(cell: Cell) -> list[str]:
    if cell.kind == RATIO:
        if cell.empty:
            return ["–", "–"]
        return [ratio_text(cell.value), percent_text(cell.value.percent)]
    if cell.kind == TEXT:
        return [markup(cell.text())]
    if cell.empty:
        return ["–"]
    if cell.kind == RATE:
        return [percent_text(statistics.points(cell.value))]
    if cell.kind == INTERVAL:
        return [interval_text(cell.value)]
    return [cell.text()]
