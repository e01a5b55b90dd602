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
#: The largest population a stratum may be given (a force records far fewer records a year).
MAX_POPULATION = 100_000_000
_STRATUM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


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
    """What an audit is: its title, force, period and reporting rules.

    ``populations`` maps a stratum to the size of the population the sample was
    drawn from: for now a stratum is a record source's checklist id (``incident``,
    ``referral``) and its population the number of records of that kind in the
    period (e.g. ``{"incident": 12000, "referral": 800}``). With every sampled
    source's population known, the overall recording rate is weighted by them
    (``core.overall_rate``). A draw made by the workbench gives its checklist's
    population too (``ops.findings.audit_populations``); an entered one wins.
    None until entered; once entered it stays in the settings (``{}`` when
    cleared), so that every change is in the audit's log.
    """

    title: str
    force: str = ""
    period_start: str = ""
    period_end: str = ""
    time_limit_hours: int = DEFAULT_TIME_LIMIT_HOURS
    marking: str = DEFAULT_MARKING
    retention_date: str = ""
    populations: dict[str, int] | None = None

    def to_dict(self) -> dict:
        out = asdict(self)
        if self.populations is None:  # audits made before populations existed log no such field
            del out["populations"]
        return out

    @property
    def population_sizes(self) -> dict[str, int]:
        """``populations``, or an empty mapping when none were entered."""
        return dict(self.populations or {})

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
        problems += _population_problems(self.populations)
        if self.period_start and self.period_end and _is_iso_date(self.period_start) and _is_iso_date(self.period_end) and self.period_end < self.period_start:
            problems.append(Problem("the audit period ends before it starts"))
        if problems:
            raise SettingsRejected(problems)


def _population_problems(populations: object) -> list[Problem]:
    if populations is None:
        return []
    if not isinstance(populations, dict):
        return [Problem("the populations must be a mapping of stratum to a number of records")]
    problems = []
    for stratum, size in populations.items():
        if not isinstance(stratum, str) or not _STRATUM_NAME.fullmatch(stratum):
            problems.append(Problem(f"{stratum!r} is not a stratum name", hint="use a checklist id such as 'incident'"))
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_POPULATION:
            problems.append(Problem(f"the population of {stratum!r} must be a whole number of records from 1 to "
                                    f"{MAX_POPULATION:,}, not {size!r}"))
    return problems


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
