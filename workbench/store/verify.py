"""``verify``: the file is sound, the chain holds, and the tables match the log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workbench.core.events import check_chain, digest
from workbench.core.records import answer_digest
from workbench.core.replay import AuditState, compare, replay
from workbench.store.audit_store import AuditStore
from workbench.store.database import integrity_problems


@dataclass
class VerifyReport:
    """Every problem found, in words; ``ok`` when there are none."""

    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: AuditStore) -> VerifyReport:
    """Check SQLite integrity, the triggers, the hash chain and table-vs-log state."""
    report = VerifyReport()
    report.problems += [f"SQLite integrity: {p}" for p in integrity_problems(store.db)]
    triggers = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in ("events_refuse_update", "events_refuse_delete"):
        if name not in triggers:
            report.problems.append(f"the trigger {name} that keeps the event log append-only is missing")
    events = list(store.events())
    report.events = len(events)
    report.problems += [f"event {b.seq}: {b.reason}" for b in check_chain(events)]
    report.problems += [str(d) for d in compare(replay(events), stored_state(store))]
    return report


def stored_state(store: AuditStore) -> AuditState:
    """The audit as the tables hold it, reduced to the digests the log keeps."""
    state = AuditState(settings=store.settings().to_dict())
    state.forms = {(r[0], r[1]): r[2] for r in store.db.execute("SELECT form_id, version, digest FROM forms")}
    for (form_id, version), form in store.forms().items():
        if form.digest() != state.forms[(form_id, version)]:
            state.forms[(form_id, version)] = form.digest()
    state.imports = {r[0]: store.batch_digest(r[0]) for r in store.db.execute("SELECT id FROM imports")}
    for key, q, inst, role, rnd, value, note, seq in store.db.execute(
        "SELECT r.key, a.question, a.instance, a.role, a.review_round, a.value, a.note, a.event_seq"
        " FROM answers a JOIN records r ON r.id = a.record_id"
    ):
        akey = (key, q, inst or None, role, rnd)
        state.answers[akey] = answer_digest(value, note)
        state.last_answer_event[akey] = seq
    state.flags = {
        key: digest(note)
        for key, note in store.db.execute("SELECT r.key, f.note FROM flags f JOIN records r ON r.id = f.record_id")
    }
    orphans = store.db.execute("SELECT count(*) FROM records WHERE import_id NOT IN (SELECT id FROM imports)").fetchone()[0]
    if orphans:
        state.imports[-1] = json.dumps(orphans)
    return state
