"""A checklist's words made the audit's, and the time from a record's report to its crime record.

A label or hint may name an audit setting in braces: ``{time_limit_hours}`` (the
audit's recording time limit), so that "Was it recorded within the audit's time
limit of {time_limit_hours} hours?" reads "... of 72 hours?" in an audit of the 2014
inspection's limit. The frozen checklist keeps the braces (its wording, and its
digest, never change with the settings); ``with_audit_words`` fills them in where a
question is shown: the window's checklist, the FCR's adjudication, the exports.

``elapsed`` reads the time from the report to the crime record from a record's
imported fields (columns named like ``reported`` and ``recorded``), for the record
pane to show beside the timeliness question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from workbench.core.forms import Form

#: The audit settings a label or hint may name, in braces.
AUDIT_WORDS = ("time_limit_hours",)
#: Imported column names (case and separators aside) read as the report's time and the crime record's.
REPORTED_FIELDS = ("reported", "reported_at", "report_time", "time_reported", "date_reported", "received")
RECORDED_FIELDS = ("recorded", "recorded_at", "crime_recorded", "time_recorded", "date_recorded")


def with_audit_words(form: Form, words: Mapping[str, object]) -> Form:
    """``form`` with ``{name}`` in its labels and hints replaced by ``words[name]`` (the same form if none is)."""
    marks = {f"{{{name}}}": str(value) for name, value in words.items() if name in AUDIT_WORDS}

    def fill(text: str) -> str:
        for mark, value in marks.items():
            text = text.replace(mark, value)
        return text

    if not any("{" in r.label or "{" in r.hint for r in form.survey):
        return form
    return replace(form, survey=tuple(replace(r, label=fill(r.label), hint=fill(r.hint)) for r in form.survey))


def settings_words(time_limit_hours: int) -> dict[str, object]:
    """The words an audit's settings give its checklists."""
    return {"time_limit_hours": time_limit_hours}


@dataclass(frozen=True)
class Elapsed:
    """From the report to the crime record: the two fields read, their times, and the hours between."""

    reported_field: str
    recorded_field: str
    reported: dt.datetime
    recorded: dt.datetime

    @property
    def hours(self) -> float:
        return (self.recorded - self.reported).total_seconds() / 3600

    def text(self, limit_hours: int | None = None) -> str:
        """'Reported 2024-01-11 00:45, recorded 2024-01-12 09:10: 32 h 25 min (the audit's limit is 24 hours).'"""
        minutes = round((self.recorded - self.reported).total_seconds() / 60)
        span = f"{abs(minutes) // 60} h {abs(minutes) % 60:02d} min"
        head = (f"Reported {self.reported:%Y-%m-%d %H:%M}, recorded {self.recorded:%Y-%m-%d %H:%M}: "
                + (f"{span} later" if minutes >= 0 else f"recorded {span} BEFORE the report: check the times"))
        if limit_hours is None or minutes < 0:
            return head + "."
        within = "within" if minutes <= limit_hours * 60 else "outside"
        return f"{head}, {within} the audit's limit of {limit_hours} hours."


def elapsed(fields: Mapping[str, object]) -> Elapsed | None:
    """The time from the report to the crime record, from the record's imported fields; None if not both there."""
    reported = _first_time(fields, REPORTED_FIELDS)
    recorded = _first_time(fields, RECORDED_FIELDS)
    if reported is None or recorded is None:
        return None
    return Elapsed(reported[0], recorded[0], reported[1], recorded[1])


def _first_time(fields: Mapping[str, object], names: tuple[str, ...]) -> tuple[str, dt.datetime] | None:
    by_name = {_plain(name): name for name in fields}
    for wanted in names:
        name = by_name.get(wanted)
        if name is not None:
            when = _time(fields[name])
            if when is not None:
                return name, when
    return None


def _plain(name: str) -> str:
    return "_".join(str(name).strip().casefold().replace("-", " ").split())


def _time(value: object) -> dt.datetime | None:
    """An ISO date and time (a date alone is not a time: it cannot say whether 24 hours passed)."""
    text = str(value or "").strip()
    if len(text) < 16 or len(text) > 40:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("T", " ").rstrip("Z"))
    except ValueError:
        return None
    return when.replace(tzinfo=None)
