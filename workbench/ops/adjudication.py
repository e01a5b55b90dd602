"""The FCR's determinations: settle a record on the auditor's, the peer's or the FCR's own answers.

A determination is always a complete record: the FCR's whole answer set for it,
checked against its checklist before it is saved, so that an answer which makes
other questions apply (``recorded = no`` asks why it was not recorded, and a
non-compliant answer asks for the rationale) can never leave the record out of
the findings. The FCR may start from either side, change single answers, clear
them, and add or remove crime instances. Overruling the audit team needs a reason;
confirming it does not. A flag raised on the record is closed with the decision.

Only a person acting as FCR determines: offline, roles are declared, not enforced
(docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.core import checklist, peer_review
from workbench.core.audit import Actor, Role
from workbench.core.errors import WorkbenchError
from workbench.core.forms import Form
from workbench.core.records import AnswerChange
from workbench.ops import changes_audit
from workbench.ops.answering import AnswerRejected, record_form
from workbench.ops.repeats import repeat_questions
from workbench.store.audit_store import AuditStore, Determination, Flag
from workbench.store.determinations import answer_set_digest

#: ``{(question, instance): (value, note)}``: one person's answers to one record.
AnswerSet = dict[checklist.AnswerKey, tuple[str, str]]
SIDES = ("auditor", "peer", "fcr")
PEER_ROUND = peer_review.PEER_ROUND


class NotTheFCR(WorkbenchError):
    """Someone not acting as FCR tried to determine a record."""


class DeterminationIncomplete(WorkbenchError):
    """The answers given do not make a complete record; ``missing`` names what is still needed."""

    def __init__(self, record_key: str, missing: list[str], invalid: list[str]):
        self.record_key, self.missing, self.invalid = record_key, missing, invalid
        parts = []
        if missing:
            parts.append("still needs " + "; ".join(missing))
        if invalid:
            parts.append("has answers that are not allowed: " + "; ".join(invalid))
        super().__init__(f"The determination of {record_key} is not a complete record: it " + ", and ".join(parts)
                         + ". Answer these too, then save it.")


@dataclass(frozen=True)
class RecordSides:
    """Everything the FCR weighs for one record."""

    record_key: str
    form: Form
    auditor: AnswerSet
    peer: AnswerSet
    fcr: AnswerSet
    determination: Determination | None
    flag: Flag | None

    def side(self, name: str) -> AnswerSet:
        return {"auditor": self.auditor, "peer": self.peer, "fcr": self.fcr}[name]

    @property
    def final(self) -> AnswerSet:
        """The answers the findings use: the determination's, else the audit team's."""
        return self.fcr if self.determination else self.auditor

    def disagreements(self) -> list[checklist.AnswerKey]:
        """Questions the auditor and the peer answered differently (when the peer answered the record)."""
        if not self.peer:
            return []
        applying = [set(checklist.effective_answers(self.form, _values(s))) for s in (self.auditor, self.peer)]
        keys = applying[0] | applying[1]
        return [k for k in self._order() if k in keys
                and _value(self.auditor.get(k)) != _value(self.peer.get(k))]

    def _order(self) -> list[checklist.AnswerKey]:
        state = checklist.evaluate(self.form, {**_values(self.auditor), **_values(self.peer)})
        return [item.key for item in state.items]


def sides(store: AuditStore, record_key: str) -> RecordSides:
    """The auditor's, the peer's and the FCR's answers to ``record_key``, its determination and flag."""
    try:
        form = record_form(store, record_key)
    except KeyError:
        raise WorkbenchError(f"There is no record '{record_key}' in this audit.") from None

    def answers(role: str, rnd: int) -> AnswerSet:
        return {(a.question, a.instance): (a.value, a.note) for a in store.answers(role, rnd, record_key)}

    return RecordSides(record_key, form, answers("auditor", 1), answers("peer", PEER_ROUND), answers("fcr", 1),
                       store.determinations().get(record_key), store.flags().get(record_key))


def amend(form: Form, base: AnswerSet, sets: Iterable[tuple[str, int | None, str]] = (),
          clears: Iterable[tuple[str, int | None]] = (), removals: Iterable[tuple[str, int]] = ()) -> AnswerSet:
    """``base`` with answers set, cleared, and repeat instances removed (later ones move up one).

    Raises ``AnswerRejected`` for an unknown question or repeat, or a value the question does not take.
    """
    answers = dict(base)
    for repeat, number in sorted(removals, key=lambda r: -r[1]):
        names = repeat_questions(form, repeat)
        if not names:
            raise AnswerRejected(f"Checklist '{form.form_id}' has no repeat group '{repeat}'.")
        last = max((i for (q, i) in answers if q in names and i), default=0)
        for n in range(number, last + 1):
            for name in names:
                moved = answers.pop((name, n + 1), None)
                answers.pop((name, n), None)
                if moved is not None:
                    answers[(name, n)] = moved
    for question, instance in clears:
        _known(form, question)
        answers.pop((question, instance), None)
    for question, instance, value in sets:
        problem = _known(form, question) or checklist.check_value(form, question, value)
        if problem:
            raise AnswerRejected(f"'{question}': {problem}")
        note = answers.get((question, instance), ("", ""))[1]
        answers[(question, instance)] = (value, note)
    return answers


@changes_audit
def determine(store: AuditStore, actor: Actor, record_key: str, answers: AnswerSet, based_on: str, reason: str = "") -> bool:
    """Save the FCR's determination of one record; False if it was already exactly that.

    Raises
    ------
    NotTheFCR
        ``actor`` is not acting as FCR.
    DeterminationIncomplete
        The answers are not a complete record (the missing questions are named).
    WorkbenchError
        It overrules the audit team without a reason, or ``based_on`` is unknown.
    """
    return determine_many(store, actor, {record_key: (answers, based_on)}, reason) > 0


@changes_audit
def determine_many(store: AuditStore, actor: Actor, decisions: Mapping[str, tuple[AnswerSet, str]], reason: str = "") -> int:
    """Save several determinations in one transaction (all or none); the number of records decided anew."""
    if actor.role != Role.FCR:
        raise NotTheFCR("Only the Force Crime Registrar makes a final determination: choose the FCR role "
                        "(the start screen's Change…, or --role fcr) to decide records.")
    pending = []
    for key, (answers, based_on) in decisions.items():
        if based_on not in SIDES:
            raise WorkbenchError(f"A determination is based on the auditor's, the peer's or the FCR's own answers, not '{based_on}'.")
        now = sides(store, key)
        kept = _complete(now.form, key, answers)
        if now.determination is not None and kept == now.fcr and now.determination.based_on == based_on:
            continue
        if _values(kept) != _values(checklist_effective(now.form, now.auditor)) and not reason.strip():
            raise WorkbenchError(f"The determination of {key} overrules the audit team's answers: give the reason for the record.")
        pending.append((key, _changes(now.form, key, now.fcr, kept), based_on, reason.strip(), answer_set_digest(kept)))
    if pending:
        store.determine(actor, pending)
    return len(pending)


def checklist_effective(form: Form, answers: AnswerSet) -> AnswerSet:
    """Only the answers to questions that apply."""
    applying = checklist.effective_answers(form, _values(answers))
    return {k: v for k, v in answers.items() if k in applying}


def overturned(sides_: RecordSides) -> list[checklist.AnswerKey]:
    """The questions on which a determination's answer differs from the audit team's (none if undecided)."""
    if sides_.determination is None:
        return []
    final = _values(checklist_effective(sides_.form, sides_.fcr))
    team = _values(checklist_effective(sides_.form, sides_.auditor))
    return sorted(k for k in final.keys() | team.keys() if final.get(k) != team.get(k))


def _complete(form: Form, key: str, answers: AnswerSet) -> AnswerSet:
    state = checklist.evaluate(form, _values(answers))
    if state.missing or state.invalid:
        label = {item.key: _describe(form, item.key) for item in state.items}
        raise DeterminationIncomplete(key, [label.get(k, _describe(form, k)) for k in state.missing],
                                      [label.get(k, _describe(form, k)) for k in state.invalid])
    return checklist_effective(form, answers)


def _changes(form: Form, key: str, held: AnswerSet, wanted: AnswerSet) -> list[AnswerChange]:
    out = [AnswerChange(key, q, i, None, "", form.question(q).spec.is_free_text) for (q, i) in held if (q, i) not in wanted]
    out += [AnswerChange(key, q, i, v, n, form.question(q).spec.is_free_text)
            for (q, i), (v, n) in wanted.items() if held.get((q, i)) != (v, n)]
    return out


def _describe(form: Form, key: checklist.AnswerKey) -> str:
    question, instance = key
    label = form.question(question).spec.label or question
    return f"{label} ({question}{' #' + str(instance) if instance else ''})"


def _known(form: Form, question: str) -> str | None:
    try:
        form.question(question)
    except KeyError:
        return f"checklist '{form.form_id}' has no question '{question}'"
    return None


def _values(answers: AnswerSet) -> dict[checklist.AnswerKey, str]:
    return {k: v for k, (v, _note) in answers.items()}


def _value(answer: tuple[str, str] | None) -> str | None:
    return answer[0] if answer else None


def parse_answer_key(text: str) -> checklist.AnswerKey:
    """``recorded#2`` as ``("recorded", 2)``; ``auditable`` as ``("auditable", None)``."""
    name, _, number = text.partition("#")
    if number and not number.isdigit():
        raise WorkbenchError(f"'{text}': write a repeat instance as QUESTION#N, e.g. recorded#2.")
    return name.strip(), int(number) if number else None


def parse_settings(items: Sequence[str]) -> list[tuple[str, int | None, str]]:
    """``["recorded#1=no", ...]`` as ``[("recorded", 1, "no"), ...]``."""
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise WorkbenchError(f"'{item}': give an answer as QUESTION[#N]=VALUE, e.g. recorded#1=no.")
        out.append((*parse_answer_key(key), value.strip()))
    return out


@changes_audit
def load_determinations(store: AuditStore, actor: Actor, path, reason: str = "", sheet: str | None = None) -> int:
    """The FCR's answers file (``workbench answers --role fcr``) as determinations, all or none.

    Each record's rows amend its final answers (the determination if there is one,
    else the audit team's): an answer replaces, a blank answer clears, and a row
    naming a repeat group with the answer ``remove`` removes that instance. Every
    record must then be complete; the file is rejected whole, naming sheet, row and
    column (and the questions still needed), if any row or record is wrong. In a
    file with a ``role`` column (an exported Answers sheet) only the ``fcr`` rows
    are read.
    """
    from pathlib import Path

    from workbench.core.errors import InputRejected, Location, Problem
    from workbench.io.tabular import read_table
    from workbench.ops.answering import _columns, _parse_instance, rows_of_role

    table = read_table(Path(path), sheet)
    columns = _columns(table)
    where = table.sheet or None
    problems: list[Problem] = []
    edits: dict[str, tuple[list, list, list, int]] = {}
    known = store.record_forms()
    for row_number, cells in rows_of_role(table, str(Role.FCR), 1, problems):
        row = {c: cells[i] if i is not None else "" for c, i in columns.items()}
        key, question, value = row["record"], row["question"], row["answer"]
        if key not in known:
            problems.append(Problem(f"there is no record '{key}' in this audit", Location(where, row_number, "record")))
            continue
        instance, problem = _parse_instance(row["instance"])
        if problem:
            problems.append(Problem(problem, Location(where, row_number, "instance")))
            continue
        sets, clears, removals, _first = edits.setdefault(key, ([], [], [], row_number))
        if value.strip().lower() == "remove" and instance:
            removals.append((question, instance))
        elif not value:
            clears.append((question, instance))
        else:
            sets.append((question, instance, value, row["note"]))
    decisions: dict[str, tuple[AnswerSet, str]] = {}
    for key, (sets, clears, removals, first_row) in edits.items():
        now = sides(store, key)
        try:
            answers = amend(now.form, now.final, [(q, i, v) for q, i, v, _n in sets], clears, removals)
            for q, i, _v, note in sets:
                answers[(q, i)] = (answers[(q, i)][0], note)
            _complete(now.form, key, answers)
        except (AnswerRejected, DeterminationIncomplete) as exc:
            problems.append(Problem(str(exc), Location(where, first_row, "record")))
            continue
        decisions[key] = (answers, "fcr" if sets or clears or removals else "auditor")
    if problems:
        raise InputRejected(table.file_name, problems)
    return determine_many(store, actor, decisions, reason)
