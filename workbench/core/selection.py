"""Choosing the records for a peer review or a team member: deterministic, seeded, recorded.

The options combine as a union: every non-compliant record, the named records,
the first N of each checklist (in sample order), and a random x% of the rest.

"The rest" is every record the other options did not choose. Its random x% is
``ceil(x * len(rest) / 100)`` records (exact arithmetic on the decimal x): the
records whose ``SHA-256("<seed>:<key>")`` (UTF-8, hex) sorts first. The rank
depends only on the seed and each key, never on Python's ``random`` internals,
the platform or the order records were imported in, so anyone can redo a choice
from the seed and the audit (e.g. ``sha256sum`` over ``printf '42:INC-0001'``).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from workbench.core.errors import WorkbenchError

#: Bounds on the numbers a selection may carry (they come from a command line or a file).
MAX_SEED = 2**63 - 1
MAX_FIRST = 1_000_000


class SelectionRejected(WorkbenchError):
    """A selection that cannot be made: the message says why."""


@dataclass(frozen=True)
class Selection:
    """What to choose. ``percent`` needs ``seed``; at least one option must be given."""

    non_compliant: bool = False
    percent: str | None = None          # a decimal as text ("20", "12.5"), kept exactly
    seed: int | None = None
    records: tuple[str, ...] = field(default=())
    first: int | None = None

    def to_dict(self) -> dict:
        """The options as stored in the audit and logged (the seed included)."""
        return {"non_compliant": self.non_compliant, "percent": self.percent, "seed": self.seed,
                "records": list(self.records), "first": self.first}

    @classmethod
    def from_dict(cls, data: dict) -> Selection:
        return cls(bool(data.get("non_compliant")), data.get("percent"), data.get("seed"),
                   tuple(data.get("records") or ()), data.get("first"))

    def describe(self) -> str:
        """The options in words ("every non-compliant record, 20% of the rest (seed 42)")."""
        parts = []
        if self.non_compliant:
            parts.append("every non-compliant record")
        if self.records:
            parts.append(f"{len(self.records)} named record(s)")
        if self.first:
            parts.append(f"the first {self.first} of each checklist")
        if self.percent is not None:
            parts.append(f"{self.percent}% of the rest at random (seed {self.seed})")
        return ", ".join(parts) or "nothing"


def percent_fraction(percent: str) -> Fraction:
    """``percent`` as an exact fraction of one; ``SelectionRejected`` unless 0 < x <= 100."""
    try:
        value = Fraction(str(percent).strip())
    except (ValueError, ZeroDivisionError):
        raise SelectionRejected(f"The percentage '{percent}' is not a number.") from None
    if not 0 < value <= 100:
        raise SelectionRejected(f"The percentage must be more than 0 and at most 100, not {percent}.")
    return value / 100


def check(selection: Selection) -> None:
    """Refuse a selection that chooses nothing or carries numbers out of bounds."""
    s = selection
    if not (s.non_compliant or s.records or s.first is not None or s.percent is not None):
        raise SelectionRejected("Choose some records: non-compliant ones, a percentage, named records, or the first N.")
    if s.percent is not None:
        percent_fraction(s.percent)
        if s.seed is None or not 0 <= s.seed <= MAX_SEED:
            raise SelectionRejected(f"A random choice needs a seed: a whole number from 0 to {MAX_SEED}.")
    if s.first is not None and not 1 <= s.first <= MAX_FIRST:
        raise SelectionRejected(f"The first N of each checklist: N must be from 1 to {MAX_FIRST:,}.")


def rank(seed: int, key: str) -> str:
    """A record's place in the seeded random order: SHA-256 of ``"<seed>:<key>"`` as hex."""
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def choose(records: Sequence[tuple[str, str]], non_compliant: Iterable[str], selection: Selection) -> list[str]:
    """The keys chosen, in sample order.

    Parameters
    ----------
    records
        Every record as ``(key, checklist id)``, in sample order.
    non_compliant
        The keys of the records the audit team found non-compliant.
    selection
        The options (checked here).

    Raises
    ------
    SelectionRejected
        The options choose nothing, are out of bounds, or name records not in the audit.
    """
    check(selection)
    keys = [key for key, _form in records]
    known = set(keys)
    unknown = [k for k in selection.records if k not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise SelectionRejected(f"There is no record {shown} in this audit.")
    chosen = set(selection.records)
    if selection.non_compliant:
        chosen |= set(non_compliant) & known
    if selection.first:
        taken: dict[str, int] = {}
        for key, form_id in records:
            if taken.get(form_id, 0) < selection.first:
                taken[form_id] = taken.get(form_id, 0) + 1
                chosen.add(key)
    if selection.percent is not None:
        rest = [k for k in keys if k not in chosen]
        wanted = math.ceil(percent_fraction(selection.percent) * len(rest))
        chosen |= set(sorted(rest, key=lambda k: rank(selection.seed, k))[:wanted])
    return [k for k in keys if k in chosen]
