"""Reading a value back from a workbook the workbench wrote (for checks, not imports)."""

from __future__ import annotations

from pathlib import Path


def label_value(path: Path, sheet: str, label: str) -> str | None:
    """The value beside ``label`` in the first two columns of ``sheet``; None if there is none."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(str(path), read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a damaged or foreign file
        return None
    try:
        if sheet not in book.sheetnames:
            return None
        for row in book[sheet].iter_rows(max_col=2, values_only=True):
            if row and row[0] == label:
                return "" if row[1] is None else str(row[1])
    finally:
        book.close()
    return None
