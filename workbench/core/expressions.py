"""A safe evaluator for the XLSForm expressions of a checklist.

The ``relevant``, ``constraint``, ``required`` and ``compliant`` cells hold a subset of
XPath 1.0 as ODK uses it: ``${name}`` references, ``.`` (the current answer), quoted
text, numbers, ``or and = != < <= > >= + - * div mod``, unary ``-``, brackets and
function calls. Anyone can edit the spreadsheet, so the text never reaches Python's
``eval``: a scanner makes tokens, a recursive-descent parser a tree of frozen
dataclasses, and the evaluator walks the tree. Every failure is an ``ExpressionError``
with a 0-based ``position``. Values are XPath's: text (``str``), numbers (``float``,
NaN for "not a number") and booleans; an unanswered reference is ``""``.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import NamedTuple

from workbench.core.errors import ExpressionError

Lookup = Callable[[str], "str | None"]
Value = str | float | bool
Functions = Mapping[str, Callable[..., object]]

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
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_NAME = re.compile(r"[^\W\d][\w.-]*")  # XML-style: letter or _, then letters, digits, _ - .
_TOKEN = re.compile(  # XPath strings have no escapes: a string ends at its next quote
    r"""(?P<space>\s+)|(?P<string>'[^']*'|"[^"]*")|(?P<ref>\$\{[^}]*\})"""
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)|(?P<dot>\.)|(?P<name>" + _NAME.pattern + ")"
    r"|(?P<op>!=|<=|>=|[=<>+\-*(),])"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


# -- the tree -----------------------------------------------------------------------
@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class Reference:  # ${name}
    name: str
    position: int


@dataclass(frozen=True)
class Current:  # .
    position: int


@dataclass(frozen=True)
class Negative:  # one or more unary minus signs; `odd` says whether the sign flips
    operand: Node
    odd: bool


@dataclass(frozen=True)
class Logical:  # a or b or ... / a and b and ...: left to right, short-circuit
    op: str
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Operation:  # first op x op y ...: flat, so 1+1+...+1 cannot exhaust the stack
    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    position: int


Node = Literal | Reference | Current | Negative | Logical | Operation | Call


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
            return _Evaluator(self.text, lookup, current, functions or {}).value(self.tree)
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
        return _boolean(self.evaluate(lookup, current, functions))


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
        shown = _shown(self.value)
        kinds = {"string": f"text '{shown}'", "number": f"number {shown}", "ref": f"${{{shown}}}"}
        return "end of expression" if self.kind == "end" else kinds.get(self.kind, f"'{shown}'")


def _shown(word: str) -> str:
    return word if len(word) <= 30 else word[:27] + "..."


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
            name = _shown(lexeme[2:-1])
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
    shown = f"'{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"
    return ExpressionError(f"unexpected character {shown}", text, i)


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
            message = f"unquoted word '{_shown(word)}'"
        return ExpressionError(message, self.text, token.position)


# -- values (XPath 1.0 conversions) --------------------------------------------------
def _number(value: Value) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float):
        return value
    text = value.strip(" \t\r\n")  # float() alone would accept "inf", "1e5" and "1_0"
    return float(text) if _NUMBER.fullmatch(text) else math.nan


def _string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if math.isnan(value) or math.isinf(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")  # XPath never writes an exponent


def _boolean(value: object) -> bool:
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value if isinstance(value, bool) else value != ""


def _equal(a: Value, b: Value) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):  # XPath 3.4: booleans, numbers, text
        return _boolean(a) == _boolean(b)
    if isinstance(a, float) or isinstance(b, float):
        return _number(a) == _number(b)
    return a == b


def _compare(op: str, a: Value, b: Value) -> bool:
    # ODK users compare dates directly; ISO dates sort as text in date order.
    if isinstance(a, str) and isinstance(b, str) and _ISO_DATE.fullmatch(a) and _ISO_DATE.fullmatch(b):
        return _RELATIONS[op](a, b)
    return _RELATIONS[op](_number(a), _number(b))


def _divide(x: float, y: float) -> float:
    if y != 0:
        return x / y
    if x == 0 or math.isnan(x):
        return math.nan
    return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _modulo(x: float, y: float) -> float:
    # XPath's mod truncates like C's fmod; Python's fmod raises where IEEE gives NaN.
    if y == 0 or math.isnan(x) or math.isnan(y) or math.isinf(x):
        return math.nan
    return math.fmod(x, y)


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "div": _divide, "mod": _modulo}


def _apply(op: str, a: Value, b: Value) -> Value:
    if op in ("=", "!="):
        return _equal(a, b) == (op == "=")
    if op in _RELATIONS:
        return _compare(op, a, b)
    return _ARITHMETIC[op](_number(a), _number(b))


_EAGER_BUILTINS: Mapping[str, Callable[..., Value]] = {
    "not": lambda x: not _boolean(x),
    "true": lambda: True,
    "false": lambda: False,
    "selected": lambda multi, choice: _string(choice).strip() in _string(multi).split(),
    "count-selected": lambda multi: float(len(_string(multi).split())),
    "string-length": lambda s: float(len(_string(s))),
    "number": _number,
    "string": _string,
    "boolean": _boolean,
}


# -- evaluation ---------------------------------------------------------------------
class _Evaluator:
    def __init__(self, text: str, lookup: Lookup, current: object, functions: Functions):
        self.text = text
        self.lookup = lookup
        self.current = current
        self.functions = functions

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Reference):
            return self._answer(node)
        if isinstance(node, Current):
            return self._text(self.current, "the current answer", node.position)
        if isinstance(node, Negative):
            number = _number(self.value(node.operand))
            return -number if node.odd else number
        if isinstance(node, Logical):
            stop = node.op == "or"  # `or` stops at the first true, `and` at the first false
            for operand in node.operands:  # a loop, not any(): one stack frame fewer per level
                if _boolean(self.value(operand)) == stop:
                    return stop
            return not stop
        if isinstance(node, Operation):
            result = self.value(node.first)
            for op, operand in node.rest:
                result = _apply(op, result, self.value(operand))
            return result
        return self._call(node)

    def _answer(self, node: Reference) -> str:
        try:
            answer = self.lookup(node.name)
        except LookupError:
            raise ExpressionError(f"no question named '{node.name}'", self.text, node.position) from None
        return self._text(answer, f"the answer to ${{{node.name}}}", node.position)

    def _text(self, answer: object, what: str, position: int) -> str:
        if answer is None or isinstance(answer, str):
            return answer or ""
        raise ExpressionError(f"{what} is {type(answer).__name__}, not text", self.text, position)

    def _call(self, node: Call) -> Value:
        args = node.args
        if node.name == "if":  # lazy, so the branch not taken cannot fail
            return self.value(args[1] if _boolean(self.value(args[0])) else args[2])
        if node.name == "coalesce":
            first = self.value(args[0])
            return first if _string(first) != "" else self.value(args[1])
        if node.name in _EAGER_BUILTINS:
            return _EAGER_BUILTINS[node.name](*map(self.value, args))
        function = self.functions.get(node.name)
        if function is None:
            raise ExpressionError(f"unknown function '{_shown(node.name)}'", self.text, node.position)
        values = tuple(map(self.value, args))
        try:
            result = function(*values)
        except ExpressionError:
            raise
        except Exception as exc:  # caller code fed hostile answers: report, never crash
            message = f"function '{node.name}' failed ({type(exc).__name__})"
            raise ExpressionError(message, self.text, node.position) from exc
        if result is None or isinstance(result, (bool, str, float)):
            return "" if result is None else result
        if isinstance(result, int):
            try:
                return float(result)
            except OverflowError:
                return math.inf if result > 0 else -math.inf
        message = f"function '{node.name}' returned {type(result).__name__}, not text, a number or a boolean"
        raise ExpressionError(message, self.text, node.position)
