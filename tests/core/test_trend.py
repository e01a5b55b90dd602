"""The trend across audit periods (issue 12): each change tested against chance, checked against
hand computations, and said in plain words."""

from __future__ import annotations

import math

import pytest

from workbench.core.findings_tables import Count
from workbench.core.statistics import proportion_interval
from workbench.core.stratified import StratifiedInterval
from workbench.core.trend import (
    INDEPENDENT, POOLED, Period, Reference, TrendInputError, change, p_text, parse_reference, trend,
)
from workbench.core.trend_section import trend_section


def simple(label: str, x: int, n: int, start: str = "") -> Period:
    return Period(label, f"Audit {label}", start, "", x / n, Count(x, n), proportion_interval(x, n), "single_source")


def weighted(label: str, rate: float, se: float) -> Period:
    interval = StratifiedInterval(rate, se, rate - 1.96 * se, rate + 1.96 * se)
    return Period(label, f"Audit {label}", "", "", rate, Count(90, 100), interval, "stratified")


def test_a_fall_between_two_unweighted_rates_uses_the_pooled_two_proportion_test():
    # 182 of 200 (91.0%) then 169 of 201 (84.1%). By hand: pooled p = 351/401 = 0.875312;
    # SE = sqrt(0.875312 x 0.124688 x (1/200 + 1/201)) = sqrt(0.109141 x 0.00997512) = 0.0329954;
    # difference = 169/201 - 182/200 = 0.840796 - 0.91 = -0.0692040; z = -0.0692040 / 0.0329954 = -2.0974;
    # p = 2 (1 - Phi(2.0974)) = 0.0360.
    c = change(simple("2018/19", 182, 200), simple("2019/20", 169, 201))
    assert c.test == POOLED
    assert c.z == pytest.approx(-2.0974, abs=1e-4)
    assert c.p_value == pytest.approx(0.0360, abs=1e-4)
    assert c.significant


def test_a_change_with_a_weighted_rate_uses_each_estimates_own_standard_error():
    # 90% (SE 2.0 points) then 85% (SE 2.5 points): z = -0.05 / sqrt(0.02^2 + 0.025^2) = -0.05 / 0.0320156
    # = -1.5617; p = 0.1184: no larger than chance could give.
    c = change(weighted("2013", 0.90, 0.020), weighted("2014", 0.85, 0.025))
    assert c.test == INDEPENDENT
    assert c.z == pytest.approx(-1.5617, abs=1e-4)
    assert c.p_value == pytest.approx(0.1184, abs=1e-4)
    assert not c.significant


def test_the_change_is_stated_plainly():
    t = trend([simple("2018/19", 182, 200), simple("2019/20", 169, 201), simple("2020/21", 175, 200)])
    first, second = t.sentences()
    assert first == "The fall from 91.0% (2018/19) to 84.1% (2019/20) is larger than chance would give (p = 0.04)."
    assert second.startswith("The rise from 84.1% (2019/20) to 87.5% (2020/21) is no larger than chance could give")


def test_a_reference_line_is_compared_with_the_latest_rate_and_its_interval():
    t = trend([simple("2018/19", 182, 200), simple("2019/20", 169, 201)],
              [Reference("the national figure 2018/19", 0.877)])
    assert t.sentences()[-1] == ("The 2019/20 rate, 84.1%, is below the national figure 2018/19 (87.7%); the line "
                                 "lies inside the rate's 95% interval (79.0% to 89.1%), so the difference could be "
                                 "chance.")


def test_two_rates_of_100_percent_have_no_change_to_test():
    c = change(simple("A", 20, 20), simple("B", 30, 30))
    assert c.p_value is None and not c.significant


@pytest.mark.parametrize("p, text", [(0.0360, "p = 0.04"), (0.0049, "p = 0.005"), (0.00004, "p < 0.001"),
                                     (0.52, "p = 0.52")])
def test_p_values_are_written_as_a_reader_expects(p, text):
    assert p_text(p) == text


def test_a_reference_line_is_label_equals_percent():
    assert parse_reference("National 2018/19=87.7") == Reference("National 2018/19", pytest.approx(0.877))
    assert parse_reference("Last inspection = 84.1%").rate == pytest.approx(0.841)
    for bad in ("87.7", "National=", "National=120", "=87.7"):
        with pytest.raises(TrendInputError, match="LABEL=PERCENT"):
            parse_reference(bad)


def test_the_trend_section_lays_out_periods_changes_sentences_and_a_chart_with_the_reference_lines():
    t = trend([simple("2018/19", 182, 200), simple("2019/20", 169, 201)], [Reference("National", 0.877)])
    section = trend_section(t)
    periods, changes = section.tables()
    assert [c.text() for c in periods.rows[1].cells][:4] == ["2019/20", "201", "169", "84.1%"]
    assert [c.text() for c in changes.rows[0].cells] == ["2018/19 to 2019/20", "-6.9", "p = 0.04", "Yes"]
    chart = section.blocks[-1]
    assert [b.rate for b in chart.bars] == [91.0, 84.1] and chart.references[0].rate == 87.7
    assert chart.axis_from == 70 and chart.dots  # zoomed to the rates: dots, not bars from 70%
    assert math.isclose(chart.bars[1].low, 79.0) and math.isclose(chart.bars[1].high, 89.1)


def test_one_period_and_no_reference_line_is_no_trend():
    assert trend_section(trend([simple("2019/20", 169, 201)])) is None
