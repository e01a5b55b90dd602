"""The checklist engine: what applies, what is missing and what is non-compliant.

``evaluate`` takes a form and one record's answers and says, for every question (and
every instance of a repeat), whether it is relevant now, required, answered, valid
and compliant. It knows question types, conditions and repeats, and nothing of the
domain: "an unauditable record needs no other answer" is a ``relevant`` condition
in the checklist, not code here.

Rules, in short:

- A question is relevant when its own ``relevant`` and those of every enclosing
  group or repeat are true, *and* every question those conditions refer to is
  itself relevant. Answers to questions that are not relevant are kept (they come
  back if the condition does) but read as unanswered everywhere and are reported
  in ``hidden_answers``.
- Inside a repeat, ``${sibling}`` means the sibling in the same instance; a
  question outside the repeat means its one answer.
- ``required`` is ``yes``/``true`` or an expression evaluated like ``relevant``.
- ``compliant`` is an expression over ``.``; a relevant, valid answer for which it
  is false is non-compliant. Conditions may call ``noncompliant()``: true when any
  *other* relevant answer in the record is non-compliant.
- A relevant choice answer ``unable`` ("Unable to determine") leaves the record
  undetermined: complete, with nothing non-compliant, it is neither compliant nor
  non-compliant (``compliant`` None), as the findings leave such answers out of
  their counts.
- A relevant repeat with no instances whose questions are required counts as
  missing one instance (its required questions at instance 1).

The form should have passed ``formcheck.validate_form``; an expression that does not
parse raises ``ExpressionError``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import takewhile
from types import MappingProxyType

from workbench.core.expressions import is_true_literal, parse
from workbench.core.forms import Form, Question, SurveyRow
from workbench.core.records import RecordProgress

#: ``(question name, instance)``: instance is None outside repeats, 1-based inside.
AnswerKey = tuple[str, int | None]

#: Functions the engine provides to every expression, beyond the built-in ones.
ENGINE_FUNCTIONS = frozenset({"noncompliant"})

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
#: The choice that says an answer cannot be established ("Unable to determine").
UNABLE = "unable"

_FALSE_LITERALS = frozenset({"", "no", "false", "false()"})
_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MISSING = "This question needs an answer."
_CONSTRAINT = "This answer is not allowed here."


@dataclass(frozen=True)
class ItemState:
    """One question in one instance, as things stand.

    ``problem`` is the required-but-missing message, the constraint message, or
    why the value is not valid for the type. ``compliant`` is None when the
    question has no ``compliant`` rule, or is unanswered, not relevant or invalid.
    """

    question: Question
    instance: int | None
    relevant: bool
    required: bool
    value: str | None
    problem: str | None
    compliant: bool | None

    @property
    def key(self) -> AnswerKey:
        return (self.question.name, self.instance)


@dataclass(frozen=True)
class RecordState:
    """Everything the checklist says about one record's answers."""

    items: tuple[ItemState, ...]
    instances: Mapping[str, int]
    progress: str
    hidden_answers: tuple[AnswerKey, ...]
    missing: tuple[AnswerKey, ...]
    invalid: tuple[AnswerKey, ...]
    noncompliant: tuple[AnswerKey, ...]
    undetermined: tuple[AnswerKey, ...] = ()

    @property
    def complete(self) -> bool:
        return self.progress == COMPLETE

    @property
    def compliant(self) -> bool | None:
        """None until the record is complete; then False if anything is non-compliant,
        None if an answer is "unable to determine" (the record is left out of the
        compliance count), else True."""
        if not self.complete:
            return None
        if self.noncompliant:
            return False
        return None if self.undetermined else True


def evaluate(
    form: Form,
    answers: Mapping[AnswerKey, str],
    instances: Mapping[str, int] | None = None,
) -> RecordState:
    """Evaluate one record's answers against a checklist.

    Parameters
    ----------
    form
        A validated checklist.
    answers
        Answer text by ``(question, instance)``. Empty text counts as unanswered;
        keys for unknown questions, or with an instance where none belongs (or
        none where one does), are ignored.
    instances
        Number of instances per repeat name. A repeat not given has as many as
        the highest instance answered for any of its questions (0 if none).
        Answers in instances beyond the count are reported as hidden.

    Returns
    -------
    RecordState
        Items in form order (a repeat's questions once per instance, instance by
        instance), progress and the keys that are hidden, missing, invalid or
        non-compliant.
    """
    run = _Run(form, answers, instances or {})
    shown = [run.item(key) for key in run.keys]
    virtual = [run.item(key) for key in run.virtual_keys]
    hidden = [i.key for i in shown if i.value is not None and not i.relevant]
    missing = [i.key for i in shown + virtual if i.relevant and i.required and i.value is None]
    invalid = [i.key for i in shown if i.relevant and i.value is not None and i.problem]
    noncompliant = [i.key for i in shown if i.compliant is False]
    undetermined = [i.key for i in shown if i.relevant and i.value == UNABLE and not i.problem
                    and i.question.spec.type == "select_one"]
    if not any(i.relevant and i.value is not None for i in shown):
        progress = NOT_STARTED
    elif missing or invalid:
        progress = IN_PROGRESS
    else:
        progress = COMPLETE
    return RecordState(
        items=tuple(shown),
        instances=MappingProxyType(dict(run.counts)),
        progress=progress,
        hidden_answers=tuple(hidden + run.beyond),
        missing=tuple(missing),
        invalid=tuple(invalid),
        noncompliant=tuple(noncompliant),
        undetermined=tuple(undetermined),
    )


def progress_of(state: RecordState) -> RecordProgress:
    """The cached form of a record's evaluated state (what the queue shows)."""
    return RecordProgress(state.progress, state.compliant, len(state.hidden_answers))


def effective_answers(
    form: Form, answers: Mapping[AnswerKey, str], instances: Mapping[str, int] | None = None
) -> dict[AnswerKey, str]:
    """The answers that count: those to questions relevant now (what findings use).

    Parameters and rules are those of `evaluate`; invalid answers are included
    (a record holding one is not complete).
    """
    state = evaluate(form, answers, instances)
    return {i.key: i.value for i in state.items if i.relevant and i.value is not None}


def rationale_questions(form: Form) -> tuple[str, ...]:
    """Questions required *because* an answer is non-compliant (``required`` calls ``noncompliant()``).

    Their answers explain the non-compliance: the rationale fed back to officers.
    """
    return tuple(
        q.name for q in form.questions()
        if not (is_true_literal(q.spec.required) or _is_false_literal(q.spec.required))
        and "noncompliant" in parse(q.spec.required).functions()
    )


def check_value(form: Form, question: str, value: str) -> str | None:
    """Check that ``value`` is a possible answer to ``question`` for its type.

    Parameters
    ----------
    form
        The checklist.
    question
        A question name; ``KeyError`` if the form has no such question.
    value
        The answer text; empty text is "unanswered" and always passes.

    Returns
    -------
    str or None
        A sentence saying what is wrong and what is allowed, or None if the value
        is fine. The sentence never repeats the value (it may be personal data).
    """
    return check_row_value(form, form.question(question).spec, value)


def check_row_value(form: Form, spec: SurveyRow, value: str) -> str | None:
    """`check_value` for a survey row (used to check a ``default`` cell)."""
    if value == "":
        return None
    if spec.type in ("select_one", "select_multiple"):
        return _check_choice(form, spec.type, spec.list_name, value)
    if spec.type == "integer" and not _INTEGER.fullmatch(value):
        return "This answer must be a whole number, such as 12 or -3."
    if spec.type == "decimal" and not _DECIMAL.fullmatch(value):
        return "This answer must be a number written with digits and an optional '.', such as 12.5."
    if spec.type == "date" and not _is_iso_date(value):
        return "This answer must be a date written YYYY-MM-DD, such as 2024-03-31."
    return None


# -- the evaluation of one record ------------------------------------------------------


class _Run:
    """Memoised relevance, values and compliance for one ``evaluate`` call."""

    def __init__(self, form: Form, answers: Mapping[AnswerKey, str], given: Mapping[str, int]):
        self.form = form
        self.counts = _instance_counts(form, answers, given)
        self.values, self.beyond = _place_answers(form, answers, self.counts)
        self.keys = _item_keys(form, self.counts)
        self.virtual_keys = _virtual_keys(form, self.counts)
        self._relevant: dict[AnswerKey, bool] = {}
        self._compliant: dict[AnswerKey, bool | None] = {}
        self._busy: set[tuple[str, AnswerKey]] = set()

    def item(self, key: AnswerKey) -> ItemState:
        question = self.form.question(key[0])
        relevant = self.relevant(key)
        value = self.values.get(key)
        required = relevant and self._required(question, key)
        problem = None
        if relevant and value is None and required:
            problem = question.spec.required_message or _MISSING
        elif relevant and value is not None:
            problem = self._value_problem(question, key, value)
        return ItemState(question, key[1], relevant, required, value, problem, self.compliant(key))

    def relevant(self, key: AnswerKey) -> bool:
        if key not in self._relevant:
            question = self.form.question(key[0])
            conditions = [*question.relevant_chain, question.spec.relevant]
            result = self._guarded(
                ("relevant", key), False, lambda: all(self._condition(c, key) for c in conditions if c)
            )
            self._relevant[key] = result
        return self._relevant[key]

    def compliant(self, key: AnswerKey) -> bool | None:
        if key not in self._compliant:
            self._compliant[key] = self._guarded(("compliant", key), None, lambda: self._judge(key))
        return self._compliant[key]

    def _judge(self, key: AnswerKey) -> bool | None:
        question = self.form.question(key[0])
        rule, value = question.spec.compliant, self.values.get(key)
        if not rule or value is None or not self.relevant(key):
            return None
        if self._value_problem(question, key, value):
            return None
        return parse(rule).truthy(self._lookup(key), value, self._functions(key))

    def _required(self, question: Question, key: AnswerKey) -> bool:
        cell = question.spec.required
        if is_true_literal(cell):
            return True
        if cell.strip().lower() in _FALSE_LITERALS:
            return False
        return self._condition(cell, key)

    def _value_problem(self, question: Question, key: AnswerKey, value: str) -> str | None:
        problem = check_value(self.form, question.name, value)
        if problem is None and question.spec.constraint:
            if not parse(question.spec.constraint).truthy(self._lookup(key), value, self._functions(key)):
                problem = question.spec.constraint_message or _CONSTRAINT
        return problem

    def _condition(self, text: str, key: AnswerKey) -> bool:
        """A relevant-like condition: false if it refers to a question not relevant."""
        expression = parse(text)
        for name in expression.references():
            target = self._resolve(name, key)
            if target is not None and not self.relevant(target):
                return False
        return expression.truthy(self._lookup(key), None, self._functions(key))

    def _resolve(self, name: str, context: AnswerKey) -> AnswerKey | None:
        """The key ``${name}`` means when evaluated for the item ``context``."""
        try:
            target = self.form.question(name)
        except KeyError:
            return None
        if target.repeat is None:
            return (name, None)
        here = self.form.question(context[0])
        if here.repeat == target.repeat and context[1] is not None:
            return (name, context[1])
        return None

    def _lookup(self, context: AnswerKey) -> Callable[[str], str | None]:
        def lookup(name: str) -> str | None:
            target = self._resolve(name, context)
            if target is None or not self.relevant(target):
                return None
            return self.values.get(target)

        return lookup

    def _functions(self, context: AnswerKey) -> dict[str, Callable[..., object]]:
        def noncompliant() -> bool:
            return any(k != context and self.compliant(k) is False for k in self.keys)

        return {"noncompliant": noncompliant}

    def _guarded(self, task: tuple[str, AnswerKey], fallback, compute):
        """Run ``compute`` unless it is already running for this key (a cycle)."""
        if task in self._busy:
            return fallback
        self._busy.add(task)
        try:
            return compute()
        finally:
            self._busy.discard(task)


def _instance_counts(
    form: Form, answers: Mapping[AnswerKey, str], given: Mapping[str, int]
) -> dict[str, int]:
    counts = dict.fromkeys(form.repeats(), 0)
    for (name, instance), value in answers.items():
        question = _question_or_none(form, name)
        if question and question.repeat and isinstance(instance, int) and value:
            counts[question.repeat] = max(counts[question.repeat], instance)
    for repeat, count in given.items():
        if repeat in counts:
            counts[repeat] = max(0, int(count))
    return counts


def _place_answers(
    form: Form, answers: Mapping[AnswerKey, str], counts: Mapping[str, int]
) -> tuple[dict[AnswerKey, str], list[AnswerKey]]:
    """Usable answers by key, and answered keys in instances beyond the count."""
    values: dict[AnswerKey, str] = {}
    beyond: list[AnswerKey] = []
    for (name, instance), value in answers.items():
        question = _question_or_none(form, name)
        if question is None or not value:
            continue
        if question.repeat is None and instance is None:
            values[(name, None)] = value
        elif question.repeat is not None and isinstance(instance, int) and instance >= 1:
            if instance <= counts[question.repeat]:
                values[(name, instance)] = value
            else:
                beyond.append((name, instance))
    return values, sorted(beyond, key=lambda k: (k[1], k[0]))


def _item_keys(form: Form, counts: Mapping[str, int]) -> list[AnswerKey]:
    """Form order; a repeat's questions once per instance, instance after instance."""
    keys: list[AnswerKey] = []
    questions = form.questions()
    index = 0
    while index < len(questions):
        repeat = questions[index].repeat
        if repeat is None:
            keys.append((questions[index].name, None))
            index += 1
            continue
        block = [q.name for q in takewhile(lambda q: q.repeat == repeat, questions[index:])]
        for instance in range(1, counts[repeat] + 1):
            keys.extend((name, instance) for name in block)
        index += len(block)
    return keys


def _virtual_keys(form: Form, counts: Mapping[str, int]) -> list[AnswerKey]:
    """Instance 1 of each repeat that has none: where missing instances show."""
    return [(q.name, 1) for q in form.questions() if q.repeat and counts[q.repeat] == 0]


def _question_or_none(form: Form, name: str) -> Question | None:
    try:
        return form.question(name)
    except KeyError:
        return None


def _check_choice(form: Form, kind: str, list_name: str, value: str) -> str | None:
    names = [c.name for c in form.choice_list(list_name)]
    allowed = ", ".join(names)
    if kind == "select_one":
        if value in names:
            return None
        return f"This answer must be one of the choices: {allowed}."
    picked = value.split()
    if picked and all(p in names for p in picked):
        return None
    return f"Each selected name must be one of the choices: {allowed} (separate them with spaces)."


def _is_false_literal(text: str) -> bool:
    return text.strip().lower() in _FALSE_LITERALS


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
