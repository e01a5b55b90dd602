"""Which checklist a record uses: the audit's frozen copies first, then the built-ins."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workbench import paths
from workbench.core.forms import Form
from workbench.io.formfiles import load_form
from workbench.store.audit_store import AuditStore


@cache
def builtin_forms() -> dict[str, Form]:
    """The checklists shipped in ``forms/``, by form id."""
    forms = {}
    for path in sorted(Path(paths.forms_dir()).glob("*.toml")):
        form = load_form(path)
        forms[form.form_id] = form
    return forms


def available_forms(store: AuditStore | None = None) -> dict[str, Form]:
    """Form id -> the form new records of that id would use.

    A checklist already frozen in the audit wins (its latest version), so an
    audit keeps answering the wording it started with.
    """
    forms = dict(builtin_forms())
    if store is not None:
        for (form_id, _version), form in sorted(store.forms().items(), key=lambda kv: version_key(kv[0][1])):
            forms[form_id] = form
    return forms


def version_key(version: str) -> tuple:
    """Sort key for checklist versions: numeric parts as numbers ("1.10" after "1.9")."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.replace("-", ".").split("."))
