"""Checks of an import's rows beyond their own cells: dates in the mapped columns, keys already in the audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.core.errors import Location, Problem
from workbench.core.mapping import DATE_ROLES
from workbench.core.record_rows import keys_of
from workbench.core.records import Record
from workbench.core.timestamps import DATE_FORMS, day_of, within_period
from workbench.store.audit_store import AuditStore


@dataclass(frozen=True)
class DateCheck:
    """The mapped date columns of a table, and the audit's period the reported date must fall in."""

    period_start: str
    period_end: str
    roles: dict[str, int]
    header: list[str]
    where: str | None

    def problems(self, row_number: int, cells: list[str]) -> list[Problem]:
        out = []
        for role in DATE_ROLES:
            index = self.roles.get(role)
            value = cells[index] if index is not None and index < len(cells) else ""
            if not value:
                continue
            day = day_of(value)
            if day is None:
                shown = value if len(value) <= 40 else value[:40] + "…"
                out.append(Problem(f"the {role} value '{shown}' is not a date", self._at(row_number, index), f"write {DATE_FORMS}"))
            elif not within_period(day, self.period_start, self.period_end if role == "reported" else ""):
                # A crime reported on the period's last day may be recorded after it, never before its start.
                out.append(Problem(f"the {role} date {day} is outside the audit's period "
                                   f"({self.period_start or '…'} to {self.period_end or '…'})", self._at(row_number, index),
                                   "check the extract's dates, or the audit's period"))
        return out

    def _at(self, row_number: int, index: int) -> Location:
        return Location(self.where, row_number, self.header[index])


@dataclass
class AuditComparison:
    """Rows compared with the records already in the audit."""

    problems: list[Problem] = field(default_factory=list)
    present: int = 0                                        # rows the audit holds as they are
    kept: Sequence[Record] = field(default_factory=list)    # new rows and rows already present
    changed: list[Record] = field(default_factory=list)     # rows of records in the audit with other values
    changed_answered: int = 0                               # of those, records with answers


def compare_with_audit(store: AuditStore, rows: Sequence[Record], key_column: str, where: str | None,
                       accept: bool) -> AuditComparison:
    """Compare ``rows`` with the audit's records of the same keys.

    A row with the record's values (or the values already kept beside it) is
    present; one whose checklist differs is always a problem; one with other
    values is ``changed`` when ``accept``, else a problem.
    """
    existing = store.existing_records(keys_of(rows))
    if not existing:   # a first import: every row is new (and ``rows`` need not be built one by one)
        return AuditComparison(kept=rows)
    pending = store.pending_source_digests([r.key for r in rows if r.key in existing])
    out = AuditComparison(kept=[])
    for record in rows:
        old = existing.get(record.key)
        if old is None:
            out.kept.append(record)
            continue
        location = Location(where, record.source_row, key_column)
        if old.form_id != record.form_id:
            out.problems.append(Problem(
                f"the record '{record.key}' is in the audit with the checklist '{old.form_id}', not '{record.form_id}'",
                location, "a key must always name the same record; correct the key or the checklist"))
        elif old.fields == record.fields or pending.get(record.key) == _digest_as(old, record):
            out.present += 1
            out.kept.append(record)
        elif accept:
            out.changed.append(record)
        else:
            out.problems.append(Problem(
                f"the record '{record.key}' is already in the audit with different content", location,
                "a key must always name the same record; with --skip-bad-rows (or in the import window) a record "
                "already answered is kept as it is and marked 'source changed since review', and one not yet "
                "answered takes the new values"))
    if out.changed:
        out.changed_answered = len(store.answered_records([r.key for r in out.changed]))
    return out


def _digest_as(old: Record, row: Record) -> str:
    """The digest ``row``'s values would have as ``old``'s source (its checklist version)."""
    return Record(old.key, old.form_id, row.fields, old.form_version).content_digest()
