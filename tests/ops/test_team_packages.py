"""Work shared within a team: packages to team members, merged back; a record answered twice is a conflict."""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor, Role
from workbench.core.selection import Selection
from workbench.ops import peer_review
from workbench.ops.audits import open_audit
from workbench.ops.peer_review import PeerReviewRefused

from tests.peer import LEAD, NO_CRIME, PASS, answer_as, assert_verifies, cheap_scrypt, home_audit, send

__all__ = ["cheap_scrypt"]

ANNE = Actor("A. Auditor", Role.AUDITOR, "Test Constabulary")
BEN = Actor("B. Auditor", Role.AUDITOR, "Test Constabulary")
CRIME_FOUND = [("auditable", None, "yes", None), ("discloses_crime", None, "yes", None),
               ("offence_group", 1, "theft", None), ("recorded", 1, "yes", None), ("timely", 1, "yes", None),
               ("classified_ok", 1, "yes", None)]


@pytest.fixture
def lead(tmp_path):
    store = home_audit(tmp_path / "lead", n=6)
    yield store
    store.close()


def work_package(lead, tmp_path, member: Actor, keys, answers, passphrase=PASS):
    """The lead sends ``keys`` to ``member``, who answers each with ``answers`` on their laptop and returns them."""
    name = member.name[0].lower()
    sent = send(lead, tmp_path / f"for-{name}.cdipkg", Selection(records=tuple(keys)), passphrase, team=True,
                recipient=member.name)
    laptop = tmp_path / f"laptop-{name}"
    laptop.mkdir()
    made = peer_review.unpack(sent.path, laptop / "copy.cdiaudit", member, passphrase)
    assert (made.role, made.review_round) == ("auditor", 1)
    with open_audit(made.path) as copy:
        for key in keys:
            answer_as(copy, member, key, answers)
        assert_verifies(copy)
        return peer_review.make_return(copy, member, laptop / "return.cdipkg", passphrase)


def blank_records(lead, keys):
    """Take the lead's own answers off ``keys`` so that team members can answer them afresh."""
    for key in keys:
        answer_as(lead, LEAD, key, [(q, i, None, None) for q, i, _v, _n in NO_CRIME])


def test_each_members_answers_arrive_with_their_author(lead, tmp_path):
    blank_records(lead, ["INC-0005"])
    returned = work_package(lead, tmp_path, ANNE, ["INC-0005"], CRIME_FOUND)
    merged = peer_review.merge(lead, LEAD, returned.path, PASS)
    assert (merged.records_added, merged.conflicts) == (1, [])
    authors = {a.answered_by for a in lead.answers("auditor", 1, "INC-0005")}
    assert authors == {"A. Auditor"}
    assert lead.queue_row("INC-0005").progress == "complete"
    assert ("A. Auditor", "auditor") in {(u["name"], u["role"]) for u in lead.users()}
    assert_verifies(lead)


def test_two_team_packages_answering_one_record_give_a_conflict_never_a_silent_choice(lead, tmp_path):
    blank_records(lead, ["INC-0005", "INC-0006"])
    from_anne = work_package(lead, tmp_path, ANNE, ["INC-0005", "INC-0006"], CRIME_FOUND)
    from_ben = work_package(lead, tmp_path, BEN, ["INC-0006"], NO_CRIME)
    peer_review.merge(lead, LEAD, from_anne.path, PASS)
    merged = peer_review.merge(lead, LEAD, from_ben.path, PASS)
    assert merged.conflicts == ["INC-0006"] and merged.records_added == 0
    kept = {(a.question, a.instance): (a.value, a.answered_by) for a in lead.answers("auditor", 1, "INC-0006")}
    assert kept[("discloses_crime", None)] == ("yes", "A. Auditor")
    (conflict,) = peer_review.conflicts(lead)
    assert (conflict.record_key, conflict.sender) == ("INC-0006", "B. Auditor")
    assert_verifies(lead)


def test_the_lead_settles_a_conflict_by_taking_the_packages_answers(lead, tmp_path):
    blank_records(lead, ["INC-0006"])
    peer_review.merge(lead, LEAD, work_package(lead, tmp_path, ANNE, ["INC-0006"], CRIME_FOUND).path, PASS)
    peer_review.merge(lead, LEAD, work_package(lead, tmp_path, BEN, ["INC-0006"], NO_CRIME).path, PASS)
    peer_review.settle(lead, LEAD, "INC-0006", "package")
    now = {(a.question, a.instance): (a.value, a.answered_by) for a in lead.answers("auditor", 1, "INC-0006")}
    assert {k: v for k, (v, _by) in now.items()} == {(q, i): v for q, i, v, _n in NO_CRIME}
    assert now[("discloses_crime", None)] == ("no", "B. Auditor")   # an answer that did not change keeps its author
    assert peer_review.conflicts(lead) == [] and lead.queue_row("INC-0006").compliant is True
    assert_verifies(lead)


def test_keeping_the_audits_answers_leaves_them_and_closes_the_conflict(lead, tmp_path):
    peer_review.merge(lead, LEAD, work_package(lead, tmp_path, BEN, ["INC-0001"], NO_CRIME).path, PASS)
    before = list(lead.answers("auditor", 1, "INC-0001"))
    peer_review.settle(lead, LEAD, "INC-0001", "audit")
    assert list(lead.answers("auditor", 1, "INC-0001")) == before and peer_review.conflicts(lead) == []
    assert_verifies(lead)


def test_a_team_package_may_travel_unencrypted_when_the_lead_chooses(lead, tmp_path):
    blank_records(lead, ["INC-0004"])
    returned = work_package(lead, tmp_path, ANNE, ["INC-0004"], NO_CRIME, passphrase=None)
    assert not returned.encrypted
    assert peer_review.merge(lead, LEAD, returned.path, None).records_added == 1
    assert_verifies(lead)


def test_settling_needs_a_conflict(lead):
    with pytest.raises(PeerReviewRefused, match="no conflict"):
        peer_review.settle(lead, LEAD, "INC-0001", "package")
