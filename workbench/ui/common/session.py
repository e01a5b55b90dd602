"""One open audit in the window, and the one way its changes are made: the operation runner.

Every change the window makes to the audit (an answer, undo and redo, a flag, the
settings, an import, an export, and the coming adjudication, merge and sign-off) is
an *operation*: a function of ``workbench.ops`` run through ``Session.run`` (quick,
on the UI thread) or ``Session.run_long`` (on a worker, with progress and cancel),
as Anki runs its ``CollectionOp``. Errors go to one place (a dialog in words, or the
caller's ``on_error``), and every outcome ends in one ``Changes`` value on the
``changed`` signal, from which every view refreshes: after a failure too, so that
views showing what the user asked for re-read what the file really holds. Changes
another program commits (``outside_changes``) and a change of who is working
(``set_actor``) arrive the same way. A test checks that nothing under ``ui/``
calls a changing ``ops`` function except through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from workbench.core import checklist
from workbench.core.audit import Actor, Role
from workbench.core.forms import Form
from workbench.core.records import Record
from workbench.ops import answering, flags, repeats
from workbench.ops.audits import update_settings, with_audit
from workbench.ops.data_protection import log_consultations
from workbench.ops.record_insights import RecordInsights, record_insights
from workbench.ops.search_index import build_search_index
from workbench.ops.undo import AnswerEdit, UndoHistory
from workbench.store.audit_store import AuditStore, Flag
from workbench.ui.common import errors
from workbench.ui.common.jobs import Job, JobRunner

T = TypeVar("T")
#: Records opened are logged as consultations once the user pauses this long (or before any change).
CONSULTATION_DELAY_MS = 1000


@dataclass(frozen=True)
class Changes:
    """What an operation changed: every view refreshes from this alone.

    Attributes
    ----------
    records
        Keys of records whose answers, flag or progress changed.
    queue
        Records were added (an import, a merge) or anything may have changed (another
        program): the queue reloads and every view re-reads.
    settings, identity, flags, history
        The audit's settings; who is working; a flag; the undo history.
    outside
        Committed by another program (the ``data_version`` poll).
    """

    records: frozenset[str] = field(default_factory=frozenset)
    queue: bool = False
    settings: bool = False
    identity: bool = False
    flags: bool = False
    history: bool = False
    outside: bool = False

    def __bool__(self) -> bool:
        """Whether anything changed at all (a consultation logged changes nothing a view shows)."""
        return bool(self.records) or any((self.queue, self.settings, self.identity, self.flags, self.history, self.outside))

    @property
    def findings(self) -> bool:
        """Whether the findings may differ now."""
        return bool(self.records or self.queue or self.settings)

    def touches(self, key: str | None) -> bool:
        """Whether a view showing record ``key`` must re-read it."""
        return key is not None and (key in self.records or self.queue)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.records | other.records, *(getattr(self, f) or getattr(other, f) for f in
                       ("queue", "settings", "identity", "flags", "history", "outside")))


def record_changed(key: str, **flags_: bool) -> Changes:
    return Changes(records=frozenset({key}), **flags_)


#: What a change by another program may have touched: everything.
EVERYTHING = Changes(queue=True, settings=True, flags=True, history=True)


class Session(QObject):
    """The open audit: its store, who is working, the undo history, and the runner.

    ``changed(Changes)`` is emitted after every operation, whether it succeeded or not.
    """

    changed = Signal(object)

    def __init__(self, store: AuditStore, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        # A working copy is answered in its own role and round (a peer's: peer, round 2), whoever opens it.
        self.review_round = store.working_answers()[1]
        self.actor = self._working_actor(actor)
        self.history = UndoHistory()
        self.jobs = JobRunner(self)   # long operations, one at a time (SQLite has one writer)
        self.indexer = JobRunner(self)   # the full-text index catching up after an import (a cache, not a change)
        self._forms: dict[tuple[str, str], Form] = {}
        self._flags: dict[str, Flag] | None = None  # read once; refreshed when a change says flags
        self._insights: tuple[str, RecordInsights] | None = None   # the last record's, until any change
        self._record: Record | None = None   # the last record read, until any change (opening one reads it twice)
        self._time_limit: int | None = None   # the audit's time limit (hours), until a change of settings
        self._consulted: set[str] = set()           # records whose viewing this session has logged
        self._to_log: list[str] = []                # ... opened, and logged at the next pause (or change)
        self._consult_timer = QTimer(self, singleShot=True, interval=CONSULTATION_DELAY_MS)
        self._consult_timer.timeout.connect(self.log_consultations)
        self.changed.connect(self._forget_cached)
        self.changed.connect(self._index_new_records)

    @property
    def path(self):
        return self.store.path

    @property
    def read_only(self) -> bool:
        """Whether the audit was opened read-only (its location cannot be written)."""
        return self.store.read_only

    @property
    def is_fcr(self) -> bool:
        """Whether the person working is acting as Force Crime Registrar (who decides, not answers)."""
        return self.actor.role == Role.FCR

    @property
    def locked(self) -> str | None:
        """The sentence a change is refused with when the audit is signed off, else None."""
        return self.store.locked_by()

    @property
    def can_answer(self) -> bool:
        """Whether the checklist takes answers: not on a read-only or signed-off audit, and not
        from the FCR, who sees each record's final answers and decides in the adjudication dialog."""
        return not (self.read_only or self.is_fcr or self.locked)

    def close(self) -> None:
        self.log_consultations()
        for runner in (self.indexer, self.jobs):
            runner.cancel_all()
            runner.wait()
        self.store.close()

    def index_for_search(self) -> None:
        """Bring the full-text index up to date on a worker, if records are missing from it.

        An import commits its records without the index (``store.search``); until it
        catches up, the queue's text filter reads those records' fields instead (the
        same matches, more slowly). Run when the audit opens and when records arrive.
        A failure only leaves the filter reading them: it is tried again next time.
        """
        if self.read_only or self.indexer.busy or not self.store.search_backlog():
            return
        self.indexer.run(with_audit, self.path, build_search_index, on_done=lambda _count: None,
                         on_error=lambda _exc: None)

    # -- the runner ---------------------------------------------------------------------------
    def run(
        self, changes: Changes | Callable[[Any], Changes], operation: Callable[..., T], *args: Any,
        parent: QWidget | None = None, on_error: Callable[[BaseException], None] | None = None,
    ) -> T | None:
        """Run a quick ``operation(*args)`` now, on the UI thread; its result, or None if it failed.

        ``changes`` (or ``changes(result)``) is emitted when it succeeds. When it
        fails, the error goes to ``on_error`` if given, else to a dialog over
        ``parent``; then ``changes`` is emitted all the same (with a callable, the
        changes of a ``None`` result), so the views re-read what the file holds.
        """
        if operation is not log_consultations:
            self.log_consultations()   # what was read is in the log before what is changed
        try:
            result = operation(*args)
        except Exception as exc:   # every failure, said once, in words
            self._failed(exc, parent, on_error)
            self.changed.emit(changes if isinstance(changes, Changes) else changes(None))
            return None
        self.changed.emit(changes if isinstance(changes, Changes) else changes(result))
        return result

    def run_long(
        self, changes: Changes | Callable[[Any], Changes], operation: Callable[..., T], *args: Any,
        on_done: Callable[[T], None], on_error: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None, progress_dialog_parent: QWidget | None = None,
        title: str = "", cancellable: bool = True,
    ) -> Job:
        """Run ``operation(*args, progress=Progress)`` on a worker thread (see ``JobRunner.run``).

        On success the ``changes`` are emitted, then ``on_done(result)``; errors go to
        ``on_error`` or a dialog; cancelling changes nothing, so nothing is emitted.
        """
        self.log_consultations()

        def done(result: T) -> None:
            self.changed.emit(changes if isinstance(changes, Changes) else changes(result))
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._failed(exc, progress_dialog_parent, on_error)
            self.changed.emit(changes if isinstance(changes, Changes) else changes(None))

        return self.jobs.run(operation, *args, on_done=done, on_error=failed, on_cancelled=on_cancelled,
                             progress_dialog_parent=progress_dialog_parent, title=title, cancellable=cancellable)

    def _failed(self, exc: BaseException, parent: QWidget | None, on_error: Callable[[BaseException], None] | None) -> None:
        if on_error is not None:
            on_error(exc)
        else:
            errors.show_error(parent, exc)

    def outside_changes(self) -> None:
        """Another program committed to the audit: every view shows its latest state."""
        self.changed.emit(replace(EVERYTHING, outside=True))

    def set_actor(self, actor: Actor) -> None:
        """Who is working changed (the start screen's Change...): later changes carry the new name and role."""
        actor = self._working_actor(actor)
        if actor != self.actor:
            self.log_consultations()   # in the name of who read them
            self.actor = actor
            self.history = UndoHistory()   # nobody undoes another person's answers
            self.changed.emit(Changes(identity=True, history=True, queue=True))

    def _working_actor(self, actor: Actor) -> Actor:
        """``actor`` in the role a working copy is answered in (a peer's copy: peer), whoever opened it."""
        if self.store.copy_info() is None:
            return actor
        return Actor(actor.name, Role(self.store.working_answers()[0]), actor.force)

    def _index_new_records(self, changes: Changes) -> None:
        if changes.queue:   # records may have arrived (an import, a merge, another program)
            self.index_for_search()

    def _forget_cached(self, changes: Changes) -> None:
        self._insights = None
        self._record = None
        if changes.settings:
            self._time_limit = None
        if changes.flags or changes.queue:
            self._flags = None

    # -- reading ------------------------------------------------------------------------------
    def record(self, key: str) -> Record:
        if self._record is None or self._record.key != key:
            self._record = self.store.record(key)
        return self._record

    def form(self, record: Record) -> Form:
        """The record's frozen checklist (parsed once per session), in the audit's words (its time limit)."""
        from workbench.core.wording import settings_words, with_audit_words

        if self._time_limit is None:
            self._time_limit = self.store.settings().time_limit_hours
        hours = self._time_limit
        ident = (record.form_id, record.form_version, hours)
        if ident not in self._forms:
            self._forms[ident] = with_audit_words(self.store.form(*ident[:2]), settings_words(hours))
        return self._forms[ident]

    def answers(self, key: str) -> dict[checklist.AnswerKey, str]:
        """The answers the checklist shows: the person's own, or for the FCR the record's final answers."""
        if self.is_fcr:
            role = "fcr" if key in self.store.determinations() else "auditor"
            return answering.current_answers(self.store, key, role)
        return answering.current_answers(self.store, key, str(self.actor.role), self.review_round)

    def insights(self, key: str) -> RecordInsights:
        """Beside the record: its elapsed time, the suggested answers, a source changed since review.

        The last record's are kept until the next change: the record view and the checklist both
        ask for them when a record is opened.
        """
        if self._insights is None or self._insights[0] != key:
            record = self.record(key)
            self._insights = (key, record_insights(self.store, record, self.form(record)))
        return self._insights[1]

    def flag_of(self, key: str) -> Flag | None:
        if self._flags is None:
            self._flags = self.store.flags()
        return self._flags.get(key)

    # -- the operations the review panes run ------------------------------------------------------
    def consulted(self, key: str) -> None:
        """The person opened ``key`` to read it: logged as a consultation, once per record per session.

        Never in the way: a read-only audit cannot log it, and a failure is said once
        in the status bar by the caller, not in a dialog.
        """
        if key in self._consulted or self.read_only:
            return
        self._consulted.add(key)
        self._to_log.append(key)
        self._consult_timer.start()

    def log_consultations(self) -> None:
        """Log the consultations not logged yet, in one transaction (moving through records with
        Ctrl+J, a write per record would cost a frame each). Any change logs them first."""
        self._consult_timer.stop()
        keys, self._to_log = self._to_log, []
        if keys:
            self.run(Changes(), log_consultations, self.store, self.actor, keys, on_error=lambda exc: None)

    def answer(self, key: str, question: str, instance: int | None, value: str | None, note: str | None = None,
               on_error: Callable[[BaseException], None] | None = None, parent: QWidget | None = None) -> bool:
        """Save one answer now (None clears it); True if it changed."""
        return bool(self.run(record_changed(key, history=True), self.history.answer, self.store, self.actor, key,
                             question, value or None, instance, note, self.review_round, on_error=on_error,
                             parent=parent))

    def remove_instance(self, key: str, repeat: str, instance: int,
                        on_error: Callable[[BaseException], None] | None = None, parent: QWidget | None = None) -> int:
        """Remove one repeat instance (renumbering the later ones) as one undo step."""
        return self.run(record_changed(key, history=True), repeats.remove_instance, self.store, self.actor, key,
                        repeat, instance, self.history, self.review_round, on_error=on_error, parent=parent) or 0

    def undo(self, parent: QWidget | None = None) -> AnswerEdit | None:
        return self.run(_edited, self.history.undo, self.store, self.actor, self.review_round, parent=parent)

    def redo(self, parent: QWidget | None = None) -> AnswerEdit | None:
        return self.run(_edited, self.history.redo, self.store, self.actor, self.review_round, parent=parent)

    def flag(self, key: str, note: str, parent: QWidget | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> bool:
        return bool(self.run(record_changed(key, flags=True), flags.flag_record, self.store, self.actor, key, note,
                             parent=parent, on_error=on_error))

    def clear_flag(self, key: str, parent: QWidget | None = None,
                   on_error: Callable[[BaseException], None] | None = None) -> bool:
        return bool(self.run(record_changed(key, flags=True), flags.clear_flag, self.store, self.actor, key,
                             parent=parent, on_error=on_error))

    def update_settings(self, settings, on_error: Callable[[BaseException], None] | None = None,
                        parent: QWidget | None = None) -> dict | None:
        """Save the audit's settings; the changed fields ``{name: [old, new]}``, or None if it failed."""
        return self.run(Changes(settings=True), update_settings, self.store, self.actor, settings,
                        on_error=on_error, parent=parent)


def _edited(edit: AnswerEdit | None) -> Changes:
    """What an undo or redo changed: the record it put back (the history either way)."""
    return Changes(records=frozenset({edit.record_key}) if edit else frozenset(), history=True)
