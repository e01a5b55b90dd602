"""The report's narrative: the inspection's sentences, worded from the findings.

"We examined 123 incident records and found that 115 crimes should have been
recorded. Of the 115 crimes that should have been recorded, 100 were." One
paragraph per table with records behind it; "1 crime", "all", "none" and "the one
case" read naturally, and "0 of 0" never appears.
"""

from __future__ import annotations

from workbench.core.audit import AuditSettings
from workbench.core.findings_tables import (
    ALL, CANCELLED_CATEGORIES, DISPOSALS, RECORDING_SOURCES, CancelledFindings, CancelledRow, Count,
    DisposalFindings, DisposalSpec, Exclusions, Findings, N100Findings, RecordingFindings, SourceSpec,
)

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
