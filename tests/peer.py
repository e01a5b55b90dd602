"""Builders for peer-review tests: a home audit with answers, packages, copies and returns."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.audit import Actor, Role
from workbench.core.selection import Selection
from workbench.io import crypto
from workbench.ops import peer_review
from workbench.ops.answering import answer_many
from workbench.ops.importing import import_sample
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, write_sample

PASS = b"a passphrase long enough"
LEAD = Actor("L. Lead", Role.AUDITOR, "Test Constabulary")
PEER = Actor("P. Peer", Role.PEER, "Other Constabulary")
OTHER_FORCE = "Other Constabulary"

#: Free text only the auditor wrote: a peer copy must hold none of it.
SECRET_RATIONALE = "AUDITOR-RATIONALE-not-for-the-peer"
SECRET_CRIME_REF = "AUDITOR-CREF-0001"

NONCOMPLIANT = [("auditable", None, "yes", None), ("discloses_crime", None, "yes", None),
                ("offence_group", 1, "theft", None), ("recorded", 1, "no", None),
                ("not_recorded_reason", 1, "not_recorded", None), ("rationale", None, SECRET_RATIONALE, None)]
NO_CRIME = [("auditable", None, "yes", None), ("discloses_crime", None, "no", None)]
RECORDED = [("auditable", None, "yes", None), ("discloses_crime", None, "yes", None),
            ("offence_group", 1, "theft", None), ("recorded", 1, "yes", None), ("crime_ref", 1, SECRET_CRIME_REF, None),
            ("timely", 1, "yes", None), ("classified_ok", 1, "yes", None)]


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """The cheapest key derivation the bounds allow, so that tests run fast."""
    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", crypto.ScryptParams(2**14, 8, 1))


def answer_as(store: AuditStore, actor: Actor, key: str, answers, review_round: int = 1) -> None:
    answer_many(store, actor, key, [(q, i, v, n) for q, i, v, n in answers], review_round)


def home_audit(folder: Path, n: int = 20, name: str = "home") -> AuditStore:
    """An audit of ``n`` incident records, all answered by the auditor: INC-0001 and -0002
    non-compliant, INC-0003 a recorded crime, the rest no crime."""
    folder.mkdir(parents=True, exist_ok=True)
    store = make_audit(folder, name)
    import_sample(store, AUDITOR, write_sample(folder, n, name=f"{name}-sample.csv"))
    for i in range(1, n + 1):
        answers = NONCOMPLIANT if i <= 2 else RECORDED if i == 3 else NO_CRIME
        answer_as(store, AUDITOR, f"INC-{i:04d}", answers)
    return store


def assert_verifies(*stores: AuditStore) -> None:
    for store in stores:
        report = verify(store)
        assert report.ok, report.problems


def send(store: AuditStore, out: Path, selection: Selection, passphrase: bytes | None = PASS, team: bool = False,
         recipient: str = OTHER_FORCE):
    return peer_review.make_package(store, LEAD, out, selection, recipient, passphrase, team)
