"""Writing a list of problems (a rejected file's, or the rows an import skipped) as CSV or xlsx."""

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
