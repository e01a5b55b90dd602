"""The recording rate across audit periods: each audit's overall rate, the change between
consecutive periods tested against chance, and reference lines the user enters.

Each period's rate is its audit's overall recording rate as the findings compute it
(``core.overall_rate``: one source's rate, or the stratified estimate), with its 95%
interval and its method. A change between two consecutive periods is tested with a
two-sided z test:

- both rates unweighted (x of n crimes): the two-proportion z test with the pooled
  proportion, z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2)), p = (x1 + x2) / (n1 + n2);
- either rate weighted by population (a stratified estimate): the difference of two
  independent estimates, z = (r2 - r1) / sqrt(SE1^2 + SE2^2), each SE the estimate's
  own (the stratified variance's; for an unweighted rate sqrt(p (1 - p) / n)).

The p-value is 2 (1 - Phi(|z|)), from ``math.erfc``. A change is "larger than chance
would give" when p < 0.05, and the sentence says so in those words with its p.
Like the published intervals, the test treats crimes as independent: a record that
discloses several crimes makes the true uncertainty a little larger.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core import statistics
from workbench.core.findings_tables import Count

#: The level below which a change is called larger than chance would give.
SIGNIFICANCE = 0.05
POOLED, INDEPENDENT = "two_proportion_pooled", "independent_estimates"
METHOD_WORDS = {
    POOLED: "two-proportion z test (pooled proportion)",
    INDEPENDENT: "z test of the difference of two independent estimates, each with its own standard error "
                 "(a weighted rate's from the stratified variance)",
}


class TrendInputError(statistics.StatisticsInputError):
    """A reference line or a period that cannot be used (a rate outside 0-100%)."""


@dataclass(frozen=True)
class Period:
    """One audit period's overall recording rate.

    ``rate`` is a fraction; ``counts`` the sample's crimes recorded of those that
    should have been (for a weighted rate: the sample's, not the rate's ratio);
    ``interval`` its 95% interval (``ProportionInterval`` or ``StratifiedInterval``);
    ``method`` the findings' ``overall.method``; ``note`` what the rate is of.
    """

    label: str
    title: str
    start: str
    end: str
    rate: float | None
    counts: Count
    interval: Any
    method: str
    note: str = ""

    @property
    def weighted(self) -> bool:
        return self.interval is not None and getattr(self.interval, "method", "") == "stratified"

    @property
    def standard_error(self) -> float | None:
        if self.rate is None:
            return None
        if self.weighted:
            return self.interval.standard_error
        return math.sqrt(self.rate * (1 - self.rate) / self.counts.n) if self.counts.n else None

    def to_dict(self) -> dict:
        return {"label": self.label, "title": self.title, "start": self.start, "end": self.end,
                "rate": None if self.rate is None else statistics.points(self.rate),
                "counts": self.counts.to_dict(), "interval": self.interval.to_dict() if self.interval else None,
                "method": self.method, "note": self.note}


@dataclass(frozen=True)
class Change:
    """The change from one period to the next, and whether it is larger than chance would give."""

    before: str
    after: str
    difference: float
    z: float | None
    p_value: float | None
    test: str

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANCE

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "difference_points": statistics.points(self.difference, 2),
                "z": None if self.z is None else round(self.z, 4),
                "p_value": None if self.p_value is None else round(self.p_value, 6),
                "significant": self.significant, "test": self.test}


@dataclass(frozen=True)
class Reference:
    """A line the user draws across the trend: the last inspection's rate, the national figure."""

    label: str
    rate: float

    def to_dict(self) -> dict:
        return {"label": self.label, "rate": statistics.points(self.rate)}


@dataclass(frozen=True)
class Trend:
    """The periods in order, each consecutive change, and the reference lines."""

    periods: tuple[Period, ...]
    changes: tuple[Change, ...]
    references: tuple[Reference, ...] = ()

    def sentences(self) -> list[str]:
        """Each change in plain words ("The fall from 91.0% to 84.1% is larger than chance would give (p = 0.01)."),
        then the latest rate against each reference line."""
        by_label = {p.label: p for p in self.periods}
        out = [change_sentence(c, by_label[c.before], by_label[c.after]) for c in self.changes]
        latest = next((p for p in reversed(self.periods) if p.rate is not None), None)
        if latest is not None:
            out += [reference_sentence(latest, r) for r in self.references]
        return out

    def to_dict(self) -> dict:
        return {"periods": [p.to_dict() for p in self.periods], "changes": [c.to_dict() for c in self.changes],
                "references": [r.to_dict() for r in self.references], "sentences": self.sentences(),
                "significance": SIGNIFICANCE}


def trend(periods: Sequence[Period], references: Sequence[Reference] = ()) -> Trend:
    """The trend of ``periods`` (in the order given): each consecutive pair with a rate is tested."""
    shown = [p for p in periods if p.rate is not None]
    changes = tuple(change(a, b) for a, b in zip(shown, shown[1:]))
    return Trend(tuple(periods), changes, tuple(references))


def change(before: Period, after: Period) -> Change:
    """The change from ``before`` to ``after`` with its z test (see the module docstring)."""
    difference = after.rate - before.rate
    if before.weighted or after.weighted:
        test = INDEPENDENT
        se1, se2 = before.standard_error, after.standard_error
        spread = math.sqrt(se1 ** 2 + se2 ** 2) if se1 is not None and se2 is not None else 0.0
    else:
        test = POOLED
        x1, n1, x2, n2 = before.counts.x, before.counts.n, after.counts.x, after.counts.n
        pooled = (x1 + x2) / (n1 + n2)
        spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:  # both 100% (or both 0%): no evidence of a change either way
        return Change(before.label, after.label, difference, None, None, test)
    z = difference / spread
    return Change(before.label, after.label, difference, z, math.erfc(abs(z) / math.sqrt(2)), test)


def p_text(p: float) -> str:
    """'p = 0.01', 'p = 0.36', 'p < 0.001' (two significant decimals below 0.1, as a reader expects)."""
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {p:.3f}"
    return f"p = {p:.2f}"


def change_sentence(c: Change, before: Period, after: Period) -> str:
    """The change in one sentence, stated plainly."""
    a, b = _percent(before.rate), _percent(after.rate)
    if c.p_value is None:
        return f"From {before.label} to {after.label} the rate stayed at {b}: there is no change to test."
    way = "fall" if c.difference < 0 else "rise" if c.difference > 0 else "change"
    what = f"The {way} from {a} ({before.label}) to {b} ({after.label})"
    if c.significant:
        return f"{what} is larger than chance would give ({p_text(c.p_value)})."
    return (f"{what} is no larger than chance could give ({p_text(c.p_value)}): the two periods' rates cannot be "
            "told apart on these samples.")


def reference_sentence(period: Period, reference: Reference) -> str:
    """The latest rate against a reference line: above or below it, and whether its interval holds the line."""
    rate, line = statistics.points(period.rate), statistics.points(reference.rate)
    side = "above" if rate > line else "below" if rate < line else "level with"
    low = high = None
    if period.interval is not None:
        shown = period.interval.to_dict()
        low, high = shown["low"], shown["high"]
    head = (f"The {period.label} rate, {rate:.1f}%, is {side} {reference.label} ({line:.1f}%)")
    if low is None:
        return head + "."
    if low <= line <= high:
        return (head + f"; the line lies inside the rate's 95% interval ({low:.1f}% to {high:.1f}%), so the "
                "difference could be chance.")
    return head + f"; the line lies outside the rate's 95% interval ({low:.1f}% to {high:.1f}%)."


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{statistics.points(rate):.1f}%"


def parse_reference(text: str) -> Reference:
    """``"National 2018/19=87.7"`` (a percentage) as a `Reference`."""
    label, sep, value = text.rpartition("=")
    try:
        rate = float(value.strip().rstrip("%"))
    except ValueError:
        rate = float("nan")
    if not sep or not label.strip() or not 0 <= rate <= 100:
        raise TrendInputError(f"'{text[:80]}': give a reference line as LABEL=PERCENT, e.g. \"National 2018/19=87.7\" "
                              "(a percentage from 0 to 100).")
    return Reference(label.strip(), rate / 100)
