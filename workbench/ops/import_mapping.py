"""Which columns an import uses: given, taken from a mapping profile, or found by their headings.

The order of precedence, the same for ``workbench import`` and the wizard:

1. a column named on the command line (``--key-column``, ``--reported-column``, ...)
   or chosen in the wizard;
2. the profile named with ``--profile`` (or chosen in the wizard), or, when no
   column and no profile was named, the profile saved from a file with the same
   headings in any order (the latest saved, if several fit);
3. the headings the workbench recognises (``DEFAULT_KEY_COLUMNS``,
   ``DEFAULT_ROLE_COLUMNS``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workbench.core.errors import InputRejected, Location, Problem
from workbench.core.mapping import DATE_ROLES, ROLE_LABELS, ROLES, ColumnMapping, Profile
from workbench.io.tabular import Table
from workbench.ops.sheet_preview import DEFAULT_FORM_COLUMNS, DEFAULT_KEY_COLUMNS, DEFAULT_ROLE_COLUMNS, guess_column, holds_dates
from workbench.store.audit_store import AuditStore


@dataclass(frozen=True)
class ChosenColumns:
    """The columns an import uses, by index into the table's header, and where they came from."""

    key: int
    form_column: int | None
    form_id: str | None
    roles: dict[str, int] = field(default_factory=dict)
    #: The profile used, and how: "named" (``--profile``) or "fitted" (same headings); None if none.
    profile: str | None = None
    how: str | None = None
    #: A profile that fits the file's headings but was not used because columns were named.
    unused_profile: str | None = None

    def mapping(self, header: list[str]) -> ColumnMapping:
        """The same choice by heading, as a profile and an import's mapping store it."""
        return ColumnMapping(header[self.key], header[self.form_column] if self.form_column is not None else None,
                             self.form_id, {role: header[i] for role, i in self.roles.items()})


def choose_columns(
    store: AuditStore, table: Table, form_id: str | None = None, form_column: str | None = None,
    key_column: str | None = None, roles: Mapping[str, str | None] | None = None, profile: str | None = None,
    fit_profile: bool = True,
) -> ChosenColumns:
    """The columns ``table`` is imported by (see the module's order of precedence).

    ``roles`` maps a role to a heading (None or '' for no column); roles it leaves
    out are taken from the profile or guessed. ``fit_profile`` False never picks a
    profile by the file's headings (a drawn sample names its columns).

    Raises
    ------
    InputRejected
        A named column or profile that is not there, or no key or checklist column.
    """
    given = dict(roles or {})
    named_columns = any(v is not None for v in (form_id, form_column, key_column)) or bool(given)
    chosen, how, unused = _profile(store, table, profile, fit_profile and not named_columns)
    if chosen is None and fit_profile and named_columns and profile is None:
        fitting = store.fitting_profiles(table.header)
        unused = fitting[0].name if fitting else None
    base = chosen.mapping if chosen is not None else None
    if form_id is None and form_column is None and base is not None:
        form_id, form_column = base.form_id, base.form_column
    key_column = key_column if key_column is not None else (base.key_column if base else None)
    key = _pick_column(table, key_column, DEFAULT_KEY_COLUMNS, "key", "--key-column")
    form_col = None if form_id is not None else _pick_column(table, form_column, DEFAULT_FORM_COLUMNS, "checklist",
                                                             "--form-column or --form ID")
    return ChosenColumns(key, form_col, form_id, _roles(table, given, base, {key, form_col}), chosen.name if chosen else None,
                         how, unused)


def _profile(store: AuditStore, table: Table, name: str | None, fit: bool) -> tuple[Profile | None, str | None, str | None]:
    if name is not None:
        found = store.profile(name)
        if found is None:
            names = [p.name for p in store.profiles()]
            raise InputRejected(table.file_name, [Problem(
                f"there is no mapping profile '{name}'",
                hint=("profiles are: " + ", ".join(names)) if names else "save one with --save-profile NAME")])
        missing = [c for c in found.mapping.columns() if table.column(c) is None]
        if missing:
            raise InputRejected(table.file_name, [Problem(
                f"the profile '{name}' uses column(s) this file does not have: " + ", ".join(missing),
                Location(table.sheet or None, table.header_row), "columns are: " + ", ".join(table.header))])
        return found, "named", None
    if fit:
        fitting = store.fitting_profiles(table.header)
        if fitting:
            return fitting[0], "fitted", None
    return None, None, None


def _roles(table: Table, given: dict[str, str | None], base: ColumnMapping | None, taken: set[int | None]) -> dict[str, int]:
    out: dict[str, int] = {}
    for role in ROLES:
        if role in given:
            heading = given[role]
            if not heading:
                continue
            index = table.column(heading)
            if index is None:
                raise InputRejected(table.file_name, [Problem(
                    f"there is no column '{heading}' for {ROLE_LABELS[role].lower()}",
                    Location(table.sheet or None, table.header_row), "columns are: " + ", ".join(table.header))])
            out[role] = index
        elif base is not None:
            index = table.column(base.roles[role]) if role in base.roles else None
            if index is not None:
                out[role] = index
        else:
            guess = guess_column(table.header, DEFAULT_ROLE_COLUMNS[role])
            index = table.column(guess) if guess else None
            if (index is not None and index not in taken and index not in out.values()
                    and (role not in DATE_ROLES or holds_dates(c[index] if index < len(c) else "" for _n, c in table.rows))):
                out[role] = index
    return out


def _pick_column(table: Table, given: str | None, defaults: tuple[str, ...], what: str, option: str) -> int:
    if given is not None:
        index = table.column(given)
        if index is None:
            raise InputRejected(table.file_name, [Problem(f"there is no column '{given}'", Location(table.sheet or None, table.header_row),
                                                          "columns are: " + ", ".join(table.header))])
        return index
    for name in defaults:
        index = table.column(name)
        if index is not None:
            return index
    raise InputRejected(
        table.file_name,
        [Problem(f"no column says which {what} each row is", Location(table.sheet or None, table.header_row),
                 f"name it with {option}; columns are: " + ", ".join(table.header))],
    )
