"""The report's narrative: the inspection's sentences, worded from the findings.

"We examined 123 incident records and found that 115 crimes should have been
recorded. Of the 115 crimes that should have been recorded, 100 were." One
paragraph per table with records behind it; "1 crime", "both", "all", "none" and
"the one case" read naturally, "0 of 0" never appears, and every denominator says
what it counts. The words for a checklist reported question by question come
from the checklist itself (its ``finding`` cells), never from here.
"""

from __future__ import annotations

from workbench.core.audit import AuditSettings
from workbench.core.findings_contract import ALL, CANCELLED_CATEGORIES, RECORDING_SOURCES, SourceSpec
from workbench.core.findings_tables import (
    HEADLINE_SOURCE, STRATIFIED, CancelledFindings, CancelledRow, Count, DisposalFindings, Exclusions, Findings,
    N100Findings, RecordingFindings,
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
        the other checklists, then what was left out. Tables with nothing in them
        are left out.
    """
    limit = f"{settings.time_limit_hours}-hour limit"
    paragraphs = [
        _recording_paragraph(findings.incidents, RECORDING_SOURCES[0], limit),
        _recording_paragraph(findings.referrals, RECORDING_SOURCES[1], limit),
        _rate_paragraph(findings),
        _cancelled_paragraph(findings.cancelled),
        _n100_paragraph(findings.n100, limit),
        *(_disposal_paragraph(d) for d in findings.disposals),
        *(_other_paragraph(d) for d in findings.other_checklists),
        _exclusions_paragraph(findings.exclusions),
    ]
    return [p for p in paragraphs if p]


def _n(n: int, singular: str, plural: str) -> str:
    """'1 crime', '115 crimes'."""
    return f"{n:,} {singular if n == 1 else plural}"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _some(x: int, n: int) -> str:
    """How many of n (n > 1) a sentence speaks of: 'both were', 'all were', 'none were', '1 was', '6 were'."""
    if x == n:
        return "both were" if n == 2 else "all were"
    return ("neither was" if n == 2 else "none were") if x == 0 else f"{x:,} {_were(x)}"


def _found(count: Count, predicate: str) -> str:
    """After "found that": 'all were correct', '74 were correct', 'it was not correct'."""
    if count.n == 1:
        return f"it was {'' if count.x else 'not '}{predicate}"
    return f"{_some(count.x, count.n)} {predicate}"


def _of(count: Count, singular: str, plural: str, predicate: str) -> str:
    """A sentence: 'Both victims ... were told.', 'Of the 30 victims ..., 25 were told.'"""
    x, n = count.x, count.n
    if n == 1:
        return f"The one {singular} {'was' if x else 'was not'} {predicate}."
    if x == n:
        return f"{'Both' if n == 2 else f'All {n:,}'} {plural} were {predicate}."
    if x == 0:
        return f"{'Neither of the 2' if n == 2 else f'None of the {n:,}'} {plural} {'was' if n == 2 else 'were'} {predicate}."
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
    every = "both were" if recorded == 2 else "all were"
    if all_timely and not wrong:
        return [f"Of the {recorded:,}, {every} {in_time} and correctly classified."]
    classes = f"{every} correctly classified" if not wrong else f"{wrong:,} {_were(wrong)} {how}"
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
    overall = findings.overall
    row = overall.row(ALL)
    if row is None or row.recorded.n < 2 or row.interval is None:
        return None
    shown = row.interval.to_dict()
    ci = (f"with a confidence interval of +/- {shown['half_width']:.2f}%" if shown["method"] != "wilson"
          else f"with a 95% confidence interval of {shown['low']:.1f}% to {shown['high']:.1f}%")
    x, n = row.recorded.x, row.recorded.n
    if overall.method == STRATIFIED:
        text = (f"Overall, weighting each record source by its population, an estimated {row.rate:.1f}% of the "
                f"crimes that should have been recorded were recorded ({ci}).")
    else:
        source = next(s for s in RECORDING_SOURCES if s.form_id == overall.source)
        text = (f"Overall, of the {n:,} crimes that should have been recorded in the {source.plural} we examined, "
                f"{_some(x, n)} recorded: a recording rate of {row.rate:.1f}% ({ci}).")
        if overall.method == HEADLINE_SOURCE:
            others = [s.plural for s in RECORDING_SOURCES if s.form_id in overall.others]
            text += (f" The {' and '.join(others)} are reported on their own and not added in, since their "
                     "population is not known.")
    u = findings.unrecorded.estimate if findings.unrecorded else None
    if u is not None and u.rounded is not None:
        span = (f"between {u.rounded_low:,} and {u.rounded_high:,}" if u.rounded_high is not None
                else f"at least {u.rounded_low:,}")
        text += (f" Applied to the force's {u.recorded_crime:,} recorded crimes over 12 months, this rate suggests "
                 f"that an additional {u.rounded:,} crimes a year should have been recorded ({span}).")
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
        result = "that both decisions were correct" if n == 2 else f"that all {n:,} decisions were correct"
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
    if f.rapes_recorded.x:
        sentences.append(_n100_timeliness(f.timely, f.timely_unable, f.rapes_recorded.x, f"recorded within the {limit}"))
    return " ".join(sentences)


def _n100_timeliness(timely: Count, unable: int, recorded: int, in_time: str) -> str:
    """Of the rapes recorded, how many in time, and for how many that could not be determined."""
    if recorded == 1:
        if unable:
            return f"We could not determine whether it was {in_time}."
        return f"It was {'' if timely.x else 'not '}{in_time}."
    if timely.n == 0:
        return f"We could not determine whether {'either' if recorded == 2 else 'any'} of them was {in_time}."
    if not unable:
        return f"Of the {recorded:,} recorded, {_some(timely.x, timely.n)} {in_time}."
    late = f" and {timely.rest:,} {_were(timely.rest)} not" if timely.rest else ""
    others = "the other" if unable == 1 and recorded == 2 else f"the other {unable:,}" if recorded == unable + timely.n \
        else f"{unable:,} of them"
    they = "it was" if unable == 1 else "they were"
    return (f"Of the {recorded:,} recorded, {timely.x:,} {_were(timely.x)} {in_time}{late}; for {others} we could "
            f"not determine whether {they}.")


def _disposal_paragraph(d: DisposalFindings) -> str | None:
    if d.sampled == 0:
        return None
    sentences: list[str] = []
    for q in d.questions:
        count = q.count
        if not q.finding or count.n == 0:
            continue
        scope = f" {q.scope}" if q.scope else ""
        x, n = count.x, count.n
        if not sentences and not scope and 0 < x and n > 1:
            cases = ("both cases" if n == 2 else f"all {n:,} cases") if x == n else _n(x, "case", "cases")
            sentences.append(f"Out of the {n:,} {d.plural} we dip-sampled we found that in {cases} {q.finding}.")
            continue
        if not sentences:
            sentences.append(f"We dip-sampled {_n(d.sampled, d.singular, d.plural)}.")
        sentences.append(_disposal_sentence(q.finding, x, n, scope))
    return " ".join(sentences) if sentences else None


def _disposal_sentence(finding: str, x: int, n: int, scope: str) -> str:
    if n == 1:
        return f"In the one case{scope} we found {'evidence' if x else 'no evidence'} that {finding}."
    if x == n:
        return f"In {'both cases' if n == 2 else f'all {n:,} cases'}{scope} we found evidence that {finding}."
    if x == 0:
        cases = "neither of the 2 cases" if n == 2 else f"none of the {n:,} cases"
        return f"In {cases}{scope} could we find evidence that {finding}."
    if scope:
        return f"Out of the {n:,} cases{scope}, {_n(x, 'case', 'cases')} showed that {finding}."
    return f"In {_n(x, 'case', 'cases')} we found evidence that {finding}."


def _other_paragraph(d: DisposalFindings) -> str | None:
    """A checklist with no findings words of its own: said, and pointed to its table."""
    if d.sampled == 0:
        return None
    answered = [q for q in d.questions if q.count.n]
    table = (f"its {_n(len(answered), 'yes/no question is', 'yes/no questions are')} counted in the table "
             f"\u201c{d.title}\u201d") if answered else "it has no yes/no questions to count"
    return f"We also examined {_n(d.sampled, 'record', 'records')} on the checklist \u201c{d.title}\u201d; {table}."


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
