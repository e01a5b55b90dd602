"""The session keeps what opening a record reads twice, until any change: never a stale one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.ops.importing import import_sample, plan_import, write_import
from workbench.ui.common.session import Session

from tests.factories import AUDITOR, make_audit, write_csv

HEADER = ["key", "form", "reported", "narrative"]


@pytest.fixture
def store(tmp_path):
    store = make_audit(tmp_path)
    import_sample(store, AUDITOR, write_csv(tmp_path / "s.csv", [HEADER, ["INC-1", "incident", "14/03/2024 14:02", "Caller reports a theft."]]))
    yield store
    store.close()


def test_a_record_changed_by_another_program_is_read_afresh(store, tmp_path):
    session = Session(store, AUDITOR)
    assert session.record("INC-1").fields["narrative"] == "Caller reports a theft."
    later = write_csv(tmp_path / "march.csv", [HEADER, ["INC-1", "incident", "14/03/2024 14:02", "Changed."]])
    write_import(store, AUDITOR, plan_import(store, later, accept_changes=True))   # (the session is not told)
    session.outside_changes()   # as the window does once it notices the file has changed
    assert session.record("INC-1").fields["narrative"] == "Changed."


def test_the_checklists_time_limit_follows_a_change_of_settings(store):
    session = Session(store, AUDITOR)
    record = store.record("INC-1")
    words = session.form(record).survey
    session.update_settings(replace(store.settings(), time_limit_hours=48))
    assert session.form(record).survey != words
    assert any("48" in (row.label or "") + (row.hint or "") for row in session.form(record).survey)
