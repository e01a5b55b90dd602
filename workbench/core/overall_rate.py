"""The audit's one overall recording rate, honestly weighted (DOMAIN.md, table 2).

Record sources (incident records, referrals) are never added together
unweighted: the pooled rate would move with how many of each the team chose to
sample. So:

- one record source in the sample: its rate is the overall rate;
- several, with the population of each known (the audit's settings, or later the
  sampling draw): the stratified estimate, each source weighted by its
  population, with the stratified variance for its interval
  (`workbench.core.stratified.stratified_ratio`);
- several, populations not all known: the headline source's rate (the contract
  marks incident records), the others beside it, and a note that says so.

A stratum is, for now, a record source's checklist id, and its population the
number of records of that checklist the sample was drawn from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.core.findings_contract import RATE_CATEGORIES, SEXUAL_GROUPS, VIOLENCE_GROUPS, YES, SourceSpec
from workbench.core.findings_tables import (
    HEADLINE_SOURCE, NO_RATE, SINGLE_SOURCE, STRATIFIED, Count, OverallRate, RateRow, RecordingRates, StratumShare,
)
from workbench.core.statistics import StatisticsInputError
from workbench.core.stratified import RatioStratum, stratified_ratio


@dataclass(frozen=True)
class Crime:
    """One crime that should have been recorded (a repeat instance)."""

    offence: str
    recorded: str | None
    timely: str | None
    classified: str | None
    weight: int = 1  # the weight of its record (`AuditedRecord.weight`)
    flags: tuple[str, ...] = ()
    reason: str | None = None  # why it was not recorded
    recorded_as: str | None = None  # what a misclassified crime was recorded as


#: A source's sampled records whose crimes could be determined: each its list of crimes, and its weight.
RecordCrimes = Sequence[tuple[Sequence[Crime], int]]


def overall_rate(sources: Sequence[SourceSpec], records: Mapping[str, RecordCrimes],
                 rates: Sequence[RecordingRates], populations: Mapping[str, int]) -> OverallRate:
    """The overall rate from each source's records (``records[source]``) and own table (``rates``).

    Parameters
    ----------
    sources
        The record sources, in contract order.
    records
        Source -> its sampled records whose crimes could be determined.
    rates
        Each source's own recording-rate table, in ``sources`` order.
    populations
        Form id -> population size (records); sources missing here are unknown.
    """
    own = {s.source: r for s, r in zip(sources, rates)}
    present = [s for s in sources if records.get(s.source)]
    if not any(c for s in present for r, _w in records[s.source] for c in r):
        return OverallRate(NO_RATE, None, None, (), (), (), "No crimes that should have been recorded were found yet.")
    if len(present) == 1:
        only = present[0]
        return OverallRate(SINGLE_SOURCE, only.form_id, own[only.source], (), (), (),
                           f"The overall rate is that of {only.plural}, the only record source sampled.")
    headline = next((s for s in present if s.headline), present[0])
    others = tuple(s.form_id for s in present if s is not headline)
    missing = tuple(s.form_id for s in present if not populations.get(s.form_id))
    if not missing:
        try:
            return _stratified(present, records, populations)
        except StatisticsInputError:
            reason = ("a weighted rate needs at least two sampled records of each source and a population no "
                      "smaller than its sample")
    else:
        words = _and([s.plural for s in present if s.form_id in missing])
        reason = f"the population of {words} is not known: enter it in the audit's settings to weight the sources"
    rest = _and([s.plural for s in present if s is not headline])
    note = (f"The overall rate is that of {headline.plural} alone; {rest} are reported beside it, not added in, "
            f"because adding record sources together unweighted would make the rate depend on how many of each "
            f"were sampled. No weighted rate over every source is given: {reason}.")
    return OverallRate(HEADLINE_SOURCE, headline.form_id, own[headline.source], (), others, missing, note)


def _stratified(present: Sequence[SourceSpec], records: Mapping[str, RecordCrimes],
                populations: Mapping[str, int]) -> OverallRate:
    rows = []
    for key, label, groups in RATE_CATEGORIES:
        strata, x, n = [], 0, 0
        for s in present:
            units: Counter[tuple[int, int]] = Counter()
            for r, weight in records[s.source]:
                units[_units(r, groups)] += weight
            strata.append(RatioStratum(populations[s.form_id], units))
            x += sum(y * k for (y, _t), k in units.items())
            n += sum(t * k for (_y, t), k in units.items())
        rows.append(RateRow(key, label, Count(x, n), stratified_ratio(strata)))
    shares = tuple(
        StratumShare(s.form_id, s.title, populations[s.form_id], sum(w for _r, w in records[s.source]),
                     sum(len(r) * w for r, w in records[s.source]),
                     sum(w for r, w in records[s.source] for c in r if c.recorded == YES))
        for s in present
    )
    weights = "; ".join(f"{s.plural}: {populations[s.form_id]:,}" for s in present)
    note = (f"The overall rate is weighted: each record source counts in proportion to its population in records "
            f"({weights}), and its 95% interval comes from the stratified variance (normal approximation: rough "
            "for a category with few crimes). The counts beside it are the sample's, for reference; the weighted "
            "rate is not their ratio.")
    return OverallRate(STRATIFIED, None, RecordingRates("all", "All record sources, weighted by population",
                                                        tuple(rows)), shares, (), (), note)


def _units(crimes: Sequence[Crime], groups: frozenset[str] | str | None) -> tuple[int, int]:
    """(crimes recorded, crimes that should have been) of one record, in one category."""
    found = [c for c in crimes if in_category(groups, c.offence) and c.recorded is not None]
    return sum(c.recorded == YES for c in found), len(found)


def in_category(groups: frozenset[str] | str | None, offence: str) -> bool:
    """Whether a crime of ``offence`` counts in a `RATE_CATEGORIES` row (None: every crime)."""
    if groups is None:
        return True
    if groups == "rest":
        return offence not in VIOLENCE_GROUPS | SEXUAL_GROUPS
    return offence in groups


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
