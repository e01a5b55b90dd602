"""Typed errors raised by the core. They carry data; the CLI and UI word them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in an outside file a problem is: sheet (or file), row and column.

    Rows are 1-based as a spreadsheet program shows them; ``column`` is the header
    name (or letter when there is no header).
    """

    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, where it is, and what to do about it."""

    message: str
    location: Location = Location()
    hint: str = ""

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class WorkbenchError(Exception):
    """Base class for errors a user can act on."""


class InputRejected(WorkbenchError):
    """An input file was rejected whole; ``problems`` lists every reason.

    ``notes`` say what was understood of the file before it was rejected (the
    header row taken, the mapping profile used), one sentence each.
    """

    def __init__(self, what: str, problems: list[Problem], notes: list[str] | None = None):
        self.what = what
        self.problems = list(problems)
        self.notes = list(notes or [])
        super().__init__(f"{what}: {len(self.problems)} problem(s)")


class FormError(InputRejected):
    """A checklist definition is invalid."""


class ExpressionError(WorkbenchError):
    """An XLSForm expression could not be parsed or evaluated.

    ``position`` is the 0-based character offset of the problem in ``text``.
    """

    def __init__(self, message: str, text: str = "", position: int | None = None):
        self.message = message
        self.text = text
        self.position = position
        where = f" at character {position + 1}" if position is not None else ""
        super().__init__(f"{message}{where}")
