"""Comparing audits across periods: each audit's overall recording rate, read from its file.

``compare_audits`` opens each audit read-only (its own connection, never a write),
computes its findings as ``workbench findings`` does, and makes the trend of
``core.trend``: the periods in order (by the start of their period when every audit
has one, else as given), each change tested, and the reference lines entered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.core.audit import AuditSettings
from workbench.core.errors import WorkbenchError
from workbench.core.findings import Findings
from workbench.core.findings_tables import Count
from workbench.core.trend import Period, Reference, Trend, trend
from workbench.ops.findings import audit_findings, open_reader
from workbench.store.audit_store import AuditStore


def period_label(settings: AuditSettings) -> str:
    """A period as a board reads it: '2013' (a calendar year), '2018/19' (April to March), '2024-07 to 2024-09'.

    Without a period, the audit's title.
    """
    start, end = settings.period_start, settings.period_end
    if len(start) >= 10 and len(end) >= 10:
        if start[4:10] == "-01-01" and end[4:10] == "-12-31" and start[:4] == end[:4]:
            return start[:4]
        if start[4:10] == "-04-01" and end[4:10] == "-03-31" and int(end[:4]) == int(start[:4]) + 1:
            return f"{start[:4]}/{end[2:4]}"
        return f"{start[:7]} to {end[:7]}" if start[:7] != end[:7] else start[:7]
    return settings.title.strip() or "Untitled audit"


def period_of(settings: AuditSettings, findings: Findings) -> Period:
    """An audit's overall recording rate as a trend period."""
    o = findings.overall
    row = o.row()
    counts = row.recorded if row is not None else Count(0, 0)
    fraction = None
    if row is not None and row.interval is not None:
        fraction = row.interval.rate if row.weighted else counts.x / counts.n
    elif row is not None and counts.n:
        fraction = counts.x / counts.n
    return Period(period_label(settings), settings.title, settings.period_start, settings.period_end, fraction,
                  counts, row.interval if row is not None else None, o.method, o.note)


def store_period(store: AuditStore) -> Period:
    """The period of an open audit."""
    return period_of(store.settings(), audit_findings(store))


def file_period(path: Path) -> Period:
    """The period of the audit at ``path``, read on a connection of its own that cannot write."""
    path = Path(path)
    if not path.is_file():
        raise WorkbenchError(f"There is no audit file '{path}'.")
    with open_reader(path, check=False) as store:
        return store_period(store)


def compare_audits(paths: Sequence[Path], references: Sequence[Reference] = (),
                   current: Period | None = None) -> Trend:
    """The trend of the audits at ``paths`` (with ``current``, an open audit's period, among them).

    Periods are ordered by the start of their period when every audit has one
    (so consecutive means consecutive in time); otherwise as given.
    """
    periods = ([current] if current is not None else []) + [file_period(p) for p in paths]
    if all(p.start for p in periods):
        periods.sort(key=lambda p: (p.start, p.end))
    return trend(_unique_labels(periods), references)


def _unique_labels(periods: list[Period]) -> list[Period]:
    """Two audits of one period are told apart: '2013', '2013 (2)'."""
    from dataclasses import replace

    seen: dict[str, int] = {}
    out = []
    for p in periods:
        seen[p.label] = seen.get(p.label, 0) + 1
        out.append(p if seen[p.label] == 1 else replace(p, label=f"{p.label} ({seen[p.label]})"))
    return out
