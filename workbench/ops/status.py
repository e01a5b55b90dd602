"""Where an audit stands: records by checklist and progress, hidden answers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from workbench.core import checklist
from workbench.store.audit_store import AuditStore, RecordProgress

PROGRESS_STATES = ("not_started", "in_progress", "complete")


@dataclass
class FormStatus:
    form_id: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROGRESS_STATES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class AuditStatus:
    title: str
    by_form: dict[str, FormStatus]
    hidden_answers: dict[str, int]   # record key -> answers kept on hidden branches

    def totals(self) -> dict[str, int]:
        out = dict.fromkeys(PROGRESS_STATES, 0)
        for fs in self.by_form.values():
            for state, n in fs.counts.items():
                out[state] += n
        return out


def record_states(store: AuditStore, role: str = "auditor", review_round: int = 1) -> dict[str, checklist.RecordState]:
    """Evaluate every record's checklist against its current answers."""
    answers: dict[str, dict] = defaultdict(dict)
    for a in store.answers(role, review_round):
        answers[a.record_key][(a.question, a.instance)] = a.value
    forms = store.forms()
    return {
        r.key: checklist.evaluate(forms[(r.form_id, r.form_version)], answers.get(r.key, {}))
        for r in store.records()
    }


def audit_status(store: AuditStore) -> AuditStatus:
    """Count records by checklist and progress state."""
    forms = store.forms()
    by_form: dict[str, FormStatus] = {}
    hidden: dict[str, int] = {}
    record_form = store.record_forms()
    for key, state in record_states(store).items():
        form_id, version = record_form[key]
        fs = by_form.setdefault(form_id, FormStatus(form_id, forms[(form_id, version)].title))
        fs.counts[state.progress] += 1
        if state.hidden_answers:
            hidden[key] = len(state.hidden_answers)
    return AuditStatus(store.settings().title, dict(sorted(by_form.items())), hidden)


def progress_of(state: checklist.RecordState) -> RecordProgress:
    """The cached form of a record's evaluated state (what the queue shows)."""
    return RecordProgress(state.progress, state.compliant, len(state.hidden_answers))


def refresh_record_states(store: AuditStore) -> int:
    """Re-evaluate every record and rewrite the cached progress; returns the count."""
    states = {key: progress_of(state) for key, state in record_states(store).items()}
    store.write_record_states(states)
    return len(states)
