"""The answers the log leaves standing, held small for ``verify``."""

from __future__ import annotations

from workbench.core.audit_state import LoggedAnswers, pack, unpack

DIGEST = "ab" * 32


def test_an_event_and_digest_pack_and_come_back():
    assert unpack(pack(12, DIGEST)) == (12, DIGEST)


def test_a_digest_written_differently_never_packs_like_the_digest():
    assert pack(12, DIGEST.upper()) != pack(12, DIGEST)
    assert pack(12, "ab " * 21 + "a") != pack(12, DIGEST)
    assert unpack(pack(12, DIGEST.upper())) == (12, DIGEST.upper())


def test_a_later_event_replaces_an_answer_and_a_clearing_removes_it():
    answers = LoggedAnswers()
    answers.put("R1", "ok", None, "auditor", 1, DIGEST, 5)
    answers.put("R1", "ok", 0, "auditor", 1, "cd" * 32, 9)
    answers.put("R2", "ok", None, "auditor", 1, DIGEST, 10)
    answers.clear("R2", "ok", None, "auditor", 1)
    assert answers.as_dict() == {("R1", "ok", None, "auditor", 1): (9, "cd" * 32)}


def test_an_answer_taken_out_is_no_longer_held():
    answers = LoggedAnswers()
    answers.put("R1", "ok", 2, "peer", 2, DIGEST, 5, author=("Peer", "2024-01-01"))
    assert unpack(answers.pop(("R1", "ok", 2, "peer", 2))) == (5, DIGEST)
    assert answers.pop(("R1", "ok", 2, "peer", 2)) is None and len(answers) == 0
    assert answers.authors == {5: ("Peer", "2024-01-01")}
