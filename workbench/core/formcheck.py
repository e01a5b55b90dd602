"""Validation of a checklist: everything the engine relies on, checked up front.

``check_form`` lists every problem, each located by sheet, row and column (rows as a
spreadsheet shows them, header = row 1) with a hint saying what to do, so an author
can fix a checklist in one pass. ``validate_form`` raises them as one ``FormError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.core.checklist import ENGINE_FUNCTIONS, check_row_value
from workbench.core.errors import ExpressionError, FormError, Location, Problem
from workbench.core.expressions import BUILTIN_FUNCTIONS, Expression, is_true_literal, parse
from workbench.core.forms import ANSWER_TYPES, SELECT_TYPES, STRUCTURE_TYPES, Form, SurveyRow

KNOWN_TYPES = ANSWER_TYPES | STRUCTURE_TYPES
#: Functions a checklist's expressions may call.
KNOWN_FUNCTIONS = BUILTIN_FUNCTIONS | ENGINE_FUNCTIONS
#: XML-style names, as XLSForm and our expressions accept them.
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
#: Columns that mean something only on a row that takes an answer.
ANSWER_COLUMNS = ("required", "required_message", "constraint", "constraint_message", "default", "compliant",
                  "finding", "finding_scope")
#: The tables a checklist may feed through its ``findings_table`` setting.
FINDINGS_TABLES = ("disposal",)
#: Placeholders a ``finding`` may use: the disposal with its article.
FINDING_PLACEHOLDERS = frozenset({"a", "the"})
#: Expression columns, and those where '.' (the answer itself) may be used.
EXPRESSION_COLUMNS = ("relevant", "required", "constraint", "compliant")
CURRENT_COLUMNS = frozenset({"constraint", "compliant"})
_FALSE_LITERALS = frozenset({"no", "false", "false()"})
_NAME_HINT = "Start with a letter or '_' and use only letters, digits, '_', '-' and '.'."
_OPENS = {"end_group": "begin_group", "end_repeat": "begin_repeat"}


def check_form(form: Form) -> list[Problem]:
    """Every problem with a checklist, in sheet and row order.

    Parameters
    ----------
    form
        The checklist as read from its file.

    Returns
    -------
    list[Problem]
        Empty when the checklist is sound. Each problem names sheet, row and
        column and has a hint saying what to do.
    """
    problems = list(_settings_problems(form))
    rows = _numbered(form)
    problems += _row_problems(form, rows)
    problems += _name_problems(rows)
    problems += _structure_problems(rows)
    problems += _expression_problems(form, rows)
    problems += _cycle_problems(form, rows)
    problems += _choice_problems(form)
    problems += _findings_problems(form, rows)
    key = {"settings": 0, "survey": 1, "choices": 2}
    return sorted(problems, key=lambda p: (key.get(p.location.sheet or "", 3), p.location.row or 0))


def validate_form(form: Form) -> Form:
    """Raise ``FormError`` listing every problem if the checklist is not sound.

    Returns
    -------
    Form
        The same form, for chaining (``validate_form(load_form(path))``).

    Raises
    ------
    FormError
        With ``what`` naming the form and ``problems`` from `check_form`.
    """
    problems = check_form(form)
    if problems:
        raise FormError(f"checklist '{form.form_id or form.title or '?'}'", problems)
    return form


# -- settings and rows ---------------------------------------------------------------


def _numbered(form: Form) -> list[tuple[int, SurveyRow]]:
    """Survey rows with their row numbers (``row`` when known, else position + 2)."""
    return [(r.row if r.row is not None else i + 2, r) for i, r in enumerate(form.survey)]


def _at(row: int, column: str, message: str, hint: str, sheet: str = "survey") -> Problem:
    return Problem(message, Location(sheet=sheet, row=row, column=column), hint)


def _settings_problems(form: Form) -> Iterator[Problem]:
    if not form.form_id:
        yield _at(2, "form_id", "The form has no form_id.", "Give it a short identifier such as 'incident'.", "settings")
    elif not NAME_PATTERN.fullmatch(form.form_id):
        yield _at(2, "form_id", f"'{form.form_id}' is not a valid form_id.", _NAME_HINT, "settings")
    if not form.title:
        yield _at(2, "form_title", "The form has no title.", "Write the title auditors will see.", "settings")
    if not form.version:
        yield _at(2, "version", "The form has no version.", "Write a version such as '2024.1'; change it with every edit.", "settings")
    if not form.survey:
        yield Problem("The checklist has no questions.", Location(sheet="survey"), "Add survey rows.")


def _row_problems(form: Form, rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    lists = {c.list_name for c in form.choices}
    for n, r in rows:
        yield from _type_problems(n, r, lists)
        if r.takes_answer and not r.label:
            yield _at(n, "label", "The question has no label.", "Write the question as the auditor should read it.")
        for column in ANSWER_COLUMNS:
            if getattr(r, column) and not r.takes_answer and r.type in KNOWN_TYPES:
                yield _at(n, column, f"'{column}' only applies to questions that take an answer.", "Clear the cell.")
        if r.default and r.takes_answer:
            message = check_row_value(form, r, r.default)
            if message:
                yield _at(n, "default", f"The default is not a valid answer. {message}", "Correct or clear the default.")


def _type_problems(n: int, r: SurveyRow, lists: set[str]) -> Iterator[Problem]:
    if not r.type:
        yield _at(n, "type", "The type is missing.", "Write a type such as 'select_one yes_no', 'text' or 'begin_group'.")
    elif r.type not in KNOWN_TYPES:
        known = ", ".join(sorted(KNOWN_TYPES))
        yield _at(n, "type", f"'{r.type}' is not a question type this workbench supports.", f"Use one of: {known}.")
    elif r.type in SELECT_TYPES and not r.list_name:
        yield _at(n, "type", f"{r.type} needs a choice list.", f"Write the type as '{r.type} <list name>'.")
    elif r.type in SELECT_TYPES and not NAME_PATTERN.fullmatch(r.list_name):
        yield _at(n, "type", f"'{r.list_name}' is not a choice list name.",
                  f"Write the type as '{r.type} <list name>'; options such as or_other are not supported.")
    elif r.type in SELECT_TYPES and r.list_name not in lists:
        yield _at(n, "type", f"There is no choice list '{r.list_name}'.",
                  f"Add rows with list_name '{r.list_name}' to the choices sheet, or correct the name.")


def _name_problems(rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for n, r in rows:
        if r.type in _OPENS:
            continue
        if not r.name:
            yield _at(n, "name", "The name is missing.", "Give the row a short name such as 'recorded'.")
        elif not NAME_PATTERN.fullmatch(r.name):
            yield _at(n, "name", f"'{r.name}' is not a valid name.", _NAME_HINT)
        elif r.name in seen:
            yield _at(n, "name", f"The name '{r.name}' is already used in row {seen[r.name]}.", "Give each row its own name.")
        else:
            seen[r.name] = n


def _structure_problems(rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    stack: list[tuple[int, SurveyRow]] = []
    for n, r in rows:
        if r.type in ("begin_group", "begin_repeat"):
            outer = next((m for m, s in reversed(stack) if s.type == "begin_repeat"), None)
            if r.type == "begin_repeat" and outer is not None:
                yield _at(n, "type", f"A repeat inside another repeat (row {outer}) is not supported.",
                          "Move it out of the repeat, or make one of them a group.")
            stack.append((n, r))
        elif r.type in _OPENS:
            if not stack:
                yield _at(n, "type", f"This {r.type} has no {_OPENS[r.type]} before it.", "Remove it or add the begin row.")
                continue
            m, opened = stack.pop()
            if opened.type != _OPENS[r.type]:
                yield _at(n, "type", f"This {r.type} closes the {opened.type} in row {m}.",
                          f"Write end_{opened.type[6:]} here, or correct the begin row.")
    for m, opened in stack:
        yield _at(m, "type", f"This {opened.type} is never closed.", f"Add an end_{opened.type[6:]} row after its questions.")


def _choice_problems(form: Form) -> Iterator[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for i, c in enumerate(form.choices):
        n = c.row if c.row is not None else i + 2
        if not c.list_name:
            yield _at(n, "list_name", "The choice has no list_name.", "Write the name of the list it belongs to.", "choices")
        elif not NAME_PATTERN.fullmatch(c.list_name):
            yield _at(n, "list_name", f"'{c.list_name}' is not a valid list name.", _NAME_HINT, "choices")
        if not c.name:
            yield _at(n, "name", "The choice has no name.", "Write the short code stored as the answer, such as 'yes'.", "choices")
        elif any(ch.isspace() for ch in c.name):
            yield _at(n, "name", f"The choice name '{c.name}' contains a space.",
                      "Use '_' instead: answers with several choices are separated by spaces.", "choices")
        elif (c.list_name, c.name) in seen:
            yield _at(n, "name", f"'{c.name}' is already a choice of list '{c.list_name}' (row {seen[c.list_name, c.name]}).",
                      "Give each choice in a list its own name.", "choices")
        else:
            seen[c.list_name, c.name] = n
        if not c.label:
            yield _at(n, "label", "The choice has no label.", "Write the text the auditor should see.", "choices")


def _findings_problems(form: Form, rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    """The findings' words: a known table, and clauses only on yes/no questions."""
    table = form.findings_setting("findings_table")
    if table and table not in FINDINGS_TABLES:
        yield _at(2, "findings_table", f"'{table}' is not a findings table.",
                  f"Use one of: {', '.join(FINDINGS_TABLES)}; or leave it empty.", "settings")
    yes_lists = {c.list_name for c in form.choices if c.name == "yes"}
    for n, r in rows:
        if r.finding and not (r.type == "select_one" and r.list_name in yes_lists):
            yield _at(n, "finding", "A finding can only be said of a question answered yes or no.",
                      "Clear the cell, or use a select_one list with a 'yes' choice.")
        for name in sorted(set(re.findall(r"\{([^{}]*)\}", r.finding)) - FINDING_PLACEHOLDERS):
            yield _at(n, "finding", f"'{{{name}}}' is not a placeholder a finding can use.",
                      "Use {a} (e.g. 'a caution') or {the} (e.g. 'the caution'), set in the findings_a and "
                      "findings_the settings.")


# -- expressions ---------------------------------------------------------------------


def _scopes(rows: list[tuple[int, SurveyRow]]) -> Iterator[tuple[int, SurveyRow, str | None, tuple[str, ...]]]:
    """Each row with the repeat it sits in and the groups enclosing it (names)."""
    stack: list[SurveyRow] = []
    for n, r in rows:
        if r.type in _OPENS:
            if stack:
                stack.pop()
            continue
        repeat = next((s.name for s in reversed(stack) if s.type == "begin_repeat"), None)
        yield n, r, repeat, tuple(s.name for s in stack)
        if r.type in ("begin_group", "begin_repeat"):
            stack.append(r)


def _expression_problems(form: Form, rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    questions = {q.name: q for q in form.questions()}
    for n, r, repeat, _groups in _scopes(rows):
        for column in EXPRESSION_COLUMNS:
            text = getattr(r, column)
            if not text or (column == "required" and (is_true_literal(text) or text.strip().lower() in _FALSE_LITERALS)):
                continue
            try:
                expression = parse(text)
            except ExpressionError as exc:
                where = f" (at character {exc.position + 1})" if exc.position is not None else ""
                yield _at(n, column, f"The {column} expression is not valid: {exc.message}{where}.",
                          "Refer to questions as ${name}, quote text as 'yes', and check the brackets.")
                continue
            yield from _meaning_problems(n, r, column, expression, repeat, questions)


def _meaning_problems(n, r: SurveyRow, column: str, expression: Expression, repeat, questions) -> Iterator[Problem]:
    if expression.uses_current() and column not in CURRENT_COLUMNS:
        yield _at(n, column, f"'.' (this question's answer) cannot be used in {column}.",
                  "Use '.' only in constraint and compliant; refer to other questions as ${name}.")
    for function in sorted(expression.functions() - KNOWN_FUNCTIONS):
        yield _at(n, column, f"'{function}()' is not a function this workbench knows.",
                  f"Use one of: {', '.join(sorted(KNOWN_FUNCTIONS))}.")
    for name in sorted(expression.references()):
        target = questions.get(name)
        if target is None:
            yield _at(n, column, f"${{{name}}} is not a question of this form.",
                      "Use the name of a question that takes an answer.")
        elif column == "relevant" and name == r.name:
            yield _at(n, column, "The relevant condition refers to this question itself.",
                      "Make it depend on other questions only.")
        elif column == "relevant" and r.name and r.name in target.groups:
            yield _at(n, column, f"The condition of '{r.name}' refers to ${{{name}}}, which is inside it.",
                      "Make a group's condition depend on questions outside the group.")
        elif target.repeat is not None and target.repeat != repeat:
            yield _at(n, column, f"${{{name}}} is inside the repeat '{target.repeat}'; this row is not.",
                      "Refer only to questions outside repeats, or to questions in the same repeat.")


def _cycle_problems(form: Form, rows: list[tuple[int, SurveyRow]]) -> Iterator[Problem]:
    """Relevant conditions that depend on each other in a circle never settle."""
    # Self-references are reported on their own (_meaning_problems).
    graph = {q.name: _relevance_references(q.spec.relevant, q.relevant_chain) - {q.name} for q in form.questions()}
    row_of = {r.name: n for n, r in rows if r.name}
    reported: set[frozenset[str]] = set()
    for start in graph:
        cycle = _find_cycle(graph, start)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            names = ", ".join(cycle)
            yield _at(row_of.get(cycle[0], 0), "relevant", f"The relevant conditions of {names} depend on each other in a circle.",
                      "Make one of them depend on something else.")


def _relevance_references(own: str, chain: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for text in (*chain, own):
        if text:
            try:
                names |= parse(text).references()
            except ExpressionError:
                pass  # reported by _expression_problems
    return frozenset(names)


def _find_cycle(graph: dict[str, frozenset[str]], start: str) -> list[str] | None:
    """The names on a cycle through ``start``, if there is one (iterative DFS)."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        name, path = stack.pop()
        for nxt in sorted(graph.get(name, ())):
            if nxt == start:
                return path
            if nxt in graph and nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None
