"""One open audit in the GUI: the store, who is working, and the undo history.

Every write the window makes goes through here to ``workbench.ops`` (answers
through ``UndoHistory``, which calls ``ops.answering``; flags through
``ops.flags``), and ``changed`` tells every view which record changed, as
Anki's operations tell its views. The views never write to the store themselves.
When a write fails, ``reread`` tells them to show what the file really holds.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from workbench.core import checklist
from workbench.core.audit import Actor, Role
from workbench.core.forms import Form
from workbench.core.records import Record
from workbench.ops import answering, flags, repeats
from workbench.ops.undo import AnswerEdit, UndoHistory
from workbench.store.audit_store import AuditStore, Flag


class Session(QObject):
    """The open audit; ``changed(record key)`` after any change to a record."""

    changed = Signal(str)
    history_changed = Signal()

    def __init__(self, store: AuditStore, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        # A working copy is answered in its own role and round (a peer's: peer, round 2), whoever opens it.
        role, self.review_round = store.working_answers()
        self.actor = Actor(actor.name, Role(role), actor.force) if store.copy_info() is not None else actor
        self.history = UndoHistory()
        self._forms: dict[tuple[str, str], Form] = {}
        self._flags: dict[str, Flag] | None = None  # read once; every flag change comes through here

    @property
    def path(self):
        return self.store.path

    def close(self) -> None:
        self.store.close()

    # -- reading ----------------------------------------------------------------------------
    def record(self, key: str) -> Record:
        return self.store.record(key)

    def form(self, record: Record) -> Form:
        """The record's frozen checklist (parsed once per session)."""
        ident = (record.form_id, record.form_version)
        if ident not in self._forms:
            self._forms[ident] = self.store.form(*ident)
        return self._forms[ident]

    def answers(self, key: str) -> dict[checklist.AnswerKey, str]:
        return answering.current_answers(self.store, key, str(self.actor.role), self.review_round)

    def flag_of(self, key: str) -> Flag | None:
        if self._flags is None:
            self._flags = self.store.flags()
        return self._flags.get(key)

    # -- writing -------------------------------------------------------------------------------
    def answer(self, key: str, question: str, instance: int | None, value: str | None, note: str | None = None) -> bool:
        """Save one answer now (None clears it); raises ``AnswerRejected`` with a sentence."""
        changed = self.history.answer(self.store, self.actor, key, question, value or None, instance, note,
                                      self.review_round)
        if changed:
            self._announce(key)
        return changed

    def remove_instance(self, key: str, repeat: str, instance: int) -> int:
        """Remove one repeat instance (renumbering the later ones) as one undo step."""
        changed = repeats.remove_instance(self.store, self.actor, key, repeat, instance, history=self.history,
                                          review_round=self.review_round)
        if changed:
            self._announce(key)
        return changed

    def undo(self) -> AnswerEdit | None:
        edit = self.history.undo(self.store, self.actor, self.review_round)
        if edit is not None:
            self._announce(edit.record_key)
        return edit

    def redo(self) -> AnswerEdit | None:
        edit = self.history.redo(self.store, self.actor, self.review_round)
        if edit is not None:
            self._announce(edit.record_key)
        return edit

    def flag(self, key: str, note: str) -> None:
        if flags.flag_record(self.store, self.actor, key, note):
            self._flags = None
            self.changed.emit(key)

    def clear_flag(self, key: str) -> None:
        if flags.clear_flag(self.store, self.actor, key):
            self._flags = None
            self.changed.emit(key)

    def reread(self, key: str | None) -> None:
        """After a failed write: every view shows ``key`` again as the audit file really has it.

        A write is one transaction, so a failed one changed nothing; the views may
        still show what the user asked for (a ticked button), so they re-read.
        """
        self._flags = None
        if key is not None:
            self._announce(key)
        else:
            self.history_changed.emit()

    def _announce(self, key: str) -> None:
        self.changed.emit(key)
        self.history_changed.emit()
