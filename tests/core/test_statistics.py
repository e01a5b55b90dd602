"""Statistics against values worked by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import pytest

from workbench.core.statistics import (
    NORMAL,
    WILSON,
    StatisticsInputError,
    Stratum,
    cohens_kappa,
    gwet_ac1,
    percent,
    percent_agreement,
    points,
    proportion_interval,
    round_half_up,
    sample_size,
    stratified_rate,
    unrecorded_estimate,
    wilson_bounds,
)


def pairs(table: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    """Two raters' answers from a contingency table {(first, second): count}."""
    first: list[str] = []
    second: list[str] = []
    for (a, b), count in table.items():
        first += [a] * count
        second += [b] * count
    return first, second


# -- rounding and percentages ----------------------------------------------------------


def test_percentages_round_half_up_like_a_spreadsheet():
    # 1/8 = 12.5% -> 13 at no places (Python's round gives 12); 2.675 -> 2.68 (round gives 2.67)
    assert percent(1, 8, places=0) == 13.0
    assert round_half_up(2.675, 2) == 2.68
    # 100 / 115 = 86.9565...% -> 87.0
    assert percent(100, 115) == 87.0
    # 2 / 3 = 66.666...% -> 66.7
    assert percent(2, 3) == 66.7


def test_no_denominator_has_no_percentage():
    assert percent(0, 0) is None


@pytest.mark.parametrize(("x", "n"), [(-1, 5), (6, 5), (1.0, 5), (0, -1)])
def test_impossible_counts_are_refused(x, n):
    with pytest.raises(StatisticsInputError):
        percent(x, n)


# -- proportion intervals --------------------------------------------------------------


def test_a_large_sample_uses_the_normal_half_width_in_points_to_two_decimals():
    # 100 of 115: p = 0.869565; p(1-p)/n = 0.869565 * 0.130435 / 115 = 0.000986279
    # sqrt = 0.031405; * 1.96 = 0.061554 -> +/- 6.16 points (15 failures >= 10: normal)
    interval = proportion_interval(100, 115)
    assert interval.method == NORMAL
    assert interval.to_dict()["half_width"] == 6.16
    # the bounds: 86.9565 - 6.1554 = 80.8; 86.9565 + 6.1554 = 93.1
    assert (interval.to_dict()["low"], interval.to_dict()["high"]) == (80.8, 93.1)


def test_nineteen_of_twenty_uses_wilson_not_an_impossible_normal_bound():
    # normal would be 0.95 + 1.96 * sqrt(0.95 * 0.05 / 20) = 0.95 + 0.0955 = 104.6%.
    # Wilson: z^2 = 3.8416; centre = (0.95 + 3.8416/40) / (1 + 3.8416/20) = 1.04604 / 1.19208 = 0.877492
    # half = 1.96 * sqrt(0.002375 + 3.8416/1600) / 1.19208 = 1.96 * 0.0691086 / 1.19208 = 0.113630
    # -> 0.76386 to 0.99112: 76.4% to 99.1%
    interval = proportion_interval(19, 20)
    assert interval.method == WILSON and interval.half_width is None
    assert interval.to_dict() == {"method": WILSON, "half_width": None, "low": 76.4, "high": 99.1}


def test_the_normal_approximation_needs_ten_successes_and_ten_failures():
    assert proportion_interval(10, 20).method == NORMAL
    assert proportion_interval(11, 20).method == WILSON   # 9 failures
    assert proportion_interval(9, 30).method == WILSON    # 9 successes


def test_no_trials_give_no_rate():
    assert proportion_interval(0, 0) is None


def test_wilson_stays_inside_zero_and_one():
    # 0 of 5: with p = 0 the half-width equals the centre, (z^2/2n) / (1 + z^2/n), so
    # low = 0 and high = (z^2/n) / (1 + z^2/n) = 0.76832 / 1.76832 = 0.434491
    low, high = wilson_bounds(0, 5)
    assert low == 0.0 and high == pytest.approx(0.434491, abs=1e-6)
    low, high = wilson_bounds(5, 5)
    assert high == 1.0 and low == pytest.approx(1 - 0.434491, abs=1e-6)


def test_points_round_a_fraction_to_percentage_points():
    assert points(0.0955) == 9.6
    assert points(0.061554, 2) == 6.16


# -- agreement ---------------------------------------------------------------------------


def test_kappa_of_the_textbook_two_by_two():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 (Wikipedia, "Cohen's kappa").
    # po = 35/50 = 0.7; rater A yes 25/50, rater B yes 30/50
    # pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7 - 0.5)/(1 - 0.5) = 0.4
    first, second = pairs({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    assert percent_agreement(first, second) == pytest.approx(0.7)
    assert cohens_kappa(first, second) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("table", "kappa"),
    [
        # po = 0.6; pe = 0.6*0.7 + 0.4*0.3 = 0.54; kappa = 0.06/0.46 = 0.1304
        ({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15}, 0.1304),
        # po = 0.6; pe = 0.6*0.3 + 0.4*0.7 = 0.46; kappa = 0.14/0.54 = 0.2593
        ({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35}, 0.2593),
    ],
)
def test_kappa_depends_on_the_marginals_at_the_same_agreement(table, kappa):
    assert cohens_kappa(*pairs(table)) == pytest.approx(kappa, abs=5e-5)


def test_kappa_and_ac1_of_gwets_published_three_category_table():
    # irrCAC's cont3x3abstractors (Gwet, Handbook of Inter-Rater Reliability):
    #            Ectopic AIU NIU
    #   Ectopic       13   0   0
    #   AIU            0  20   7
    #   NIU            0   4  56
    # published: percent agreement 0.89, Cohen's kappa 0.7964094, Gwet's AC1 0.8493305.
    # By hand: rows 13, 27, 60; columns 13, 24, 63.
    # kappa: pe = (13*13 + 27*24 + 60*63)/10000 = 0.4597; (0.89 - 0.4597)/0.5403 = 0.796409
    # AC1: pi = 26/200, 51/200, 123/200 = 0.13, 0.255, 0.615
    # pe = (0.13*0.87 + 0.255*0.745 + 0.615*0.385)/2 = 0.53985/2 = 0.269925
    # (0.89 - 0.269925)/0.730075 = 0.849330
    table = {
        ("ectopic", "ectopic"): 13,
        ("aiu", "aiu"): 20, ("aiu", "niu"): 7,
        ("niu", "aiu"): 4, ("niu", "niu"): 56,
    }
    first, second = pairs(table)
    assert percent_agreement(first, second) == pytest.approx(0.89)
    assert cohens_kappa(first, second) == pytest.approx(0.7964094, abs=1e-7)
    assert gwet_ac1(first, second) == pytest.approx(0.8493305, abs=1e-7)


def test_ac1_stays_high_when_nearly_every_answer_is_yes_and_kappa_does_not():
    # 100 items: yes/yes 96, yes/no 2, no/yes 2, no/no 0. po = 0.96.
    # kappa: each rater yes 0.98; pe = 0.98^2 + 0.02^2 = 0.9608; (0.96 - 0.9608)/0.0392 = -0.0204
    # AC1: pi_yes = 0.98, pi_no = 0.02; pe = 2 * 0.98 * 0.02 / 1 = 0.0392; (0.96 - 0.0392)/0.9608 = 0.958368
    first, second = pairs({("yes", "yes"): 96, ("yes", "no"): 2, ("no", "yes"): 2})
    assert cohens_kappa(first, second) == pytest.approx(-0.020408, abs=1e-6)
    assert gwet_ac1(first, second) == pytest.approx(0.958368, abs=1e-6)


def test_an_unused_category_changes_ac1():
    # all "yes" from both: seen q = 1 gives no AC1; with the choices yes/no (q = 2)
    # pi_yes = 1, pe = 0, AC1 = 1. Kappa is undefined (pe = 1).
    first = second = ["yes"] * 10
    assert gwet_ac1(first, second) is None
    assert gwet_ac1(first, second, categories=["yes", "no"]) == 1.0
    assert cohens_kappa(first, second) is None


def test_agreement_needs_the_same_items_from_both_raters():
    with pytest.raises(StatisticsInputError):
        cohens_kappa(["yes"], ["yes", "no"])
    assert percent_agreement([], []) is None and cohens_kappa([], []) is None and gwet_ac1([], []) is None


# -- sample size -------------------------------------------------------------------------


def test_ninety_percent_expected_with_a_two_point_margin_needs_865():
    # n0 = 1.96^2 * 0.9 * 0.1 / 0.02^2 = 3.8416 * 0.09 / 0.0004 = 864.36 -> 865
    size = sample_size(0.9, 0.02)
    assert size.n0 == pytest.approx(864.36)
    assert (size.initial, size.corrected) == (865, 865)


def test_the_finite_population_correction():
    # N = 5000: 864.36 / (1 + 863.36/5000) = 864.36 / 1.172672 = 737.09 -> 738
    assert sample_size(0.9, 0.02, population=5000).corrected == 738
    # N = 1000: 864.36 / (1 + 863.36/1000) = 864.36 / 1.86336 = 463.87 -> 464
    assert sample_size(0.9, 0.02, population=1000).corrected == 464


def test_an_exact_n0_is_not_rounded_up_by_float_error():
    # 1.96^2 * 0.5 * 0.5 / 0.098^2 = 0.9604 / 0.009604 = 100 exactly (floats give 100.00000000000001)
    assert sample_size(0.5, 0.098).initial == 100


@pytest.mark.parametrize(("p", "e", "n"), [(0, 0.02, None), (0.9, 0, None), (1.2, 0.02, None), (0.9, 0.02, 0)])
def test_impossible_sample_size_inputs_are_refused(p, e, n):
    with pytest.raises(StatisticsInputError):
        sample_size(p, e, n)


# -- stratified estimate -----------------------------------------------------------------


def test_a_stratified_rate_weights_each_stratum_by_its_population_share():
    # W = 800/1000 = 0.8 and 0.2; p = 90/100 = 0.9 and 40/50 = 0.8
    # rate = 0.8*0.9 + 0.2*0.8 = 0.88
    # var = 0.64 * (1 - 100/800) * 0.9*0.1/99 + 0.04 * (1 - 50/200) * 0.8*0.2/49
    #     = 0.64 * 0.875 * 0.000909091 + 0.04 * 0.75 * 0.00326531
    #     = 0.000509091 + 0.0000979592 = 0.000607050; SE = 0.0246384
    estimate = stratified_rate([Stratum(800, 100, 90), Stratum(200, 50, 40)])
    assert estimate.rate == pytest.approx(0.88)
    assert estimate.standard_error == pytest.approx(0.0246384, abs=1e-7)
    low, high = estimate.interval()
    assert (low, high) == pytest.approx((0.88 - 1.96 * 0.0246384, 0.88 + 1.96 * 0.0246384), abs=1e-6)


def test_a_stratum_sampled_whole_adds_no_variance():
    # second stratum fully sampled: (1 - 50/50) = 0 -> only the first stratum's term
    # W = 0.5 each; var = 0.25 * (1 - 10/50) * 0.5*0.5/9 = 0.25 * 0.8 * 0.0277778 = 0.00555556
    estimate = stratified_rate([Stratum(50, 10, 5), Stratum(50, 50, 50)])
    assert estimate.rate == pytest.approx(0.75)
    assert estimate.standard_error == pytest.approx(0.0745356, abs=1e-7)


@pytest.mark.parametrize("strata", [[], [Stratum(10, 1, 1)], [Stratum(5, 10, 3)]])
def test_a_stratified_estimate_needs_usable_strata(strata):
    with pytest.raises(StatisticsInputError):
        stratified_rate(strata)


# -- unrecorded crime --------------------------------------------------------------------


def test_the_unrecorded_crime_estimate_and_its_range():
    # r = 100/115; U = 60000 * 15/100 = 9000.
    # bounds of r: 0.8695652 +/- 0.0615538 = 0.8080114 and 0.9311190
    # U at 0.9311190: 60000 * 0.0688810 / 0.9311190 = 4438.56 -> 4439
    # U at 0.8080114: 60000 * 0.1919886 / 0.8080114 = 14256.45 -> 14256
    result = unrecorded_estimate(60000, proportion_interval(100, 115))
    assert (result.low, result.estimate, result.high) == (4439, 9000, 14256)


def test_no_recorded_crimes_in_the_sample_give_no_estimate():
    # r = 0 of 5: U = R(1-0)/0 has no value; Wilson's lower bound is 0 -> no upper end
    result = unrecorded_estimate(1000, proportion_interval(0, 5))
    assert (result.estimate, result.high) == (None, None)
    assert result.low is not None


def test_every_crime_recorded_means_none_unrecorded():
    result = unrecorded_estimate(1000, proportion_interval(20, 20))
    assert (result.estimate, result.low) == (0, 0)
