"""Mapping profiles: a column mapping saved under a name, found again by the file's headings."""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.core.audit_state import Written
from workbench.core.events import canonical_json, digest
from workbench.core.mapping import ColumnMapping, Profile, layout_of
from workbench.store.writing import Write

_COLUMNS = "name, headings, mapping, saved_by, saved_at"


class Profiles:
    """The ``mapping_profiles`` table."""

    def __init__(self, db: Database):
        self.db = db

    def save(self, w: Write, name: str, headings: list[str], mapping: ColumnMapping) -> bool:
        """Save (or replace) the profile ``name`` inside ``w``; False when it already says exactly this."""
        headings_json, mapping_json = canonical_json(list(headings)), canonical_json(mapping.to_dict())
        held = self.db.execute("SELECT headings, mapping FROM mapping_profiles WHERE name = ?", (name,)).fetchone()
        if held == (headings_json, mapping_json):
            return False
        layout = layout_of(headings)
        event = w.log("profile.save", {"name": name, "layout": layout, "headings_digest": digest(headings_json),
                                       "mapping_digest": digest(mapping_json)})
        self.db.execute(
            "INSERT OR REPLACE INTO mapping_profiles (name, layout, headings, mapping, saved_by, saved_at, event_seq)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", (name, layout, headings_json, mapping_json, w.actor.name, w.at, event.seq))
        return True

    def all(self) -> list[Profile]:
        """Every profile, by name."""
        return [_profile(row) for row in self.db.execute(f"SELECT {_COLUMNS} FROM mapping_profiles ORDER BY name")]

    def get(self, name: str) -> Profile | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM mapping_profiles WHERE name = ?", (name,)).fetchone()
        return _profile(row) if row else None

    def fitting(self, headings: list[str]) -> list[Profile]:
        """Profiles saved from a file with these headings (in any order), the latest saved first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM mapping_profiles WHERE layout = ? ORDER BY saved_at DESC, name",
                               (layout_of(headings),))
        return [_profile(row) for row in rows]

    def stored(self) -> tuple[dict[str, tuple[str, str, str]], dict[str, Written]]:
        """For ``verify``: each profile reduced as its event reduces it, and who saved it when."""
        state, writers = {}, {}
        for name, layout, headings, mapping, by, at, seq in self.db.execute(
            "SELECT name, layout, headings, mapping, saved_by, saved_at, event_seq FROM mapping_profiles"
        ):
            state[name] = (layout, digest(headings), digest(mapping))
            writers[name] = Written(seq, by, at)
        return state, writers


def _profile(row: tuple) -> Profile:
    name, headings, mapping, by, at = row
    return Profile(name, tuple(json.loads(headings)), ColumnMapping.from_dict(json.loads(mapping)), by, at)
