"""The findings layout as rich text for the Findings tab (a ``QTextBrowser``).

Renders a `FindingsLayout` (``core.findings_layout``) and nothing else. Made for a
narrow pane (about 450 px at 1366 x 768): a percentage stands over its "x of n"
in one cell, words wrap and numbers do not, headings wrap between words, so no
table needs a horizontal scroll bar. Every text is escaped: labels and titles
come from checklists, which users write.
"""

from __future__ import annotations

import html

from workbench.core.findings_layout import (
    COUNT, INTERVAL, RATE, RATIO, TEXT, TOTAL, BOLD, Cell, FindingsLayout, Headline, Paragraphs, Table,
    interval_text, percent_text, ratio_text,
)
from workbench.core import statistics
from workbench.ui.common import style

_CELL = "padding:3px 6px 3px 6px;"
_NBSP = "\u00a0"


def _e(value: object) -> str:
    return html.escape(str(value))


def message(text: str) -> str:
    """A line of secondary text (already escaped)."""
    return f'<p style="color:{style.SECONDARY}">{text}</p>'


def findings_html(layout: FindingsLayout) -> str:
    """The layout's headline figures, then every section's tables, notes and paragraphs."""
    parts = [_headlines(layout.headlines)] if layout.headlines else []
    for section in layout.sections:
        parts.append(_section(section.title))
        if section.intro:
            parts.append(f'<p style="color:{style.SECONDARY}; margin-top:0px">{_e(section.intro)}</p>')
        for block in section.blocks:
            if isinstance(block, Table):
                parts.append(_table(block))
            elif isinstance(block, Paragraphs):
                parts += [f'<p style="margin-bottom:8px">{_e(p)}</p>' for p in block.texts]
    return "".join(parts)


def _section(title: str) -> str:
    return (f'<p style="margin-top:18px; margin-bottom:0px; font-size:large; font-weight:600; '
            f'color:{style.ACCENT}">{_e(title)}</p><hr style="border:none; height:1px; background:{style.BORDER}"/>')


def _headlines(headlines: tuple[Headline, ...]) -> str:
    """The headline figures two to a row: label, big figure, what it counts."""
    cells = [f'<td width="50%" style="padding:4px 12px 10px 0px; border-top:2px solid {style.ACCENT}">'
             f'<span style="color:{style.SECONDARY}; font-weight:600">{_e(h.label)}</span><br/>'
             f'<span style="font-size:x-large; font-weight:600">{_e(h.figure)}</span><br/>'
             f'<span style="color:{style.SECONDARY}; font-size:small">{_e(h.detail)}</span></td>' for h in headlines]
    rows = ["<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
    return f'<table width="100%" cellspacing="6" cellpadding="0">{"".join(rows)}</table>'


def _table(table: Table) -> str:
    out = [f'<p style="margin-top:14px; margin-bottom:4px; font-weight:600">{_e(table.title)}</p>' if table.title else
           '<p style="margin-top:8px; margin-bottom:0px"></p>',
           f'<table width="99%" cellspacing="0" cellpadding="0" style="border-collapse:collapse; '
           f'border-top:1px solid {style.BORDER}; border-bottom:1px solid {style.BORDER}"><tr>']
    # With five columns or more, the label column keeps 30% of the pane: Qt's table layout would
    # otherwise give it what the figures leave and break its words ("cancellatio / n").
    label_width = ' width="30%"' if len(table.columns) >= 5 and table.columns[0].kind == TEXT else ""
    for i, column in enumerate(table.columns):
        align = "left" if column.kind == TEXT else "right"
        out.append(f'<th align="{align}"{label_width if i == 0 else ""} style="{_CELL} background:{style.BACKGROUND};'
                   f' color:{style.SECONDARY}; font-weight:600; border-bottom:1px solid {style.BORDER}">'
                   f'{_heading(column.heading)}</th>')
    out.append("</tr>")
    for row in table.rows:
        weight = "font-weight:600;" if row.emphasis in (BOLD, TOTAL) else ""
        rule = f"border-top:1px solid {style.SECONDARY};" if row.emphasis == TOTAL else ""
        out.append("<tr>")
        for cell in row.cells:
            align = "left" if cell.kind == TEXT else "right"
            out.append(f'<td align="{align}" style="{_CELL}{weight}{rule}">{_cell(cell)}</td>')
        out.append("</tr>")
    out.append("</table>")
    out += [f'<p style="color:{style.SECONDARY}; font-size:small; margin-top:3px">{_e(n)}</p>' for n in table.notes]
    return "".join(out)


def _cell(cell: Cell) -> str:
    """A cell's markup: numbers never break; a percentage stands over its x of n."""
    if cell.kind == TEXT:
        words = cell.text()
        if words[:1].isdigit() or words[:1] in "-–(":  # figures in words: "1.00 (0.71–1.00)", "51.0–100.0%"
            # a line may break before the bracket and after a dash, never inside a number
            return _e(words).replace(" (", "<br/>(").replace("–", "–​")
        return _e(words)
    if cell.empty:
        return _e(cell.text())
    if cell.kind == RATIO:
        return (f'{_e(percent_text(cell.value.percent))}<br/><span style="color:{style.SECONDARY}; font-size:small">'
                f'{_e(ratio_text(cell.value)).replace(" ", _NBSP)}</span>')
    if cell.kind == RATE:
        return _e(percent_text(statistics.points(cell.value)))
    if cell.kind == INTERVAL:
        shown = interval_text(cell.value)
        if " to " in shown:  # Wilson bounds: may wrap between the two bounds, never inside one
            low, high = shown.split(" to ")
            return f"{_e(low)}{_NBSP}to<br/>{_e(high)}"
        return _e(shown.replace(" ", _NBSP))
    if cell.kind == COUNT:
        return _e(cell.text())
    return _e(cell.text())


def _heading(text: str) -> str:
    """A column heading that wraps between words only (a narrow pane squeezed "Recorde / d")."""
    words = text.split()
    if len(words) < 2:
        return _e(text)
    lines, line = [], ""
    for word in words:  # lines of up to about 12 characters
        if line and len(line) + 1 + len(word) > 12:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br/>".join(_e(line) for line in lines)
