"""Writing a list of problems (a rejected file's) as CSV, for fixing at the source."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.core.errors import Problem
from workbench.io.csv_out import write_csv

HEADER = ("sheet", "row", "column", "problem", "what to do")


def write_problem_list(path: Path, problems: Iterable[Problem]) -> int:
    """Write ``problems`` to ``path`` as UTF-8 CSV (Excel opens it); return the count.

    Parameters
    ----------
    path
        The CSV file to write (replaced if it exists).
    problems
        Each becomes a row: sheet, row, column, problem, what to do.
    """
    return write_csv(path, HEADER, (
        [p.location.sheet or "", "" if p.location.row is None else p.location.row, p.location.column or "", p.message, p.hint]
        for p in problems
    ))
