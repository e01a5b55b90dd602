"""Table building blocks of the PDF report: light rules, right-aligned numbers.

Cells are given as *markup* strings (our own words, or user text passed through
`pdf_styles.markup`) or as ready flowables. Header rows repeat when a table
breaks across pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.io.pdf_styles import HEAD_FILL, INK, RULE, color, para

#: Cell padding in points: enough air that no cell looks cramped.
PAD_X, PAD_Y = 5, 3.5


def _cell(value, style: str):
    if isinstance(value, str):
        return para(value, style)
    if isinstance(value, int):
        return para(f"{value:,}", style)
    return value  # a flowable already


def data_table(header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float],
               numeric: Sequence[int] = (), total_rows: Sequence[int] = (), bold_rows: Sequence[int] = (),
               style_prefix: str = "cell"):
    """A table with a shaded header row that repeats across pages and light row rules.

    Parameters
    ----------
    header
        Column headings (markup).
    rows
        Body rows; each cell markup, a number, or a flowable.
    widths
        Column widths in points.
    numeric
        Indexes of right-aligned (numeric) columns.
    total_rows
        Indexes of body rows to set in bold above a darker rule (totals).
    bold_rows
        Indexes of body rows to set in bold without a rule (a leading "all" row).
    """
    from reportlab.platypus import Table, TableStyle

    numeric = set(numeric)
    head_style = "cell_head" if style_prefix == "cell" else f"{style_prefix}_head"
    cells = [[_cell(h, head_style + ("_r" if i in numeric else "")) for i, h in enumerate(header)]]
    for r, row in enumerate(rows):
        bold = r in total_rows or r in bold_rows
        out = []
        for i, value in enumerate(row):
            if isinstance(value, str | int | float) and bold:
                value = f"<b>{value}</b>"
            out.append(_cell(value, style_prefix + ("_r" if i in numeric else "")))
        cells.append(out)
    table = Table(cells, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
        ("BACKGROUND", (0, 0), (-1, 0), color(HEAD_FILL)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(INK)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, color(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, color(RULE)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, color(INK)),
    ]
    for r in total_rows:
        commands.append(("LINEABOVE", (0, r + 1), (-1, r + 1), 0.6, color(INK)))
    table.setStyle(TableStyle(commands))
    return table


def figures_block(columns: Sequence[tuple[str, str, str]], widths: Sequence[float]):
    """The inspection's Part B block: per column a heading, a sentence, and a big figure.

    ``columns`` are ``(heading, description, figure)`` markup triples.
    """
    from reportlab.platypus import Table, TableStyle

    rows = [
        [para(h, "cell_head") for h, _d, _f in columns],
        [para(d, "cell_small") for _h, d, _f in columns],
        [para(f, "cell_big") for _h, _d, f in columns],
    ]
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 2), (-1, 2), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X + 4),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 2), (-1, 2), PAD_Y + 4),
        ("BACKGROUND", (0, 0), (-1, 0), color(HEAD_FILL)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(INK)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, color(INK)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, color(INK)),
        ("LINEAFTER", (0, 1), (-2, -1), 0.25, color(RULE)),
    ]))
    return table


def keep(*flowables):
    """Keep a heading with what follows it (and a short table in one piece).

    Nested keeps are flattened: a KeepTogether reports a huge height to force its
    own split, so one inside another would always push the outer to a new page.
    """
    from reportlab.platypus import KeepTogether

    content = []
    for f in flowables:
        content.extend(f._content if isinstance(f, KeepTogether) else [f])
    return KeepTogether(content)
