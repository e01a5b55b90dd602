"""Undo and redo across answers, owned by the data rather than by Qt widgets.

Undoing does not rewrite history: it saves the earlier value again through
``answering.answer``, so the undo is itself a logged change, as the event log
requires. Several answers changed together (removing a repeat instance renumbers
the later ones) are one step. The history lives for one working session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.audit import Actor
from workbench.ops import answering, changes_audit
from workbench.store.audit_store import AuditStore

Value = tuple[str, str] | None  # (value, note), or None when unanswered


@dataclass(frozen=True)
class AnswerEdit:
    """One answer change: where, and the value (with note) before and after."""

    record_key: str
    question: str
    instance: int | None
    before: Value
    after: Value


class UndoHistory:
    """The session's answer edits, for undo (Ctrl+Z) and redo (Ctrl+Shift+Z)."""

    def __init__(self, limit: int = 1000):
        self.limit = limit
        self._done: list[tuple[AnswerEdit, ...]] = []
        self._undone: list[tuple[AnswerEdit, ...]] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @changes_audit
    def answer(
        self, store: AuditStore, actor: Actor, record_key: str, question: str, value: str | None,
        instance: int | None = None, note: str | None = None, review_round: int = 1,
    ) -> bool:
        """Save an answer (see ``answering.answer``; ``note`` None keeps the note) and remember it for undo."""
        return self.answer_many(store, actor, record_key, [(question, instance, value, note)], review_round)

    @changes_audit
    def answer_many(
        self, store: AuditStore, actor: Actor, record_key: str, changes: Sequence[answering.PendingAnswer],
        review_round: int = 1,
    ) -> bool:
        """Save several answers of one record together (``answering.answer_many``) as one undo step."""
        current = _answers(store, actor, record_key, review_round)
        edits = []
        for q, i, v, note in changes:
            before = current.get((q, i))
            kept = note if note is not None else (before[1] if before else "")
            after = None if v is None else (v, kept)
            if after != before:
                edits.append(AnswerEdit(record_key, q, i, before, after))
        if not edits or not answering.answer_many(store, actor, record_key, changes, review_round):
            return False
        self._push(tuple(edits))
        return True

    @changes_audit
    def undo(self, store: AuditStore, actor: Actor, review_round: int = 1) -> AnswerEdit | None:
        """Put back the values before the last step; returns its (first) edit.

        If putting them back fails, the step stays where it was, to try again.
        """
        if not self._done:
            return None
        step = self._done[-1]
        _apply(store, actor, step, before=True, rnd=review_round)
        self._undone.append(self._done.pop())
        return step[0]

    @changes_audit
    def redo(self, store: AuditStore, actor: Actor, review_round: int = 1) -> AnswerEdit | None:
        """Apply the last undone step again; returns its (first) edit."""
        if not self._undone:
            return None
        step = self._undone[-1]
        _apply(store, actor, step, before=False, rnd=review_round)
        self._done.append(self._undone.pop())
        return step[0]

    def _push(self, step: tuple[AnswerEdit, ...]) -> None:
        self._done.append(step)
        del self._done[: -self.limit]
        self._undone.clear()


def _answers(store: AuditStore, actor: Actor, record_key: str, rnd: int) -> dict[tuple[str, int | None], Value]:
    return {(a.question, a.instance): (a.value, a.note) for a in store.answers(str(actor.role), rnd, record_key)}


def _apply(store: AuditStore, actor: Actor, step: tuple[AnswerEdit, ...], before: bool, rnd: int) -> None:
    changes = []
    for edit in step:
        value = edit.before if before else edit.after
        text, note = value if value is not None else (None, "")
        changes.append((edit.question, edit.instance, text, note))
    answering.answer_many(store, actor, step[0].record_key, changes, rnd)
