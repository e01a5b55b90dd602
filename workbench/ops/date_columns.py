"""A column of dates with a few values that are not dates: said before an import.

Source fields are imported as written (the record shows them; the checklist asks
about them), so a "reported" value of "not a date" is no reason to refuse a file.
But in a column that otherwise holds dates it is most likely a slip in the extract,
and the auditor should hear of it before importing: ``odd_dates`` words it as a note
for the import's check, naming the rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from workbench.core.records import Record

#: A column is taken for a date column when at least this share of its values are dates.
DATE_SHARE = 0.8
#: ... and at least this many.
MIN_DATES = 3
EXAMPLES = 3

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NAMED = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")


def is_date(text: str) -> bool:
    """Whether ``text`` is a date (or date and time) as extracts write them: ISO, 14/03/2024, 14 Mar 2024."""
    text = text.strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_NAMED, "dMy")):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = dict(zip(order, match.groups()))
        month = _MONTHS.get(parts["M"].lower()) if "M" in parts else int(parts["m"])
        try:
            dt.date(int(parts["y"]), month or 0, int(parts["d"]))
        except (TypeError, ValueError):
            return False
        return True
    return False


def odd_dates(records: Iterable[Record]) -> list[str]:
    """A sentence for each column of dates with values that are not dates (rows named)."""
    values: dict[str, list[tuple[int, str]]] = {}
    for record in records:
        for column, value in record.fields.items():
            if value.strip():
                values.setdefault(column, []).append((record.source_row, value))
    lines = []
    for column, cells in values.items():
        odd = [(row, value) for row, value in cells if not is_date(value)]
        dates = len(cells) - len(odd)
        if not odd or dates < MIN_DATES or dates < DATE_SHARE * len(cells):
            continue
        shown = "; ".join(f"row {row}: '{_short(value)}'" for row, value in odd[:EXAMPLES])
        more = f" and {len(odd) - EXAMPLES} more" if len(odd) > EXAMPLES else ""
        noun = "value is" if len(odd) == 1 else "values are"
        lines.append(f"Column '{column}' holds dates, but {len(odd)} {noun} not a date ({shown}{more}): "
                     "imported as written; check the extract.")
    return lines


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:39] + "…"
