"""Words and numbers as the workbench shows them: dates, counts, field and checklist names.

Plain functions without Qt, so they are quick to test and reuse.
"""

from __future__ import annotations

import datetime as dt
import re

from workbench.core.audit import ROLE_NAMES

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")

PROGRESS_WORDS = {"not_started": "Not started", "in_progress": "In progress", "complete": "Complete"}

#: Each role as the start screen offers it: its name and what the person does.
ROLE_WORDS = {
    "auditor": ("Auditor", "Answers the checklist for each sampled record."),
    "peer": ("Peer reviewer", "Re-checks a share of the auditor's answers and raises queries."),
    "fcr": ("Force Crime Registrar (FCR)", "Settles queries and signs off the findings."),
}


def role_name(role: str) -> str:
    """A role in running text: "auditor", "peer reviewer", "Force Crime Registrar"."""
    return ROLE_NAMES.get(str(role), str(role))


def as_date_text(value: str) -> str | None:
    """``2024-03-14 14:02`` as ``Thu 14 Mar 2024, 14:02`` (None if not an ISO date or date-time)."""
    value = value.strip()
    if len(value) > 40:
        return None
    match = _DATETIME.fullmatch(value)
    if match:
        day = _day(match.group(1))
        hour, minute = int(match.group(2)), int(match.group(3))
        if day is None or hour > 23 or minute > 59:
            return None
        return f"{_day_text(day)}, {hour:02d}:{minute:02d}"
    if _DATE.fullmatch(value):
        day = _day(value)
        return None if day is None else _day_text(day)
    return None


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _day_text(day: dt.date) -> str:
    # Fixed English names: the audit is for forces in England and Wales, whatever the locale.
    weekday = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[day.month - 1]
    return f"{weekday} {day.day} {month} {day.year}"


def field_label(name: str) -> str:
    """``offender_age`` as ``Offender age``."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def form_label(form_id: str) -> str:
    """A short name for a checklist: ``cancelled_crime`` -> ``Cancelled crime``, ``pnd`` -> ``PND``."""
    if "_" not in form_id and len(form_id) <= 4:
        return form_id.upper()
    return field_label(form_id)


def count(n: int) -> str:
    """``1200`` as ``1,200``."""
    return f"{n:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{count(n)} {one if n == 1 else (many or one + 's')}"


def instance_noun(repeat_name: str) -> str:
    """What one instance of a repeat is called: ``crimes`` -> ``Crime``."""
    words = field_label(repeat_name)
    if words.endswith("ies"):
        return words[:-3] + "y"
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1]
    return words


def as_local_time(iso: str) -> str:
    """A logged UTC time (``2024-03-14T14:02:31.123+00:00``) in local time: ``Thu 14 Mar 2024, 14:02:31``."""
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError):
        return iso
    return f"{_day_text(moment.date())}, {moment:%H:%M:%S}"
