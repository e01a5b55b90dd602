"""The checklists frozen into an audit: each version stored once, never changed."""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.core.events import canonical_json
from workbench.core.forms import Form, form_from_dict
from workbench.store.database import AuditFileError
from workbench.store.writing import Write


class Forms:
    """The ``forms`` table: frozen checklist definitions by (form id, version)."""

    def __init__(self, db: Database):
        self.db = db
        self._parsed: dict[tuple[str, str], Form] = {}   # a frozen version never changes: parse it once

    def freeze(self, w: Write, form: Form) -> bool:
        """Store ``form`` inside ``w`` if this version is new; False if it is already there.

        A changed wording under a version already in the audit is refused: the
        answers given under the old wording must keep meaning what they meant.
        """
        row = self.db.execute(
            "SELECT digest FROM forms WHERE form_id = ? AND version = ?", (form.form_id, form.version)
        ).fetchone()
        if row is not None:
            if row[0] != form.digest():
                raise AuditFileError(
                    f"Checklist '{form.form_id}' version {form.version} in this audit has different wording; "
                    "give the changed checklist a new version number."
                )
            return False
        self.db.execute(
            "INSERT INTO forms (form_id, version, title, digest, definition, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            (form.form_id, form.version, form.title, form.digest(), canonical_json(form.to_dict()), w.at),
        )
        w.log("form.add", {"form_id": form.form_id, "version": form.version, "digest": form.digest()})
        return True

    def all(self) -> dict[tuple[str, str], Form]:
        """Every frozen checklist version in the audit, by (form id, version)."""
        return {
            (r["form_id"], r["version"]): form_from_dict(json.loads(r["definition"]))
            for r in self.db.query("SELECT form_id, version, definition FROM forms ORDER BY form_id, version")
        }

    def get(self, form_id: str, version: str) -> Form:
        """One frozen checklist version (parsed once per connection); ``KeyError`` if the audit does not hold it."""
        if (form_id, version) not in self._parsed:
            row = self.db.execute("SELECT definition FROM forms WHERE form_id = ? AND version = ?", (form_id, version)).fetchone()
            if row is None:
                raise KeyError((form_id, version))
            self._parsed[(form_id, version)] = form_from_dict(json.loads(row[0]))
        return self._parsed[(form_id, version)]

    def digests(self) -> dict[tuple[str, str], str]:
        """The stored digest of each version, and (checked) the digest of its stored definition."""
        return {(f, v): d for f, v, d in self.db.execute("SELECT form_id, version, digest FROM forms")}
