"""Evaluating a parsed checklist expression: XPath 1.0's conversions, operators and built-ins.

Walks the tree of ``core.expression_tree``; ``core.expressions.Expression.evaluate``
is the way in. Every failure is an ``ExpressionError`` with a 0-based position.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

from workbench.core.errors import ExpressionError
from workbench.core.expression_tree import (
    Call, Current, Functions, Literal, Logical, Lookup, Negative, Node, Operation, Reference, Value,
)

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def shown(word: str) -> str:
    """A word as an error message quotes it: cut to 30 characters."""
    return word if len(word) <= 30 else word[:27] + "..."


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


def boolean(value: object) -> bool:
    """XPath's ``boolean()``: non-empty text, numbers other than zero and NaN, true."""
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value if isinstance(value, bool) else value != ""


def _equal(a: Value, b: Value) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):  # XPath 3.4: booleans, numbers, text
        return boolean(a) == boolean(b)
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
    "not": lambda x: not boolean(x),
    "true": lambda: True,
    "false": lambda: False,
    "selected": lambda multi, choice: _string(choice).strip() in _string(multi).split(),
    "count-selected": lambda multi: float(len(_string(multi).split())),
    "string-length": lambda s: float(len(_string(s))),
    "number": _number,
    "string": _string,
    "boolean": boolean,
}


# -- evaluation ---------------------------------------------------------------------
class Evaluator:
    """Walks one expression's tree with the answers ``lookup`` gives."""

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
                if boolean(self.value(operand)) == stop:
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
            return self.value(args[1] if boolean(self.value(args[0])) else args[2])
        if node.name == "coalesce":
            first = self.value(args[0])
            return first if _string(first) != "" else self.value(args[1])
        if node.name in _EAGER_BUILTINS:
            return _EAGER_BUILTINS[node.name](*map(self.value, args))
        function = self.functions.get(node.name)
        if function is None:
            raise ExpressionError(f"unknown function '{shown(node.name)}'", self.text, node.position)
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

