"""Records looked up by key or id: many at once read the table once, and give what asking for each gives."""

from __future__ import annotations

import pytest

from workbench.core.records import Record
from workbench.store import records as records_module

from tests.factories import AUDITOR
from tests.store.test_verify import FORM

KEYS = [f"R{i}" for i in range(1, 8)]


@pytest.fixture
def stored(audit):
    source = {"file_name": "s.csv", "sha256": "0" * 64, "row_count": len(KEYS)}
    audit.add_records(AUDITOR, source, [Record(k, "mini", {"n": k}, "1") for k in KEYS], [FORM])
    return audit.records_repo


@pytest.mark.parametrize("scan_from", [1, 20_000])
def test_ids_and_checklists_of_some_records_are_theirs_alone(stored, monkeypatch, scan_from):
    monkeypatch.setattr(records_module, "_SCAN_FROM", scan_from)
    ids = stored.ids({"R2", "R5"})
    assert sorted(ids) == ["R2", "R5"] and len(set(ids.values())) == 2
    assert stored.form_ids(set(ids.values())) == {rid: ("mini", "1") for rid in ids.values()}


@pytest.mark.parametrize("scan_from", [1, 20_000])
def test_a_key_not_in_the_audit_is_named(stored, monkeypatch, scan_from):
    monkeypatch.setattr(records_module, "_SCAN_FROM", scan_from)
    with pytest.raises(KeyError, match="R99"):
        stored.ids({"R1", "R99"})
