"""``verify`` catches an edit, behind the log's back, of any table peer review writes."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.core.selection import Selection
from workbench.ops import peer_review
from workbench.ops.audits import open_audit
from workbench.store.verify import verify

from tests.peer import LEAD, NO_CRIME, PASS, PEER, answer_as, assert_verifies, cheap_scrypt, home_audit, send

__all__ = ["cheap_scrypt"]


@pytest.fixture
def merged(tmp_path):
    """A home audit that sent a package and merged the peer's return, with one conflict held; and the copy."""
    with home_audit(tmp_path / "lead", n=4) as home:
        sent = send(home, tmp_path / "p.cdipkg", Selection(records=("INC-0003", "INC-0004")))
        copy_path = peer_review.unpack(sent.path, tmp_path / "copy.cdiaudit", PEER, PASS).path
        with open_audit(copy_path) as copy:
            answer_as(copy, PEER, "INC-0003", NO_CRIME, review_round=2)
            answer_as(copy, PEER, "INC-0004", NO_CRIME, review_round=2)
            first = peer_review.make_return(copy, PEER, tmp_path / "r1.cdipkg", PASS)
            answer_as(copy, PEER, "INC-0004", [("auditable", None, "no", None)], review_round=2)
            second = peer_review.make_return(copy, PEER, tmp_path / "r2.cdipkg", PASS)
        peer_review.merge(home, LEAD, first.path, PASS)
        peer_review.merge(home, LEAD, second.path, PASS)   # INC-0004 now differs: held as a conflict
        assert_verifies(home)
    return tmp_path / "lead" / "home.cdiaudit", copy_path


def edit(path, sql):
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def problems(path):
    with open_audit(path) as store:
        return verify(store).problems


@pytest.mark.parametrize("sql, named", [
    ("UPDATE packages SET recipient = 'Someone else'", "package"),
    ("UPDATE packages SET selection = '{\"seed\": 1}'", "package"),
    ("DELETE FROM packages", "package"),
    ("UPDATE merges SET answers_added = 0", "merged package"),
    ("UPDATE conflicts SET answers = '[]'", "conflict"),
    ("DELETE FROM conflicts", "conflict"),
    ("UPDATE answers SET answered_by = 'Someone' WHERE role = 'peer'", "answer"),
    ("UPDATE answers SET value = 'yes' WHERE role = 'peer' AND question = 'discloses_crime'", "answer"),
])
def test_an_edit_of_the_home_audits_peer_review_tables_is_named(merged, sql, named):
    home, _copy = merged
    edit(home, sql)
    found = problems(home)
    assert found and any(p.startswith(named) for p in found), found


@pytest.mark.parametrize("sql", ["UPDATE copy_of SET home_audit = 'ab' || home_audit", "DELETE FROM copy_of",
                                 "UPDATE copy_of SET role = 'auditor'"])
def test_an_edit_of_a_copys_marker_is_named(merged, sql):
    _home, copy = merged
    edit(copy, sql)
    assert any(p.startswith("working copy") for p in problems(copy))


def test_a_merged_answer_edited_to_name_the_lead_who_merged_it_is_named(merged):
    home, _copy = merged
    edit(home, "UPDATE answers SET answered_by = (SELECT actor FROM events WHERE seq = answers.event_seq),"
               " answered_at = (SELECT at FROM events WHERE seq = answers.event_seq) WHERE role = 'peer'")
    found = problems(home)
    assert any(p.startswith("answer INC-0003/") and f"written by {LEAD.name}" in p for p in found), found
