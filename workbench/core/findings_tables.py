"""The findings tables: which checklist feeds which table, and the tables as frozen data.

The first block is the findings' contract with the checklists: which checklist is
which table and which question counts as what, by the question and choice names of
DOMAIN.md ("The built-in checklists"), with the words the narrative uses for each.
No other code names a question or a checklist. A new out-of-court disposal
checklist (the 2022 Act's cautions, say) is a new row of `DISPOSALS`; a renamed
question or choice is a change here only.

The second block is the tables of DOMAIN.md "The findings tables" as frozen
dataclasses. Counts are ints; every percentage is computed in one place
(`Count.percent`, via `statistics.percent`) and sits beside its x and n.
``to_dict()`` mirrors each dataclass's fields one for one (then the derived values
listed in its ``DERIVED``), so that the Excel and PDF exports and ``--json`` read
the same shape:

- a `Count` is ``{"x": int, "n": int, "percent": float | None}`` (None when n = 0);
- an interval is ``ProportionInterval.to_dict()``: ``{"method": "normal" | "wilson",
  "half_width": points | None, "low": percent, "high": percent}``, or None;
- mappings keyed by form id (and question) are dicts; tuples are lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import ClassVar

from workbench.core import statistics
from workbench.core.statistics import ProportionInterval, UnrecordedEstimate

# == The findings' contract: which checklist is which table, which question is what ==

YES, NO, UNABLE = "yes", "no", "unable"
AUDITABLE = "auditable"
ALL = "all"


@dataclass(frozen=True)
class SourceSpec:
    """A checklist of records that may disclose crimes (one crime per repeat instance)."""

    form_id: str
    source: str
    title: str
    singular: str
    plural: str


#: Incident records and referrals: Part B's first two tables, and the recording rates.
RECORDING_SOURCES = (
    SourceSpec("incident", "incident", "Crimes reported as part of an incident record",
               "incident record", "incident records"),
    SourceSpec("referral", "referral", "Crime reports held on other systems",
               "referral from another agency", "referrals from other agencies"),
)
#: Their questions: whether crimes were disclosed, then per crime (repeat instance).
CRIME = {
    "discloses": "discloses_crime", "offence": "offence_group", "recorded": "recorded",
    "timely": "timely", "classified": "classified_ok",
}
VIOLENCE_GROUPS = frozenset({"violence_with_injury", "violence_without_injury", "stalking_harassment", "homicide"})
SEXUAL_GROUPS = frozenset({"rape", "other_sexual"})
#: Rows of the recording-rate table: (key, label, offence groups; None = every
#: crime, "rest" = every crime not violence against the person or sexual).
RATE_CATEGORIES = (
    (ALL, "All crime", None),
    ("violence", "Violence against the person", VIOLENCE_GROUPS),
    ("sexual", "Sexual offences", SEXUAL_GROUPS),
    ("rape", "of which rape", frozenset({"rape"})),
    ("other", "Other crime", "rest"),
)

#: No-crimes / cancelled crimes.
CANCELLED = {
    "form": "cancelled_crime", "category": "category", "correct": "decision_correct",
    "authorised": "authorised_correctly", "to_inform": "victim_to_inform", "informed": "victim_informed",
}
#: The standard categories, always shown, in this order: (name, label, case, cases).
CANCELLED_CATEGORIES = (
    ("rape", "Rape", "rape case", "rape cases"),
    ("other_sexual", "Other sexual offences", "other sexual offence case", "other sexual offence cases"),
    ("violence", "Violence against the person", "violence case", "violence cases"),
    ("robbery", "Robbery", "robbery case", "robbery cases"),
    ("other", "Other offences", "case of another offence", "cases of other offences"),
)

#: Rape reports classified N100.
N100 = {"form": "n100", "correct": "n100_correct", "recorded": "rape_recorded", "timely": "timely"}


@dataclass(frozen=True)
class DisposalQuestion:
    """A yes/no question of an out-of-court disposal checklist.

    ``scope`` says which records it applies to (empty: every one sampled), as the
    narrative words it; ``finding`` is the narrative's clause for a "yes", with
    ``{a}``/``{the}`` standing for the disposal ("a caution", "the caution");
    None keeps the question out of the narrative.
    """

    name: str
    label: str
    finding: str | None
    scope: str = ""


@dataclass(frozen=True)
class DisposalSpec:
    form_id: str
    title: str
    singular: str
    plural: str
    a: str
    the: str
    questions: tuple[DisposalQuestion, ...]


_VICTIM = " where there was a victim to consult"
_HISTORY = DisposalQuestion("history_suitable", "Offender's history made the disposal suitable",
                            "the offender's previous history made them suitable to receive {a}")
_INFORMED = DisposalQuestion("offender_informed", "Offender made aware of its nature and implications",
                             "the offender was made aware of the nature and future implications of accepting {the}")
_PRESENT = DisposalQuestion("victim_present", "There was a victim to consult", None)
_VIEWS = DisposalQuestion("victim_views", "Victim's views considered",
                          "the victim's views had been considered", _VICTIM)
_ADMITTED = DisposalQuestion("admitted", "Clear admission of the offence",
                             "the offender had made a clear admission of the offence")

#: Out-of-court disposals, in the report's order.
DISPOSALS = (
    DisposalSpec("caution", "Cautions", "caution", "cautions", "a caution", "the caution",
                 (_HISTORY, _INFORMED, _PRESENT, _VIEWS, _ADMITTED)),
    DisposalSpec("pnd", "Penalty Notices for Disorder", "penalty notice for disorder", "penalty notices for disorder",
                 "a penalty notice", "the penalty notice",
                 (_HISTORY, _INFORMED, _PRESENT, _VIEWS,
                  DisposalQuestion("retail_theft", "The offence was retail theft", None),
                  DisposalQuestion("value_under_limit", "Goods worth under £100",
                                   "the value of the goods was under £100", " of retail theft"))),
    DisposalSpec("cannabis_warning", "Cannabis warnings", "cannabis warning", "cannabis warnings",
                 "a warning", "the warning",
                 (_HISTORY, _INFORMED,
                  DisposalQuestion("adult", "Offender aged 18 or over", "the offender was aged 18 or over"))),
    DisposalSpec("community_resolution", "Community resolutions", "community resolution", "community resolutions",
                 "a community resolution", "the community resolution",
                 (_HISTORY, _PRESENT,
                  DisposalQuestion("victim_views", "Victim's wishes and circumstances considered",
                                   "the wishes and personal circumstances of the victim had been properly considered",
                                   _VICTIM),
                  DisposalQuestion("outcome_appropriate", "Outcome meaningful and appropriate",
                                   "the agreed outcome was meaningful and appropriate"),
                  _ADMITTED)),
)

COVERED_FORMS = frozenset(
    [s.form_id for s in RECORDING_SOURCES] + [CANCELLED["form"], N100["form"]] + [d.form_id for d in DISPOSALS]
)

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
    """One row of a recording-rate table: x recorded of n that should have been."""

    category: str
    label: str
    recorded: Count
    interval: ProportionInterval | None

    def to_dict(self) -> dict:
        return {
            "category": self.category, "label": self.label,
            "should_have_been_recorded": self.recorded.n, "recorded": self.recorded.x,
            "rate": self.recorded.percent, "interval": _plain(self.interval),
        }


@dataclass(frozen=True)
class RecordingRates(_Table):
    """The 2016-onward recording-rate table of one source (``"all"``: both together)."""

    source: str
    title: str
    rows: tuple[RateRow, ...]

    def row(self, category: str) -> RateRow:
        return next(r for r in self.rows if r.category == category)


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
    """One out-of-court disposal question: x "yes" of the n records it applied to."""

    question: str
    label: str
    applies_to: str
    count: Count
    unable: int = 0


@dataclass(frozen=True)
class DisposalFindings(_Table):
    """One out-of-court disposal checklist: records sampled, each question's x of n."""

    form_id: str
    title: str
    sampled: int
    questions: tuple[QuestionResult, ...]

    def question(self, name: str) -> QuestionResult:
        return next(q for q in self.questions if q.question == name)


@dataclass(frozen=True)
class Unrecorded:
    """The unrecorded-crime estimate, from the all-crime recording rate ``rate``."""

    rate: RateRow
    estimate: UnrecordedEstimate

    def to_dict(self) -> dict:
        e = self.estimate
        return {"recorded_crime": e.recorded_crime, "rate": self.rate.to_dict(),
                "estimate": e.estimate, "low": e.low, "high": e.high}


@dataclass(frozen=True)
class Exclusions(_Table):
    """What the findings leave out, counted.

    ``incomplete`` and ``not_auditable``: records by form id. ``unable``: "unable to
    determine" answers of the included records, by form id then question.
    ``not_covered``: included records of checklists that no table reads.
    """

    incomplete: dict[str, int] = field(default_factory=dict)
    not_auditable: dict[str, int] = field(default_factory=dict)
    unable: dict[str, dict[str, int]] = field(default_factory=dict)
    not_covered: dict[str, int] = field(default_factory=dict)

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

    ``recording_rates``: the ``"all"`` table first, then one per source.
    ``timeliness``: one row per source, then ``"all"``. ``disposals``: one per
    out-of-court disposal checklist, in `DISPOSALS` order. ``unrecorded``: None
    unless the force's recorded crime was given (and a rate exists).
    """

    time_limit_hours: int
    incidents: RecordingFindings
    referrals: RecordingFindings
    cancelled: CancelledFindings
    n100: N100Findings
    disposals: tuple[DisposalFindings, ...]
    recording_rates: tuple[RecordingRates, ...]
    timeliness: tuple[TimelinessRow, ...]
    unrecorded: Unrecorded | None
    exclusions: Exclusions

    def disposal(self, form_id: str) -> DisposalFindings:
        return next(d for d in self.disposals if d.form_id == form_id)

    def rates(self, source: str = "all") -> RecordingRates:
        return next(r for r in self.recording_rates if r.source == source)
