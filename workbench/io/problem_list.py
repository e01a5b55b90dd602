"""Writing a list of problems (a rejected file's, or the rows an import skipped) as CSV or xlsx."""

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


def write_problem_report(path: Path, problems: Iterable[Problem]) -> int:
    """Write ``problems`` to ``path`` as an xlsx workbook (one sheet, a row each); return the count.

    Columns: sheet, row, column, problem, what to do. Text is always written as
    text (a value starting ``=`` stays text, never a formula). Written to a
    temporary file and renamed into place, so a failure leaves no half a report.
    """
    import xlsxwriter

    path = Path(path)
    partial = path.with_name(path.name + ".part")
    book = xlsxwriter.Workbook(str(partial), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("Problems")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    for col, (title, width) in enumerate(zip(HEADER, (18, 8, 18, 60, 50))):
        sheet.write_string(0, col, title.capitalize(), bold)
        sheet.set_column(col, col, width, wrap if col >= 3 else top)
    count = 0
    for count, p in enumerate(problems, start=1):
        loc = p.location
        sheet.write_string(count, 0, _printable(loc.sheet or ""))
        if loc.row is not None:
            sheet.write_number(count, 1, loc.row)
        sheet.write_string(count, 2, _printable(loc.column or ""))
        sheet.write_string(count, 3, _printable(p.message))
        sheet.write_string(count, 4, _printable(p.hint))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(HEADER) - 1)
    book.close()
    partial.replace(path)
    return count


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))
