"""The findings as plain text for the command line: the layout's tables, aligned, then the narrative.

Renders a `FindingsLayout` (``core.findings_layout``) and nothing else: the same
sections, tables, numbers and notes as the Findings tab, the workbook and the PDF.
"""

from __future__ import annotations

import textwrap

from workbench.core.findings_layout import TEXT, FindingsLayout, Paragraphs, Table


def layout_text(layout: FindingsLayout, width: int = 100) -> str:
    """Every section: its title, lead paragraph, tables (columns aligned) and notes."""
    blocks = []
    for section in layout.sections:
        out = [f"{section.title}\n{'=' * len(section.title)}"]
        if section.intro and section.key != "narrative":
            out.append(textwrap.fill(section.intro, width))
        for block in section.blocks:
            if isinstance(block, Table):
                out.append(table_text(block, width))
            elif isinstance(block, Paragraphs):
                out.append("\n\n".join(textwrap.fill(p, width) for p in block.texts))
        blocks.append("\n\n".join(out))
    if layout.section("narrative") is None:
        blocks.append("The findings in words\n=====================\n\n"
                      "Nothing to report yet: no complete, auditable records.")
    return "\n\n\n".join(blocks) + "\n"


def table_text(table: Table, width: int = 100) -> str:
    """A title, then columns: words left-aligned, numbers right-aligned; notes wrapped below."""
    header = [c.heading for c in table.columns]
    cells = [header, *([c.text() for c in row.cells] for row in table.rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    left = [c.kind == TEXT for c in table.columns]
    lines = [table.title, "-" * len(table.title)] if table.title else []
    for row in cells:
        parts = [c.ljust(w) if is_text else c.rjust(w) for c, w, is_text in zip(row, widths, left)]
        lines.append("  ".join(parts).rstrip())
    lines += [textwrap.fill(f"Note: {n}", width) for n in table.notes]
    return "\n".join(lines)
