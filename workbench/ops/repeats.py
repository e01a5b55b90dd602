"""Repeat instances ("Crime 2 of 3"): removing one clears it and renumbers the rest.

There is no "instance" row to delete: an instance exists because answers carry
its number. Removing instance ``k`` of ``n`` therefore moves the answers of
``k+1 .. n`` down by one and clears instance ``n``; every move is an ordinary
answer change with its own event, all saved in one transaction (and one undo
step when a history is given).
"""

from __future__ import annotations

from workbench.core.audit import Actor
from workbench.core.forms import Form
from workbench.ops import answering, changes_audit
from workbench.ops.undo import UndoHistory
from workbench.store.audit_store import AuditStore


def repeat_questions(form: Form, repeat: str) -> list[str]:
    """The names of the questions asked once per instance of ``repeat``."""
    return [q.name for q in form.questions() if q.repeat == repeat]


def answered_instances(form: Form, answers: dict, repeat: str) -> int:
    """The highest instance of ``repeat`` holding an answer (0 if none)."""
    names = set(repeat_questions(form, repeat))
    return max((i for (q, i), v in answers.items() if q in names and i and v), default=0)


def removal_changes(
    store: AuditStore, record_key: str, repeat: str, instance: int, role: str = "auditor", review_round: int = 1
) -> list[answering.PendingAnswer]:
    """The answer changes that remove ``instance`` of ``repeat`` from a record.

    Raises ``answering.AnswerRejected`` for an unknown record or repeat, or an
    instance below 1.
    """
    try:
        form = answering.record_form(store, record_key)
    except KeyError:
        raise answering.AnswerRejected(f"There is no record '{record_key}' in this audit.") from None
    names = repeat_questions(form, repeat)
    if not names:
        raise answering.AnswerRejected(f"Checklist '{form.form_id}' has no repeat group '{repeat}'.")
    if instance < 1:
        raise answering.AnswerRejected("Repeat instances are numbered from 1.")
    held = {(a.question, a.instance): (a.value, a.note) for a in store.answers(role, review_round, record_key)}
    last = max((i for (q, i) in held if q in names and i), default=0)
    changes: list[answering.PendingAnswer] = []
    for number in range(instance, last + 1):
        for name in names:
            moved, current = held.get((name, number + 1)), held.get((name, number))
            if moved != current:
                value, note = moved if moved is not None else (None, "")
                changes.append((name, number, value, note))
    return changes


@changes_audit
def remove_instance(
    store: AuditStore, actor: Actor, record_key: str, repeat: str, instance: int,
    history: UndoHistory | None = None, review_round: int = 1,
) -> int:
    """Remove one instance of a repeat from a record; returns the answers changed."""
    changes = removal_changes(store, record_key, repeat, instance, str(actor.role), review_round)
    if not changes:
        return 0
    if history is not None:
        history.answer_many(store, actor, record_key, changes, review_round)
    else:
        answering.answer_many(store, actor, record_key, changes, review_round)
    return len(changes)
