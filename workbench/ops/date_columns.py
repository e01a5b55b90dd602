"""A column of dates with a few values that are not dates: said before an import.

The columns mapped as ``reported`` and ``recorded`` are checked strictly: a value
that is not a date there is a problem named by row and column (``ops.import_rows``).
Other source fields are imported as written (the record shows them; the checklist
asks about them). But in a column that otherwise holds dates a value that is not
one is most likely a slip in the extract, and the auditor should hear of it before
importing: ``odd_dates`` words it as a note for the import's check, naming the rows.
Both use one reading of dates, ``core.timestamps``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from workbench.core.record_rows import RecordRows
from workbench.core.records import Record
from workbench.core.timestamps import day_of

#: A column is taken for a date column when at least this share of its values are dates.
DATE_SHARE = 0.8
#: ... and at least this many.
MIN_DATES = 3
EXAMPLES = 3
#: How many records decide which columns hold dates.
SAMPLE = 500


def is_date(text: str) -> bool:
    """Whether ``text`` is a date (or date and time) as extracts write them (``core.timestamps``)."""
    return day_of(text.strip()) is not None


def odd_dates(records: Sequence[Record], checked: Collection[str] = ()) -> list[str]:
    """A sentence for each column of dates with values that are not dates (rows named).

    Which columns hold dates is judged from the first ``SAMPLE`` records; only those
    columns are then read in full (a narrative column is never parsed as dates
    100,000 times). ``checked`` are columns whose every value the import has already
    checked strictly (the mapped ``reported`` and ``recorded``): they are left out.
    A value seen before is not parsed again (a column of dates holds each day many times).
    """
    candidates = [column for column in _date_columns(records[:SAMPLE]) if column not in checked]
    if not candidates:
        return []
    if isinstance(records, RecordRows):   # read from the rows as they are held, not built record by record
        values = records.column_values(candidates)
    else:
        values = {column: [] for column in candidates}
        for record in records:
            for column in candidates:
                value = record.fields.get(column, "")
                if value.strip():
                    values[column].append((record.source_row, value))
    lines = []
    verdicts: dict[str, bool] = {}
    for column, cells in values.items():
        odd = []
        for row, value in cells:
            verdict = verdicts.get(value)
            if verdict is None:
                verdict = verdicts[value] = is_date(value)
            if not verdict:
                odd.append((row, value))
        dates = len(cells) - len(odd)
        if not odd or dates < MIN_DATES or dates < DATE_SHARE * len(cells):
            continue
        shown = "; ".join(f"row {row}: '{_short(value)}'" for row, value in odd[:EXAMPLES])
        more = f" and {len(odd) - EXAMPLES} more" if len(odd) > EXAMPLES else ""
        noun = "value is" if len(odd) == 1 else "values are"
        lines.append(f"Column '{column}' holds dates, but {len(odd)} {noun} not a date ({shown}{more}): "
                     "imported as written; check the extract.")
    return lines


def _date_columns(sample: Iterable[Record]) -> list[str]:
    """The columns most of whose values in ``sample`` are dates."""
    counts: dict[str, list[int]] = {}
    for record in sample:
        for column, value in record.fields.items():
            if value.strip():
                seen = counts.setdefault(column, [0, 0])
                seen[0] += 1
                seen[1] += is_date(value)
    return [column for column, (given, dates) in counts.items() if dates and dates >= DATE_SHARE * given]


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 40 else value[:39] + "…"
