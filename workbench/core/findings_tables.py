"""The findings tables of DOMAIN.md "The findings tables", as frozen dataclasses.

Which checklist feeds which table is `workbench.core.findings_contract`. Counts
are ints; every percentage is computed in one place (`Count.percent`, via
`statistics.percent`) and sits beside its x and n. ``to_dict()`` mirrors each
dataclass's fields one for one (then the derived values listed in its
``DERIVED``), so ``findings --json`` reads the same shape as the engine holds:

- a `Count` is ``{"x": int, "n": int, "percent": float | None}`` (None when n = 0);
- an interval is ``{"method": "normal" | "wilson" | "stratified", "half_width":
  points | None, "low": percent, "high": percent}`` (a stratified one adds its
  ``standard_error``), or None;
- mappings keyed by form id (and question) are dicts; tuples are lists.

docs/findings.md describes the whole JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ClassVar

from workbench.core import statistics
from workbench.core.statistics import ProportionInterval, UnrecordedEstimate
from workbench.core.stratified import StratifiedInterval

# == The tables ==========================================================================


class _Table:
    """``to_dict()``: the dataclass's fields, then its ``DERIVED`` properties, made plain."""

    DERIVED: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict:
        names = [f.name for f in fields(self)] + list(self.DERIVED)  # type: ignore[arg-type]
        return {name: _plain(getattr(self, name)) for name in names}


def _plain(value: object) -> object:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Count:
    """``x`` of ``n``: the numerator, the denominator and (derived) the percentage."""

    x: int
    n: int

    @property
    def percent(self) -> float | None:
        """The percentage to one decimal, rounded half up; None when n = 0."""
        return statistics.percent(self.x, self.n)

    @property
    def rest(self) -> int:
        """``n - x``: the crimes not recorded, the decisions not correct..."""
        return self.n - self.x

    def to_dict(self) -> dict:
        return {"x": self.x, "n": self.n, "percent": self.percent}


@dataclass(frozen=True)
class RecordingFindings(_Table):
    """Part B for one source: incident records or referrals.

    ``reviewed``: complete, auditable records; ``undetermined``: those of them where
    whether a crime was disclosed was "unable to determine". ``recorded``: x
    recorded of n crimes identified. ``timely`` and ``classified`` are of the
    crimes recorded; "unable" answers are left out of ``timely`` and counted in
    ``timely_unable``.
    """

    DERIVED: ClassVar[tuple[str, ...]] = ("crimes_identified", "wrongly_classified")
    source: str
    title: str
    reviewed: int
    undetermined: int
    recorded: Count
    timely: Count
    timely_unable: int
    classified: Count

    @property
    def crimes_identified(self) -> int:
        return self.recorded.n

    @property
    def wrongly_classified(self) -> int:
        return self.classified.rest


@dataclass(frozen=True)
class RateRow:
    """One row of a recording-rate table: x recorded of n that should have been.

    For a stratified estimate ``recorded`` holds the sample's counts and
    ``interval`` (a `StratifiedInterval`) the weighted rate; ``rate`` is always
    the rate to show, in percent.
    """

    category: str
    label: str
    recorded: Count
    interval: ProportionInterval | StratifiedInterval | None

    @property
    def weighted(self) -> bool:
        return isinstance(self.interval, StratifiedInterval)

    @property
    def rate(self) -> float | None:
        if isinstance(self.interval, StratifiedInterval):
            return statistics.points(self.interval.rate)
        return self.recorded.percent

    def to_dict(self) -> dict:
        return {
            "category": self.category, "label": self.label,
            "should_have_been_recorded": self.recorded.n, "recorded": self.recorded.x,
            "rate": self.rate, "interval": _plain(self.interval),
        }


@dataclass(frozen=True)
class RecordingRates(_Table):
    """The 2016-onward recording-rate table of one source (``"all"``: weighted over every source)."""

    source: str
    title: str
    rows: tuple[RateRow, ...]

    def row(self, category: str) -> RateRow:
        return next(r for r in self.rows if r.category == category)


@dataclass(frozen=True)
class StratumShare(_Table):
    """One record source of a stratified estimate: its population and what was sampled.

    ``records``: sampled records whose crimes could be determined; ``crimes`` and
    ``recorded``: the crimes they disclosed and how many were recorded.
    """

    source: str
    title: str
    population: int
    records: int
    crimes: int
    recorded: int


#: How the overall rate was reached (`OverallRate.method`).
STRATIFIED, SINGLE_SOURCE, HEADLINE_SOURCE, NO_RATE = "stratified", "single_source", "headline_source", "none"


@dataclass(frozen=True)
class OverallRate(_Table):
    """The audit's one overall recording rate, honestly weighted.

    ``method``: `STRATIFIED` (several record sources, each weighted by its
    population: ``rates`` is the weighted table and ``strata`` says what went in);
    `SINGLE_SOURCE` (one record source in the sample: its own table);
    `HEADLINE_SOURCE` (several sources, populations not all known: the headline
    source's table, the others beside it); `NO_RATE` (no crimes yet). ``source``
    is the form id the rate comes from (None when stratified); ``missing`` the
    sources whose population is not known; ``note`` says all this in words.
    """

    method: str
    source: str | None
    rates: RecordingRates | None
    strata: tuple[StratumShare, ...]
    others: tuple[str, ...]
    missing: tuple[str, ...]
    note: str

    def row(self, category: str = "all") -> RateRow | None:
        return None if self.rates is None else self.rates.row(category)


@dataclass(frozen=True)
class TimelinessRow(_Table):
    """Of the crimes recorded (of one source, or ``"all"``): within the limit, classified."""

    source: str
    title: str
    recorded: int
    timely: Count
    timely_unable: int
    classified: Count


@dataclass(frozen=True)
class CancelledRow(_Table):
    """No-crimes / cancelled crimes of one category (``"all"``: every category).

    ``correct``: x correct decisions of n reviewed; ``victims_informed``: x told of
    n who should have been told; ``authorised``: x at the right level of n answered
    yes or no ("unable" in ``authorised_unable``).
    """

    DERIVED: ClassVar[tuple[str, ...]] = ("reviewed",)
    category: str
    label: str
    correct: Count
    victims_informed: Count
    authorised: Count
    authorised_unable: int

    @property
    def reviewed(self) -> int:
        return self.correct.n


@dataclass(frozen=True)
class CancelledFindings(_Table):
    """``overall``, then one row per category: the standard ones always, in order."""

    overall: CancelledRow
    by_category: tuple[CancelledRow, ...]

    def category(self, name: str) -> CancelledRow:
        return next(r for r in self.by_category if r.category == name)


@dataclass(frozen=True)
class N100Findings(_Table):
    """N100 rape reports: ``correct`` x of n reviewed; ``rapes_recorded`` x of the n
    that should have been recorded (N100 wrong); ``timely`` of those recorded."""

    DERIVED: ClassVar[tuple[str, ...]] = ("reviewed", "should_have_been_recorded")
    correct: Count
    rapes_recorded: Count
    timely: Count
    timely_unable: int

    @property
    def reviewed(self) -> int:
        return self.correct.n

    @property
    def should_have_been_recorded(self) -> int:
        return self.rapes_recorded.n


@dataclass(frozen=True)
class QuestionResult(_Table):
    """One yes/no question of a checklist: x "yes" of the n records it applied to.

    ``finding`` is the narrative's clause for a "yes" (empty: not in the
    narrative) and ``scope`` the records it applies to in words ("where there
    was a victim to consult"), both from the checklist.
    """

    question: str
    label: str
    applies_to: str
    count: Count
    unable: int = 0
    finding: str = ""
    scope: str = ""


@dataclass(frozen=True)
class DisposalFindings(_Table):
    """One checklist reported question by question: records sampled, each question's x of n.

    ``role``: ``"disposal"`` (an out-of-court disposal) or ``"other"`` (a checklist
    with no findings words of its own). ``singular`` and ``plural`` name its
    records in the narrative ("caution", "cautions").
    """

    form_id: str
    role: str
    title: str
    singular: str
    plural: str
    sampled: int
    questions: tuple[QuestionResult, ...]

    def question(self, name: str) -> QuestionResult:
        return next(q for q in self.questions if q.question == name)


@dataclass(frozen=True)
class Unrecorded:
    """The unrecorded-crime estimate, from the overall recording rate ``rate``."""

    rate: RateRow
    estimate: UnrecordedEstimate

    def to_dict(self) -> dict:
        return {"rate": self.rate.to_dict(), **self.estimate.to_dict()}


@dataclass(frozen=True)
class Exclusions(_Table):
    """What the findings leave out, counted.

    ``incomplete`` and ``not_auditable``: records by form id. ``unable``: "unable to
    determine" answers of the included records, by form id then question. (Every
    checklist has a table: one with no findings words of its own is reported
    question by question in ``Findings.other_checklists``.)
    """

    incomplete: dict[str, int] = field(default_factory=dict)
    not_auditable: dict[str, int] = field(default_factory=dict)
    unable: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def total_incomplete(self) -> int:
        return sum(self.incomplete.values())

    @property
    def total_not_auditable(self) -> int:
        return sum(self.not_auditable.values())

    @property
    def total_unable(self) -> int:
        return sum(sum(q.values()) for q in self.unable.values())


@dataclass(frozen=True)
class Findings(_Table):
    """Every findings table of one audit.

    ``overall``: the one overall recording rate and how it was reached.
    ``recording_rates``: one table per record source, in contract order.
    ``timeliness``: one row per source, then ``"all"`` (the sample's total).
    ``disposals``: one per out-of-court disposal checklist in the sample;
    ``other_checklists``: one per checklist with no table of its own (in sample
    order). ``unrecorded``: None unless the force's recorded crime was given (and
    an overall rate exists). ``populations``: what the audit's settings said.
    ``breakdowns``: ``core.breakdowns.Breakdown`` tables with rows. ``sampled``:
    records in the sample by checklist (complete or not).
    """

    time_limit_hours: int
    incidents: RecordingFindings
    referrals: RecordingFindings
    overall: OverallRate
    recording_rates: tuple[RecordingRates, ...]
    timeliness: tuple[TimelinessRow, ...]
    cancelled: CancelledFindings
    n100: N100Findings
    disposals: tuple[DisposalFindings, ...]
    other_checklists: tuple[DisposalFindings, ...]
    unrecorded: Unrecorded | None
    exclusions: Exclusions
    populations: dict[str, int] = field(default_factory=dict)
    breakdowns: tuple = ()
    sampled: dict[str, int] = field(default_factory=dict)

    def disposal(self, form_id: str) -> DisposalFindings:
        return next(d for d in (*self.disposals, *self.other_checklists) if d.form_id == form_id)

    def rates(self, source: str) -> RecordingRates:
        return next(r for r in self.recording_rates if r.source == source)
