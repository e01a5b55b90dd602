"""What the import wizard shows before anything is checked: sheets, first rows, guesses.

Qt-free, so the command line and the wizard share one rule for the header row
and one for the key and checklist columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.core.mapping import DATE_ROLES
from workbench.core.timestamps import parse_timestamp

from workbench.io import layout
from workbench.io.limits import PREVIEW_ROWS
from workbench.io.tabular import preview_rows, sheet_names
from workbench.ops.progress import Progress

#: Headings taken as the record key, in order of preference (case and spaces ignored).
DEFAULT_KEY_COLUMNS = ("key", "record", "reference", "ref", "id", "incident ref", "incident reference", "urn",
                       "crime reference", "crime ref", "crime number", "occurrence number", "incident number")
#: Headings taken as each row's checklist.
DEFAULT_FORM_COLUMNS = ("form", "checklist", "form_id")
#: Headings taken as the column playing each role (``core.mapping.ROLES``), in order of preference.
DEFAULT_ROLE_COLUMNS = {
    "reported": ("reported", "reported at", "reported on", "date reported", "time reported", "date/time reported",
                 "reported date", "reported datetime", "report date", "report time"),
    "recorded": ("recorded", "recorded at", "recorded on", "date recorded", "time recorded", "date/time recorded",
                 "recorded date", "recorded datetime", "crime recorded", "crime recorded date"),
    "category": ("category", "incident category", "incident type", "call type", "opening category"),
    "area": ("area", "district", "division", "sector", "neighbourhood", "beat"),
}


@dataclass(frozen=True)
class SheetPreview:
    """A workbook's sheets and the chosen one's first rows (``PREVIEW_ROWS``) as text."""

    sheets: list[str]
    sheet: str | None
    rows: list[list[str]]
    is_csv: bool


def load_preview(path: Path, sheet: str | None = None, progress: Progress | None = None) -> SheetPreview:
    """Read the sheet names and the first rows of ``sheet``; costs what those rows cost."""
    path = Path(path)
    sheets = sheet_names(path)
    is_csv = path.suffix.lower() in (".csv", ".txt", ".tsv")
    if progress is not None:
        progress.check_cancelled()
    chosen = None if is_csv else (sheet if sheet in sheets else (sheets[0] if sheets else None))
    return SheetPreview(sheets, chosen, preview_rows(path, chosen, PREVIEW_ROWS), is_csv)


def guess_header_row(rows: list[list[str]]) -> int:
    """The row the import takes as the header when none is given (see ``layout.guess_header_row``)."""
    return layout.guess_header_row(rows, DEFAULT_KEY_COLUMNS)


def guess_column(names: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` among ``names`` (case and spaces ignored), as spelt there."""
    folded = {" ".join(n.split()).casefold(): n for n in names if n.strip()}
    for candidate in candidates:
        if candidate in folded:
            return folded[candidate]
    return None


def guess_role_columns(names: list[str], taken: tuple[str, ...] = (),
                       columns: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The heading each role is found under (``DEFAULT_ROLE_COLUMNS``), leaving out ``taken`` columns.

    With ``columns`` (heading -> the cells below it), a date role is not given a
    column that holds no dates (``holds_dates``).
    """
    out: dict[str, str] = {}
    for role, candidates in DEFAULT_ROLE_COLUMNS.items():
        found = guess_column([n for n in names if n not in taken and n not in out.values()], candidates)
        if found and (role not in DATE_ROLES or columns is None or holds_dates(columns.get(found, ()))):
            out[role] = found
    return out


#: How many of a column's first filled cells are read before its heading is believed for a date role.
DATE_SAMPLE = 20


def holds_dates(values: Iterable[str]) -> bool:
    """Whether a column found by its heading for a date role holds dates: any of its first filled cells parses.

    A heading alone can mislead: an extract's 'Recorded' may be a Y/N flag (was the
    crime recorded?), and taking it as the recorded date would refuse every row. One
    date among them makes it a date column, whose other cells are then checked (and
    named when they are not dates); a column with nothing in it is taken too. A column
    named on the command line, in the wizard or by a profile is taken as given.
    """
    seen = 0
    for value in values:
        if value.strip():
            if parse_timestamp(value) is not None:
                return True
            seen += 1
            if seen == DATE_SAMPLE:
                return False
    return seen == 0


def guess_key_column(names: list[str]) -> str | None:
    return guess_column(names, DEFAULT_KEY_COLUMNS)


def guess_form_column(names: list[str]) -> str | None:
    return guess_column(names, DEFAULT_FORM_COLUMNS)
