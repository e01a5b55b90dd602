"""A rate estimated from a stratified sample of records, weighted by population.

An audit that samples several record sources (incident records, referrals) or
strata must not add their crimes together: the pooled rate would move with how
many of each the team chose to sample. Weighted by each stratum's population,
the estimate answers "what share of the population's crimes were recorded".
Plain arithmetic on counts (exact fractions), so it can be checked by hand.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from workbench.core.statistics import HALF_WIDTH_PLACES, Z_95, StatisticsInputError, percent, points


@dataclass(frozen=True)
class RatioStratum:
    """One stratum of a sample of records: its population size, and how many sampled
    records had each ``(successes, trials)`` (e.g. crimes recorded, crimes that should
    have been): ``{(1, 1): 80, (0, 0): 15, (1, 2): 5}``."""

    population: int
    units: Mapping[tuple[int, int], int]

    @classmethod
    def of(cls, population: int, units: Iterable[tuple[int, int]]) -> RatioStratum:
        """A stratum from one ``(successes, trials)`` per sampled record."""
        return cls(population, Counter(units))

    @property
    def sampled(self) -> int:
        return sum(self.units.values())


@dataclass(frozen=True)
class StratifiedInterval:
    """A rate estimated from a stratified sample, with its 95% interval.

    ``rate``, ``low`` and ``high`` are fractions; the interval is rate +/- z times
    the standard error, clamped to [0, 1]. Shown like a normal interval: "+/- the
    half-width" in points (``to_dict``), with ``method`` ``"stratified"``.
    """

    rate: float
    standard_error: float
    low: float
    high: float
    z: float = Z_95
    method: str = "stratified"

    @property
    def half_width(self) -> float:
        return self.z * self.standard_error

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "half_width": points(self.half_width, HALF_WIDTH_PLACES),
            "low": points(self.low),
            "high": points(self.high),
            "standard_error": points(self.standard_error, HALF_WIDTH_PLACES),
        }


def stratified_ratio(strata: Sequence[RatioStratum], z: float = Z_95) -> StratifiedInterval | None:
    """The population rate from a stratified sample of records, each stratum weighted by its population.

    Each record h,i carries y successes of x trials (crimes recorded of crimes that
    should have been recorded; a record may disclose none or several). With N_h
    records in stratum h's population and n_h sampled, the estimated trials and
    successes in the population are X = sum N_h mean(x_h) and Y = sum N_h mean(y_h),
    and the rate is R = Y / X: the combined ratio estimator (Cochran, Sampling
    Techniques, 3rd ed., 6.11). Its variance is
    v(R) = sum N_h^2 (1 - n_h/N_h) s_dh^2 / n_h / X^2, with s_dh^2 the sample variance
    in stratum h of d = y - R x. When every record holds exactly one trial this is
    the stratified proportion sum W_h p_h (W_h = N_h / N) with Cochran's 5.5 variance
    (see `stratified_rate`).

    Returns
    -------
    StratifiedInterval or None
        None when the sample holds no trials at all (there is no rate).

    Raises
    ------
    StatisticsInputError
        When a stratum has fewer than two sampled records or more than its population.
    """
    for s in strata:
        if s.sampled < 2 or s.population < s.sampled:
            raise StatisticsInputError(
                "each stratum needs at least two sampled records and no more than its population"
            )
    # Records mostly repeat a few (y, x) pairs: sum over the distinct pairs, exactly.
    tallies = [(s.population, s.sampled, s.units) for s in strata]
    for _population, _n, pairs in tallies:
        for y, x in pairs:
            percent(y, x)  # checks 0 <= y <= x, whole numbers
    trials = sum(Fraction(N * sum(x * k for (_y, x), k in pairs.items()), n) for N, n, pairs in tallies)
    if trials == 0:
        return None
    successes = sum(Fraction(N * sum(y * k for (y, _x), k in pairs.items()), n) for N, n, pairs in tallies)
    rate = successes / trials
    variance = Fraction(0)
    for N, n, pairs in tallies:
        d = {pair: pair[0] - rate * pair[1] for pair in pairs}
        mean = sum(d[pair] * k for pair, k in pairs.items()) / n
        spread = sum((d[pair] - mean) ** 2 * k for pair, k in pairs.items()) / (n - 1)
        variance += Fraction(N) ** 2 * (1 - Fraction(n, N)) * spread / n
    se = math.sqrt(variance / (trials * trials))
    r = float(rate)
    return StratifiedInterval(r, se, max(0.0, r - z * se), min(1.0, r + z * se), z)
