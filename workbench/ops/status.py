"""Where an audit stands: records by checklist and progress, hidden answers.

``audit_status`` reads the cached progress of records (``record_state``, written
with every answer and checked by ``verify``): one SQL count, not an evaluation of
every record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from workbench.core import checklist
from workbench.ops import changes_audit
from workbench.store.audit_store import AuditStore

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
    log_head: tuple[int, str] = (0, "")   # the event log's last event: (sequence number, hash)

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
    """Count records by checklist and progress state (from the cached progress)."""
    titles = {form_id: form.title for (form_id, _version), form in store.forms().items()}  # the latest version's title
    by_form = {
        form_id: FormStatus(form_id, titles.get(form_id, form_id), {**dict.fromkeys(PROGRESS_STATES, 0), **counts})
        for form_id, counts in sorted(store.progress_counts().items())
    }
    return AuditStatus(store.settings().title, by_form, store.hidden_answer_counts(), store.head())


@changes_audit
def refresh_record_states(store: AuditStore) -> int:
    """Re-evaluate every record and rewrite the cached progress; returns the count."""
    states = {key: checklist.progress_of(state) for key, state in record_states(store).items()}
    store.write_record_states(states)
    return len(states)
