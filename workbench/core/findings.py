"""The findings engine: from each record's final answers, every findings table.

The input is one `AuditedRecord` per sampled record: its checklist, its progress
and its *effective* final answers (the FCR's answer where there is one, otherwise
the auditor's, keeping only answers to questions that apply - see
``checklist.effective_answers``). Records that are not complete, or that could
not be audited, are left out of every table and counted in `Exclusions`; so are
"unable to determine" answers, which count in neither numerator nor denominator.

Which checklist feeds which table is `workbench.core.findings_contract`; the tables
are the frozen dataclasses of `workbench.core.findings_tables`, re-exported here.
The overall recording rate is `workbench.core.overall_rate`'s: never a pool of
record sources added together unweighted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from workbench.core import statistics
from workbench.core.audit import DEFAULT_TIME_LIMIT_HOURS
from workbench.core.breakdowns import Breakdown, BreakdownRow, breakdowns, choice_labels
from workbench.core.checklist import COMPLETE, AnswerKey
from workbench.core.findings_contract import (
    ALL, AUDITABLE, BREAKDOWN_QUESTIONS, CANCELLED, CANCELLED_CATEGORIES, CRIME, FIXED_FORMS, N100, NO, RATE_CATEGORIES, RECORDING_SOURCES,
    UNABLE, YES, DisposalSpec, SourceSpec, answered_spec, checklist_spec,
)
from workbench.core.findings_tables import (  # the tables, re-exported as this module's API
    CancelledFindings, CancelledRow, Count, DisposalFindings, Exclusions, Findings, N100Findings, OverallRate,
    QuestionResult, RateRow, RecordingFindings, RecordingRates, StratumShare, TimelinessRow, Unrecorded,
)
from workbench.core.forms import Form
from workbench.core.mapping import area_field  # (re-exported: where it was first)
from workbench.core.overall_rate import Crime, in_category, overall_rate

__all__ = [
    "AuditedRecord", "area_breakdown", "area_field", "CancelledFindings", "CancelledRow", "Count", "DisposalFindings", "Exclusions", "Findings",
    "N100Findings", "OverallRate", "QuestionResult", "RateRow", "RecordingFindings", "RecordingRates",
    "StratumShare", "TimelinessRow", "Unrecorded", "compute_findings", "tally",
]


@dataclass(frozen=True)
class AuditedRecord:
    """One record as the findings see it: final, effective answers and progress.

    ``weight`` > 1 stands for that many records with exactly these answers (a
    100,000-record sample holds far fewer patterns): every count adds the weight.
    """

    key: str
    form_id: str
    answers: Mapping[AnswerKey, str]
    progress: str
    weight: int = 1
    #: The record's area, from the imported sample (``area_field``); "" when it has none.
    area: str = ""

    def answer(self, question: str, instance: int | None = None) -> str | None:
        return self.answers.get((question, instance))

    @cached_property
    def crimes(self) -> list[Crime] | None:
        """The crimes the record discloses; None when that could not be determined (read once: the
        findings and the breakdown by area both read them)."""
        return _crimes_of(self)


def compute_findings(
    records: Iterable[AuditedRecord],
    time_limit_hours: int = DEFAULT_TIME_LIMIT_HOURS,
    recorded_crime: int | None = None,
    checklists: Mapping[str, Form] | None = None,
    populations: Mapping[str, int] | None = None,
) -> Findings:
    """Every findings table from the audited records.

    Parameters
    ----------
    records
        One per sampled record, with its effective final answers.
    time_limit_hours
        The audit's recording time limit (carried into the findings for titles).
    recorded_crime
        The force's 12-month recorded crime excluding fraud, R; when given, the
        unrecorded-crime estimate is made from the overall recording rate.
    checklists
        Form id -> the checklist (its latest version in the audit): the findings
        words and questions of every checklist without a table of its own. A
        checklist not given is reported by the names of its answered questions.
    populations
        Stratum -> population size: for now a stratum is a record source's form
        id, and its population the number of records of that checklist the sample
        was drawn from (the audit's settings, or later the sampling draw). With
        every sampled source's population known, the overall rate is weighted.
    """
    included, exclusions, order = _partition(records)
    crimes = {s.source: [(_crimes(r), r.weight) for r in included[s.form_id]] for s in RECORDING_SOURCES}
    found = {s.source: _pooled(c for r, _w in crimes[s.source] if r for c in r) for s in RECORDING_SOURCES}
    rates = tuple(RecordingRates(s.source, s.title, _rate_rows(found[s.source])) for s in RECORDING_SOURCES)
    overall = overall_rate(RECORDING_SOURCES, {s.source: [(r, w) for r, w in crimes[s.source] if r is not None]
                                              for s in RECORDING_SOURCES}, rates, dict(populations or {}))
    every_crime = [c for s in RECORDING_SOURCES for c in found[s.source]]
    timeliness = (
        *(_timeliness(s.source, s.title, found[s.source]) for s in RECORDING_SOURCES),
        _timeliness(ALL, "All crimes recorded in the sample", every_crime),
    )
    unrecorded = None
    row = overall.row(ALL)
    if recorded_crime is not None and row is not None and row.interval is not None:
        unrecorded = Unrecorded(row, statistics.unrecorded_estimate(recorded_crime, row.interval))
    incidents, referrals = (_recording(s, included[s.form_id], crimes[s.source], found[s.source])
                            for s in RECORDING_SOURCES)
    specs = [_spec(form_id, checklists or {}, included[form_id]) for form_id in order if form_id not in FIXED_FORMS]
    referral_source = RECORDING_SOURCES[1]
    details = breakdowns(
        every_crime,
        [(r.answer(BREAKDOWN_QUESTIONS["referring_agency"]), c or [], r.weight)
         for r, (c, _w) in zip(included[referral_source.form_id], crimes[referral_source.source])],
        [(r.answers, r.weight) for r in included[CANCELLED["form"]]],
        choice_labels(checklists or {}),
        [(r.answers, r.weight) for r in included[N100["form"]]],
    )
    reported = [_disposal(spec, included[spec.form_id]) for spec in specs]
    return Findings(
        time_limit_hours=time_limit_hours,
        incidents=incidents,
        referrals=referrals,
        overall=overall,
        recording_rates=rates,
        timeliness=timeliness,
        cancelled=_cancelled(included[CANCELLED["form"]]),
        n100=_n100(included[N100["form"]]),
        disposals=tuple(d for d in reported if d.role != "other"),
        other_checklists=tuple(d for d in reported if d.role == "other"),
        breakdowns=details,
        sampled=_sampled(included, exclusions),
        unrecorded=unrecorded,
        exclusions=exclusions,
        populations=dict(sorted((populations or {}).items())),
    )


def _sampled(included: Mapping[str, Sequence[AuditedRecord]], exclusions: Exclusions) -> dict[str, int]:
    """Records in the sample by checklist: those counted, those not complete, those not auditable."""
    forms = dict.fromkeys([*included, *exclusions.incomplete, *exclusions.not_auditable])
    return {f: _weighed(included.get(f, ())) + exclusions.incomplete.get(f, 0) + exclusions.not_auditable.get(f, 0)
            for f in forms if _weighed(included.get(f, ())) or f in exclusions.incomplete or f in exclusions.not_auditable}


def tally(values: Iterable[str | None], weights: Iterable[int] | None = None) -> tuple[Count, int]:
    """x "yes" of n answered yes or no, and the number of "unable" answers (each value counted ``weights`` times)."""
    counts: Counter[str | None] = Counter()
    if weights is None:
        counts.update(values)
    else:
        for value, weight in zip(values, weights):
            counts[value] += weight
    return Count(counts[YES], counts[YES] + counts[NO]), counts[UNABLE]


def _answered(records: Sequence[AuditedRecord], question: str) -> tuple[Count, int]:
    """``tally`` of one question's answers over weighted records."""
    return tally((r.answer(question) for r in records), (r.weight for r in records))


def _weighed(records: Sequence[AuditedRecord]) -> int:
    return sum(r.weight for r in records)


def _crime_tally(crimes: Iterable[Crime], field: str) -> tuple[Count, int]:
    crimes = list(crimes)
    return tally(map(attrgetter(field), crimes), map(_WEIGHT, crimes))


_WEIGHT = attrgetter("weight")


def _partition(records: Iterable[AuditedRecord]) -> tuple[dict[str, list[AuditedRecord]], Exclusions, list[str]]:
    """Complete, auditable records by form id; what was left out; form ids in sample order."""
    included: dict[str, list[AuditedRecord]] = defaultdict(list)
    incomplete: Counter[str] = Counter()
    not_auditable: Counter[str] = Counter()
    unable: dict[str, Counter[str]] = defaultdict(Counter)
    order: dict[str, None] = {}
    for record in records:
        if record.progress != COMPLETE:
            incomplete[record.form_id] += record.weight
        elif record.answer(AUDITABLE) == NO:
            not_auditable[record.form_id] += record.weight
        else:
            order.setdefault(record.form_id)
            included[record.form_id].append(record)
            if UNABLE in record.answers.values():
                for (question, _instance), value in record.answers.items():
                    if value == UNABLE:
                        unable[record.form_id][question] += record.weight
    exclusions = Exclusions(
        incomplete=dict(sorted(incomplete.items())),
        not_auditable=dict(sorted(not_auditable.items())),
        unable={f: dict(sorted(q.items())) for f, q in sorted(unable.items())},
    )
    return included, exclusions, list(order)


def _crimes(record: AuditedRecord) -> list[Crime] | None:
    """The crimes a record discloses; None when that could not be determined (worked out once per record)."""
    return record.crimes


def _crimes_of(record: AuditedRecord) -> list[Crime] | None:
    answers = record.answers
    discloses = answers.get((_DISCLOSES, None))
    if discloses == UNABLE:
        return None
    if discloses != YES:
        return []
    get, weight = answers.get, record.weight
    return [
        Crime(get((_OFFENCE, i)) or "", get((_RECORDED, i)), get((_TIMELY, i)), get((_CLASSIFIED, i)), weight,
              tuple((get((_FLAGS, i)) or "").split()), get((_REASON, i)), get((_RECORDED_AS, i)))
        for i in sorted({i for (_q, i) in answers if i is not None})
    ]


#: The questions a crime is read from (``_crimes_of`` reads 100,000 records' crimes).
_DISCLOSES, _OFFENCE, _RECORDED, _TIMELY, _CLASSIFIED = (
    CRIME["discloses"], CRIME["offence"], CRIME["recorded"], CRIME["timely"], CRIME["classified"])
_FLAGS, _REASON, _RECORDED_AS = (BREAKDOWN_QUESTIONS["flags"], BREAKDOWN_QUESTIONS["not_recorded_reason"],
                                 BREAKDOWN_QUESTIONS["recorded_as"])


def _pooled(crimes: Iterable[Crime]) -> list[Crime]:
    """The same crimes, those with the same answers given once with their weights added.

    Every count comes out the same, each kind of crime in the order it first
    appears; the tables then count a few hundred kinds of crime instead of the
    50,000 crimes of 100,000 records.
    """
    weights: dict[tuple, int] = {}
    for c in crimes:
        kind = (c.offence, c.recorded, c.timely, c.classified, c.flags, c.reason, c.recorded_as)
        weights[kind] = weights.get(kind, 0) + c.weight
    return [Crime(o, rec, t, cl, weight, f, why, r_as) for (o, rec, t, cl, f, why, r_as), weight in weights.items()]


def _recording(spec: SourceSpec, records: Sequence[AuditedRecord],
               crimes: Sequence[tuple[list[Crime] | None, int]], found: Sequence[Crime]) -> RecordingFindings:
    """The source's recording table; ``found``: its records' crimes (``_pooled``)."""
    recorded, _ = _crime_tally(found, "recorded")
    t = _timeliness(spec.source, spec.title, found)
    undetermined = sum(w for r, w in crimes if r is None)
    return RecordingFindings(spec.source, spec.title, _weighed(records), undetermined, recorded, t.timely,
                             t.timely_unable, t.classified)


def _rate_rows(crimes: Sequence[Crime]) -> tuple[RateRow, ...]:
    rows = []
    for key, label, groups in RATE_CATEGORIES:
        count, _ = _crime_tally((c for c in crimes if in_category(groups, c.offence)), "recorded")
        rows.append(RateRow(key, label, count, statistics.proportion_interval(count.x, count.n)))
    return tuple(rows)


def _timeliness(source: str, title: str, crimes: Sequence[Crime]) -> TimelinessRow:
    recorded = [c for c in crimes if c.recorded == YES]
    timely, unable = _crime_tally(recorded, "timely")
    classified, _ = _crime_tally(recorded, "classified")
    return TimelinessRow(source, title, sum(c.weight for c in recorded), timely, unable, classified)


def _cancelled(records: Sequence[AuditedRecord]) -> CancelledFindings:
    known = [name for name, *_ in CANCELLED_CATEGORIES]
    found = {r.answer(CANCELLED["category"]) or "" for r in records}
    labels = {name: label for name, label, *_ in CANCELLED_CATEGORIES}
    categories = known + sorted(found - set(known))
    rows = tuple(
        _cancelled_row(c, labels.get(c, c.replace("_", " ").capitalize()),
                       [r for r in records if r.answer(CANCELLED["category"]) == c])
        for c in categories
    )
    return CancelledFindings(_cancelled_row(ALL, "All categories", records), rows)


def _cancelled_row(category: str, label: str, records: Sequence[AuditedRecord]) -> CancelledRow:
    correct, _ = _answered(records, CANCELLED["correct"])
    informed, _ = _answered(records, CANCELLED["informed"])
    authorised, unable = _answered(records, CANCELLED["authorised"])
    return CancelledRow(category, label, correct, informed, authorised, unable)


def _n100(records: Sequence[AuditedRecord]) -> N100Findings:
    correct, _ = _answered(records, N100["correct"])
    recorded, _ = _answered(records, N100["recorded"])
    timely, unable = _answered(records, N100["timely"])
    return N100Findings(correct, recorded, timely, unable)


def _spec(form_id: str, checklists: Mapping[str, Form], records: Sequence[AuditedRecord]) -> DisposalSpec:
    form = checklists.get(form_id)
    if form is not None:
        return checklist_spec(form)
    answered = dict.fromkeys(q for r in records for (q, i), v in r.answers.items() if i is None and v in (YES, NO, UNABLE))
    return answered_spec(form_id, list(answered))


def _disposal(spec: DisposalSpec, records: Sequence[AuditedRecord]) -> DisposalFindings:
    results = []
    for q in spec.questions:
        count, unable = _answered(records, q.name)
        if q.optional and not count.n and not unable:  # added in a later version, and no record answers it
            continue
        applies_to = f"cases {q.scope}" if q.scope else f"all {spec.plural} sampled"
        finding = q.finding.replace("{a}", spec.a).replace("{the}", spec.the)
        results.append(QuestionResult(q.name, q.label, applies_to, count, unable, finding, q.scope))
    return DisposalFindings(spec.form_id, spec.role, spec.title, spec.singular, spec.plural, _weighed(records),
                            tuple(results))


def area_breakdown(records: Iterable[AuditedRecord], source: str) -> Breakdown | None:
    """Crimes that should have been recorded, and recorded, by the area the sample gives each record.

    ``source`` says where the areas come from, for the note ("the imported column \u201carea\u201d").

    Incident records and referrals together (the breakdown of a sample, not an area's
    weighted rate: the note says so); complete, auditable records only. None when no
    record has an area.
    """
    included, _exclusions, _order = _partition(records)
    by: dict[str, list[Crime]] = defaultdict(list)
    for spec in RECORDING_SOURCES:
        for record in included[spec.form_id]:
            by[record.area or "Not given"].extend(_crimes(record) or [])
    if not any(area != "Not given" for area in by):
        return None
    rows = tuple(BreakdownRow(area, area, sum(c.weight for c in crimes), _crime_tally(crimes, "recorded")[0])
                 for area, crimes in sorted(by.items(), key=lambda kv: (kv[0] == "Not given", kv[0].casefold())))
    note = (f"The area is {source} of each record (incident records and referrals together, unweighted: the "
            "sample's rate in each area, not a weighted estimate of it). An area with few crimes is too small to "
            "support a conclusion on its own.")
    return Breakdown("breakdowns.area", "Crimes by area", "Area", "Crimes that should have been recorded", "Recorded",
                     rows, note)
