"""Mapping profiles as the command line and the window show them.

A profile is saved with an import (``import_sample(..., save_profile=NAME)``, the
wizard's "Save as profile"), in the import's transaction; see ``core.mapping`` for
what it holds and ``ops.import_mapping`` for when one is used.
"""

from __future__ import annotations

from workbench.core.mapping import ROLES, ColumnMapping, Profile
from workbench.store.audit_store import AuditStore


def list_profiles(store: AuditStore) -> list[Profile]:
    """Every mapping profile of the audit, by name."""
    return store.profiles()


def fitting_profile(store: AuditStore, headings: list[str]) -> Profile | None:
    """The profile saved from a file with these headings in any order (the latest saved), or None."""
    fitting = store.fitting_profiles(headings)
    return fitting[0] if fitting else None


def mapping_words(mapping: ColumnMapping) -> list[str]:
    """``["key: Incident ref", "checklist: every row incident", "reported: Reported at", ...]``."""
    words = [f"key: {mapping.key_column}"]
    words.append(f"checklist: column {mapping.form_column}" if mapping.form_column else f"checklist: every row {mapping.form_id}")
    words += [f"{role}: {mapping.roles[role]}" for role in ROLES if role in mapping.roles]
    return words


def profile_as_dict(profile: Profile) -> dict:
    """A profile as ``workbench profiles --json`` prints it."""
    return {"name": profile.name, "headings": list(profile.headings), "mapping": profile.mapping.to_dict(),
            "saved_by": profile.saved_by, "saved_at": profile.saved_at}
