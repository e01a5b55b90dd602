"""The sample-size calculator: n0 = z^2 p(1-p)/E^2 and the finite population correction."""

from __future__ import annotations

import pytest

from workbench.core.sample_size import required_sample_size, sample_size_words, z_for_confidence
from workbench.core.statistics import StatisticsInputError


def test_ninety_percent_within_two_points_at_95_percent_needs_865_before_correction():
    # z = 1.959964; n0 = 1.959964^2 * 0.9 * 0.1 / 0.02^2 = 3.841459 * 225 = 864.33 -> 865
    working = required_sample_size(0.9, 0.02)
    assert working.n0 == pytest.approx(864.328, abs=1e-3)
    assert (working.initial, working.corrected) == (865, 865)


def test_the_finite_population_correction_by_hand():
    # N = 5,000: n = 864.328 / (1 + 863.328 / 5,000) = 864.328 / 1.172666 = 737.07 -> 738
    working = required_sample_size(0.9, 0.02, population=5000)
    assert working.corrected_exact == pytest.approx(737.07, abs=0.01)
    assert working.corrected == 738
    # N = 2,000: n = 864.328 / (1 + 863.328 / 2,000) = 864.328 / 1.431664 = 603.73 -> 604
    assert required_sample_size(0.9, 0.02, population=2000).corrected == 604


@pytest.mark.parametrize(("confidence", "z"), [(0.90, 1.6449), (0.95, 1.9600), (0.99, 2.5758)])
def test_z_comes_from_the_confidence(confidence, z):
    assert z_for_confidence(confidence) == pytest.approx(z, abs=1e-4)


def test_more_confidence_needs_more_records():
    # 50% within 5 points: n0 = z^2 * 0.25 / 0.0025 = 100 z^2: 270.6, 384.1, 663.5
    assert [required_sample_size(0.5, 0.05, confidence=c).initial for c in (0.90, 0.95, 0.99)] == [271, 385, 664]


def test_the_working_is_written_out_in_words():
    lines = sample_size_words(required_sample_size(0.9, 0.02, population=5000))
    assert "about 90% to within +/- 2 percentage points with 95% confidence" in lines[0]
    assert "= 864.3, so 865 records before the finite population correction" in lines[1]
    assert "With a population of 5,000 records" in lines[2] and "= 737.1, so 738 records" in lines[2]


def test_without_a_population_there_is_no_correction_line():
    assert len(sample_size_words(required_sample_size(0.9, 0.02))) == 2


@pytest.mark.parametrize("confidence", [0, 1, 1.5])
def test_an_impossible_confidence_is_refused(confidence):
    with pytest.raises(StatisticsInputError, match="confidence"):
        required_sample_size(0.9, 0.02, confidence=confidence)
