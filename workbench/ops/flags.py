"""Flagging a record for the FCR with a query, and clearing the flag."""

from __future__ import annotations

from workbench.core.audit import Actor
from workbench.core.errors import WorkbenchError
from workbench.ops import changes_audit
from workbench.store.audit_store import AuditStore


@changes_audit
def flag_record(store: AuditStore, actor: Actor, record_key: str, note: str) -> bool:
    """Flag ``record_key`` for the FCR; the query note says what to settle."""
    if not note.strip():
        raise WorkbenchError("Say what the FCR should look at: a flag needs a query note.")
    try:
        return store.set_flag(actor, record_key, note.strip())
    except KeyError:
        raise WorkbenchError(f"There is no record '{record_key}' in this audit.") from None


@changes_audit
def clear_flag(store: AuditStore, actor: Actor, record_key: str) -> bool:
    """Remove the flag from ``record_key`` (logged as an erasure)."""
    try:
        return store.set_flag(actor, record_key, None)
    except KeyError:
        raise WorkbenchError(f"There is no record '{record_key}' in this audit.") from None

