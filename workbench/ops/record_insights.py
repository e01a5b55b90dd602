"""What the window shows beside a record's own fields: the elapsed time, suggestions, a changed source.

Read only. The roles come from the mapping of the import that brought the record
(``imports.mapping``); suggestions from ``core.suggestions`` (data, not code that
knows a checklist); a changed source from what a later import kept beside the
record (``store.source_changes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.forms import Form
from workbench.core.records import FieldChange, Record, field_changes
from workbench.core.suggestions import Suggestion, elapsed, suggestions
from workbench.core.timestamps import parse_timestamp
from workbench.store.audit_store import AuditStore, PendingChange


@dataclass(frozen=True)
class SourceChange:
    """A later file's values for a record already answered: where they came from, and what differs."""

    pending: PendingChange
    changes: list[FieldChange]


@dataclass(frozen=True)
class RecordInsights:
    """The elapsed-time line, the suggestions by question name, and a changed source (or None)."""

    timing: str | None = None
    suggestions: dict[str, Suggestion] = field(default_factory=dict)
    source_change: SourceChange | None = None


def record_insights(store: AuditStore, record: Record, form: Form) -> RecordInsights:
    """What to show beside ``record`` (of checklist ``form``)."""
    roles = store.import_mapping(record.import_id).get("roles") or {} if record.import_id is not None else {}
    limit = store.settings().time_limit_hours
    choices = {q.name: {c.name: c.label for c in form.choice_list(q.spec.list_name)}
               for q in form.questions() if q.spec.type == "select_one"}
    pending = store.pending_source_change(record.key)
    change = SourceChange(pending, field_changes(record.fields, pending.fields)) if pending else None
    return RecordInsights(timing_words(record.fields, roles, limit), suggestions(record.fields, roles, limit, choices),
                          change)


def timing_words(fields: dict[str, str], roles: dict[str, str], limit_hours: int) -> str | None:
    """``Reported 14 Mar 2024 14:02 · recorded 15 Mar 2024 21:02: 31 hours after the report (limit 24 hours)``."""
    if not roles.get("reported"):
        return None
    reported = parse_timestamp(fields.get(roles["reported"], ""))
    if reported is None:
        return None
    recorded_heading = roles.get("recorded")
    recorded = parse_timestamp(fields.get(recorded_heading, "")) if recorded_heading else None
    if recorded is None:
        return f"Reported {reported.words()}" + ("; no recorded time" if recorded_heading else "")
    span = elapsed(fields[roles["reported"]], fields[recorded_heading])
    return f"Reported {reported.words()} · recorded {recorded.words()}: {span.words()} (limit {limit_hours} hours)"
