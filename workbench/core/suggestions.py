"""Answers the workbench can work out from a record's source: shown as suggestions, never saved.

A suggestion is offered beside a question; it becomes an answer only when the
auditor picks it (one key press, as any answer). The checklist engine knows
nothing of it: which question a rule serves is data, the ``RULES`` block below,
matched by the question's stable name (the name the findings count it by, as
``core.findings_tables`` does) and the names of its choices. A checklist whose
question has that name and those choices gets the suggestion; any other
checklist is untouched.

The one rule so far, ``within_time_limit``: from the columns mapped as
``reported`` and ``recorded`` (``core.mapping``), the time from the report to the
recording against the audit's time limit (``AuditSettings.time_limit_hours``).
At most the limit (exactly 24 hours counts as within 24) suggests the rule's
``within`` choice, more suggests ``over``. A date without a time of day stands
for the whole day: a suggestion is made only when every time on those days gives
the same answer; otherwise, when a value is missing or is not a date, or when the
recording comes before the report, the elapsed time is described and nothing is
suggested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.core.timestamps import Timestamp, parse_timestamp


@dataclass(frozen=True)
class SuggestionRule:
    """Which question a rule serves (by name), which choices it suggests, which roles it reads."""

    question: str
    rule: str
    roles: tuple[str, ...]
    within: str = "yes"
    over: str = "no"


#: The contract with the checklists: one entry per question a rule may suggest an answer to.
RULES = (
    SuggestionRule("timely", "within_time_limit", ("reported", "recorded"), within="yes", over="no"),
)


@dataclass(frozen=True)
class Elapsed:
    """The time from the report to the recording, as far as the two values tell it."""

    reported: Timestamp
    recorded: Timestamp
    shortest: dt.timedelta
    longest: dt.timedelta

    @property
    def exact(self) -> bool:
        return self.shortest == self.longest

    def words(self) -> str:
        """``31 hours after the report`` (or a range, or ``before the report``)."""
        if self.longest < dt.timedelta(0):
            return f"{duration_words(-self.longest)} before the report"
        if self.exact:
            return f"{duration_words(self.shortest)} after the report"
        low = max(self.shortest, dt.timedelta(0))
        return f"between {duration_words(low)} and {duration_words(self.longest)} after the report"


@dataclass(frozen=True)
class Suggestion:
    """A suggested answer (``value`` None: nothing suggested) and the sentence that explains it."""

    question: str
    value: str | None
    words: str


def elapsed(reported: str, recorded: str) -> Elapsed | None:
    """The time between two source values, or None unless both are dates."""
    start, end = parse_timestamp(reported or ""), parse_timestamp(recorded or "")
    if start is None or end is None:
        return None
    return Elapsed(start, end, end.earliest() - start.latest(), end.latest() - start.earliest())


def suggestions(fields: Mapping[str, str], roles: Mapping[str, str], limit_hours: int,
                questions: Mapping[str, Mapping[str, str]]) -> dict[str, Suggestion]:
    """What the rules suggest for one record, by question name.

    ``fields`` are the record's source fields; ``roles`` maps a role to the heading
    that plays it; ``questions`` maps each question of the record's checklist to
    its choices (``{name: label}``; a rule applies only where its choices are among them).
    """
    out: dict[str, Suggestion] = {}
    for rule in RULES:
        choices = questions.get(rule.question)
        if choices is None or not {rule.within, rule.over} <= choices.keys():
            continue
        if any(not roles.get(role) for role in rule.roles):
            continue
        values = [fields.get(roles[role], "") for role in rule.roles]
        out[rule.question] = _within_time_limit(rule, *values, limit_hours, choices)
    return out


def _within_time_limit(rule: SuggestionRule, reported: str, recorded: str, limit_hours: int,
                       labels: Mapping[str, str]) -> Suggestion:
    limit = dt.timedelta(hours=limit_hours)
    span = elapsed(reported, recorded)
    if span is None:
        missing = "reported" if parse_timestamp(reported or "") is None else "recorded"
        return Suggestion(rule.question, None, f"No suggestion: the {missing} time is not in the record.")
    said = f"Recorded {span.words()}"
    if span.longest < dt.timedelta(0):
        return Suggestion(rule.question, None, f"{said}: check the times. No suggestion.")
    if span.shortest > limit:
        return Suggestion(rule.question, rule.over, f"{said}: over the {limit_hours}-hour limit: suggests {labels[rule.over]}.")
    if span.longest <= limit:
        return Suggestion(rule.question, rule.within, f"{said}: within the {limit_hours}-hour limit: suggests {labels[rule.within]}.")
    return Suggestion(rule.question, None, f"{said}: a time of day is missing, so it may or may not be within the "
                                           f"{limit_hours}-hour limit. No suggestion.")


def duration_words(span: dt.timedelta) -> str:
    """``45 minutes``, ``31 hours``, ``23 hours 30 minutes``, ``5 days 3 hours (123 hours)``."""
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return _count(minutes, "minute")
    if hours < 72:
        return _count(hours, "hour") + (f" {_count(minutes, 'minute')}" if minutes else "")
    days, rest = divmod(hours, 24)
    return _count(days, "day") + (f" {_count(rest, 'hour')}" if rest else "") + f" ({hours} hours)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
