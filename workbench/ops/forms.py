"""Checklists (forms, in the code): which one a record uses, and checklists as files.

The built-ins ship in ``forms/``; an audit freezes the versions it uses, and its frozen
copies win over the built-ins, so an audit keeps answering the wording it started with.
A checklist file can be listed, checked, exported (XLSForm workbook or TOML) and added.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workbench import paths
from workbench.core.audit import Actor
from workbench.core.errors import FormError, Problem
from workbench.core.formcheck import check_form
from workbench.core.forms import Form
from workbench.io.formfiles import FORM_SUFFIXES, load_form, save_form
from workbench.ops import changes_audit
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


def list_forms(store: AuditStore | None = None) -> list[Form]:
    """The checklists available (to ``store``, when given), by form id."""
    return [f for _, f in sorted(available_forms(store).items())]


def check_form_file(path: Path) -> tuple[Form | None, list[Problem]]:
    """Load and validate a checklist file; ``(form, [])`` when it is sound."""
    try:
        form = load_form(Path(path))
    except FormError as exc:
        return None, exc.problems
    return form, check_form(form)


def export_form(form_id: str, out: Path, store: AuditStore | None = None) -> Form:
    """Write checklist ``form_id`` as an XLSForm workbook (or TOML, by suffix).

    ``form_id`` may also be a checklist file (``.toml`` or ``.xlsx``): it is checked
    and, if sound, written in the format of ``out`` (an author's workbook saved as the
    TOML that ``forms/`` holds). An unsound file raises ``FormError`` with every problem.
    """
    source = Path(form_id)
    if source.suffix.lower() in FORM_SUFFIXES and source.is_file():
        form, problems = check_form_file(source)
        if problems or form is None:
            raise FormError(source.name, problems)
        save_form(form, Path(out))
        return form
    forms = available_forms(store)
    if form_id not in forms:
        raise FormError(form_id, [Problem(f"there is no checklist '{form_id}'", hint="checklists are: " + ", ".join(sorted(forms)))])
    save_form(forms[form_id], Path(out))
    return forms[form_id]


@changes_audit
def add_form(store: AuditStore, actor: Actor, path: Path) -> tuple[Form, bool]:
    """Check a checklist file and freeze it into the audit; refuse it whole if unsound."""
    form, problems = check_form_file(path)
    if problems or form is None:
        raise FormError(Path(path).name, problems)
    return form, store.add_form(actor, form)
