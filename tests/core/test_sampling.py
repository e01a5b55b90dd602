"""Sampling by permanent random numbers: reproducible draws and honest allocations."""

from __future__ import annotations

import hashlib
import re
from fractions import Fraction

import pytest

from workbench.core.sampling import (
    DrawSpec, SamplingError, Selector, TooManyStrata, allocate, draw_from, permanent_random_number, stratum_label,
)

#: A fixed small population: R01-R12 in North, R13-R20 in South.
POPULATION = [(f"R{i:02d}", "North" if i <= 12 else "South") for i in range(1, 21)]
UNSTRATIFIED = [(key, "") for key, _ in POPULATION]


def keys(result) -> list[str]:
    return [u.key for u in result.units]


# -- permanent random numbers and the draw -------------------------------------------------------
def test_a_units_number_is_the_sha256_of_seed_colon_key():
    expected = int.from_bytes(hashlib.sha256(b"2024:R01").digest(), "big")
    assert permanent_random_number(2024, "R01") == expected


def test_a_known_simple_random_sample_for_a_fixed_population_and_seed():
    # Worked out once and written down: any platform, any Python, any later run must agree.
    assert keys(draw_from(UNSTRATIFIED, DrawSpec(5, 2024))) == ["R13", "R18", "R04", "R19", "R01"]


def test_a_known_stratified_sample_for_a_fixed_population_and_seed():
    result = draw_from(POPULATION, DrawSpec(5, 2024))
    assert [(u.key, u.stratum, u.rank) for u in result.units] == [
        ("R13", "South", 1), ("R18", "South", 2), ("R04", "North", 1), ("R01", "North", 2), ("R08", "North", 3)]


def test_the_same_population_and_seed_give_the_same_sample_every_time():
    first = draw_from(POPULATION, DrawSpec(7, 99))
    assert all(keys(draw_from(POPULATION, DrawSpec(7, 99))) == keys(first) for _ in range(5))


def test_the_order_of_the_rows_does_not_change_the_sample():
    assert sorted(keys(draw_from(list(reversed(POPULATION)), DrawSpec(6, 7)))) == sorted(keys(draw_from(POPULATION, DrawSpec(6, 7))))


def test_another_seed_gives_another_sample():
    assert keys(draw_from(UNSTRATIFIED, DrawSpec(5, 2024))) != keys(draw_from(UNSTRATIFIED, DrawSpec(5, 2025)))


def test_a_larger_sample_from_the_same_seed_starts_with_the_smaller_one():
    assert keys(draw_from(UNSTRATIFIED, DrawSpec(8, 2024)))[:5] == keys(draw_from(UNSTRATIFIED, DrawSpec(5, 2024)))


def test_a_stratified_draw_takes_each_strata_allocation():
    population = [(f"K{i}", ("A", "B", "C")[i % 10 // 5 if i % 10 < 8 else 2]) for i in range(1000)]
    result = draw_from(population, DrawSpec(100, 5))
    counts = {h: sum(u.stratum == h for u in result.units) for h in "ABC"}
    assert counts == {h: s.sampled for h, s in result.strata.items()} == {"A": 50, "B": 30, "C": 20}
    assert {h: s.population for h, s in result.strata.items()} == {"A": 500, "B": 300, "C": 200}


def test_the_units_of_a_stratum_are_ranked_by_their_numbers():
    result = draw_from(POPULATION, DrawSpec(10, 3))
    north = [u for u in result.units if u.stratum == "North"]
    assert [u.rank for u in north] == list(range(1, len(north) + 1))
    assert [u.prn for u in north] == sorted(u.prn for u in north)


def test_the_selector_keeps_only_the_smallest_numbers_of_each_stratum():
    selector = Selector(1, keep=3)
    for key, stratum in POPULATION:
        selector.add(key, stratum, 0)
    smallest = sorted((permanent_random_number(1, k), k) for k, s in POPULATION if s == "South")[:3]
    assert [u.key for u in selector.take({"South": 3})] == [k for _, k in smallest]


def test_a_key_used_twice_is_noted_with_its_row():
    selector = Selector(1, keep=3)
    for row, key in enumerate(["A", "B", "A"], start=2):
        selector.add(key, "", row)
    assert selector.repeated == [(4, "A")]


def test_a_column_with_too_many_values_is_not_a_grouping():
    selector = Selector(1, keep=1, max_strata=3)
    with pytest.raises(TooManyStrata):
        for i in range(4):
            selector.add(f"K{i}", f"S{i}", i)


# -- allocation ---------------------------------------------------------------------------------
def test_proportional_allocation_sums_to_the_sample_size():
    populations = {"A": 333, "B": 333, "C": 334}
    for n in (1, 2, 10, 99, 100, 101, 999):
        assert sum(allocate(populations, n).values()) == n


def test_proportional_allocation_by_hand():
    # 100 of 800/150/50: exactly 80, 15, 5
    assert allocate({"A": 800, "B": 150, "C": 50}, 100) == {"A": 80, "B": 15, "C": 5}


def test_the_largest_remainders_get_the_units_left_over():
    # 10 of 6/6/2 = 4.29, 4.29, 1.43: floors 4, 4, 1 leave one unit, for C's .43
    assert allocate({"A": 6, "B": 6, "C": 2}, 10) == {"A": 4, "B": 4, "C": 2}


def test_a_stratum_smaller_than_its_share_is_taken_whole_and_the_rest_shared():
    # equal: 100 / 3 = 33.3 each, but C has 5; the other 95 go 47.5 / 47.5, the tie to the larger A
    assert allocate({"A": 800, "B": 150, "C": 5}, 100, "equal") == {"A": 48, "B": 47, "C": 5}


def test_proportional_shares_never_exceed_a_stratum():
    assert allocate({"A": 10, "B": 1000}, 1005) == {"A": 10, "B": 995}


def test_neyman_allocation_by_hand():
    # N*S: A 800 * sqrt(.9*.1) = 240, B 150 * .5 = 75, C 5 * .5 = 2.5 (no rate: 50%); total 317.5
    # shares of 100: 75.59, 23.62, 0.79 -> floors 75, 23, 0; two left: C (.79), B (.62)
    rates = {"A": Fraction(9, 10), "B": Fraction(1, 2)}
    assert allocate({"A": 800, "B": 150, "C": 5}, 100, "neyman", rates) == {"A": 75, "B": 24, "C": 1}


def test_neyman_with_the_same_rate_everywhere_is_proportional():
    populations = {"A": 700, "B": 200, "C": 100}
    same = {h: Fraction(85, 100) for h in populations}
    assert allocate(populations, 60, "neyman", same) == allocate(populations, 60)


def test_an_extension_never_gives_a_stratum_fewer_than_it_had():
    # Largest remainders alone would take a unit back from C going from 10 to 11 (the Alabama paradox)
    populations = {"A": 6, "B": 6, "C": 2}
    assert allocate(populations, 11) == {"A": 5, "B": 5, "C": 1}
    assert allocate(populations, 11, floors={"A": 4, "B": 4, "C": 2}) == {"A": 5, "B": 4, "C": 2}


@pytest.mark.parametrize(("populations", "size", "method", "words"), [
    ({"A": 5, "B": 5}, 11, "proportional", "larger than the population (10 records)"),
    ({"A": 5}, 0, "proportional", "at least 1"),
    ({"A": 5}, 2, "systematic", "unknown allocation"),
])
def test_impossible_allocations_are_refused_in_words(populations, size, method, words):
    with pytest.raises(SamplingError, match=re.escape(words)):
        allocate(populations, size, method)


def test_an_expected_rate_of_100_percent_is_refused():
    with pytest.raises(SamplingError, match="between 0% and 100%"):
        allocate({"A": 5, "B": 5}, 4, "neyman", {"A": Fraction(1)})


def test_an_extension_cannot_shrink_a_sample():
    with pytest.raises(SamplingError, match="only be extended to a larger size"):
        allocate({"A": 50}, 5, floors={"A": 6})


def test_strata_are_named_for_people():
    assert (stratum_label("", False), stratum_label("", True), stratum_label("North", True)) == (
        "(all records)", "(blank)", "North")
