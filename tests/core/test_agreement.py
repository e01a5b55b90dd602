"""Agreement statistics: intervals for kappa and AC1, checked against published and hand values."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from workbench.core.agreement import ComparedItem, agreement_table
from workbench.core.statistics import ac1_interval, kappa_interval

#: Gwet's irrCAC example ``cont3x3abstractors`` (rows: first rater; columns: second).
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
#: Student's t quantile qt(0.975, 99): irrCAC's intervals for those 100 subjects use it.
T_99 = 1.984217


def ratings(table, names="ABC"):
    first, second = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            first += [names[i]] * count
            second += [names[j]] * count
    return first, second


def test_ac1_and_its_standard_error_match_gwets_published_example():
    estimate = ac1_interval(*ratings(ABSTRACTORS))
    assert estimate.value == pytest.approx(0.84933, abs=5e-6)
    # irrCAC: 95% interval (0.76358, 0.93508) with Student's t
    assert estimate.value - T_99 * estimate.standard_error == pytest.approx(0.76358, abs=5e-6)
    assert estimate.value + T_99 * estimate.standard_error == pytest.approx(0.93508, abs=5e-6)


def test_kappa_matches_the_example_and_its_interval_is_kappa_plus_or_minus_1_96_se():
    estimate = kappa_interval(*ratings(ABSTRACTORS))
    assert estimate.value == pytest.approx(0.7964094, abs=1e-7)
    assert (estimate.low, estimate.high) == pytest.approx((estimate.value - 1.96 * estimate.standard_error,
                                                           estimate.value + 1.96 * estimate.standard_error))


def test_kappa_is_undefined_when_both_always_give_the_same_single_answer_but_ac1_is_not():
    assert kappa_interval(["yes"] * 5, ["yes"] * 5) is None
    assert ac1_interval(["yes"] * 5, ["yes"] * 5, ["yes", "no"]).value == 1.0


def test_intervals_stay_within_minus_one_and_one():
    estimate = kappa_interval(["yes", "no", "yes"], ["yes", "no", "no"])
    assert -1.0 <= estimate.low <= estimate.value <= estimate.high <= 1.0


def test_a_two_by_two_table_by_hand():
    # first \ second: (yes, yes) 40, (yes, no) 5, (no, yes) 5, (no, no) 10
    first, second = ratings([[40, 5], [5, 10]], "YN")
    po = Fraction(50, 60)
    pe = Fraction(45, 60) ** 2 + Fraction(15, 60) ** 2
    assert kappa_interval(first, second).value == pytest.approx(float((po - pe) / (1 - pe)))
    pi_y, pi_n = Fraction(45, 60), Fraction(15, 60)
    pe_ac1 = pi_y * (1 - pi_y) + pi_n * (1 - pi_n)
    assert ac1_interval(first, second).value == pytest.approx(float((po - pe_ac1) / (1 - pe_ac1)))


def item(record, question, first, second, form="incident"):
    return ComparedItem(record, form, question, None, first, second)


def test_the_table_counts_pairs_lists_disagreements_and_keeps_one_sided_answers_out_of_the_statistics():
    items = [item("A", "q", "yes", "yes"), item("B", "q", "yes", "no"), item("C", "q", "no", "no"),
             item("C", "r", None, "yes")]
    table = agreement_table(items, {("incident", "q"): ["yes", "no"], ("incident", "r"): ["yes", "no"]},
                            [(True, True), (False, True)])
    (row,) = table.rows
    assert (row.label, row.pairs, row.agreed, row.percent) == ("q", 3, 2, 66.7)
    assert [(d.record, d.question) for d in table.disagreements] == [("B", "q"), ("C", "r")]
    assert (table.overall.pairs, table.verdict.pairs, table.verdict.agreed) == (3, 2, 1)
    data = table.to_dict()
    assert data["questions"][0]["percent_low"] < 66.7 < data["questions"][0]["percent_high"]
    assert any("Fleiss" in note for note in data["notes"]) and any("Gwet" in note for note in data["notes"])
    assert math.isclose(data["overall"]["kappa"]["value"], row.kappa.value)
