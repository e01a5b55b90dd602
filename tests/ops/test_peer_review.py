"""Peer review by another force, with real files: package, unpack, answer, return, merge, agree."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest

from workbench.core.selection import Selection, rank
from workbench.io import packages as pk
from workbench.io.crypto import WRONG_OR_CHANGED, SealRefused
from workbench.ops import peer_review
from workbench.ops.agreement import agreement
from workbench.ops.audits import open_audit
from workbench.ops.peer_review import PeerReviewRefused

from tests.factories import AUDITOR
from tests.peer import (
    LEAD, NO_CRIME, NONCOMPLIANT, OTHER_FORCE, PASS, PEER, SECRET_CRIME_REF, SECRET_RATIONALE, answer_as,
    assert_verifies, cheap_scrypt, home_audit, send,
)

__all__ = ["cheap_scrypt"]

SEED = 20241
STORY = Selection(non_compliant=True, percent="20", seed=SEED)


@pytest.fixture
def home(tmp_path):
    store = home_audit(tmp_path / "lead")
    yield store
    store.close()


def peer_copy(tmp_path, package):
    (tmp_path / "peer").mkdir(exist_ok=True)
    result = peer_review.unpack(package, tmp_path / "peer" / "copy.cdiaudit", PEER, PASS)
    return open_audit(result.path)


def test_the_story_blind_package_peer_answers_return_merge_and_agreement_by_hand(home, tmp_path):
    assert_verifies(home)
    sent = send(home, tmp_path / "lead" / "review.cdipkg", STORY)
    # 2 non-compliant + ceil(20% of the other 18) = 2 + 4 records, the random ones ranked by SHA-256(seed:key)
    rest = [f"INC-{i:04d}" for i in range(3, 21)]
    randoms = sorted(rest, key=lambda k: rank(SEED, k))[: math.ceil(0.2 * 18)]
    chosen = sorted(["INC-0001", "INC-0002", *randoms])
    assert sent.records == 6 and sent.encrypted
    assert_verifies(home)

    with peer_copy(tmp_path, sent.path) as copy:
        assert sorted(r.key for r in copy.records()) == chosen
        assert copy.working_answers() == ("peer", 2) and list(copy.answers("auditor", 1)) == []
        assert_verifies(copy)
        # The peer: agrees on INC-0001, finds no crime in INC-0002, and a crime in the last random record.
        answer_as(copy, PEER, "INC-0001", [a for a in NONCOMPLIANT if a[0] != "rationale"]
                  + [("rationale", None, "Peer agrees: not recorded.", None)], review_round=2)
        answer_as(copy, PEER, "INC-0002", NO_CRIME, review_round=2)
        for key in randoms[:-1]:
            answer_as(copy, PEER, key, NO_CRIME, review_round=2)
        answer_as(copy, PEER, randoms[-1], [("auditable", None, "yes", None), ("discloses_crime", None, "yes", None),
                                            ("offence_group", 1, "criminal_damage_arson", None)], review_round=2)
        assert_verifies(copy)
        returned = peer_review.make_return(copy, PEER, tmp_path / "peer" / "return.cdipkg", PASS)
        assert_verifies(copy)

    merged = peer_review.merge(home, LEAD, returned.path, PASS)
    assert (merged.records_added, merged.conflicts, merged.already_merged) == (6, [], False)
    assert_verifies(home)
    # Beside the auditor's answers, never over them
    assert dict(((a.question, a.instance), a.value) for a in home.answers("auditor", 1, "INC-0002"))[("discloses_crime", None)] == "yes"
    peer_answer = {(a.question, a.instance): a for a in home.answers("peer", 2, "INC-0002")}[("discloses_crime", None)]
    assert (peer_answer.value, peer_answer.answered_by) == ("no", "P. Peer")

    table = agreement(home)
    row = next(r for r in table.rows if r.label == "discloses_crime")
    # discloses_crime, auditor (rows) by peer (columns), written out by hand:
    #              peer yes   peer no
    # auditor yes      1         1        (INC-0001 agreed; INC-0002 the peer found no crime)
    # auditor no       1         3        (the last random record the peer found a crime in)
    n, po = 6, Fraction(1 + 3, 6)
    pe_kappa = Fraction(2, 6) * Fraction(2, 6) + Fraction(4, 6) * Fraction(4, 6)             # 5/9
    kappa = (po - pe_kappa) / (1 - pe_kappa)                                                 # 1/4
    pi_yes, pi_no, pi_unable = Fraction(2, 6), Fraction(4, 6), Fraction(0)                   # q = 3 (yes, no, unable)
    pe_ac1 = (pi_yes * (1 - pi_yes) + pi_no * (1 - pi_no) + pi_unable * (1 - pi_unable)) / (3 - 1)   # 2/9
    ac1 = (po - pe_ac1) / (1 - pe_ac1)                                                       # 4/7
    # kappa's variance (Fleiss, Cohen and Everitt), cell by cell: (y,y) 1/6 (1 - 3/4 (1/3 + 1/3))^2,
    # (y,n) and (n,y) 1/6 (3/4)^2 each, (n,n) 0; minus (po - 2 (1 - kappa) pe)^2 = (2/3 - 5/6)^2.
    variance = (Fraction(1, 6) * Fraction(1, 4) + 2 * Fraction(1, 6) * Fraction(9, 16) - Fraction(1, 36)) / (n * (1 - pe_kappa) ** 2)
    assert (row.pairs, row.agreed, row.percent) == (6, 4, 66.7)
    assert row.kappa.value == pytest.approx(float(kappa)) == 0.25
    assert row.ac1.value == pytest.approx(float(ac1))
    assert row.kappa.standard_error == pytest.approx(math.sqrt(variance))
    assert row.kappa.low == pytest.approx(0.25 - 1.96 * math.sqrt(variance)) and row.kappa.high == 1.0
    assert {(d.record, d.question) for d in table.disagreements} >= {("INC-0002", "discloses_crime"),
                                                                    (randoms[-1], "discloses_crime"),
                                                                    (randoms[-1], "offence_group")}


def test_the_choice_and_its_seed_are_stored_and_logged(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    row = home.sent_package(sent.package_id)
    assert json.loads(row["selection"]) == STORY.to_dict() and row["recipient"] == OTHER_FORCE
    event = list(home.events())[-1]
    assert (event.action, str(event.operation), event.detail["recipient"]) == ("package.send", "disclosure", OTHER_FORCE)
    assert event.detail["selection"]["seed"] == SEED


def test_the_same_seed_chooses_the_same_records(home):
    assert peer_review.choose_records(home, STORY) == peer_review.choose_records(home, STORY)


def test_a_package_holds_no_answers_and_says_nothing_of_why_records_were_chosen(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    content = pk.open_package(sent.path.read_bytes(), PASS)
    text = json.dumps(content.to_dict())
    assert content.answers == [] and "non_compliant" not in text and SECRET_RATIONALE not in text
    assert SECRET_CRIME_REF not in text


def test_a_peer_copy_holds_no_first_round_answer_in_its_bytes(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", Selection(records=("INC-0001", "INC-0003")))
    with peer_copy(tmp_path, sent.path) as copy:
        assert [r.key for r in copy.records()] == ["INC-0001", "INC-0003"]
        files = [copy.path, copy.path.with_name(copy.path.name + "-wal")]
        held = b"".join(f.read_bytes() for f in files if f.exists())
    for secret in (SECRET_RATIONALE, SECRET_CRIME_REF):
        assert secret.encode() not in held


def test_a_wrong_passphrase_is_refused_before_anything_is_written(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    with pytest.raises(SealRefused, match=f"^{WRONG_OR_CHANGED}$"):
        peer_review.unpack(sent.path, tmp_path / "copy.cdiaudit", PEER, b"the wrong passphrase")
    assert not (tmp_path / "copy.cdiaudit").exists()


@pytest.mark.parametrize("where", ["magic", "header", "first body byte", "middle", "last byte"])
def test_a_byte_changed_anywhere_in_a_package_is_refused(home, tmp_path, where):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    data = bytearray(sent.path.read_bytes())
    body_at = pk.crypto.read_header(bytes(data)).body_at
    offset = {"magic": 0, "header": body_at - 5, "first body byte": body_at, "middle": len(data) // 2,
              "last byte": len(data) - 1}[where]
    data[offset] ^= 0x40
    sent.path.write_bytes(bytes(data))
    with pytest.raises(SealRefused, match="changed"):
        peer_review.unpack(sent.path, tmp_path / "copy.cdiaudit", PEER, PASS)
    assert not (tmp_path / "copy.cdiaudit").exists()


def returned_package(home, tmp_path, selection=STORY):
    sent = send(home, tmp_path / "p.cdipkg", selection)
    with peer_copy(tmp_path, sent.path) as copy:
        for record in copy.records():
            answer_as(copy, PEER, record.key, NO_CRIME, review_round=2)
        return peer_review.make_return(copy, PEER, tmp_path / "peer" / "return.cdipkg", PASS)


def test_a_package_for_another_audit_is_refused(home, tmp_path):
    returned = returned_package(home, tmp_path)
    with home_audit(tmp_path / "other", name="other") as other:
        before = other.head()
        with pytest.raises(PeerReviewRefused, match="belongs to another audit"):
            peer_review.merge(other, LEAD, returned.path, PASS)
        assert other.head() == before


def test_merging_the_same_package_twice_adds_nothing(home, tmp_path):
    returned = returned_package(home, tmp_path)
    peer_review.merge(home, LEAD, returned.path, PASS)
    head = home.head()
    again = peer_review.merge(home, LEAD, returned.path, PASS)
    assert again.already_merged and home.head() == head
    assert_verifies(home)


def test_a_package_sent_out_cannot_be_merged_and_a_return_cannot_be_unpacked(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    with pytest.raises(PeerReviewRefused, match="holds no answers"):
        peer_review.merge(home, LEAD, sent.path, PASS)
    returned = returned_package(home, tmp_path)
    with pytest.raises(PeerReviewRefused, match="return package"):
        peer_review.unpack(returned.path, tmp_path / "x.cdiaudit", PEER, PASS)


def test_a_package_for_another_force_must_be_encrypted(home, tmp_path):
    with pytest.raises(PeerReviewRefused, match="must be encrypted"):
        send(home, tmp_path / "p.cdipkg", STORY, passphrase=None)
    assert not (tmp_path / "p.cdipkg").exists()


def test_a_working_copy_takes_answers_only_in_its_own_role_and_round(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    with peer_copy(tmp_path, sent.path) as copy:
        key = next(copy.records()).key
        with pytest.raises(Exception, match="working copy"):
            answer_as(copy, AUDITOR, key, NO_CRIME)
        assert list(copy.answers("auditor", 1)) == []


def test_a_copy_shows_its_own_progress_in_the_queue(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", Selection(records=("INC-0004",)))
    with peer_copy(tmp_path, sent.path) as copy:
        answer_as(copy, PEER, "INC-0004", NO_CRIME, review_round=2)
        assert [(r.key, r.progress, r.compliant) for r in copy.queue()] == [("INC-0004", "complete", True)]


def test_a_copy_cannot_be_packaged_again_only_returned(home, tmp_path):
    sent = send(home, tmp_path / "p.cdipkg", STORY)
    with peer_copy(tmp_path, sent.path) as copy, pytest.raises(PeerReviewRefused, match="--return"):
        peer_review.make_package(copy, PEER, tmp_path / "again.cdipkg", STORY, "Someone", PASS)
