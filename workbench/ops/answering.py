"""Giving answers: one at a time (the GUI) or a whole long-format file (the CLI).

An answers file has the columns ``record, question, instance, answer, note``:
``instance`` is blank outside repeat groups and 1-based inside; choices are given
by their ``name``. Every row is checked against the record's frozen checklist
(unknown record, question or choice, a wrong instance, a failed constraint); one
wrong row rejects the file whole, with every problem listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from workbench.core import checklist
from workbench.core.audit import Actor
from workbench.core.errors import InputRejected, Location, Problem, WorkbenchError
from workbench.core.forms import Form
from workbench.core.records import AnswerChange
from workbench.io.tabular import Table, read_table
from workbench.store.audit_store import AuditStore

ANSWER_COLUMNS = ("record", "question", "instance", "answer", "note")


class AnswerRejected(WorkbenchError):
    """A single answer given in the app that the checklist does not allow."""


@dataclass(frozen=True)
class LoadResult:
    rows: int
    changed: int
    records: int


def current_answers(store: AuditStore, record_key: str, role: str = "auditor", review_round: int = 1) -> dict[checklist.AnswerKey, str]:
    """``{(question, instance): value}`` for one record, role and round."""
    return {(a.question, a.instance): a.value for a in store.answers(role, review_round, record_key)}


def record_form(store: AuditStore, record_key: str) -> Form:
    record = store.record(record_key)
    return store.form(record.form_id, record.form_version)


def answer(
    store: AuditStore, actor: Actor, record_key: str, question: str, value: str | None,
    instance: int | None = None, note: str = "", review_round: int = 1,
) -> bool:
    """Save one answer (``value`` None clears it) with its event; True if it changed."""
    try:
        form = record_form(store, record_key)
    except KeyError:
        raise AnswerRejected(f"There is no record '{record_key}' in this audit.") from None
    problem = _row_problem(form, question, instance, value) if value is not None else _question_problem(form, question, instance)
    if problem:
        raise AnswerRejected(problem)
    free = form.question(question).spec.is_free_text
    return store.set_answers(actor, [AnswerChange(record_key, question, instance, value, note, free)], review_round) > 0


def load_answers(store: AuditStore, actor: Actor, path: Path, review_round: int = 1) -> LoadResult:
    """Check every row of an answers file, then save them all in one transaction."""
    table = read_table(Path(path))
    columns = _columns(table)
    forms = store.record_forms()
    problems: list[Problem] = []
    changes: list[AnswerChange] = []
    seen: dict[tuple, int] = {}
    form_cache: dict[tuple[str, str], Form] = {}
    for row_number, cells in table.rows:
        record, question, inst_text, value, note = (cells[columns[c]] if columns[c] is not None else "" for c in ANSWER_COLUMNS)
        loc = lambda col: Location(table.sheet or None, row_number, col)  # noqa: E731
        if record not in forms:
            problems.append(Problem(f"there is no record '{record}' in this audit", loc("record")))
            continue
        form = form_cache.get(forms[record]) or form_cache.setdefault(forms[record], store.form(*forms[record]))
        instance, problem = _parse_instance(inst_text)
        if problem:
            problems.append(Problem(problem, loc("instance")))
            continue
        problem = _question_problem(form, question, instance)
        if problem:
            problems.append(Problem(problem, loc("question" if "question" in problem else "instance")))
            continue
        if not value:
            problems.append(Problem("the answer is blank", loc("answer"), "give the choice name or value, or leave the row out"))
            continue
        problem = checklist.check_value(form, question, value)
        if problem:
            shown = value if len(value) <= 40 else value[:40] + "..."
            problems.append(Problem(f"'{shown}' cannot be an answer to '{question}': {problem}", loc("answer")))
            continue
        dup = (record, question, instance)
        if dup in seen:
            problems.append(Problem(f"this answer was already given on row {seen[dup]}", loc("question")))
            continue
        seen[dup] = row_number
        changes.append(AnswerChange(record, question, instance, value, note, form.question(question).spec.is_free_text))
    problems += _constraint_problems(store, table, changes, seen, form_cache, forms, actor, review_round)
    if problems:
        raise InputRejected(table.file_name, problems)
    changed = store.set_answers(actor, changes, review_round, source=table.sha256)
    return LoadResult(len(table.rows), changed, len({c.record_key for c in changes}))


def _columns(table: Table) -> dict[str, int | None]:
    columns = {c: table.column(c) for c in ANSWER_COLUMNS}
    missing = [c for c in ("record", "question", "answer") if columns[c] is None]
    if missing:
        raise InputRejected(
            table.file_name,
            [Problem("missing column(s): " + ", ".join(missing), Location(table.sheet or None, 1), "the header must be: " + ", ".join(ANSWER_COLUMNS))],
        )
    return columns


def _parse_instance(text: str) -> tuple[int | None, str | None]:
    if not text:
        return None, None
    try:
        number = float(text)  # a spreadsheet may hold 2 as 2.0
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        return None, f"the instance '{text}' is not a whole number"
    value = int(number)
    if value < 1:
        return None, "the instance must be 1 or more"
    return value, None


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


def _row_problem(form: Form, question: str, instance: int | None, value: str) -> str | None:
    return _question_problem(form, question, instance) or checklist.check_value(form, question, value)


def _constraint_problems(store, table, changes, seen, form_cache, forms, actor, review_round) -> list[Problem]:
    """Constraints can refer to other answers: check each record as it would be after loading."""
    by_record: dict[str, list[AnswerChange]] = defaultdict(list)
    for c in changes:
        by_record[c.record_key].append(c)
    problems = []
    for record, record_changes in by_record.items():
        form = form_cache[forms[record]]
        answers = current_answers(store, record, str(actor.role), review_round)
        answers.update({(c.question, c.instance): c.value for c in record_changes})
        state = checklist.evaluate(form, answers)
        bad = {(i.question.name, i.instance): i.problem for i in state.items if (i.question.name, i.instance) in state.invalid}
        for c in record_changes:
            if (c.question, c.instance) in bad:
                row = seen[(record, c.question, c.instance)]
                problems.append(Problem(bad[(c.question, c.instance)] or "the answer fails the question's constraint", Location(table.sheet or None, row, "answer")))
    return problems
