"""``AnswerDigests``: each answer's content hashed as ``answer_sha256`` hashes it, a text pair once."""

from __future__ import annotations

from workbench.core.records import AnswerDigests, answer_sha256


def test_a_pair_gives_what_answer_sha256_gives_the_first_time_and_after():
    digests = AnswerDigests()
    assert digests.sha256("yes", "") == answer_sha256("yes", "") == digests.sha256("yes", "")


def test_a_value_that_is_not_text_is_hashed_as_it_is_not_as_text_that_equals_it():
    digests = AnswerDigests()
    digests.sha256("1", "")
    assert digests.sha256(1, "") == answer_sha256(1, "") != answer_sha256("1", "")


def test_pairs_beyond_the_room_are_still_hashed_right_but_not_remembered():
    digests = AnswerDigests(kept=1)
    digests.sha256("yes", "")
    assert digests.sha256("no", "a note") == answer_sha256("no", "a note")
    assert list(digests._kept) == [("yes", "")]
