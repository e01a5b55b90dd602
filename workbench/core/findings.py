"""The findings engine: from each record's final answers, every findings table.

The input is one `AuditedRecord` per sampled record: its checklist, its progress
and its *effective* final answers (the FCR's answer where there is one, otherwise
the auditor's, keeping only answers to questions that apply - see
``checklist.effective_answers``). Records that are not complete, or that could
not be audited, are left out of every table and counted in `Exclusions`; so are
"unable to determine" answers, which count in neither numerator nor denominator.

The engine knows the question and choice names of DOMAIN.md, which are the
findings' contract; all of that knowledge is one data block at the top of
`workbench.core.findings_tables` (which checklist feeds which table, which
question counts as what, and the narrative's words for each). The tables
themselves are the frozen dataclasses defined there, re-exported here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.core import statistics
from workbench.core.audit import DEFAULT_TIME_LIMIT_HOURS
from workbench.core.checklist import COMPLETE, AnswerKey
from workbench.core.findings_tables import (  # the contract with the checklists
    ALL, AUDITABLE, CANCELLED, CANCELLED_CATEGORIES, COVERED_FORMS, CRIME, DISPOSALS, N100, NO, RATE_CATEGORIES,
    RECORDING_SOURCES, SEXUAL_GROUPS, UNABLE, VIOLENCE_GROUPS, YES, DisposalSpec, SourceSpec,
)
from workbench.core.findings_tables import (  # the tables, re-exported as this module's API
    CancelledFindings, CancelledRow, Count, DisposalFindings, Exclusions, Findings, N100Findings, QuestionResult,
    RateRow, RecordingFindings, RecordingRates, TimelinessRow, Unrecorded,
)

__all__ = [
    "AuditedRecord", "CancelledFindings", "CancelledRow", "Count", "DisposalFindings", "Exclusions", "Findings",
    "N100Findings", "QuestionResult", "RateRow", "RecordingFindings", "RecordingRates", "TimelinessRow",
    "Unrecorded", "compute_findings", "tally",
]

# == Computing the tables ================================================================


@dataclass(frozen=True)
class AuditedRecord:
    """One record as the findings see it: final, effective answers and progress."""

    key: str
    form_id: str
    answers: Mapping[AnswerKey, str]
    progress: str

    def answer(self, question: str, instance: int | None = None) -> str | None:
        return self.answers.get((question, instance))


@dataclass(frozen=True)
class _Crime:
    """One crime that should have been recorded (a repeat instance)."""

    offence: str
    recorded: str | None
    timely: str | None
    classified: str | None


def compute_findings(
    records: Iterable[AuditedRecord],
    time_limit_hours: int = DEFAULT_TIME_LIMIT_HOURS,
    recorded_crime: int | None = None,
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
        unrecorded-crime estimate is made from the all-crime recording rate.
    """
    included, exclusions = _partition(records)
    crimes = {s.source: [c for r in included[s.form_id] for c in _crimes(r)] for s in RECORDING_SOURCES}
    every_crime = [c for source in crimes.values() for c in source]
    rates = (
        RecordingRates(ALL, "Incident records and referrals", _rate_rows(every_crime)),
        *(RecordingRates(s.source, s.title, _rate_rows(crimes[s.source])) for s in RECORDING_SOURCES),
    )
    timeliness = (
        *(_timeliness(s.source, s.title, crimes[s.source]) for s in RECORDING_SOURCES),
        _timeliness(ALL, "Incident records and referrals", every_crime),
    )
    unrecorded = None
    if recorded_crime is not None:
        row = rates[0].row(ALL)
        if row.interval is not None:
            unrecorded = Unrecorded(row, statistics.unrecorded_estimate(recorded_crime, row.interval))
    incidents, referrals = (_recording(s, included[s.form_id], crimes[s.source]) for s in RECORDING_SOURCES)
    return Findings(
        time_limit_hours=time_limit_hours,
        incidents=incidents,
        referrals=referrals,
        cancelled=_cancelled(included[CANCELLED["form"]]),
        n100=_n100(included[N100["form"]]),
        disposals=tuple(_disposal(spec, included[spec.form_id]) for spec in DISPOSALS),
        recording_rates=rates,
        timeliness=timeliness,
        unrecorded=unrecorded,
        exclusions=exclusions,
    )


def tally(values: Iterable[str | None]) -> tuple[Count, int]:
    """x "yes" of n answered yes or no, and the number of "unable" answers."""
    counts = Counter(values)
    return Count(counts[YES], counts[YES] + counts[NO]), counts[UNABLE]


def _partition(records: Iterable[AuditedRecord]) -> tuple[dict[str, list[AuditedRecord]], Exclusions]:
    included: dict[str, list[AuditedRecord]] = defaultdict(list)
    incomplete: Counter[str] = Counter()
    not_auditable: Counter[str] = Counter()
    not_covered: Counter[str] = Counter()
    unable: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        if record.progress != COMPLETE:
            incomplete[record.form_id] += 1
        elif record.answer(AUDITABLE) == NO:
            not_auditable[record.form_id] += 1
        else:
            if record.form_id not in COVERED_FORMS:
                not_covered[record.form_id] += 1
            included[record.form_id].append(record)
            for (question, _instance), value in record.answers.items():
                if value == UNABLE:
                    unable[record.form_id][question] += 1
    exclusions = Exclusions(
        incomplete=dict(sorted(incomplete.items())),
        not_auditable=dict(sorted(not_auditable.items())),
        unable={f: dict(sorted(q.items())) for f, q in sorted(unable.items())},
        not_covered=dict(sorted(not_covered.items())),
    )
    return included, exclusions


def _crimes(record: AuditedRecord) -> list[_Crime]:
    if record.answer(CRIME["discloses"]) != YES:
        return []
    instances = sorted({i for (_q, i) in record.answers if i is not None})
    return [
        _Crime(
            offence=record.answer(CRIME["offence"], i) or "",
            recorded=record.answer(CRIME["recorded"], i),
            timely=record.answer(CRIME["timely"], i),
            classified=record.answer(CRIME["classified"], i),
        )
        for i in instances
    ]


def _recording(spec: SourceSpec, records: Sequence[AuditedRecord], crimes: Sequence[_Crime]) -> RecordingFindings:
    recorded, _ = tally(c.recorded for c in crimes)
    t = _timeliness(spec.source, spec.title, crimes)
    undetermined = sum(r.answer(CRIME["discloses"]) == UNABLE for r in records)
    return RecordingFindings(spec.source, spec.title, len(records), undetermined, recorded, t.timely, t.timely_unable,
                             t.classified)


def _in_category(groups: frozenset[str] | str | None, offence: str) -> bool:
    if groups is None:
        return True
    if groups == "rest":
        return offence not in VIOLENCE_GROUPS | SEXUAL_GROUPS
    return offence in groups


def _rate_rows(crimes: Sequence[_Crime]) -> tuple[RateRow, ...]:
    rows = []
    for key, label, groups in RATE_CATEGORIES:
        count, _ = tally(c.recorded for c in crimes if _in_category(groups, c.offence))
        rows.append(RateRow(key, label, count, statistics.proportion_interval(count.x, count.n)))
    return tuple(rows)


def _timeliness(source: str, title: str, crimes: Sequence[_Crime]) -> TimelinessRow:
    recorded = [c for c in crimes if c.recorded == YES]
    timely, unable = tally(c.timely for c in recorded)
    classified, _ = tally(c.classified for c in recorded)
    return TimelinessRow(source, title, len(recorded), timely, unable, classified)


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
    correct, _ = tally(r.answer(CANCELLED["correct"]) for r in records)
    informed, _ = tally(r.answer(CANCELLED["informed"]) for r in records)
    authorised, unable = tally(r.answer(CANCELLED["authorised"]) for r in records)
    return CancelledRow(category, label, correct, informed, authorised, unable)


def _n100(records: Sequence[AuditedRecord]) -> N100Findings:
    correct, _ = tally(r.answer(N100["correct"]) for r in records)
    recorded, _ = tally(r.answer(N100["recorded"]) for r in records)
    timely, unable = tally(r.answer(N100["timely"]) for r in records)
    return N100Findings(correct, recorded, timely, unable)


def _disposal(spec: DisposalSpec, records: Sequence[AuditedRecord]) -> DisposalFindings:
    results = []
    for q in spec.questions:
        count, unable = tally(r.answer(q.name) for r in records)
        applies_to = f"cases{q.scope}" if q.scope else f"all {spec.plural} sampled"
        results.append(QuestionResult(q.name, q.label, applies_to.strip(), count, unable))
    return DisposalFindings(spec.form_id, spec.title, len(records), tuple(results))
