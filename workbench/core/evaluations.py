"""Checklist evaluations remembered by the answers that decide them.

A sample of 100,000 records holds only a few hundred different *patterns* of
answers. ``checklist.evaluate`` of one record depends on its values, except that
an answer no rule reads (no condition, constraint or compliance rule of the
checklist refers to its question, and it has no constraint or compliance rule of
its own) matters only by being given and valid for its type: a free-text
rationale, a crime reference, the offence group. So the outcome of an evaluation
(progress, which answers apply, which are non-compliant) is remembered under the
record's answers with each such answer replaced by a mark, and reused for every
record with the same pattern: the same result as evaluating each record, exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from workbench.core.checklist import AnswerKey, check_row_value, evaluate
from workbench.core.errors import ExpressionError
from workbench.core.expressions import parse
from workbench.core.forms import Form

_ANSWERED = "\x00answered"
#: The columns whose expressions may read an answer.
_RULES = ("relevant", "required", "constraint", "compliant")
_LITERALS = frozenset({"", "yes", "no", "true", "false", "true()", "false()"})


@dataclass(frozen=True)
class Outcome:
    """What an evaluation says of one record: progress, the answers that apply, the non-compliant ones."""

    progress: str
    applies: frozenset[AnswerKey]
    noncompliant: tuple[AnswerKey, ...]
    compliant: bool | None
    hidden: int = 0
    invalid: tuple[AnswerKey, ...] = ()

    def effective(self, answers: Mapping[AnswerKey, str]) -> dict[AnswerKey, str]:
        """The answers that count (``checklist.effective_answers``), in the order given."""
        return {k: v for k, v in answers.items() if k in self.applies}


class Evaluations:
    """Evaluates records, remembering each outcome by its deciding answers (one instance per read)."""

    def __init__(self) -> None:
        self._outcomes: dict[tuple, Outcome] = {}
        self._masked: dict[int, frozenset[str]] = {}
        self._marks: dict[tuple[int, str, str], str] = {}
        self.evaluated = 0

    def outcome(self, form: Form, answers: Mapping[AnswerKey, str]) -> Outcome:
        """``checklist.evaluate(form, answers)``'s outcome, evaluated once per pattern of answers."""
        masked = self._masked.get(id(form))
        if masked is None:
            masked = self._masked[id(form)] = _unread(form)
        pattern = tuple(sorted(
            (q, i or 0, self._mark(form, q, v) if q in masked else v) for (q, i), v in answers.items()
        ))
        key = (form.form_id, form.version, id(form), pattern)
        found = self._outcomes.get(key)
        if found is None:
            state = evaluate(form, answers)
            found = Outcome(state.progress, frozenset(i.key for i in state.items if i.relevant and i.value is not None),
                            state.noncompliant, state.compliant, len(state.hidden_answers), state.invalid)
            self._outcomes[key] = found
            self.evaluated += 1
        return found


    def _mark(self, form: Form, question: str, value: str) -> str:
        """What an unread answer contributes: given and valid (one mark), or its value as it is."""
        key = (id(form), question, value)
        mark = self._marks.get(key)
        if mark is None:
            valid = value and check_row_value(form, form.question(question).spec, value) is None
            mark = self._marks[key] = _ANSWERED if valid else value
        return mark


def _unread(form: Form) -> frozenset[str]:
    """Questions whose value no rule reads: only whether they are answered, validly, matters."""
    referenced: set[str] = set()
    for row in form.survey:
        for column in _RULES:
            text = getattr(row, column)
            if text.strip().lower() in _LITERALS:
                continue
            try:
                referenced |= parse(text).references()
            except ExpressionError:  # not validated: mask nothing, evaluate every record
                return frozenset()
    return frozenset(q.name for q in form.questions()
                     if not q.spec.constraint and not q.spec.compliant and q.name not in referenced)


def unread_text(forms: Iterable[Form], read: Collection[str] = ()) -> frozenset[str]:
    """Free-text questions no rule reads in any of ``forms`` (a rationale, a crime reference), except ``read``.

    Leaving their answers out changes nothing the findings read (``read``: the
    questions the findings themselves read): which answers apply depends only on
    the others (progress does not, and comes from elsewhere).
    """
    forms = list(forms)
    unread = [frozenset(n for n in _unread(f) if f.question(n).spec.type == "text") for f in forms]
    everywhere = {q.name for f in forms for q in f.questions()}
    return frozenset(n for n in everywhere - set(read)
                     if all(n in u or not _asks(f, n) for f, u in zip(forms, unread)))


def _asks(form: Form, name: str) -> bool:
    try:
        form.question(name)
    except KeyError:
        return False
    return True
