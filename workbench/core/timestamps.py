"""Dates and times as forces' extracts write them: read them, or say they are not dates.

A mapped ``reported`` or ``recorded`` column must hold a date (with or without a
time of day) in one of the forms below; anything else is a problem named by row
and column, never a value taken on trust. The reader is strict on purpose: a
two-digit year or a month-first date is refused rather than guessed.

- ISO 8601: ``2024-03-14``, ``2024-03-14 14:02``, ``2024-03-14T14:02:30`` (what the
  import writes for a workbook's date cells; an offset such as ``+01:00`` or ``Z``
  is turned into UTC);
- day first, as UK systems write it: ``14/03/2024``, ``14-03-2024``, ``14.03.2024``,
  each with an optional ``14:02`` or ``14:02:30``;
- the month as a word: ``14 Mar 2024``, ``14 March 2024 14:02``, ``14-Mar-2024``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_TIME = r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})" + _TIME)
_MONTH_WORD = re.compile(r"(?P<day>\d{1,2})[ -](?P<month>[A-Za-z]{3,9})\.?[ -](?P<year>\d{4})" + _TIME)
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}

_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: The forms a date may take, for a problem's "what to do".
DATE_FORMS = "a date such as 2024-03-14 14:02 or 14/03/2024 14:02"


@dataclass(frozen=True)
class Timestamp:
    """A moment read from a cell: ``has_time`` False when the cell gave only a date."""

    moment: dt.datetime
    has_time: bool

    @property
    def day(self) -> dt.date:
        return self.moment.date()

    def earliest(self) -> dt.datetime:
        """The first moment it can mean (a date alone: its midnight)."""
        return self.moment

    def latest(self) -> dt.datetime:
        """The last moment it can mean (a date alone: the end of that day)."""
        return self.moment if self.has_time else self.moment + dt.timedelta(days=1)

    def words(self) -> str:
        """``14 Mar 2024 14:02`` (or ``14 Mar 2024``), in English whatever the locale."""
        m = self.moment
        text = f"{m.day} {_MONTH_ABBREVIATIONS[m.month - 1]} {m.year}"
        return f"{text} {m.hour:02d}:{m.minute:02d}" if self.has_time else text


def parse_timestamp(text: str) -> Timestamp | None:
    """The date (and time) ``text`` says, or None when it is not one of the forms above."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    if _ISO_START.match(text):
        return _iso(text)
    for pattern, month in ((_DAY_FIRST, int), (_MONTH_WORD, lambda word: _MONTHS.get(word.casefold(), 0))):
        found = pattern.fullmatch(text)
        if found:
            return _build(int(found["year"]), month(found["month"]), int(found["day"]), found)
    return None


def day_of(text: str) -> str | None:
    """The ISO date (``YYYY-MM-DD``) ``text`` falls on, or None when it is not a date.

    The same answer as ``parse_timestamp``; quicker for the ISO text the import
    writes for a workbook's date cells (checked for 100,000 rows at a time).
    """
    if len(text) in (10, 16, 19) and text[4:5] == "-" and text[7:8] == "-" and text.isascii():
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return text[:10] if moment.tzinfo is None and (len(text) == 10 or text[10] in " T") else _day(text)
    return _day(text)


def _day(text: str) -> str | None:
    stamp = parse_timestamp(text)
    return stamp.day.isoformat() if stamp else None


def _iso(text: str) -> Timestamp | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return Timestamp(moment, has_time=len(text) > 10)


def _build(year: int, month: int, day: int, found: re.Match) -> Timestamp | None:
    hour = found["hour"]
    try:
        moment = dt.datetime(year, month, day, int(hour or 0), int(found["minute"] or 0), int(found["second"] or 0))
    except ValueError:   # 31/02/2024, 25:00, an unknown month word (0)
        return None
    return Timestamp(moment, has_time=hour is not None)


def within_period(stamp: Timestamp | str, start: str, end: str) -> bool:
    """Whether ``stamp``'s date (or an ISO date) falls in the period ``start``-``end`` (inclusive; blank: open)."""
    day = stamp if isinstance(stamp, str) else stamp.day.isoformat()
    return (not start or day >= start) and (not end or day <= end)
