"""Undo and redo across answers, owned by the data rather than by Qt widgets.

Undoing does not rewrite history: it saves the earlier value again through
``answering.answer``, so the undo is itself a logged change, as the event log
requires. The history lives for one working session.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.audit import Actor
from workbench.ops import answering
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
        self._done: list[AnswerEdit] = []
        self._undone: list[AnswerEdit] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def answer(
        self, store: AuditStore, actor: Actor, record_key: str, question: str, value: str | None,
        instance: int | None = None, note: str = "", review_round: int = 1,
    ) -> bool:
        """Save an answer (see ``answering.answer``) and remember it for undo."""
        before = _current(store, actor, record_key, question, instance, review_round)
        if not answering.answer(store, actor, record_key, question, value, instance, note, review_round):
            return False
        after = None if value is None else (value, note)
        self._done.append(AnswerEdit(record_key, question, instance, before, after))
        del self._done[: -self.limit]
        self._undone.clear()
        return True

    def undo(self, store: AuditStore, actor: Actor, review_round: int = 1) -> AnswerEdit | None:
        """Put back the value before the last edit; returns the edit undone."""
        if not self._done:
            return None
        edit = self._done.pop()
        _apply(store, actor, edit, edit.before, review_round)
        self._undone.append(edit)
        return edit

    def redo(self, store: AuditStore, actor: Actor, review_round: int = 1) -> AnswerEdit | None:
        """Apply the last undone edit again; returns it."""
        if not self._undone:
            return None
        edit = self._undone.pop()
        _apply(store, actor, edit, edit.after, review_round)
        self._done.append(edit)
        return edit


def _current(store: AuditStore, actor: Actor, record_key: str, question: str, instance: int | None, rnd: int) -> Value:
    for a in store.answers(str(actor.role), rnd, record_key):
        if a.question == question and a.instance == instance:
            return (a.value, a.note)
    return None


def _apply(store: AuditStore, actor: Actor, edit: AnswerEdit, value: Value, rnd: int) -> None:
    text, note = value if value is not None else (None, "")
    answering.answer(store, actor, edit.record_key, edit.question, text, edit.instance, note, rnd)
