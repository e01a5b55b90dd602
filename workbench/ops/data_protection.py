"""What the Data Protection Act 2018 s62 asks of the audit's log: consultations logged, the log exported.

Part 3 of the Act requires logs of collection, alteration, consultation,
disclosure (with recipients), combination and erasure, each with its date, time
and who. Every change already has its event; opening a record to read it is
logged here as a ``consultation`` (at most once per record in a working session:
the window remembers which it has logged). ``dpa_rows`` lays the whole log out
for the force's data protection officer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workbench.core.audit import Actor
from workbench.core.event_kinds import describe
from workbench.ops import changes_audit
from workbench.store.audit_store import AuditStore

DPA_HEADER = ("sequence", "date and time (UTC)", "who", "role", "processing operation", "what", "record",
              "recipient", "purpose")


@changes_audit
def log_consultation(store: AuditStore, actor: Actor, record_key: str, purpose: str = "") -> None:
    """Log that ``actor`` opened ``record_key`` to read it (with the purpose, when one is given)."""
    detail = {"record": record_key}
    if purpose.strip():
        detail["purpose"] = purpose.strip()
    store.log_event(actor, "record.view", detail)


@changes_audit
def log_consultations(store: AuditStore, actor: Actor, record_keys: list[str]) -> None:
    """Log that ``actor`` opened each of ``record_keys`` to read it: one event each, one transaction
    (the window gathers the records opened in quick succession: a write per record cost a frame)."""
    store.log_events(actor, "record.view", [{"record": key} for key in record_keys])


def dpa_rows(store: AuditStore) -> Iterator[list[object]]:
    """Every event as a row of ``DPA_HEADER``: who did what, when, to which record, for whom."""
    for e in store.events():
        d = e.detail
        yield [e.seq, e.at[:19].replace("T", " "), e.actor, e.role, str(e.operation), f"{e.action}: {describe(e)}",
               d.get("record", ""), d.get("recipient", ""), d.get("purpose", "")]


def retention_passed(store: AuditStore, today: dt.date | None = None) -> str | None:
    """A sentence when the audit's retention date has passed (it should be erased), else None."""
    retention = store.settings().retention_date
    today = today or dt.date.today()
    if retention and dt.date.fromisoformat(retention) < today:
        return (f"The retention date of this audit, {retention}, has passed: it holds personal data and should be "
                "erased under the force's retention policy (delete the file and its copies, and record the erasure).")
    return None
