"""The statistics of a dip-sample audit: rates, intervals, agreement, sample sizes.

Everything here is plain arithmetic on counts, so that a published figure can be
checked by hand. Rates are fractions (0 to 1) in the objects; the presentation
helpers (`percent`, `points`) give percentages rounded half up, as a spreadsheet
rounds, so that the workbench and an Excel check of the same counts agree to the
last digit.

Conventions of HMICFRS followed here:

- a recording rate is shown as "X% (with a confidence interval of +/- Y%)": the
  normal-approximation half-width with z = 1.96, in percentage points to two
  decimals. It is used when there are at least 10 successes and 10 failures
  (n*p >= 10 and n*(1 - p) >= 10);
- otherwise the normal approximation can leave 0-100% (19 of 20 gives an upper
  bound of 104.6%), so the Wilson score interval's bounds are given instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from workbench.core.errors import WorkbenchError

#: The z value of a two-sided 95% interval, as HMICFRS uses it (not 1.959964...).
Z_95 = 1.96
#: Both counts must reach this for the normal approximation to be used.
NORMAL_MIN_COUNT = 10
NORMAL, WILSON = "normal", "wilson"
#: Decimal places of a percentage, and of an interval's half-width in points.
PERCENT_PLACES = 1
HALF_WIDTH_PLACES = 2


class StatisticsInputError(WorkbenchError, ValueError):
    """Numbers that cannot go into a calculation (a negative count, a rate of 120%)."""


# -- rounding and percentages ----------------------------------------------------------


def round_half_up(value: float | Fraction | Decimal, places: int) -> float:
    """Round to ``places`` decimals, halves away from zero (as Excel rounds).

    A float is rounded from its shortest decimal representation (``repr``), so
    ``round_half_up(2.675, 2)`` is 2.68 where the built-in ``round`` gives 2.67.
    """
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(x: int, n: int, places: int = PERCENT_PLACES) -> float | None:
    """``x`` of ``n`` as a percentage, computed exactly and rounded half up; None if n = 0."""
    _check_counts(x, n)
    if n == 0:
        return None
    return round_half_up(Fraction(100 * x, n), places)


def points(fraction: float, places: int = PERCENT_PLACES) -> float:
    """A fraction (0.0955) as percentage points rounded half up (9.6 at one place)."""
    return round_half_up(Decimal(repr(fraction)) * 100, places)


# -- proportion intervals --------------------------------------------------------------


@dataclass(frozen=True)
class ProportionInterval:
    """A rate ``successes / trials`` with its 95% interval.

    ``low`` and ``high`` are fractions. ``method`` is ``"normal"`` (show the rate
    "+/- half_width") or ``"wilson"`` (show the bounds).
    """

    successes: int
    trials: int
    method: str
    low: float
    high: float

    @property
    def rate(self) -> float:
        return self.successes / self.trials

    @property
    def half_width(self) -> float | None:
        """The normal approximation's half-width (a fraction); None for Wilson."""
        return (self.high - self.low) / 2 if self.method == NORMAL else None

    def to_dict(self) -> dict:
        """Percentages as they are shown: bounds to one decimal, half-width to two."""
        hw = self.half_width
        return {
            "method": self.method,
            "half_width": None if hw is None else points(hw, HALF_WIDTH_PLACES),
            "low": points(self.low),
            "high": points(self.high),
        }


def uses_normal_approximation(x: int, n: int) -> bool:
    """True when n*p >= 10 and n*(1 - p) >= 10, i.e. 10+ successes and 10+ failures."""
    return x >= NORMAL_MIN_COUNT and n - x >= NORMAL_MIN_COUNT


def proportion_interval(x: int, n: int, z: float = Z_95) -> ProportionInterval | None:
    """The 95% interval of the rate ``x / n``: normal when the counts allow, else Wilson.

    Parameters
    ----------
    x, n
        Successes and trials (0 <= x <= n).
    z
        The normal quantile (1.96 for 95%).

    Returns
    -------
    ProportionInterval or None
        None when ``n`` is 0 (there is no rate).
    """
    _check_counts(x, n)
    if n == 0:
        return None
    p = x / n
    if uses_normal_approximation(x, n):
        half = z * math.sqrt(p * (1 - p) / n)
        return ProportionInterval(x, n, NORMAL, p - half, p + half)
    low, high = wilson_bounds(x, n, z)
    return ProportionInterval(x, n, WILSON, low, high)


def wilson_bounds(x: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of ``x / n`` (n > 0), clamped to [0, 1]."""
    _check_counts(x, n)
    if n == 0:
        raise StatisticsInputError("the Wilson interval needs at least one trial")
    p = x / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# -- agreement between two raters ------------------------------------------------------


def percent_agreement(first: Sequence[str], second: Sequence[str]) -> float | None:
    """The share of items both raters answered alike (None for no items)."""
    _check_pairs(first, second)
    if not first:
        return None
    return sum(a == b for a, b in zip(first, second)) / len(first)


def cohens_kappa(first: Sequence[str], second: Sequence[str]) -> float | None:
    """Cohen's kappa for two raters over nominal categories.

    kappa = (po - pe) / (1 - pe), pe = sum over categories of the product of the
    two raters' marginal shares. None when there are no items or pe = 1 (both
    raters always gave the same single answer: kappa is undefined; see `gwet_ac1`).
    """
    _check_pairs(first, second)
    if not first:
        return None
    n = len(first)
    a, b = Counter(first), Counter(second)
    pe = sum(Fraction(a[k] * b[k], n * n) for k in a.keys() | b.keys())
    if pe == 1:
        return None
    return float((_observed(first, second) - pe) / (1 - pe))


def gwet_ac1(first: Sequence[str], second: Sequence[str], categories: Sequence[str] | None = None) -> float | None:
    """Gwet's AC1 for two raters over nominal categories (Gwet 2008).

    pe = sum_k pi_k (1 - pi_k) / (q - 1), pi_k the mean of the two raters' shares
    of category k and q the number of categories. Unlike kappa it stays
    meaningful when nearly every answer is "yes".

    Parameters
    ----------
    first, second
        The two raters' answers, item by item.
    categories
        Every category the raters could choose (a question's choice names). By
        default the categories seen; give them, since an unused choice changes q.

    Returns
    -------
    float or None
        None when there are no items or fewer than two categories.
    """
    _check_pairs(first, second)
    if not first:
        return None
    names = set(categories or ()) | set(first) | set(second)
    q = len(names)
    if q < 2:
        return None
    n = len(first)
    a, b = Counter(first), Counter(second)
    shares = [Fraction(a[k] + b[k], 2 * n) for k in names]
    pe = sum(pi * (1 - pi) for pi in shares) / (q - 1)
    return float((_observed(first, second) - pe) / (1 - pe))


@dataclass(frozen=True)
class AgreementEstimate:
    """An agreement coefficient with its standard error and 95% interval (clamped to [-1, 1])."""

    value: float
    standard_error: float
    low: float
    high: float

    def to_dict(self) -> dict:
        return {"value": self.value, "standard_error": self.standard_error, "low": self.low, "high": self.high}


def kappa_interval(first: Sequence[str], second: Sequence[str], z: float = Z_95) -> AgreementEstimate | None:
    """Cohen's kappa with a 95% interval: kappa +/- z * SE, SE from its large-sample variance.

    The variance is Fleiss, Cohen and Everitt's (1969), in the form Gwet gives it
    (Handbook of Inter-Rater Reliability, 4th ed., 2014; ``kappa2.table`` in his
    irrCAC package) for two raters and an infinite population::

        var = [sum_kl p_kl (d_kl - (1 - kappa)(p_+k + p_l+))^2 - (pa - 2(1 - kappa) pe)^2] / (n (1 - pe)^2)

    with p_kl the share of items the first rater put in k and the second in l,
    d_kl 1 when k = l, p_k+ and p_+k the two raters' shares. The interval uses
    z = 1.96 like every interval in the workbench (Gwet uses Student's t with
    n - 1 degrees of freedom: slightly wider below ~30 pairs). None where kappa is
    undefined (no items, or both raters always gave one same answer).
    """
    kappa = cohens_kappa(first, second)
    if kappa is None:
        return None
    n, table, rows, cols = _contingency(first, second)
    pe = sum(rows.get(k, 0) * cols.get(k, 0) for k in rows.keys() | cols.keys())
    pa = _observed(first, second)
    k = (pa - pe) / (1 - pe)   # exact, rather than the float cohens_kappa returns
    total = sum(p * ((1 if a == b else 0) - (1 - k) * (cols.get(a, 0) + rows.get(b, 0))) ** 2 for (a, b), p in table.items())
    variance = (total - (pa - 2 * (1 - k) * pe) ** 2) / (n * (1 - pe) ** 2)
    return _estimate(float(k), variance, z)


def ac1_interval(first: Sequence[str], second: Sequence[str], categories: Sequence[str] | None = None,
                 z: float = Z_95) -> AgreementEstimate | None:
    """Gwet's AC1 with a 95% interval: AC1 +/- z * SE, SE from Gwet's (2008) variance.

    For two raters and an infinite population (Gwet 2008, British Journal of
    Mathematical and Statistical Psychology 61, 29-48; ``gwet.ac1.table`` in
    irrCAC)::

        var = [sum_kl p_kl (d_kl - 2(1 - AC1)(1 - (pi_k + pi_l)/2)/(q - 1))^2 - (pa - 2(1 - AC1) pe)^2]
              / (n (1 - pe)^2)

    with pi_k the mean of the two raters' shares of category k and q the number of
    categories (see `gwet_ac1`). The interval uses z = 1.96 (Gwet: Student's t).
    None where AC1 is undefined.
    """
    if gwet_ac1(first, second, categories) is None:
        return None
    n, table, rows, cols = _contingency(first, second)
    names = set(categories or ()) | set(first) | set(second)
    q = len(names)
    pi = {c: (rows.get(c, 0) + cols.get(c, 0)) / 2 for c in names}
    pe = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    pa = _observed(first, second)
    g = (pa - pe) / (1 - pe)
    total = sum(p * ((1 if a == b else 0) - 2 * (1 - g) * (1 - (pi[a] + pi[b]) / 2) / (q - 1)) ** 2
                for (a, b), p in table.items())
    variance = (total - (pa - 2 * (1 - g) * pe) ** 2) / (n * (1 - pe) ** 2)
    return _estimate(float(g), variance, z)


def _contingency(first: Sequence[str], second: Sequence[str]) -> tuple[int, dict, dict, dict]:
    """``(n, {(a, b): share}, first rater's shares, second rater's shares)`` as exact fractions."""
    n = len(first)
    table = {pair: Fraction(count, n) for pair, count in Counter(zip(first, second)).items()}
    rows = {k: Fraction(v, n) for k, v in Counter(first).items()}
    cols = {k: Fraction(v, n) for k, v in Counter(second).items()}
    return n, table, rows, cols


def _estimate(value: float, variance: Fraction, z: float) -> AgreementEstimate:
    se = math.sqrt(max(0.0, float(variance)))   # exact arithmetic can leave 0 as a tiny negative: never
    return AgreementEstimate(value, se, max(-1.0, value - z * se), min(1.0, value + z * se))


def _observed(first: Sequence[str], second: Sequence[str]) -> Fraction:
    return Fraction(sum(a == b for a, b in zip(first, second)), len(first))


# -- sample size, stratified estimate, unrecorded crime ------------------------------


@dataclass(frozen=True)
class SampleSize:
    """``initial`` = ceil(n0); ``corrected`` after the finite population correction."""

    n0: float
    initial: int
    corrected: int
    population: int | None


def sample_size(expected: float, margin: float, population: int | None = None, z: float = Z_95) -> SampleSize:
    """Records to sample to estimate a rate within +/- ``margin``.

    n0 = z^2 p(1 - p) / E^2, then n = n0 / (1 + (n0 - 1) / N) for a population of
    N. Computed with exact fractions of the decimal inputs, so a whole n0 is never
    pushed up by a rounding error before the ceiling is taken.

    Parameters
    ----------
    expected
        The expected rate p as a fraction (0.9 for 90%).
    margin
        The margin of error E as a fraction (0.02 for 2 percentage points).
    population
        N, the number of records the sample is drawn from (None: no correction).
    z
        The normal quantile (1.96 for 95%).
    """
    if not 0 < expected < 1:
        raise StatisticsInputError(f"the expected rate must be between 0 and 1 (exclusive), not {expected}")
    if not 0 < margin < 1:
        raise StatisticsInputError(f"the margin must be between 0 and 1 (exclusive), not {margin}")
    if population is not None and population < 1:
        raise StatisticsInputError(f"the population must be at least 1, not {population}")
    p, e, zf = Fraction(str(expected)), Fraction(str(margin)), Fraction(str(z))
    n0 = zf * zf * p * (1 - p) / (e * e)
    corrected = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    return SampleSize(float(n0), math.ceil(n0), math.ceil(corrected), population)


@dataclass(frozen=True)
class Stratum:
    """One stratum: its population size, sample size and successes in the sample."""

    population: int
    sampled: int
    successes: int


@dataclass(frozen=True)
class StratifiedEstimate:
    rate: float
    standard_error: float

    def interval(self, z: float = Z_95) -> tuple[float, float]:
        """rate +/- z * standard error, clamped to [0, 1]."""
        half = z * self.standard_error
        return max(0.0, self.rate - half), min(1.0, self.rate + half)


def stratified_rate(strata: Sequence[Stratum]) -> StratifiedEstimate:
    """The population rate from a stratified sample, each stratum weighted by its share.

    rate = sum W_h p_h with W_h = N_h / N; its variance is the unbiased
    sum W_h^2 (1 - n_h / N_h) p_h (1 - p_h) / (n_h - 1) (Cochran, Sampling
    Techniques, 3rd ed., 5.5), so every stratum needs at least two sampled records.
    """
    if not strata:
        raise StatisticsInputError("a stratified estimate needs at least one stratum")
    for s in strata:
        _check_counts(s.successes, s.sampled)
        if s.sampled < 2 or s.population < s.sampled:
            raise StatisticsInputError(
                "each stratum needs at least two sampled records and no more than its population"
            )
    total = sum(s.population for s in strata)
    rate = Fraction(0)
    variance = Fraction(0)
    for s in strata:
        w, p = Fraction(s.population, total), Fraction(s.successes, s.sampled)
        rate += w * p
        variance += w * w * (1 - Fraction(s.sampled, s.population)) * p * (1 - p) / (s.sampled - 1)
    return StratifiedEstimate(float(rate), math.sqrt(variance))


@dataclass(frozen=True)
class UnrecordedEstimate:
    """Crimes a year that go unrecorded: ``estimate`` with its ``low``-``high`` range.

    ``high`` is None when the rate's lower bound is 0 (no upper limit can be given);
    ``estimate`` is None when the rate itself is 0. The ``rounded_*`` values are
    rounded to the nearest hundred, as HMICFRS writes them ("an additional 8,300
    crimes").
    """

    recorded_crime: int
    estimate: int | None
    low: int | None
    high: int | None

    @property
    def rounded(self) -> int | None:
        return to_hundred(self.estimate)

    @property
    def rounded_low(self) -> int | None:
        return to_hundred(self.low)

    @property
    def rounded_high(self) -> int | None:
        return to_hundred(self.high)

    def to_dict(self) -> dict:
        return {"recorded_crime": self.recorded_crime, "estimate": self.estimate, "low": self.low, "high": self.high,
                "rounded": self.rounded, "rounded_low": self.rounded_low, "rounded_high": self.rounded_high}


def to_hundred(value: int | None) -> int | None:
    """A whole number rounded to the nearest hundred, halves up (8,250 -> 8,300)."""
    return None if value is None else int(round_half_up(Fraction(value, 100), 0)) * 100


def unrecorded_estimate(recorded_crime: int, interval) -> UnrecordedEstimate:
    """U = R(1 - r)/r for the force's 12-month recorded crime R, rounded to whole crimes.

    The range comes from the interval: the upper bound of r gives the lowest U and
    the lower bound the highest. A simple rate x / n (a `ProportionInterval`) is
    used exactly; any other interval (``core.stratified.StratifiedInterval``) by
    its ``rate``, ``low`` and ``high``.
    """
    if recorded_crime < 0:
        raise StatisticsInputError(f"recorded crime cannot be negative ({recorded_crime})")
    if isinstance(interval, ProportionInterval):
        x, n = interval.successes, interval.trials
        estimate = None if x == 0 else _whole(Fraction(recorded_crime * (n - x), x))
    else:
        estimate = _unrecorded_at(recorded_crime, interval.rate)
    return UnrecordedEstimate(
        recorded_crime, estimate, _unrecorded_at(recorded_crime, interval.high), _unrecorded_at(recorded_crime, interval.low)
    )


def _unrecorded_at(recorded_crime: int, rate: float) -> int | None:
    if rate <= 0:
        return None
    return _whole(Decimal(recorded_crime) * (1 - Decimal(repr(rate))) / Decimal(repr(rate)))


def _whole(value: Fraction | Decimal) -> int:
    return int(round_half_up(value, 0))


def _check_counts(x: int, n: int) -> None:
    if not (isinstance(x, int) and isinstance(n, int)) or n < 0 or not 0 <= x <= n:
        raise StatisticsInputError(f"counts must be whole numbers with 0 <= x <= n, not x={x!r}, n={n!r}")


def _check_pairs(first: Sequence[str], second: Sequence[str]) -> None:
    if len(first) != len(second):
        raise StatisticsInputError(
            f"both raters must answer the same items ({len(first)} and {len(second)} answers given)"
        )
