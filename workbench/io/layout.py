"""Finding the table in a sheet: the header row under title rows, blank and totals rows.

Pure rules over rows of text, shared by ``workbench import`` and the wizard, so
both take the same row as the header and skip the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: How far down a header row is looked for.
HEADER_SEARCH_ROWS = 30
_NUMBER = re.compile(r"^[-+]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?$")
_TOTAL_WORDS = ("total", "totals", "grand total", "sum", "count", "subtotal", "records", "rows")


@dataclass(frozen=True)
class HeaderGuess:
    """The row taken as the header, and why (for the CLI to say)."""

    row: int
    names: list[str]
    titles: int  # non-blank rows above it (titles, notes)


def header_at(rows: Sequence[Sequence[str]], header_row: int) -> tuple[int, list[str]]:
    """The header from ``header_row`` on: the first non-empty row (1-based) and its names.

    Trailing blank names are dropped; ``(header_row, [])`` when there is none in ``rows``.
    """
    for number in range(header_row, len(rows) + 1):
        cells = rows[number - 1]
        if any(cells):
            names = list(cells)
            while names and not names[-1]:
                names.pop()
            return number, names
    return header_row, []


def guess_header_row(rows: Sequence[Sequence[str]], key_names: Sequence[str] = ()) -> int:
    """The likely header row (1-based) of a sheet whose first rows are ``rows``.

    The first row naming a key column (one of ``key_names``) within the first
    ``HEADER_SEARCH_ROWS``; else the first row that reads as headings (at least
    two cells, none of them a number, and at least half as many filled cells as
    the fullest row below it: a title or a note fills one cell); else the first
    non-empty row.
    """
    top = [list(r) for r in rows[:HEADER_SEARCH_ROWS]]
    wanted = {n.casefold() for n in key_names}
    for number, cells in enumerate(top, start=1):
        if wanted and any(c.strip().casefold() in wanted for c in cells):
            return number
    widest = max((_filled(r) for r in top), default=0)
    for number, cells in enumerate(top, start=1):
        filled = _filled(cells)
        if filled >= 2 and 2 * filled >= widest and not any(_NUMBER.match(c.strip()) for c in cells if c.strip()):
            return number
    for number, cells in enumerate(rows, start=1):
        if any(cells):
            return number
    return 1


def describe_guess(rows: Sequence[Sequence[str]], header_row: int) -> HeaderGuess:
    """The guess with its names and the count of non-blank rows above it."""
    number, names = header_at(rows, header_row)
    titles = sum(1 for r in rows[: number - 1] if any(r))
    return HeaderGuess(number, names, titles)


def is_totals_row(cells: Sequence[str], key_index: int | None) -> bool:
    """A row that sums or counts the rows above it rather than being one.

    Its key cell is blank or says Total (Totals, Grand total, Count ...), and the
    rest are numbers or blank (a label may sit in any one cell).
    """
    values = [c.strip() for c in cells]
    key = values[key_index].casefold() if key_index is not None and key_index < len(values) else ""
    labels = [v for v in values if v and not _NUMBER.match(v)]
    numbers = [v for v in values if v and _NUMBER.match(v)]
    if key and not any(key.startswith(w) for w in _TOTAL_WORDS):
        return False
    if not labels:
        return bool(numbers) and not key
    return len(labels) == 1 and labels[0].casefold().rstrip(":").startswith(_TOTAL_WORDS) and (bool(numbers) or bool(key))


def _filled(cells: Sequence[str]) -> int:
    return sum(1 for c in cells if c.strip())
