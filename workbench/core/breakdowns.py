"""Breakdowns of what the checklists collect and the headline tables do not show.

Crimes by flag (domestic abuse, child victim, ...), crimes not recorded by the
reason, what misclassified crimes were recorded as, referrals by referring agency,
no-crimes by cancellation code, and what the wrong no-crime decisions should have
been. Which question each reads is the contract's `BREAKDOWN_QUESTIONS`;
the words of each choice come from the checklist. Every count adds the records'
weights (``AuditedRecord.weight``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from workbench.core.findings_contract import BREAKDOWN_QUESTIONS, CANCELLED, NO, YES
from workbench.core.findings_tables import Count, _Table
from workbench.core.forms import Form
from workbench.core.overall_rate import Crime

#: A misclassified crime's "recorded as" is typed by hand: this many of the commonest are listed.
RECORDED_AS_SHOWN = 20


@dataclass(frozen=True)
class BreakdownRow(_Table):
    """One line of a breakdown: how many (``number``), and of them x "yes" of n (``count``, or None)."""

    key: str
    label: str
    number: int
    count: Count | None = None


@dataclass(frozen=True)
class Breakdown(_Table):
    """A breakdown: its ``rows`` of ``unit`` ("crimes", "referrals", ...), and the measure of ``count`` if any."""

    key: str
    title: str
    heading: str
    unit: str
    measure: str
    rows: tuple[BreakdownRow, ...]
    note: str = ""


def breakdowns(crimes: Sequence[Crime], referrals: Sequence[tuple[str | None, Sequence[Crime], int]],
               cancelled: Sequence[tuple[Mapping, int]], labels: Callable[[str, str], str],
               n100: Sequence[tuple[Mapping, int]] = ()) -> tuple[Breakdown, ...]:
    """Every breakdown with something in it.

    Parameters
    ----------
    crimes
        Every crime that should have been recorded, of every record source.
    referrals
        Per referral: (its referring agency, its crimes, its weight).
    cancelled
        Per no-crime decision: (its answers, its weight).
    n100
        Per N100 report: (its answers, its weight).
    labels
        ``labels(question, choice)``: the checklist's words for a choice.
    """
    out = [
        _flags(crimes, labels), _reasons(crimes, labels), _recorded_as(crimes, labels), _agencies(referrals, labels),
        _codes(cancelled, labels), _should_have_been(cancelled, labels),
        _by_category(cancelled, labels, "avi_present", "breakdowns.avi",
                     "C2 no-crimes: additional verifiable information (AVI) that no crime took place",
                     "C2 decisions", "AVI present",
                     "Asked of C2 cancellations from the 2024.2 checklist on; 'unable to determine' is left out of x "
                     "and n and counted in the decisions."),
        _by_category(cancelled, labels, "rationale_recorded", "breakdowns.rationale_recorded",
                     "No-crimes: the decision maker's rationale recorded", "Decisions", "Rationale recorded",
                     "Asked from the 2024.2 checklist on."),
        _other_sexual(n100),
    ]
    return tuple(b for b in out if b is not None and b.rows)


def _ratio(crimes: Iterable[Crime]) -> Count:
    counts: Counter[str | None] = Counter()
    for c in crimes:
        counts[c.recorded] += c.weight
    return Count(counts[YES], counts[YES] + counts[NO])


def _flags(crimes: Sequence[Crime], labels) -> Breakdown:
    flagged: dict[str, list[Crime]] = defaultdict(list)
    for c in crimes:
        for flag in c.flags:
            flagged[flag].append(c)
    rows = tuple(BreakdownRow(f, labels("flags", f), sum(c.weight for c in cs), _ratio(cs)) for f, cs in flagged.items())
    return Breakdown("breakdowns.flags", "Crimes by flag", "Flag", "Crimes that should have been recorded",
                     "Recorded", rows, "A crime may carry several flags, or none; flags are optional answers.")


def _reasons(crimes: Sequence[Crime], labels) -> Breakdown:
    counts: Counter[str] = Counter()
    for c in crimes:
        if c.recorded == NO and c.reason:
            counts[c.reason] += c.weight
    rows = tuple(BreakdownRow(r, labels("not_recorded_reason", r), n) for r, n in counts.most_common())
    return Breakdown("breakdowns.not_recorded", "Crimes not recorded, by reason", "Reason", "Crimes", "", rows)


def _recorded_as(crimes: Sequence[Crime], labels) -> Breakdown:
    counts: Counter[tuple[str, str]] = Counter()
    for c in crimes:
        if c.recorded == YES and c.classified == NO:
            typed = " ".join((c.recorded_as or "").split()) or "not said"
            counts[(labels("offence_group", c.offence), typed[:1].upper() + typed[1:])] += c.weight
    shown = counts.most_common(RECORDED_AS_SHOWN)
    rows = tuple(BreakdownRow(f"{o}|{r}", f"{o}, recorded as: {r}", n) for (o, r), n in shown)
    note = "" if len(counts) <= RECORDED_AS_SHOWN else f"The {RECORDED_AS_SHOWN} commonest of {len(counts):,}."
    return Breakdown("breakdowns.recorded_as", "Misclassified crimes: what they were recorded as",
                     "Offence that should have been recorded, and what it was recorded as", "Crimes", "", rows, note)


def _agencies(referrals: Sequence[tuple[str | None, Sequence[Crime], int]], labels) -> Breakdown:
    by: dict[str, list] = defaultdict(list)
    for agency, crimes, weight in referrals:
        by[agency or "not said"].append((crimes, weight))
    rows = tuple(BreakdownRow(a, labels("referring_agency", a) if a != "not said" else "Not said",
                              sum(w for _c, w in items), _ratio(c for cs, _w in items for c in cs))
                 for a, items in by.items())
    return Breakdown("breakdowns.agencies", "Referrals by referring agency", "Referring agency", "Referrals",
                     "Crimes recorded, of those that should have been", rows)


def _codes(cancelled: Sequence[tuple[Mapping, int]], labels) -> Breakdown:
    by: dict[str, Counter] = defaultdict(Counter)
    for answers, weight in cancelled:
        by[answers.get((BREAKDOWN_QUESTIONS["cancellation_code"], None)) or "not said"][
            answers.get((CANCELLED["correct"], None))] += weight
    rows = tuple(BreakdownRow(code, labels("cancellation_code", code), sum(c.values()),
                              Count(c[YES], c[YES] + c[NO])) for code, c in sorted(by.items()))
    return Breakdown("breakdowns.codes", "No-crimes by cancellation code", "Cancellation code", "Decisions reviewed",
                     "Correct", rows)


def _should_have_been(cancelled: Sequence[tuple[Mapping, int]], labels) -> Breakdown:
    counts: Counter[str] = Counter()
    for answers, weight in cancelled:
        if answers.get((CANCELLED["correct"], None)) == NO:
            counts[answers.get((BREAKDOWN_QUESTIONS["should_have_been"], None)) or "not said"] += weight
    rows = tuple(BreakdownRow(s, labels("should_have_been", s), n) for s, n in counts.most_common())
    return Breakdown("breakdowns.should_have_been", "Wrong no-crime decisions: what they should have been",
                     "What should have happened", "Decisions", "", rows)


def _by_category(cancelled: Sequence[tuple[Mapping, int]], labels, question: str, key: str, title: str, unit: str,
                 measure: str, note: str) -> Breakdown:
    """No-crimes answering ``question`` (added in 2024.2), by category: how many, and x "yes" of n."""
    by: dict[str, Counter] = defaultdict(Counter)
    for answers, weight in cancelled:
        value = answers.get((BREAKDOWN_QUESTIONS[question], None))
        if value is not None:
            by[answers.get((CANCELLED["category"], None)) or "not said"][value] += weight
    rows = tuple(BreakdownRow(c, labels("category", c), sum(n.values()), Count(n[YES], n[YES] + n[NO]))
                 for c, n in sorted(by.items()))
    return Breakdown(key, title, "Category", unit, measure, rows, note)


def _other_sexual(n100: Sequence[tuple[Mapping, int]]) -> Breakdown:
    """N100 reports that disclosed no rape: should another sexual offence have been recorded, and was it."""
    should: Counter[str] = Counter()
    recorded: Counter[str] = Counter()
    for answers, weight in n100:
        value = answers.get((BREAKDOWN_QUESTIONS["other_sexual_offence"], None))
        if value is not None:
            should[value] += weight
            if value == YES:
                recorded[answers.get((BREAKDOWN_QUESTIONS["other_sexual_recorded"], None))] += weight
    rows = []
    if should[YES]:
        rows.append(BreakdownRow(YES, "Another sexual offence should have been recorded", should[YES],
                                 Count(recorded[YES], recorded[YES] + recorded[NO])))
    if should[NO]:
        rows.append(BreakdownRow(NO, "No other sexual offence disclosed", should[NO]))
    return Breakdown("breakdowns.n100_other", "N100 reports with no rape: another sexual offence", "", "Reports",
                     "Recorded", tuple(rows), "Asked from the 2024.2 checklist on, of N100 classifications that "
                     "were correct.")


def choice_labels(checklists: Mapping[str, Form]) -> Callable[[str, str], str]:
    """``labels(question, choice)``: a choice's words from the first checklist that asks the question."""
    found: dict[tuple[str, str], str] = {}
    for form in checklists.values():
        for q in form.questions():
            if q.spec.list_name:
                for c in form.choice_list(q.spec.list_name):
                    found.setdefault((q.name, c.name), c.label)

    def labels(question: str, choice: str) -> str:
        return found.get((question, choice), choice.replace("_", " ").capitalize())

    return labels
