"""A safe evaluator for the XLSForm expressions of a checklist.

The ``relevant``, ``constraint``, ``required`` and ``compliant`` cells hold a subset of
XPath 1.0 as ODK uses it: ``${name}`` references, ``.`` (the current answer), quoted
text, numbers, ``or and = != < <= > >= + - * div mod``, unary ``-``, brackets and
function calls. Anyone can edit the spreadsheet, so the text never reaches Python's
``eval``: a scanner makes tokens, a recursive-descent parser a tree of frozen
dataclasses (``core.expression_tree``), and the evaluator walks the tree
(``core.expression_values``). Every failure is an ``ExpressionError``
with a 0-based ``position``. Values are XPath's: text (``str``), numbers (``float``,
NaN for "not a number") and booleans; an unanswered reference is ``""``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from workbench.core.errors import ExpressionError
from workbench.core.expression_tree import (
    Call, Current, Functions, Literal, Logical, Lookup, Negative, Node, Operation, Reference,
)
from workbench.core.expression_values import Evaluator, boolean, shown

#: Longest expression accepted; real checklist cells are a few hundred characters.
MAX_LENGTH = 2000
#: Deepest nesting of brackets and calls; keeps parser and evaluator recursion bounded.
MAX_DEPTH = 50
#: Built-in functions and their argument counts. These names always mean the
#: built-in, even when a caller passes a function of the same name.
BUILTIN_ARITY: Mapping[str, int] = {
    "not": 1, "selected": 2, "count-selected": 1, "true": 0, "false": 0,
    "string-length": 1, "if": 3, "coalesce": 2, "number": 1, "string": 1, "boolean": 1,
}
BUILTIN_FUNCTIONS = frozenset(BUILTIN_ARITY)
KEYWORDS = frozenset({"or", "and", "div", "mod"})
# A cell holding only one of these words is a boolean, as XLSForm allows in `required`.
_BARE_WORDS = {"yes": True, "true": True, "no": False, "false": False}
# Binary operators from loosest to tightest binding.
_LEVELS = (("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+", "-"), ("*", "div", "mod"))
_NAME = re.compile(r"[^\W\d][\w.-]*")  # XML-style: letter or _, then letters, digits, _ - .
_TOKEN = re.compile(  # XPath strings have no escapes: a string ends at its next quote
    r"""(?P<space>\s+)|(?P<string>'[^']*'|"[^"]*")|(?P<ref>\$\{[^}]*\})"""
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)|(?P<dot>\.)|(?P<name>" + _NAME.pattern + ")"
    r"|(?P<op>!=|<=|>=|[=<>+\-*(),])"
)




@dataclass(frozen=True)
class Expression:
    """A parsed expression: equal and hashed by its ``text``, which is kept verbatim."""

    text: str
    tree: Node = field(repr=False, compare=False)

    @cached_property
    def _nodes(self) -> tuple[Node, ...]:
        nodes, stack = [], [self.tree]
        while stack:
            node = stack.pop()
            nodes.append(node)
            if isinstance(node, Negative):
                stack.append(node.operand)
            elif isinstance(node, Logical):
                stack.extend(node.operands)
            elif isinstance(node, Operation):
                stack.extend((node.first, *(n for _, n in node.rest)))
            elif isinstance(node, Call):
                stack.extend(node.args)
        return tuple(nodes)

    def references(self) -> frozenset[str]:
        """Names of the questions used as ``${name}``."""
        return frozenset(n.name for n in self._nodes if isinstance(n, Reference))

    def uses_current(self) -> bool:
        """Whether ``.`` (the current question's answer) appears."""
        return any(isinstance(n, Current) for n in self._nodes)

    def functions(self) -> frozenset[str]:
        """Names of every function called, built-in or not."""
        return frozenset(n.name for n in self._nodes if isinstance(n, Call))

    def evaluate(
        self, lookup: Lookup, current: str | None = None, functions: Functions | None = None
    ) -> object:
        """Evaluate the expression to a ``str``, ``float`` or ``bool``.

        Parameters
        ----------
        lookup
            Called with a question's name for each ``${name}``; returns the answer
            text, or None or ``""`` when unanswered. A ``LookupError`` from it becomes
            an ``ExpressionError`` ("no question named ...").
        current
            The answer to the question the expression belongs to (``.``).
        functions
            Extra functions by name, called with evaluated arguments (``str``,
            ``float`` or ``bool``); they return text, a number, a boolean or None.
            Built-in names (`BUILTIN_FUNCTIONS`) always mean the built-in.

        Returns
        -------
        object
            A ``str``, a ``float`` (NaN when not a number) or a ``bool``.

        Raises
        ------
        ExpressionError
            For an unknown function, an extra function that raised, or an answer that
            is not text. Nothing else escapes, whatever the answers hold.
        """
        try:
            return Evaluator(self.text, lookup, current, functions or {}).value(self.tree)
        except RecursionError:  # a backstop only: MAX_DEPTH keeps trees far shallower
            raise ExpressionError("the expression is nested too deeply", self.text) from None

    def truthy(
        self, lookup: Lookup, current: str | None = None, functions: Functions | None = None
    ) -> bool:
        """Evaluate, then convert as XPath ``boolean()`` does.

        Parameters and errors are those of `evaluate`.

        Returns
        -------
        bool
            True for non-empty text and for numbers other than zero and NaN.
        """
        return boolean(self.evaluate(lookup, current, functions))


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse an XLSForm expression (results are cached by text).

    Parameters
    ----------
    text
        The cell. A cell holding only ``yes``, ``true``, ``no`` or ``false`` (any case)
        is that boolean; elsewhere a bare word is an error (write ``'yes'``).

    Returns
    -------
    Expression
        Keeps ``text`` verbatim.

    Raises
    ------
    ExpressionError
        If the text is blank, longer than `MAX_LENGTH`, nested deeper than
        `MAX_DEPTH` or not an expression. Unknown function names pass here and fail
        in `Expression.evaluate`, so callers can supply them.
    """
    if not text.strip():
        raise ExpressionError("the expression is empty", text, 0)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH:,} characters", text, MAX_LENGTH)
    bare = text.strip().lower()
    if bare in _BARE_WORDS:
        return Expression(text, Literal(_BARE_WORDS[bare]))
    try:
        return Expression(text, _Parser(text).parse())
    except RecursionError:  # a backstop only: MAX_DEPTH keeps recursion far shallower
        raise ExpressionError("the expression is nested too deeply", text) from None


def is_true_literal(text: str) -> bool:
    """Whether a ``required`` cell plainly says yes.

    Parameters
    ----------
    text
        The cell.

    Returns
    -------
    bool
        True for ``yes``, ``true`` and ``true()`` in any case, with space around; False
        for anything else: ``no``, a blank cell, or an expression (`parse` those).
    """
    return text.strip().lower() in ("yes", "true", "true()")


# -- scanning -----------------------------------------------------------------------
class _Token(NamedTuple):
    kind: str  # string, number, ref, dot, name, op, end
    value: str
    position: int

    def described(self) -> str:
        word = shown(self.value)
        kinds = {"string": f"text '{word}'", "number": f"number {word}", "ref": f"${{{word}}}"}
        return "end of expression" if self.kind == "end" else kinds.get(self.kind, f"'{word}'")


def _tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens, iteratively, ending with an ``end`` token."""
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if match is None:
            raise _scan_error(text, i)
        kind, lexeme = match.lastgroup or "", match.group()
        if kind == "ref" and not _NAME.fullmatch(lexeme[2:-1]):
            name = shown(lexeme[2:-1])
            message = f"invalid question name '{name}'" if name else "empty reference ${}"
            raise ExpressionError(message, text, i)
        if kind != "space":
            value = lexeme[1:-1] if kind == "string" else lexeme[2:-1] if kind == "ref" else lexeme
            tokens.append(_Token(kind, value, i))
        i = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _scan_error(text: str, i: int) -> ExpressionError:
    ch = text[i]
    if ch in "'\"":
        return ExpressionError("unclosed string starting", text, i)
    if text.startswith("${", i):
        return ExpressionError("unclosed reference starting", text, i)
    if ch == "$":
        return ExpressionError("'$' must start a reference like ${name}", text, i)
    character = f"'{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"
    return ExpressionError(f"unexpected character {character}", text, i)


# -- parsing ------------------------------------------------------------------------
class _Parser:
    """Recursive descent: one call per precedence level, loops for chains."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    def parse(self) -> Node:
        node = self._binary(0)
        if self._peek().kind != "end":
            raise self._unexpected(self._next())
        return node

    def _peek(self) -> _Token:
        return self.tokens[self.index]

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def _at(self, *values: str) -> bool:
        return self._peek().kind in ("op", "name") and self._peek().value in values

    def _binary(self, level: int) -> Node:
        if level == len(_LEVELS):  # unary minus binds tightest; a loop keeps `----1` flat
            signs = 0
            while self._at("-"):
                self._next()
                signs += 1
            operand = self._primary()
            return Negative(operand, signs % 2 == 1) if signs else operand
        first = self._binary(level + 1)
        rest: list[tuple[str, Node]] = []
        while self._at(*_LEVELS[level]):
            op = self._next().value
            rest.append((op, self._binary(level + 1)))
        if not rest:
            return first
        if _LEVELS[level][0] in ("or", "and"):
            return Logical(_LEVELS[level][0], (first, *(n for _, n in rest)))
        return Operation(first, tuple(rest))

    def _primary(self) -> Node:
        token = self._next()
        if token.kind == "string":
            return Literal(token.value)
        if token.kind == "number":
            return Literal(float(token.value))
        if token.kind == "ref":
            return Reference(token.value, token.position)
        if token.kind == "dot":
            return Current(token.position)
        if token.kind == "op" and token.value == "(":
            self._open(token)
            node = self._binary(0)
            self._close(token)
            return node
        if token.kind == "name" and token.value not in KEYWORDS and self._at("("):
            return self._call(token)
        raise self._unexpected(token)

    def _call(self, name: _Token) -> Call:
        bracket = self._next()
        self._open(bracket)
        args: list[Node] = []
        if not self._at(")"):
            args.append(self._binary(0))
            while self._at(","):
                self._next()
                args.append(self._binary(0))
        self._close(bracket)
        wanted = BUILTIN_ARITY.get(name.value)
        if wanted is not None and wanted != len(args):
            takes = {0: "no arguments", 1: "1 argument"}.get(wanted, f"{wanted} arguments")
            raise ExpressionError(f"{name.value}() takes {takes}, got {len(args)}", self.text, name.position)
        return Call(name.value, tuple(args), name.position)

    def _open(self, bracket: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = f"brackets are nested more than {MAX_DEPTH} deep"
            raise ExpressionError(message, self.text, bracket.position)

    def _close(self, bracket: _Token) -> None:
        token = self._next()
        if token.kind == "end":
            raise ExpressionError("unclosed '(' starting", self.text, bracket.position)
        if token.kind != "op" or token.value != ")":
            raise self._unexpected(token)
        self.depth -= 1

    def _unexpected(self, token: _Token) -> ExpressionError:
        word = token.value
        if token.kind != "name" or word in KEYWORDS:
            message = f"unexpected {token.described()}"
        elif word.lower() in KEYWORDS:
            message = f"operator '{word}' must be lower case"
        elif word in BUILTIN_FUNCTIONS:
            message = f"function '{word}' needs brackets, as in {word}()"
        else:
            message = f"unquoted word '{shown(word)}'"
        return ExpressionError(message, self.text, token.position)
