"""An audit's settings, the people who work on it, and their roles."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum

from workbench.core.errors import Problem, WorkbenchError

#: UK Government Security Classifications a workbench output may carry.
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
DEFAULT_TIME_LIMIT_HOURS = 24


class Role(StrEnum):
    """Who may do what: the audit team, peer reviewers and the FCR."""

    AUDITOR = "auditor"
    PEER = "peer"
    FCR = "fcr"


#: Each role in running text.
ROLE_NAMES = {"auditor": "auditor", "peer": "peer reviewer", "fcr": "Force Crime Registrar"}


class SettingsRejected(WorkbenchError):
    """Audit settings that cannot be saved; ``problems`` says which and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class AuditSettings:
    """What an audit is: its title, force, period and reporting rules."""

    title: str
    force: str = ""
    period_start: str = ""
    period_end: str = ""
    time_limit_hours: int = DEFAULT_TIME_LIMIT_HOURS
    marking: str = DEFAULT_MARKING
    retention_date: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> AuditSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def changed(self, **changes: object) -> AuditSettings:
        """A copy with ``changes`` applied and validated."""
        new = replace(self, **changes)
        new.validate()
        return new

    def validate(self) -> None:
        """Raise ``SettingsRejected`` listing every invalid field."""
        problems = []
        if not self.title.strip():
            problems.append(Problem("the audit needs a title", hint="give one with --title"))
        if not isinstance(self.time_limit_hours, int) or not 1 <= self.time_limit_hours <= 24 * 365:
            problems.append(Problem(f"the recording time limit must be a whole number of hours from 1 to 8760, not {self.time_limit_hours!r}"))
        if self.marking not in MARKINGS:
            problems.append(Problem(f"unknown protective marking {self.marking!r}", hint="use one of " + ", ".join(MARKINGS)))
        for name in ("period_start", "period_end", "retention_date"):
            value = getattr(self, name)
            if value and not _is_iso_date(value):
                problems.append(Problem(f"{name.replace('_', ' ')} {value!r} is not a date", hint="write it as YYYY-MM-DD"))
        if self.period_start and self.period_end and _is_iso_date(self.period_start) and _is_iso_date(self.period_end) and self.period_end < self.period_start:
            problems.append(Problem("the audit period ends before it starts"))
        if problems:
            raise SettingsRejected(problems)


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Actor:
    """The person doing something, stamped on every answer and event."""

    name: str
    role: Role = Role.AUDITOR
    force: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise SettingsRejected([Problem("say who you are", hint="give your name with --as NAME")])
