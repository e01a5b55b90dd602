"""How a source file's columns map to what the checklists need, and named mapping profiles.

A mapping names the record key column, the checklist (a column naming each row's,
or one for every row), and the columns that play a *role* the workbench can use:

- ``reported`` and ``recorded``: when the crime was reported and when it was
  recorded (dates, checked on import; together they give the elapsed time and the
  timeliness suggestion, ``core.suggestions``);
- ``category`` and ``area``: the incident's category and the area it happened in.

A profile is a mapping saved under a name with the headings of the file it was
made on. A later file *fits* a profile when it has the same headings, in any
order (compared with case and spacing ignored): its ``layout`` digest is the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: The roles a column can play, in the order the wizard and ``workbench profiles`` show them.
ROLES = ("reported", "recorded", "category", "area")
#: Each role in words.
ROLE_LABELS = {
    "reported": "Reported (date and time)",
    "recorded": "Recorded (date and time)",
    "category": "Category",
    "area": "Area",
}
#: Roles whose values must be dates (checked on import).
DATE_ROLES = ("reported", "recorded")


@dataclass(frozen=True)
class ColumnMapping:
    """Which column is the key, which says the checklist (or the one checklist), which play roles."""

    key_column: str
    form_column: str | None = None
    form_id: str | None = None
    roles: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """As stored in a profile and an import's mapping: ``key``, ``form_column``, ``form``, ``roles``."""
        return {"key": self.key_column, "form_column": self.form_column, "form": self.form_id,
                "roles": {role: self.roles[role] for role in ROLES if self.roles.get(role)}}

    @classmethod
    def from_dict(cls, data: Mapping) -> ColumnMapping:
        roles = data.get("roles") or {}
        return cls(str(data.get("key") or ""), data.get("form_column") or None, data.get("form") or None,
                   {role: str(roles[role]) for role in ROLES if roles.get(role)})

    def columns(self) -> list[str]:
        """Every column the mapping names (key, checklist column, roles)."""
        named = [self.key_column, self.form_column, *(self.roles.get(r) for r in ROLES)]
        return [c for c in named if c]


@dataclass(frozen=True)
class Profile:
    """A mapping saved under ``name``, with the headings of the file it fits."""

    name: str
    headings: tuple[str, ...]
    mapping: ColumnMapping
    saved_by: str = ""
    saved_at: str = ""

    @property
    def layout(self) -> str:
        return layout_of(self.headings)


#: Imported column names read as a record's area when no import maps one (case, spaces and
#: underscores aside): "Area", "Policing area", "area_name".
AREA_WORD = "area"


def area_field(names: Sequence[str]) -> str | None:
    """The imported column that names each record's area when no import maps one: one called like "area", or None."""
    def plain(name: str) -> list[str]:
        return name.casefold().replace("_", " ").replace("-", " ").split()

    exact = [n for n in names if plain(n) == [AREA_WORD]]
    return (exact or [n for n in names if AREA_WORD in plain(n)] or [None])[0]


def folded(heading: str) -> str:
    """A heading compared as the profiles compare it: case and runs of spaces ignored."""
    return " ".join(heading.split()).casefold()


def layout_of(headings: Iterable[str]) -> str:
    """SHA-256 of the set of headings (folded, sorted; blanks left out): the same for any order."""
    names = sorted({folded(h) for h in headings if h.strip()})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()


def check_profile_name(name: str) -> str | None:
    """Why ``name`` cannot name a profile, or None."""
    if not name.strip():
        return "a profile needs a name"
    if len(name) > 80:
        return "a profile's name is at most 80 characters"
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        return "a profile's name cannot hold control characters"
    return None
