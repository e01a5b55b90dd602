"""Every kind of event is defined once, with its words and its replay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.core.audit_state import AuditState
from workbench.core.event_kinds import KINDS, describe
from workbench.core.events import Event, Operation

SOURCE = Path(__file__).resolve().parents[2] / "workbench"
#: A plausible value for each field a kind may require.
SAMPLE = {
    "name": "A. Auditor", "role": "auditor", "force": "Demo Constabulary", "settings": {"title": "Q3"},
    "changes": {"title": ["Q3", "Q4"]}, "form_id": "incident", "version": "2024.1", "digest": "d" * 64,
    "import_id": 1, "file_name": "sample.xlsx", "sha256": "0" * 64, "sheet": "Sample", "rows": 3, "added": 3,
    "records_digest": "r" * 64, "record": "INC-0001", "question": "recorded", "instance": 1, "round": 1,
    "format": "xlsx", "signoff": 1, "manifest_sha256": "m" * 64, "key_fingerprint": "3895 20ce", "signature": "c2ln",
    "signer": "F. Registrar", "based_on": "auditor", "reason_digest": "e" * 64, "answers_digest": "a" * 64,
    "package_id": "a" * 32, "kind": "review", "recipient": "Other Constabulary",
    "selection": {"non_compliant": True, "percent": "20", "seed": 42, "records": [], "first": None},
    "records": 12, "keys_digest": "k" * 64, "encrypted": True, "home_audit": "h" * 64, "sender": "P. Reviewer",
    "origin": "b" * 32, "answers": 30, "conflicts": 1, "by": "P. Reviewer", "at": "2024-03-02T10:00:00.000+00:00",
    "kept": "package",
    "draw_id": 1, "population_rows": 1_000_000, "key_column": "incident_ref", "strata_column": "area",
    "allocation": "proportional", "seed": 20240314, "algorithm": "prn-sha256/1", "size": 1000,
    "parameters_digest": "p" * 64, "strata_count": 10, "strata_digest": "s" * 64, "units_digest": "u" * 64, "step": 1,
    "layout": "l" * 64, "headings_digest": "h" * 64, "mapping_digest": "m" * 64, "old_digest": "o" * 64,
    "new_digest": "n" * 64, "fields": ["narrative", "recorded"],
}


def logged_actions() -> set[str]:
    """Every kind of event the workbench's own code logs."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"""\.log\(\s*["']([\w.]+)["']""", text))
        found |= set(re.findall(r"""\.log_event\(\s*\w+,\s*["']([\w.]+)["']""", text))
    return found


def test_every_kind_the_code_logs_is_defined():
    assert logged_actions() - KINDS.keys() == set()


def test_every_defined_kind_is_logged_somewhere():
    assert KINDS.keys() - logged_actions() == set()


@pytest.mark.parametrize("action", sorted(KINDS))
def test_each_kind_describes_and_replays_an_event_of_its_own(action):
    kind = KINDS[action]
    detail = {field: SAMPLE[field] for field in kind.fields}
    event = Event(7, "2024-03-01T10:00:00.000+00:00", "A. Auditor", "auditor", kind.operation or Operation.COLLECTION,
                  action, detail, "0" * 64, "1" * 64)
    assert describe(event).strip()
    kind.apply(AuditState(), event)


def test_an_unknown_kind_is_described_by_its_raw_detail():
    event = Event(7, "t", "x", "auditor", Operation.COLLECTION, "mystery", {"a": 1}, "0" * 64, "1" * 64)
    assert describe(event) == "a=1"
