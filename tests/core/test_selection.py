"""Choosing records for peer review: a union of options, seeded, the same on every platform."""

from __future__ import annotations

import hashlib

import pytest

from workbench.core.selection import Selection, SelectionRejected, choose, rank

RECORDS = [(f"INC-{i:04d}", "incident") for i in range(1, 11)] + [(f"OOCD-{i:04d}", "caution") for i in range(1, 6)]


def test_the_rank_is_sha256_of_seed_colon_key_so_anyone_can_redo_it():
    assert rank(42, "INC-0001") == hashlib.sha256(b"42:INC-0001").hexdigest()


def test_a_percentage_takes_the_ceiling_of_x_percent_of_the_rest_by_rank():
    chosen = choose(RECORDS, [], Selection(percent="20", seed=7))
    expected = sorted((k for k, _ in RECORDS), key=lambda k: rank(7, k))[:3]   # ceil(0.2 * 15) = 3
    assert sorted(chosen) == sorted(expected)


def test_the_options_combine_as_a_union_and_the_random_part_comes_from_the_rest():
    chosen = choose(RECORDS, ["INC-0009"], Selection(non_compliant=True, percent="10", seed=3, records=("OOCD-0005",),
                                                     first=1))
    fixed = {"INC-0009", "OOCD-0005", "INC-0001", "OOCD-0001"}
    assert fixed <= set(chosen) and len(chosen) == len(fixed) + 2   # ceil(10% of the other 11) = 2


def test_the_first_n_of_each_checklist_follow_sample_order():
    assert choose(RECORDS, [], Selection(first=2)) == ["INC-0001", "INC-0002", "OOCD-0001", "OOCD-0002"]


def test_the_chosen_keys_come_back_in_sample_order():
    chosen = choose(RECORDS, [], Selection(percent="50", seed=1))
    assert chosen == [k for k, _ in RECORDS if k in set(chosen)]


def test_a_different_seed_chooses_differently():
    assert choose(RECORDS, [], Selection(percent="20", seed=1)) != choose(RECORDS, [], Selection(percent="20", seed=2))


@pytest.mark.parametrize("selection, words", [
    (Selection(), "Choose some records"),
    (Selection(percent="0", seed=1), "more than 0"),
    (Selection(percent="101", seed=1), "at most 100"),
    (Selection(percent="ten", seed=1), "not a number"),
    (Selection(percent="10"), "needs a seed"),
    (Selection(first=0), "N must be"),
    (Selection(records=("NOPE-1",)), "no record NOPE-1"),
])
def test_a_selection_that_cannot_be_made_says_why(selection, words):
    with pytest.raises(SelectionRejected, match=words):
        choose(RECORDS, [], selection)


def test_the_options_round_trip_through_their_stored_form():
    selection = Selection(True, "12.5", 99, ("INC-0001",), 3)
    assert Selection.from_dict(selection.to_dict()) == selection
