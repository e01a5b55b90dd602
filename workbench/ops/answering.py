"""Giving answers: one at a time (the GUI) or a whole long-format file (the CLI).

An answers file has the columns ``record, question, instance, answer, note``:
``instance`` is blank outside repeat groups and 1-based inside; choices are given
by their ``name``. Every row is checked against the record's frozen checklist
(unknown record, question or choice, a wrong instance, a failed constraint); one
wrong row rejects the file whole, with every problem listed.

A file may also have ``role`` and ``round`` columns (an exported workbook's Answers
sheet has: the audit team's, the peer's and the FCR's answers together). Then only
the rows of the role (and round) being loaded are read; the others are skipped and
counted. A blank role or round is the one being loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from workbench.core.collector import cycle_collector_paused
from workbench.core import checklist
from workbench.core.evaluations import Evaluations
from workbench.core.audit import Actor, Role
from workbench.core.errors import InputRejected, Location, Problem, WorkbenchError
from workbench.core.forms import Form
from workbench.core.records import AnswerChange
from workbench.io.limits import MAX_REPEAT_INSTANCES
from workbench.io.table_rows import TableRows, stream_table
from workbench.io.tabular import Table
from workbench.ops import changes_audit
from workbench.store.answer_load import LoadedAnswer
from workbench.store.audit_store import AuditStore

ANSWER_COLUMNS = ("record", "question", "instance", "answer", "note")
#: Optional columns: whose answers a row holds (an export's Answers sheet).
ROLE_COLUMNS = ("role", "round")

#: One answer change within a record: ``(question, instance, value or None, note)``.
PendingAnswer = tuple[str, int | None, str | None, str | None]


class AnswerRejected(WorkbenchError):
    """A single answer given in the app that the checklist does not allow."""


@dataclass(frozen=True)
class LoadResult:
    rows: int
    changed: int
    records: int
    skipped: int = 0  # rows of another role or round (a file with role and round columns)


def current_answers(store: AuditStore, record_key: str, role: str = "auditor", review_round: int = 1) -> dict[checklist.AnswerKey, str]:
    """``{(question, instance): value}`` for one record, role and round."""
    return {(a.question, a.instance): a.value for a in store.answers(role, review_round, record_key)}


def record_form(store: AuditStore, record_key: str) -> Form:
    """The record's checklist, in the audit's words (``core.wording``: its time limit in the labels)."""
    from workbench.core.wording import settings_words, with_audit_words

    record = store.record(record_key)
    return with_audit_words(store.form(record.form_id, record.form_version),
                            settings_words(store.settings().time_limit_hours))


@changes_audit
def answer(
    store: AuditStore, actor: Actor, record_key: str, question: str, value: str | None,
    instance: int | None = None, note: str | None = None, review_round: int = 1,
) -> bool:
    """Save one answer (``value`` None clears it) with its event; True if it changed.

    ``note`` None keeps the answer's note; the record's progress is re-evaluated
    and cached in the same transaction.
    """
    return answer_many(store, actor, record_key, [(question, instance, value, note)], review_round) > 0


@changes_audit
def answer_many(
    store: AuditStore, actor: Actor, record_key: str, changes: Sequence[PendingAnswer], review_round: int = 1,
) -> int:
    """Save several answers of one record in one transaction, one event each.

    Each change is ``(question, instance, value, note)`` (``value`` None clears;
    ``note`` None keeps the note); all are checked first and one wrong change saves
    none. Returns how many changed.
    """
    try:
        form = record_form(store, record_key)
    except KeyError:
        raise AnswerRejected(f"There is no record '{record_key}' in this audit.") from None
    out = []
    for question, instance, value, note in changes:
        problem = _row_problem(form, question, instance, value) if value is not None else _question_problem(form, question, instance)
        if problem:
            raise AnswerRejected(problem)
        out.append(AnswerChange(record_key, question, instance, value, note, form.question(question).spec.is_free_text))
    if not out:
        return 0
    return store.set_answers(actor, out, review_round)


def _states_after(
    store: AuditStore, actor: Actor, review_round: int, loaded: Sequence[LoadedAnswer],
    form_of: Callable[[str], Form], evaluations: Evaluations,
) -> dict[str, checklist.RecordState]:
    """The evaluated state, once ``loaded`` answers are saved, of each record they change that would hold
    an answer its checklist does not allow (to say which): every pattern of answers evaluated once
    (in ``evaluations``, which the store then reuses for the records' progress).

    Only records whose checklist has a constraint are evaluated here. An answer the
    checklist does not allow is one whose value is not possible for its type or fails
    its question's constraint; every row of the file was checked for the first
    (``checklist.check_value``, in ``_RowCheck``), and without a constraint there is no
    second. The store evaluates each record once, for its progress, as it saves it.
    """
    checks: dict[int, bool] = {}   # by checklist: a file of 100,000 records names a handful
    held: dict[str, dict | None] = {}   # each constrained record's answers in the file (None: not constrained)
    for key, question, instance, value, _note, _free in loaded:
        changes = held.get(key, _UNSEEN)
        if changes is _UNSEEN:
            form = form_of(key)
            if checks.get(id(form)) is None:
                checks[id(form)] = _has_constraints(form)
            changes = held[key] = {} if checks[id(form)] else None
        if changes is not None:
            changes[(question, instance)] = value
    held = {key: changes for key, changes in held.items() if changes is not None}
    if not held:
        return {}
    given: dict[str, dict] = {key: {} for key in held}
    for a in store.answers(str(actor.role), review_round):   # one read, not one per record
        if a.record_key in given:
            given[a.record_key][(a.question, a.instance)] = a.value
    out = {}
    for key, changes in held.items():
        answers = given[key]
        answers.update(changes)
        form = form_of(key)
        if evaluations.outcome(form, answers).invalid:
            out[key] = checklist.evaluate(form, answers)
    return out


_UNSEEN = object()


def _has_constraints(form: Form) -> bool:
    """Whether any question of ``form`` has a constraint (an answer allowed for its type may still fail it)."""
    return any(q.spec.constraint for q in form.questions())


@changes_audit
def load_answers(store: AuditStore, actor: Actor, path: Path, review_round: int = 1, sheet: str | None = None,
                 before_saving: Callable[[], None] | None = None) -> LoadResult:
    """Check every row of an answers file (of its first sheet, or ``sheet``), then save them all in one transaction.

    ``before_saving`` is called once the file is found right, before anything is saved (it may
    raise: ``ops.audits.integrity_checked_alongside``). The FCR's answers are determinations
    (complete records): ``ops.adjudication.load_determinations``.
    """
    if actor.role == Role.FCR:
        raise WorkbenchError("The FCR's answers are determinations, each a complete record: load them with "
                             "'workbench answers --role fcr' (ops.adjudication.load_determinations).")
    with cycle_collector_paused():
        return _load_answers(store, actor, Path(path), review_round, sheet, before_saving)


def _load_answers(store: AuditStore, actor: Actor, path: Path, review_round: int, sheet: str | None,
                  before_saving: Callable[[], None] | None) -> LoadResult:
    table = stream_table(Path(path), sheet)   # read row by row as the rows are checked: never held whole
    try:
        columns = _columns(table)
    except InputRejected:
        table.finish()   # a row that cannot be read is said first, as when the sheet is read whole
        raise
    check = _RowCheck(store.record_forms(), store.forms())
    problems: list[Problem] = []
    rows: dict[tuple, int] = {}
    loaded, records = _checked_rows(table, columns, check, str(actor.role), review_round, rows, problems)
    table.finish()
    evaluations = Evaluations()
    if any(_has_constraints(form) for form in check.frozen.values()):
        for key, state in _states_after(store, actor, review_round, loaded, check.form_of, evaluations).items():
            for item in state.items:
                if item.key in state.invalid and (key, *item.key) in rows:
                    where = Location(table.sheet or None, rows[(key, *item.key)], "answer")
                    problems.append(Problem(item.problem or "the answer fails the question's constraint", where))
    if problems:
        raise InputRejected(table.file_name, sorted(problems, key=lambda p: p.location.row or 0))
    chosen = len(rows)
    del rows   # needed no longer: the store's load of 750,000 answers needs the room
    if before_saving is not None:
        before_saving()
    changed = store.load_answers(actor, loaded, review_round, source=table.sha256, evaluations=evaluations)
    return LoadResult(chosen, changed, records, table.count - chosen)


def _checked_rows(table: TableRows, columns: Mapping[str, int | None], check: _RowCheck, role: str, review_round: int,
                  rows: dict[tuple, int], problems: list[Problem]) -> tuple[list[LoadedAnswer], int]:
    """The answers of ``role`` and ``review_round`` in ``table``, each row checked (``problems`` added to), a
    record's answers together in the order the file first names it; and how many records they answer.

    ``rows`` is filled with the row of each answer given, ``(record, question, instance)``.
    """
    at = [columns[c] for c in ANSWER_COLUMNS]
    cells_of = itemgetter(*at) if None not in at else (lambda cells: [cells[i] if i is not None else "" for i in at])
    loaded: list[LoadedAnswer] = []
    order: dict[str, int] = {}   # each record, numbered as the file first names it
    last, together = None, True
    for row_number, cells in rows_of_role(table, role, review_round, problems):
        try:
            change = check.change(*cells_of(cells), row_number, rows)
        except _RowProblem as bad:
            problems.append(Problem(bad.message, Location(table.sheet or None, row_number, bad.column), bad.hint))
            continue
        key = change[0]
        if key != last:
            together = together and key not in order
            order.setdefault(key, len(order))
            last = key
        loaded.append(change)
    if not together:   # the same order as the records' answers gathered one record at a time (a stable sort)
        loaded.sort(key=lambda change: order[change[0]])
    return loaded, len(order)


def rows_of_role(table: Table | TableRows, role: str, review_round: int, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """The rows of ``table`` holding answers of ``role`` and ``review_round`` (all rows without those columns),
    one at a time (a file of 750,000 answers is not copied whole).

    A role that is not one of the workbench's, or a round that is not a whole
    number, is a problem (added to ``problems`` as the rows are read), not a row
    skipped in silence.
    """
    role_at, round_at = table.column("role"), table.column("round")
    if role_at is None and round_at is None:
        yield from table.rows
        return
    known = {str(r) for r in Role}
    for row_number, cells in table.rows:
        given_role = cells[role_at].strip().lower() if role_at is not None else ""
        given_round = cells[round_at].strip() if round_at is not None else ""
        if given_role and given_role not in known:
            problems.append(Problem(f"the role '{given_role[:20]}' is not one of {', '.join(sorted(known))}",
                                    Location(table.sheet or None, row_number, "role")))
            continue
        number, problem = _parse_instance(given_round)
        if problem:
            problems.append(Problem(problem.replace("instance", "round"), Location(table.sheet or None, row_number, "round")))
            continue
        if (given_role or role) == role and (number or review_round) == review_round:
            yield row_number, cells


class _RowProblem(Exception):
    def __init__(self, message: str, column: str, hint: str = ""):
        self.message, self.column, self.hint = message, column, hint


class _RowCheck:
    """Checks the rows of an answers file against their records' frozen checklists.

    What a row is checked against is looked up once per checklist and question
    (and a choice once per question and value), not once per row: a file of
    750,000 answers names a few dozen questions and a few hundred choices. Each
    record leads straight to its checklist's questions asked so far, and each
    question to its choices given so far (keyed by text alone: no tuple to build and
    hash for each row). The answers it gives share one string for each record,
    question and choice.
    """

    def __init__(self, record_forms: Mapping[str, tuple[str, str]], frozen: Mapping[tuple[str, str], Form]):
        self.record_forms, self.frozen = record_forms, frozen
        asked_of: dict[tuple[str, str], dict] = {form_key: {} for form_key in set(record_forms.values())}
        #: record key -> (key, checklist, {(question, instance text): (name, instance, free text, {choice: (choice, problem)})})
        self._records = {key: (key, form_key, asked_of[form_key]) for key, form_key in record_forms.items()}
        self._asked = 0   # questions remembered, in all checklists
        self._values = 0   # choices remembered, in all questions
        self._instances: dict[str, tuple[int | None, str | None]] = {}

    def form_of(self, record: str) -> Form:
        """The frozen checklist of a record in the audit."""
        return self.frozen[self.record_forms[record]]

    def change(self, record: str, question: str, instance_text: str, value: str, note: str, row: int,
               seen: dict[tuple, int]) -> LoadedAnswer:
        """Row ``row`` as an answer, or ``_RowProblem`` saying what is wrong (the first problem, in the order
        record, instance, question, blank answer, answer, repeated row); ``seen`` (``(record, question,
        instance)`` -> row) is given the row once it is found right."""
        known = self._records.get(record)
        if known is None:
            raise _RowProblem(f"there is no record '{record}' in this audit", "record")
        record_key, form_key, asked_of = known
        name, instance, free_text, values = (asked_of.get((question, instance_text))
                                             or self._ask(form_key, asked_of, question, instance_text))
        if not value:
            raise _RowProblem("the answer is blank", "answer", "give the choice name or value, or leave the row out")
        if not free_text:
            value, problem = values.get(value) or self._value(form_key, name, value, values)
            if problem:
                raise _RowProblem(f"not a possible answer to '{name}': {problem}", "answer")  # the value itself is not repeated
        first = seen.setdefault((record_key, name, instance), row)
        if first != row:
            raise _RowProblem(f"this answer was already given on row {first}", "question")
        return record_key, name, instance, value, note, free_text

    def _ask(self, form_key: tuple[str, str], asked_of: dict, question: str, instance_text: str) -> tuple:
        """``(the question's name, the instance, whether it is free text, its choices given so far)`` of a row,
        or ``_RowProblem`` (instance first)."""
        instance, problem = self._instance(instance_text)
        if problem:
            raise _RowProblem(problem, "instance")
        form = self.frozen[form_key]
        problem = _question_problem(form, question, instance)
        if problem:
            raise _RowProblem(problem, "question" if "no question" in problem else "instance")
        q = form.question(question)
        found = (q.name, instance, q.spec.is_free_text, {})
        if self._asked < 10_000:   # a hostile file naming a million questions is checked row by row
            self._asked += 1
            asked_of[(question, instance_text)] = found
        return found

    def _instance(self, text: str) -> tuple[int | None, str | None]:
        found = self._instances.get(text)
        if found is None:
            found = _parse_instance(text)
            if len(self._instances) < 1000:   # a hostile file's millions of instances are parsed row by row
                self._instances[text] = found
        return found

    def _value(self, form_key: tuple[str, str], question: str, value: str, values: dict) -> tuple[str, str | None]:
        """``(value, the problem with it or None)``; a choice seen before gives its first string."""
        found = (value, checklist.check_value(self.frozen[form_key], question, value))
        if self._values < 100_000:
            self._values += 1
            values[value] = found
        return found


def _columns(table: Table | TableRows) -> dict[str, int | None]:
    columns = {c: table.column(c) for c in ANSWER_COLUMNS}
    missing = [c for c in ("record", "question", "answer") if columns[c] is None]
    if missing:
        raise InputRejected(
            table.file_name,
            [Problem("missing column(s): " + ", ".join(missing), Location(table.sheet or None, 1), "the header must be: " + ", ".join(ANSWER_COLUMNS))],
        )
    return columns


def _parse_instance(text: str) -> tuple[int | None, str | None]:
    """The repeat instance of a row: blank, or a whole number from 1 to ``MAX_REPEAT_INSTANCES``.

    The bound matters: an instance becomes a loop count and rows of answers
    everywhere the record is shown (1e300 once made ``export`` use 23 GB).
    """
    if not text:
        return None, None
    try:
        number = float(text)  # a spreadsheet may hold 2 as 2.0
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        return None, f"the instance '{text[:40]}' is not a whole number"
    if number < 1:
        return None, "the instance must be 1 or more"
    if number > MAX_REPEAT_INSTANCES:
        return None, f"the instance {text[:40]} is over the limit of {MAX_REPEAT_INSTANCES} (a repeat group's instances are 1, 2, ...)"
    return int(number), None


def _question_problem(form: Form, question: str, instance: int | None) -> str | None:
    try:
        q = form.question(question)
    except KeyError:
        return f"checklist '{form.form_id}' has no question '{question}'"
    if q.repeat and instance is None:
        return f"'{question}' is asked once per '{q.repeat}': give the instance (1, 2, ...)"
    if not q.repeat and instance is not None:
        return f"'{question}' is not in a repeat group: leave the instance blank"
    return None


def answer_problem(form: Form, question: str, instance: int | None, value: str) -> str | None:
    """Why ``value`` cannot answer ``question`` (at ``instance``) in ``form``, or None if it can."""
    return _row_problem(form, question, instance, value)


def _row_problem(form: Form, question: str, instance: int | None, value: str) -> str | None:
    return _question_problem(form, question, instance) or checklist.check_value(form, question, value)
