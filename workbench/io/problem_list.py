"""Writing a list of problems (a rejected file's) as CSV, for fixing at the source."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from workbench.core.errors import Problem

HEADER = ("sheet", "row", "column", "problem", "what to do")
#: A cell starting with one of these is a formula to Excel; a quote keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_problem_list(path: Path, problems: Iterable[Problem]) -> int:
    """Write ``problems`` to ``path`` as UTF-8 CSV (Excel opens it); return the count.

    Parameters
    ----------
    path
        The CSV file to write (replaced if it exists).
    problems
        Each becomes a row: sheet, row, column, problem, what to do.
    """
    count = 0
    with Path(path).open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for p in problems:
            loc = p.location
            writer.writerow([_safe(loc.sheet or ""), "" if loc.row is None else loc.row, _safe(loc.column or ""), _safe(p.message), _safe(p.hint)])
            count += 1
    return count


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
