"""How many records to sample: the calculator and its working, in words.

n0 = z^2 p (1 - p) / E^2 for a rate expected to be p, wanted to within +/- E at a
confidence whose two-sided normal quantile is z; for a population of N records the
finite population correction gives n = n0 / (1 + (n0 - 1) / N). Both are rounded
up. The arithmetic is ``core.statistics.sample_size`` (exact fractions); here z
comes from the confidence (``statistics.NormalDist``) and the working is written
out so that it can be checked by hand: 90% expected, 2 points, 95% gives 865.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

from workbench.core.statistics import StatisticsInputError, sample_size

#: The confidence levels offered (the calculator accepts any between 0 and 1).
CONFIDENCE_LEVELS = (0.90, 0.95, 0.99)


def z_for_confidence(confidence: float) -> float:
    """The two-sided normal quantile: 1.6449 for 0.90, 1.9600 for 0.95, 2.5758 for 0.99."""
    if not 0 < confidence < 1:
        raise StatisticsInputError(f"the confidence must be between 0 and 1 (e.g. 0.95), not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


@dataclass(frozen=True)
class SampleSizeWorking:
    """A sample size with everything that went into it."""

    expected: float
    margin: float
    confidence: float
    z: float
    n0: float
    initial: int
    population: int | None
    corrected_exact: float | None
    corrected: int

    @property
    def recommended(self) -> int:
        """The records to sample: after the correction when a population was given."""
        return self.corrected


def required_sample_size(expected: float, margin: float, population: int | None = None,
                         confidence: float = 0.95) -> SampleSizeWorking:
    """The sample size for a rate expected to be ``expected`` within +/- ``margin``.

    Parameters
    ----------
    expected, margin
        Fractions: 0.9 and 0.02 for 90% within 2 percentage points.
    population
        N, the records the sample is drawn from; None for no correction.
    confidence
        0.90, 0.95 or 0.99 (any value between 0 and 1 is accepted).

    Raises
    ------
    StatisticsInputError
        A rate, margin, confidence or population that cannot be used, in words.
    """
    z = z_for_confidence(confidence)
    size = sample_size(expected, margin, population, z)
    exact = None if population is None else size.n0 / (1 + (size.n0 - 1) / population)
    return SampleSizeWorking(expected, margin, confidence, z, size.n0, size.initial, population, exact, size.corrected)


def sample_size_words(w: SampleSizeWorking) -> list[str]:
    """The working as sentences: what was asked, n0, and the corrected n."""
    lines = [
        f"To estimate a rate expected to be about {_percent(w.expected)} to within +/- {_points(w.margin)} "
        f"with {_percent(w.confidence)} confidence (z = {w.z:.3f}):",
        f"n0 = z^2 x p x (1 - p) / E^2 = {w.z:.3f}^2 x {w.expected:g} x {1 - w.expected:g} / {w.margin:g}^2 "
        f"= {w.n0:,.1f}, so {w.initial:,} records before the finite population correction.",
    ]
    if w.population is not None and w.corrected_exact is not None:
        lines.append(
            f"With a population of {w.population:,} records: n = n0 / (1 + (n0 - 1) / N) = {w.n0:,.1f} / "
            f"(1 + {w.n0 - 1:,.1f} / {w.population:,}) = {w.corrected_exact:,.1f}, so {w.corrected:,} records."
        )
    return lines


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 4):g}%"


def _points(fraction: float) -> str:
    value = round(fraction * 100, 4)
    return f"{value:g} percentage point" + ("" if value == 1 else "s")
