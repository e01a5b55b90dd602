"""The checks a sheet's header and rows get however the sheet is read (whole, ``tabular.read_table``, or
row by row, ``table_rows.stream_table``), and how a spreadsheet names a column."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.core.errors import Location, Problem
from workbench.io.limits import MAX_CELL_CHARS


def spread_merged_headings(cells: list[str], number: int, merged: Sequence) -> tuple[list[str], list[str]]:
    """A heading merged across columns names each of them: 'Dates', 'Dates (2)', ...

    Only the first cell of a merged range holds the text; the others read blank,
    which would leave columns without a heading.
    """
    cells = list(cells)
    spread = []
    for (top, left), (bottom, right) in merged:
        if not top <= number - 1 <= bottom or right <= left or left >= len(cells) or not cells[left]:
            continue
        cells.extend([""] * (right + 1 - len(cells)))
        name = cells[left]
        for offset, col in enumerate(range(left + 1, right + 1), start=2):
            if not cells[col]:
                cells[col] = f"{name} ({offset})"
        spread.append(f"'{name}' over columns {column_letter(left)}-{column_letter(right)}")
    return cells, spread


def row_problems(cells: list[str], header: list[str], sheet: str | None, number: int) -> list[Problem]:
    """What is wrong with data row ``number``: values beyond the last heading, a cell over the size limit."""
    problems = []
    if len(cells) > len(header) and any(cells[len(header):]):
        problems.append(Problem("this row has values beyond the last column heading", Location(sheet, number), "add a heading for that column or delete the values"))
    if sum(map(len, cells)) > MAX_CELL_CHARS:
        for col, value in zip(header, cells):
            if len(value) > MAX_CELL_CHARS:
                problems.append(Problem(f"the cell holds {len(value):,} characters; the limit is {MAX_CELL_CHARS:,}", Location(sheet, number, col), "shorten it in the source system's extract"))
    return problems


def clean_header(cells: list[str], sheet: str | None, row: int, problems: list[Problem]) -> list[str]:
    """The header row ``row`` without its trailing blank cells; a blank or repeated heading is added to ``problems``."""
    while cells and not cells[-1]:
        cells.pop()
    seen: dict[str, int] = {}
    for i, name in enumerate(cells):
        letter = column_letter(i)
        if not name:
            problems.append(Problem(f"column {letter} has no heading", Location(sheet, row), "give every column a heading or delete the empty column"))
        elif name.casefold() in seen:
            problems.append(Problem(f"the heading '{name}' appears twice (columns {column_letter(seen[name.casefold()])} and {letter})", Location(sheet, row), "rename one of them"))
        else:
            seen[name.casefold()] = i
    return cells


def header_index(header: Sequence[str], name: str) -> int | None:
    """Index of the heading ``name`` in ``header`` (case and surrounding spaces ignored)."""
    wanted = name.strip().casefold()
    return next((i for i, h in enumerate(header) if h.strip().casefold() == wanted), None)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
