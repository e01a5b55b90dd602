"""The tree a parsed checklist expression is: frozen dataclasses, one per kind of node.

``core.expressions`` parses text into these nodes and ``core.expression_values``
evaluates them; both import them from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Lookup = Callable[[str], "str | None"]
Value = str | float | bool
Functions = Mapping[str, Callable[..., object]]

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
