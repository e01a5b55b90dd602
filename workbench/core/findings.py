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
from workbench.core.audit import DEFAULT_TIME_LIMIT_HOURS, AuditSettings
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
    "Unrecorded", "compute_findings", "narrative", "tally",
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


# == The narrative ====================================================================


def narrative(findings: Findings, settings: AuditSettings) -> list[str]:
    """The report's paragraphs, worded from the numbers in the inspection's style.

    Parameters
    ----------
    findings
        The audit's findings.
    settings
        The audit's settings: the recording time limit (``time_limit_hours``).

    Returns
    -------
    list of str
        One paragraph per finding with records behind it, in the report's order:
        incident records, referrals, the overall recording rate (and the
        unrecorded-crime estimate), no-crimes, N100, each out-of-court disposal,
        then what was left out. Tables with nothing in them are left out.
    """
    limit = f"{settings.time_limit_hours}-hour limit"
    paragraphs = [
        _recording_paragraph(findings.incidents, RECORDING_SOURCES[0], limit),
        _recording_paragraph(findings.referrals, RECORDING_SOURCES[1], limit),
        _rate_paragraph(findings),
        _cancelled_paragraph(findings.cancelled),
        _n100_paragraph(findings.n100, limit),
        *(_disposal_paragraph(spec, findings.disposal(spec.form_id)) for spec in DISPOSALS),
        _exclusions_paragraph(findings.exclusions),
    ]
    return [p for p in paragraphs if p]


def _n(n: int, singular: str, plural: str) -> str:
    """'1 crime', '115 crimes'."""
    return f"{n:,} {singular if n == 1 else plural}"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _some(x: int, n: int) -> str:
    """How many of n (n > 1) a sentence speaks of: 'all were', 'none were', '1 was', '6 were'."""
    if x == n:
        return "all were"
    return "none were" if x == 0 else f"{x:,} {_were(x)}"


def _found(count: Count, predicate: str) -> str:
    """After "found that": 'all were correct', '74 were correct', 'it was not correct'."""
    if count.n == 1:
        return f"it was {'' if count.x else 'not '}{predicate}"
    return f"{_some(count.x, count.n)} {predicate}"


def _of(count: Count, singular: str, plural: str, predicate: str) -> str:
    """A sentence: 'All 3 victims ... were told.', 'Of the 30 victims ..., 25 were told.'"""
    x, n = count.x, count.n
    if n == 1:
        return f"The one {singular} {'was' if x else 'was not'} {predicate}."
    if x == n:
        return f"All {n:,} {plural} were {predicate}."
    if x == 0:
        return f"None of the {n:,} {plural} were {predicate}."
    return f"Of the {n:,} {plural}, {x:,} {_were(x)} {predicate}."


def _recording_paragraph(t: RecordingFindings, spec: SourceSpec, limit: str) -> str | None:
    if t.reviewed == 0:
        return None
    records, k, u = _n(t.reviewed, spec.singular, spec.plural), t.crimes_identified, t.undetermined
    found = "no crime should have been recorded" if k == 0 else f"{_n(k, 'crime', 'crimes')} should have been recorded"
    if u == t.reviewed:
        subject = "it" if u == 1 else "any of them"
        return (f"We examined {records} but could not determine whether {subject} disclosed a crime that should "
                "have been recorded.")
    if u:
        sentences = [f"We examined {records}; for {u:,} of them we could not determine whether a crime should have "
                     f"been recorded, and from the other {t.reviewed - u:,} we found that {found}."]
    else:
        sentences = [f"We examined {records} and found that {found}."]
    x = t.recorded.x
    if k == 1 and x == 0:
        sentences.append("It was not recorded.")
    elif k > 1:
        sentences.append(f"Of the {k:,} crimes that should have been recorded, {_some(x, k)}.")
    if x:
        sentences += _timeliness_sentences(t.timely, t.timely_unable, t.classified.rest, x, limit)
    return " ".join(sentences)


def _timeliness_sentences(timely: Count, unable: int, wrong: int, recorded: int, limit: str) -> list[str]:
    """Of the crimes recorded: 'Of the 100, all were recorded within the 72-hour limit, but 3 ...'"""
    in_time, how = f"recorded within the {limit}", "wrongly classified" if wrong else "correctly classified"
    if recorded == 1:  # 'It was recorded within the 24-hour limit but wrongly classified.'
        when = f" within the {limit}" if timely.x else f" outside the {limit}" if timely.n else ""
        joiner = " and " if bool(timely.x or unable) == (not wrong) else " but "
        unknown = f"; we could not determine whether it was {in_time}" if unable else ""
        return [f"It was recorded{when}{joiner}{how}{unknown}."]
    all_timely = unable == 0 and timely.x == timely.n
    if all_timely and not wrong:
        return [f"Of the {recorded:,}, all were {in_time} and correctly classified."]
    classes = "all were correctly classified" if not wrong else f"{wrong:,} {_were(wrong)} {how}"
    if timely.n == 0:
        return [f"Of the {recorded:,}, {classes}; we could not determine whether any of them were {in_time}."]
    times = _some(timely.x, timely.n) if not unable else f"{timely.x:,} {_were(timely.x)}"
    joiner = ", but " if (timely.x == timely.n) != (not wrong) else " and "
    sentences = [f"Of the {recorded:,}, {times} {in_time}{joiner}{classes}."]
    if unable:
        they = "it was" if unable == 1 else "they were"
        sentences.append(f"For {unable:,} of them we could not determine whether {they} {in_time}.")
    return sentences


def _rate_paragraph(findings: Findings) -> str | None:
    row = findings.rates(ALL).row(ALL)
    if row.recorded.n < 2 or row.interval is None:
        return None
    shown = row.interval.to_dict()
    ci = (f"with a confidence interval of +/- {shown['half_width']:.2f}%" if shown["half_width"] is not None
          else f"with a 95% confidence interval of {shown['low']:.1f}% to {shown['high']:.1f}%")
    x, n = row.recorded.x, row.recorded.n
    text = (f"Overall, of the {n:,} crimes that should have been recorded, {_some(x, n)} recorded: "
            f"a recording rate of {row.recorded.percent:.1f}% ({ci}).")
    u = findings.unrecorded.estimate if findings.unrecorded else None
    if u is not None and u.estimate is not None:
        span = f"between {u.low:,} and {u.high:,}" if u.high is not None else f"at least {u.low:,}"
        text += (f" Applied to the force's {u.recorded_crime:,} recorded crimes over 12 months, this rate suggests "
                 f"that about {_n(u.estimate, 'crime goes', 'crimes go')} unrecorded each year ({span}).")
    return text


def _cancelled_paragraph(c: CancelledFindings) -> str | None:
    o = c.overall
    if o.reviewed == 0:
        return None
    decisions = _n(o.reviewed, "no-crime (cancelled crime) decision", "no-crime (cancelled crime) decisions")
    sentences = [f"We examined {decisions} and found that {_found(o.correct, 'correct')}."]
    used = [r for r in c.by_category if r.reviewed]
    sentences += [_category_sentence(row) for row in used] if len(used) > 1 else []
    if o.victims_informed.n:
        sentences.append(_of(o.victims_informed, "victim who should have been told of the decision",
                             "victims who should have been told of the decision", "told"))
    if o.authorised.n:
        sentences.append(_of(o.authorised, "decision", "decisions", "authorised at the right level"))
    if o.authorised_unable:
        them = "it" if o.authorised_unable == 1 else "them"
        decisions = _n(o.authorised_unable, "decision", "decisions")
        sentences.append(f"For {decisions} we could not determine who authorised {them}.")
    return " ".join(sentences)


def _category_sentence(row: CancelledRow) -> str:
    """'Our examination of 23 robbery cases found 17 correct decisions.'"""
    nouns = {name: (case, cases) for name, _label, case, cases in CANCELLED_CATEGORIES}
    case, cases = nouns.get(row.category, (f"{row.label.lower()} case", f"{row.label.lower()} cases"))
    x, n = row.correct.x, row.correct.n
    if n == 1:
        result = f"that the decision was {'' if x else 'not '}correct"
    elif x == n:
        result = f"that all {n:,} decisions were correct"
    else:
        result = "no correct decisions" if x == 0 else _n(x, "correct decision", "correct decisions")
    return f"Our examination of {_n(n, case, cases)} found {result}."


def _n100_paragraph(f: N100Findings, limit: str) -> str | None:
    if f.reviewed == 0:
        return None
    reports = _n(f.reviewed, "rape report classified N100", "rape reports classified N100")
    sentences = [f"We examined {reports} and found that {_found(f.correct, 'correctly classified')}."]
    if f.rapes_recorded.n:
        sentences.append(_of(f.rapes_recorded, "rape that should have been recorded",
                             "rapes that should have been recorded", "recorded"))
    if f.timely.n:
        found = _found(f.timely, f"recorded within the {limit}")
        sentences.append(f"{found.capitalize()}." if f.timely.n == 1 else f"Of the {f.timely.n:,} recorded, {found}.")
    return " ".join(sentences)


def _disposal_paragraph(spec: DisposalSpec, d: DisposalFindings) -> str | None:
    if d.sampled == 0:
        return None
    sentences: list[str] = []
    for q in spec.questions:
        count = d.question(q.name).count
        if q.finding is None or count.n == 0:
            continue
        finding = q.finding.format(a=spec.a, the=spec.the)
        x, n = count.x, count.n
        if not sentences and not q.scope and 0 < x and n > 1:
            cases = f"all {n:,} cases" if x == n else _n(x, "case", "cases")
            sentences.append(f"Out of the {n:,} {spec.plural} we dip-sampled we found that in {cases} {finding}.")
            continue
        if not sentences:
            sentences.append(f"We dip-sampled {_n(d.sampled, spec.singular, spec.plural)}.")
        sentences.append(_disposal_sentence(finding, x, n, q.scope))
    return " ".join(sentences) if sentences else None


def _disposal_sentence(finding: str, x: int, n: int, scope: str) -> str:
    if n == 1:
        return f"In the one case{scope} we found {'evidence' if x else 'no evidence'} that {finding}."
    if x == n:
        return f"In all {n:,} cases{scope} we found evidence that {finding}."
    if x == 0:
        return f"In none of the {n:,} cases{scope} could we find evidence that {finding}."
    if scope:
        return f"Out of the {n:,} cases{scope}, {_n(x, 'case', 'cases')} showed that {finding}."
    return f"In {_n(x, 'case', 'cases')} we found evidence that {finding}."


def _exclusions_paragraph(e: Exclusions) -> str | None:
    parts = []
    if e.total_not_auditable:
        parts.append(_n(e.total_not_auditable, "record that could not be audited", "records that could not be audited"))
    if e.total_incomplete:
        parts.append(_n(e.total_incomplete, "record whose checklist was not complete",
                        "records whose checklists were not complete"))
    sentences = [f"These figures leave out {' and '.join(parts)}."] if parts else []
    if e.total_unable:
        what = "answer of 'unable to determine', which is" if e.total_unable == 1 else \
            "answers of 'unable to determine', which are"
        lead = "They also leave out" if parts else "These figures leave out"
        sentences.append(f"{lead} {e.total_unable:,} {what} counted separately.")
    return " ".join(sentences) or None
